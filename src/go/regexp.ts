// Go regexp (RE2 syntax) on top of JavaScript RegExp. Kubernetes' find/findAll compile patterns with Go's
// regexp package; this translates RE2 syntax to an equivalent `u`-mode RegExp (Go's ASCII \s, `.` that
// matches \r, \A \z, \Q..\E, [[:alpha:]], \pL, (?P<name>), octal and \x{..} escapes, literal `{`),
// and rejects what RE2 rejects (backreferences, lookaround) with Go's "error parsing regexp" texts.
// Inline flags are supported at the start of the pattern only (JavaScript has no scoped flags on Node 20).
/** A pattern Go rejects (Go's message), or one kro-ts cannot express as a JavaScript RegExp. */
export class GoRegexpError extends Error {}

function syntaxError(code: string, expr: string): GoRegexpError {
  return new GoRegexpError(`error parsing regexp: ${code}: \`${expr}\``);
}

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};
const NOT_POSIX: Record<string, string> = {
  alnum: '\\x00-\\/:-@\\[-`{-\\u{10FFFF}',
  alpha: '\\x00-@\\[-`{-\\u{10FFFF}',
  ascii: '\\x80-\\u{10FFFF}',
  blank: '\\x00-\\x08\\n-\\x1F!-\\u{10FFFF}',
  cntrl: ' -~\\x80-\\u{10FFFF}',
  digit: '\\x00-\\/:-\\u{10FFFF}',
  graph: '\\x00-\\x20\\x7F-\\u{10FFFF}',
  lower: '\\x00-`{-\\u{10FFFF}',
  print: '\\x00-\\x1F\\x7F-\\u{10FFFF}',
  punct: '\\x00-\\x200-9A-Za-z\\x7F-\\u{10FFFF}',
  space: '\\x00-\\x08\\x0E-\\x1F!-\\u{10FFFF}',
  upper: '\\x00-@\\[-\\u{10FFFF}',
  word: '\\x00-\\/:-@\\[-\\^`{-\\u{10FFFF}',
  xdigit: '\\x00-\\/:-@G-`g-\\u{10FFFF}',
};
// Go's \s is [\t\n\f\r ] (no \v); \d and \w are ASCII, as in JavaScript.
const SPACE = '\\t\\n\\f\\r ';
const NOT_SPACE = '\\x00-\\x08\\v\\x0E-\\x1F!-\\u{10FFFF}';

