// A syntax check of Go (RE2) regular expressions with Go's error texts, hand-written because `pattern=` markers
// are compiled with Go's regexp upstream and by the API server: JavaScript's RegExp accepts things RE2 rejects
// (lookaround, backreferences) and words its errors differently. This checks syntax only; it does not match.
// Covered: brackets and classes, groups and flags, repetition operators and counts, escapes. Not covered:
// Unicode class names after \p (any {Name} is accepted) and the 1000-repetition limit.

const PREFIX = 'error parsing regexp: ';

function fail(code: string, expr: string): string {
  return `${PREFIX}${code}: \`${expr}\``;
}

const PERL_CLASSES = 'dDsSwW';
const ASSERTIONS = 'bBAz';
const SIMPLE_ESCAPES = 'afnrtv';

/** Undefined when `pattern` is a valid RE2 expression, else Go's `error parsing regexp: ...` text. */
export function checkGoRegexp(pattern: string): string | undefined {
  const s = [...pattern];
  let i = 0;
  let depth = 0;
  // Whether the previous item can take a repetition operator, and whether it already is one.
  let canRepeat = false;
  let lastWasRepeat = false;
  let repeatStart = 0;

  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\') {
      const escape = checkEscape(s, i, false);
      if (typeof escape === 'string') return escape;
      i = escape.next;
      canRepeat = true;
      lastWasRepeat = false;
      continue;
    }
    if (c === '[') {
      const end = checkClass(s, i);
      if (typeof end === 'string') return end;
      i = end;
      canRepeat = true;
      lastWasRepeat = false;
      continue;
    }
    if (c === '(') {
      if (s[i + 1] === '?') {
        const group = checkGroupFlags(s, i);
        if (typeof group === 'string') return group;
        i = group.next;
        if (group.opensGroup) depth++;
        canRepeat = false;
        lastWasRepeat = false;
        continue;
      }
      depth++;
      i++;
      canRepeat = false;
      lastWasRepeat = false;
      continue;
    }
    if (c === ')') {
      if (depth === 0) return fail('unexpected )', pattern);
      depth--;
      i++;
      canRepeat = true;
      lastWasRepeat = false;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || (c === '{' && repeatCount(s, i) !== undefined)) {
      const opEnd = c === '{' ? repeatCount(s, i)!.end : i + 1;
      const lazyEnd = s[opEnd] === '?' ? opEnd + 1 : opEnd;
      const op = s.slice(i, lazyEnd).join('');
      if (lastWasRepeat) return fail('invalid nested repetition operator', s.slice(repeatStart, lazyEnd).join(''));
      if (!canRepeat) return fail('missing argument to repetition operator', op);
      if (c === '{') {
        const { min, max } = repeatCount(s, i)!;
        if (min > 1000 || (max !== undefined && (max > 1000 || max < min))) return fail('invalid repeat count', op);
      }
      repeatStart = i;
      i = lazyEnd;
      lastWasRepeat = true;
      continue;
    }
    if (c === '|') {
      canRepeat = false;
      lastWasRepeat = false;
      i++;
      continue;
    }
    canRepeat = true;
    lastWasRepeat = false;
    i++;
  }
  if (depth > 0) return fail('missing closing )', pattern);
  return undefined;
}

function repeatCount(s: string[], at: number): { min: number; max: number | undefined; end: number } | undefined {
  const rest = s.slice(at).join('');
  const m = /^\{(\d+)(,(\d*))?\}/.exec(rest);
  if (!m) return undefined;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : m[3] === '' ? undefined : Number(m[3]);
  return { min, max, end: at + [...m[0]].length };
}