function hexEscape(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

function unicodeClass(name: string, negated: boolean): string {
  const body = /^[A-Z][a-z]?$/.test(name) ? name : name === 'Any' ? 'Any' : `Script=${name}`;
  return `\\${negated ? 'P' : 'p'}{${body}}`;
}

class Translator {
  private i = 0;
  private out = '';
  private depth = 0;
  private flags = '';
  private dotAll = false;
  private ungreedy = false;
  private groupStarts: number[] = [];

  constructor(private readonly src: string) {}

  translate(): { source: string; flags: string } {
    this.leadingFlags();
    while (this.i < this.src.length) {
      this.keepRepeat = false;
      this.atomOrOperator();
      if (!this.keepRepeat) this.lastRepeat = undefined;
    }
    if (this.depth > 0) throw syntaxError('missing closing )', this.src);
    return { source: this.out, flags: `u${this.flags}` };
  }

  private leadingFlags(): void {
    const m = /^\(\?([imsU]+)\)/.exec(this.src);
    if (m === null) return;
    const f = m[1] as string;
    this.ungreedy = f.includes('U');
    if (f.includes('i')) this.flags += 'i';
    if (f.includes('m')) this.flags += 'm';
    this.dotAll = f.includes('s');
    this.i = m[0].length;
  }

  private atomOrOperator(): void {
    const c = this.src[this.i] as string;
    switch (c) {
      case '(':
        this.group();
        return;
      case ')':
        if (this.depth === 0) throw syntaxError('unexpected )', this.src);
        this.depth--;
        this.groupStarts.pop();
        this.out += ')';
        this.i++;
        return;
      case '[':
        this.charClass();
        return;
      case '\\':
        this.out += this.escape(false);
        return;
      case '.':
        this.out += this.dotAll ? '[\\s\\S]' : '[^\\n]';
        this.i++;
        return;
      case '{':
        this.brace();
        return;
      case '}':
        this.out += '\\}';
        this.i++;
        return;
      case '*':
      case '+':
      case '?':
        this.repeatOperator(c);
        return;
      default: {
        const cp = this.src.codePointAt(this.i) as number;
        this.out += String.fromCodePoint(cp);
        this.i += cp > 0xffff ? 2 : 1;
      }
    }
  }

  private repeatOperator(op: string): void {
    const prev = this.src[this.i - 1];
    if (this.i === 0 || prev === '(' || prev === '|') throw syntaxError('missing argument to repetition operator', op);
    const lazyMarker = op === '?' && this.lastRepeat !== undefined && !this.lazy;
    this.markRepeat(op, lazyMarker);
    this.i++;
    // Under (?U) greediness is swapped: a plain operator is lazy and a `?`-marked one greedy.
    if (lazyMarker) this.out = this.ungreedy ? this.out.slice(0, -1) : `${this.out}?`;
    else this.out += this.ungreedy ? `${op}?` : op;
  }

  // The previous repetition operator, if the last thing emitted was one (RE2 rejects `a**`, allows `a*?`).
  private lastRepeat: string | undefined;
  private lazy = false;
  private keepRepeat = false;

  private markRepeat(op: string, isLazyMarker: boolean): void {
    if (isLazyMarker) {
      this.lazy = true;
    } else {
      if (this.lastRepeat !== undefined) throw syntaxError('invalid nested repetition operator', `${this.lastRepeat}${op}`);
      this.lastRepeat = op;
      this.lazy = false;
    }
    this.keepRepeat = true;
  }

  private brace(): void {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
    if (m === null) {
      this.out += '\\{';
      this.i++;
      return;
    }
    const min = Number(m[1]);
    const max = m[3] === undefined || m[3] === '' ? min : Number(m[3]);
    if (min > 1000 || max > 1000 || (m[3] !== undefined && m[3] !== '' && max < min)) throw syntaxError('invalid repeat count', m[0]);
    if (this.i === 0 || '(|'.includes(this.src[this.i - 1] as string)) throw syntaxError('missing argument to repetition operator', m[0]);
    this.markRepeat(m[0], false);
    this.out += this.ungreedy ? `${m[0]}?` : m[0];
    this.i += m[0].length;
  }

  private group(): void {
    const rest = this.src.slice(this.i);
    let m: RegExpExecArray | null;
    if (rest.startsWith('(?<') || rest.startsWith('(?P<')) {
      const end = rest.indexOf('>');
      if (end < 0) throw syntaxError('invalid named capture', rest);
      const name = rest.slice(rest.indexOf('<') + 1, end);
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw syntaxError('invalid named capture', rest.slice(0, end + 1));
      this.out += `(?<${name}>`;
      this.i += end + 1;
    } else if ((m = /^\(\?[imsU-]+[):]/.exec(rest)) !== null) {
      throw new GoRegexpError(`error parsing regexp: inline flags are only supported at the start of the pattern in kro-ts: \`${m[0]}\``);
    } else if (rest.startsWith('(?:')) {
      this.out += '(?:';
      this.i += 3;
    } else if (rest.startsWith('(?')) {
      const end = rest.search(/[):]/);
      throw syntaxError('invalid or unsupported Perl syntax', rest.slice(0, end < 0 ? 2 : Math.min(end, 3)));
    } else {
      this.out += '(';
      this.i++;
    }
    this.depth++;
    this.groupStarts.push(this.i);
  }

  /** One escape sequence starting at a backslash; returns its JavaScript form. */
  private escape(inClass: boolean): string {
    const start = this.i;
    const c = this.src[this.i + 1];
    if (c === undefined) throw syntaxError('trailing backslash at end of expression', '');
    this.i += 2;
    switch (c) {
      case 'A':
        if (inClass) break;
        return '(?<![\\s\\S])';
      case 'z':
        if (inClass) break;
        return '(?![\\s\\S])';
      case 'b':
      case 'B':
        if (inClass) break;
        return `\\${c}`;
      case 'd':
      case 'D':
      case 'w':
      case 'W':
        return `\\${c}`;
      case 's':
        return inClass ? SPACE : `[${SPACE}]`;
      case 'S':
        return inClass ? NOT_SPACE : `[${NOT_SPACE}]`;
      case 'a':
        return '\\x07';
      case 'f':
      case 'n':
      case 'r':
      case 't':
      case 'v':
        return `\\${c}`;
      case 'Q': {
        const end = this.src.indexOf('\\E', this.i);
        const lit = end < 0 ? this.src.slice(this.i) : this.src.slice(this.i, end);
        this.i = end < 0 ? this.src.length : end + 2;
        return [...lit].map((ch) => hexEscape(ch.codePointAt(0) as number)).join('');
      }
      case 'x': {
        const m = /^\{([0-9A-Fa-f]{1,8})\}|^([0-9A-Fa-f]{2})/.exec(this.src.slice(this.i));
        if (m === null) break;
        this.i += m[0].length;
        const cp = parseInt(m[1] ?? m[2] ?? '', 16);
        if (cp > 0x10ffff) break;
        return hexEscape(cp);
      }
      case 'p':
      case 'P': {
        const m = /^\{\^?([A-Za-z_]+)\}|^([A-Za-z])/.exec(this.src.slice(this.i));
        if (m === null) break;
        this.i += m[0].length;
        const negated = (c === 'P') !== m[0].startsWith('{^');
        return unicodeClass(m[1] ?? m[2] ?? '', negated);
      }
      default:
        break;
    }
    if (c >= '0' && c <= '7') {
      const m = /^[0-7]{0,2}/.exec(this.src.slice(this.i)) as RegExpExecArray;
      if (c !== '0' && m[0] === '') throw syntaxError('invalid escape sequence', this.src.slice(start, this.i));
      this.i += m[0].length;
      return hexEscape(parseInt(c + m[0], 8));
    }
    if (/[!-/:-@[-`{-~]/.test(c)) return hexEscape(c.charCodeAt(0));
    throw syntaxError('invalid escape sequence', this.src.slice(start, this.i));
  }

  private charClass(): void {
    const start = this.i;
    this.i++;
    let body = '';
    let negated = false;
    if (this.src[this.i] === '^') {
      negated = true;
      this.i++;
    }
    let first = true;
    for (;;) {
      const c = this.src[this.i];
      if (c === undefined) throw syntaxError('missing closing ]', this.src.slice(start));
      if (c === ']' && !first) {
        this.i++;
        break;
      }
      first = false;
      if (c === '[' && this.src[this.i + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(this.src.slice(this.i));
        if (m !== null) {
          const table = m[1] === '^' ? NOT_POSIX : POSIX;
          const cls = table[m[2] as string];
          if (cls === undefined) throw syntaxError('invalid character class range', m[0]);
          body += cls;
          this.i += m[0].length;
          continue;
        }
      }
      if (c === '\\') {
        body += this.escape(true);
        continue;
      }
      const cp = this.src.codePointAt(this.i) as number;
      this.i += cp > 0xffff ? 2 : 1;
      body += c === '-' ? '-' : '[]^/{}()|'.includes(c) ? `\\${c}` : String.fromCodePoint(cp);
    }
    this.out += `[${negated ? '^' : ''}${body}]`;
  }
}

/** Translates an RE2 pattern; throws GoRegexpError with Go's message for patterns Go rejects. */
export function translateGoRegexp(pattern: string): RegExp {
  const { source, flags } = new Translator(pattern).translate();
  try {
    return new RegExp(source, `${flags}g`);
  } catch (e) {
    throw new GoRegexpError(`error parsing regexp: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
}

const cache = new Map<string, RegExp | GoRegexpError>();
const CACHE_LIMIT = 512;

/** A compiled, cached global RegExp for an RE2 pattern (patterns repeat on every reconcile). */
export function compileGoRegexp(pattern: string): RegExp {
  let entry = cache.get(pattern);
  if (entry === undefined) {
    try {
      entry = translateGoRegexp(pattern);
    } catch (e) {
      if (!(e instanceof GoRegexpError)) throw e;
      entry = e;
    }
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(pattern, entry);
  }
  if (entry instanceof GoRegexpError) throw entry;
  return entry;
}

/** Go's FindAllString: leftmost-first matches, an empty match right after a previous match is skipped. */
export function goFindAll(re: RegExp, s: string, n: number): string[] {
  const out: string[] = [];
  if (n === 0) return out;
  let pos = 0;
  let prevEnd = -1;
  while ((n < 0 || out.length < n) && pos <= s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (m === null) break;
    const start = m.index;
    const end = start + m[0].length;
    let accept = true;
    if (end === start) {
      if (start === prevEnd) accept = false;
      const cp = s.codePointAt(start);
      pos = start + (cp !== undefined && cp > 0xffff ? 2 : 1);
    } else {
      pos = end;
    }
    prevEnd = end;
    if (accept) out.push(m[0]);
  }
  return out;
}

export function goFindFirst(re: RegExp, s: string): string {
  re.lastIndex = 0;
  const m = re.exec(s);
  return m === null ? '' : m[0];
}

/** Go's regexp.MatchString (what CEL's `matches` does): true when the pattern matches anywhere in `s`. */
export function goMatchString(s: string, pattern: string): boolean {
  const re = compileGoRegexp(pattern);
  re.lastIndex = 0;
  return re.test(s);
}