function checkEscape(s: string[], at: number, inClass: boolean): { next: number } | string {
  const c = s[at + 1];
  if (c === undefined) return fail('trailing backslash at end of expression', '');
  const ok = (next: number) => ({ next });
  if (/[1-7]/.test(c)) {
    if (!/[0-7]/.test(s[at + 2] ?? '')) return fail('invalid escape sequence', `\\${c}`);
    return ok(at + (/[0-7]/.test(s[at + 3] ?? '') ? 4 : 3));
  }
  if (c === '0') return ok(at + 2 + (/[0-7]/.test(s[at + 2] ?? '') ? (/[0-7]/.test(s[at + 3] ?? '') ? 2 : 1) : 0));
  if (c === 'x') {
    if (s[at + 2] === '{') {
      const close = s.indexOf('}', at + 3);
      const hex = close < 0 ? '' : s.slice(at + 3, close).join('');
      if (close < 0 || !/^[0-9a-fA-F]+$/.test(hex) || Number.parseInt(hex, 16) > 0x10ffff) {
        return fail('invalid escape sequence', s.slice(at, close < 0 ? s.length : close + 1).join(''));
      }
      return ok(close + 1);
    }
    if (!/^[0-9a-fA-F]{2}$/.test((s[at + 2] ?? '') + (s[at + 3] ?? ''))) {
      return fail('invalid escape sequence', s.slice(at, at + 4).join(''));
    }
    return ok(at + 4);
  }
  if (c === 'p' || c === 'P') {
    if (s[at + 2] === '{') {
      const close = s.indexOf('}', at + 3);
      if (close < 0) return fail('invalid character class range', s.slice(at).join(''));
      return ok(close + 1);
    }
    if (s[at + 2] === undefined) return fail('invalid character class range', s.slice(at).join(''));
    return ok(at + 3);
  }
  if (c === 'Q' && !inClass) {
    const end = s.join('').indexOf('\\E', at + 2);
    return ok(end < 0 ? s.length : [...s.join('').slice(0, end)].length + 2);
  }
  if (PERL_CLASSES.includes(c) || SIMPLE_ESCAPES.includes(c)) return ok(at + 2);
  if (!inClass && ASSERTIONS.includes(c)) return ok(at + 2);
  // Punctuation may always be escaped; letters and digits only when listed above.
  if (/[\p{L}\p{N}_]/u.test(c)) return fail('invalid escape sequence', `\\${c}`);
  return ok(at + 2);
}

function checkClass(s: string[], at: number): number | string {
  let i = at + 1;
  if (s[i] === '^') i++;
  let first = true;
  while (i < s.length) {
    const c = s[i]!;
    if (c === ']' && !first) return i + 1;
    first = false;
    if (c === '[' && s[i + 1] === ':') {
      const close = s.join('').indexOf(':]', i + 2);
      if (close >= 0) {
        i = [...s.join('').slice(0, close)].length + 2;
        continue;
      }
    }
    let item: string;
    let next: number;
    if (c === '\\') {
      const escape = checkEscape(s, i, true);
      if (typeof escape === 'string') return escape;
      item = s.slice(i, escape.next).join('');
      next = escape.next;
    } else {
      item = c;
      next = i + 1;
    }
    if (s[next] === '-' && s[next + 1] !== undefined && s[next + 1] !== ']') {
      const hiStart = next + 1;
      let hiEnd = hiStart + 1;
      if (s[hiStart] === '\\') {
        const escape = checkEscape(s, hiStart, true);
        if (typeof escape === 'string') return escape;
        hiEnd = escape.next;
      }
      const lo = item.length === 1 ? item.codePointAt(0)! : undefined;
      const hiText = s.slice(hiStart, hiEnd).join('');
      const hi = hiText.length === 1 ? hiText.codePointAt(0)! : undefined;
      if (lo !== undefined && hi !== undefined && hi < lo) return fail('invalid character class range', `${item}-${hiText}`);
      i = hiEnd;
      continue;
    }
    i = next;
  }
  return fail('missing closing ]', s.slice(at).join(''));
}

function checkGroupFlags(s: string[], at: number): { next: number; opensGroup: boolean } | string {
  const rest = s.slice(at).join('');
  if (rest.startsWith('(?P<') || rest.startsWith('(?<')) {
    const end = rest.indexOf('>');
    if (end < 0) return fail('invalid named capture', rest);
    const name = rest.slice(rest.indexOf('<') + 1, end);
    if (!/^[A-Za-z0-9_]+$/.test(name)) return fail('invalid named capture', rest.slice(0, end + 1));
    return { next: at + [...rest.slice(0, end + 1)].length, opensGroup: true };
  }
  let i = 2;
  let sawFlag = false;
  let sawMinus = false;
  while (i < rest.length) {
    const c = rest[i]!;
    if (c === ':' || c === ')') {
      // `(?)`, `(?-)` and a trailing `-` are rejected, as in Go.
      if ((c === ')' && !sawFlag && !sawMinus) || rest[i - 1] === '-') break;
      return { next: at + [...rest.slice(0, i + 1)].length, opensGroup: c === ':' };
    }
    if (c === '-') {
      if (sawMinus) break;
      sawMinus = true;
    } else if ('imsU'.includes(c)) {
      sawFlag = true;
    } else {
      break;
    }
    i++;
  }
  return fail('invalid or unsupported Perl syntax', rest.slice(0, Math.min(i + 1, rest.length)));
}
