// Go's regexp/syntax parser with the flags regexp.Compile uses (Perl: ClassNL, OneLine, PerlX,
// UnicodeGroups), hand-written because a pattern must be accepted or rejected exactly as Go does it, with
// Go's error texts: `pattern=` markers are compiled by the API server with Go's regexp, and CEL's
// `matches`, `find` and `findAll` with cel-go's. JavaScript's RegExp accepts what RE2 rejects (lookaround,
// backreferences) and rejects what RE2 accepts (`^*`, `[\d-z]`). The parser follows Go's order of checks
// so the first error found is Go's first error, and builds the tree regexp.ts translates to a RegExp.
// Go's nesting limit ("expression nests too deeply", a tree over 1000 levels) is followed on a tree shaped
// like Go's (non-capturing groups dissolve, runs of literals count as one); its size limit ("expression
// too large", some 3.3 million instructions after expanding counted repetitions) is not reproduced.
import { unicodeClassProperty } from './regexp-unicode.js';

/** A character class member: a range of code points, a Perl class (\d), a POSIX class or a Unicode class. */
export type ClassItem =
  | { readonly kind: 'range'; readonly lo: number; readonly hi: number }
  | { readonly kind: 'perl'; readonly name: 'd' | 'D' | 's' | 'S' | 'w' | 'W' }
  | { readonly kind: 'posix'; readonly name: string; readonly negated: boolean }
  /** `property` is the JavaScript `\p{...}` body (`gc=Lu`, `sc=Greek`, `Any`). */
  | { readonly kind: 'unicode'; readonly property: string; readonly negated: boolean };

export type AssertionKind = 'beginLine' | 'endLine' | 'beginText' | 'endText' | 'wordBoundary' | 'noWordBoundary';

/**
 * The parse tree. `fold` is Go's FoldCase flag ((?i)) where the node was parsed. As in Go, a non-capturing
 * group leaves no node of its own: its content is one item of the enclosing sequence (the translation adds
 * (?:...) where precedence needs it).
 */
export type RegexpNode =
  | { readonly op: 'empty' }
  | { readonly op: 'literal'; readonly cp: number; readonly fold: boolean }
  | { readonly op: 'class'; readonly negated: boolean; readonly items: readonly ClassItem[]; readonly fold: boolean }
  | { readonly op: 'anyChar'; readonly matchesNewline: boolean }
  | { readonly op: 'assertion'; readonly kind: AssertionKind }
  | { readonly op: 'capture'; readonly sub: RegexpNode }
  | { readonly op: 'concat'; readonly subs: readonly RegexpNode[] }
  | { readonly op: 'alternate'; readonly subs: readonly RegexpNode[] }
  | {
      readonly op: 'repeat';
      readonly operator: '*' | '+' | '?' | '{}';
      readonly min: number;
      /** -1: unbounded. */
      readonly max: number;
      readonly greedy: boolean;
      readonly sub: RegexpNode;
    };

export type GoRegexpParse = { readonly ok: true; readonly node: RegexpNode } | { readonly ok: false; readonly error: string };

interface Flags {
  foldCase: boolean;
  multiLine: boolean;
  dotNL: boolean;
  nonGreedy: boolean;
}

const DEFAULT_FLAGS: Readonly<Flags> = { foldCase: false, multiLine: false, dotNL: false, nonGreedy: false };

/** One open group: its finished alternatives, the items of the current one, and the flags to restore. */
interface Frame {
  readonly alternatives: RegexpNode[];
  items: RegexpNode[];
  readonly capture: boolean;
  readonly flagsAtOpen: Readonly<Flags>;
}

const POSIX_NAMES = new Set(['alnum', 'alpha', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'word', 'xdigit']);
const PERL_CLASSES = 'dDsSwW';
const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
const MAX_RUNE = 0x10ffff;
const MAX_REPEAT = 1000;
const MAX_HEIGHT = 1000;
const REPEAT_COUNT = /\{(0|[1-9][0-9]*)(?:(,)(0|[1-9][0-9]*)?)?\}/y;

/** A syntax error, thrown inside the parser and returned as Go's text. */
class ParseFailure extends Error {
  constructor(code: string, expr: string) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
  }
}

const isAsciiAlnum = (cp: number): boolean => (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
const isOctal = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '7';

function unhex(cp: number): number {
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  if (cp >= 0x61 && cp <= 0x66) return cp - 0x61 + 10;
  if (cp >= 0x41 && cp <= 0x46) return cp - 0x41 + 10;
  return -1;
}

/** `op` of `nodes`; a single node stands alone, none is the empty match. */
function sequence(op: 'concat' | 'alternate', nodes: RegexpNode[]): RegexpNode {
  if (nodes.length === 0) return { op: 'empty' };
  return nodes.length === 1 ? nodes[0]! : { op, subs: nodes };
}

function children(node: RegexpNode): readonly RegexpNode[] {
  switch (node.op) {
    case 'capture':
    case 'repeat':
      return [node.sub];
    case 'concat':
    case 'alternate':
      return node.subs;
    default:
      return [];
  }
}

/**
 * Go's repeatIsValid: nested counted repetitions may not exceed `n` copies of the innermost thing. Walks
 * with its own stack: non-capturing groups nest without limit.
 */
function repeatIsValid(root: RegexpNode, limit: number): boolean {
  const stack: [RegexpNode, number][] = [[root, limit]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node] = top;
    let n = top[1];
    if (node.op === 'repeat' && node.operator === '{}') {
      let m = node.max;
      if (m === 0) continue;
      if (m < 0) m = node.min;
      if (m > n) return false;
      if (m > 0) n = Math.trunc(n / m);
    }
    for (const sub of children(node)) stack.push([sub, n]);
  }
  return true;
}

/**
 * How Go's tree for a node measures: its height, the height of its tallest child once nested sequences
 * of the same kind are flattened (Go's collapse), and, for a run of literals (one string node in Go), their
 * fold flag. An alternation of single characters is one class node in Go. Measured when a node is made,
 * from its children's measures, so it never recurses.
 */
interface Measure {
  readonly height: number;
  readonly tallestChild: number;
  readonly literalRunFold: boolean | undefined;
}

const measures = new WeakMap<RegexpNode, Measure>();

function measure(node: RegexpNode): Measure {
  const known = measures.get(node);
  if (known !== undefined) return known;
  let tallestChild = 0;
  let literalRunFold: boolean | undefined;
  // Go turns a one-character class ([a]) into a literal.
  const oneCharacter = node.op === 'class' && !node.negated && node.items.length === 1 && node.items[0]!.kind === 'range' && node.items[0]!.lo === node.items[0]!.hi;
  if (node.op === 'literal' || oneCharacter) literalRunFold = node.fold;
  for (const [i, sub] of children(node).entries()) {
    const m = measure(sub);
    const flattened = (node.op === 'concat' || node.op === 'alternate') && sub.op === node.op;
    tallestChild = Math.max(tallestChild, flattened ? m.tallestChild : m.height);
    if (node.op === 'concat') {
      const run = m.literalRunFold;
      literalRunFold = run !== undefined && (i === 0 || run === literalRunFold) ? run : undefined;
    }
  }
  // An alternation is never shorter than two, so one of height 1 is itself a choice of characters.
  const characterChoice =
    node.op === 'alternate' && node.subs.every((sub) => sub.op === 'literal' || sub.op === 'class' || (sub.op === 'alternate' && measure(sub).height === 1));
  const leaf = children(node).length === 0 || literalRunFold !== undefined || characterChoice;
  const result = { height: leaf ? 1 : 1 + tallestChild, tallestChild, literalRunFold };
  measures.set(node, result);
  return result;
}

class Parser {
  private i = 0;
  private flags: Readonly<Flags> = DEFAULT_FLAGS;
  private readonly frames: Frame[] = [{ alternatives: [], items: [], capture: false, flagsAtOpen: DEFAULT_FLAGS }];
  /** Where the previous token began when it was a repetition operator (RE2 rejects `a**`), else -1. */
  private lastRepeat = -1;

  constructor(private readonly src: string) {}

  parse(): RegexpNode {
    while (this.i < this.src.length) {
      const repeatStart = this.i;
      const repeated = this.token();
      this.lastRepeat = repeated ? repeatStart : -1;
    }
    if (this.frames.length > 1) throw new ParseFailure('missing closing )', this.src);
    return this.checkHeight(this.finish(this.frames[0]!));
  }

  private checkHeight(node: RegexpNode): RegexpNode {
    if (measure(node).height > MAX_HEIGHT) throw new ParseFailure('expression nests too deeply', this.src);
    return node;
  }

  private get frame(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  private finish(frame: Frame): RegexpNode {
    frame.alternatives.push(this.checkHeight(sequence('concat', frame.items)));
    return sequence('alternate', frame.alternatives);
  }

  private push(node: RegexpNode): void {
    this.frame.items.push(node);
  }

  /** The code point at `at` and the index after it (Go's nextRune; past the end, U+FFFD of width 0). */
  private rune(at: number): { cp: number; next: number } {
    const cp = this.src.codePointAt(at);
    if (cp === undefined) return { cp: 0xfffd, next: at };
    return { cp, next: at + (cp > 0xffff ? 2 : 1) };
  }

  /** Parses one token; true when it was a repetition operator. */
  private token(): boolean {
    const c = this.src[this.i]!;
    switch (c) {
      case '(':
        if (this.src[this.i + 1] === '?') {
          this.perlFlags();
        } else {
          this.openGroup(true);
          this.i++;
        }
        return false;
      case '|':
        this.frame.alternatives.push(this.checkHeight(sequence('concat', this.frame.items)));
        this.frame.items = [];
        this.i++;
        return false;
      case ')':
        this.close();
        return false;
      case '^':
        return this.oneCharacterToken({ op: 'assertion', kind: this.flags.multiLine ? 'beginLine' : 'beginText' });
      case '$':
        return this.oneCharacterToken({ op: 'assertion', kind: this.flags.multiLine ? 'endLine' : 'endText' });
      case '.':
        return this.oneCharacterToken({ op: 'anyChar', matchesNewline: this.flags.dotNL });
      case '[':
        this.charClass();
        return false;
      case '*':
        return this.repeat('*', 0, -1, this.i + 1);
      case '+':
        return this.repeat('+', 1, -1, this.i + 1);
      case '?':
        return this.repeat('?', 0, 1, this.i + 1);
      case '{': {
        const count = this.repeatCount(this.i);
        if (count === undefined) return this.oneCharacterToken({ op: 'literal', cp: 0x7b, fold: this.flags.foldCase });
        const { min, max, end } = count;
        if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
          throw new ParseFailure('invalid repeat count', this.src.slice(this.i, end));
        }
        return this.repeat('{}', min, max, end);
      }
      case '\\':
        this.escapeToken();
        return false;
      default: {
        const { cp, next } = this.rune(this.i);
        this.literal(cp);
        this.i = next;
        return false;
      }
    }
  }

  private literal(cp: number): void {
    this.push({ op: 'literal', cp, fold: this.flags.foldCase });
  }

  private oneCharacterToken(node: RegexpNode): false {
    this.push(node);
    this.i++;
    return false;
  }

  /** Opens a group; the flags in force now come back when it closes. */
  private openGroup(capture: boolean): void {
    this.frames.push({ alternatives: [], items: [], capture, flagsAtOpen: this.flags });
  }

  private close(): void {
    if (this.frames.length === 1) throw new ParseFailure('unexpected )', this.src);
    const frame = this.frames.pop()!;
    this.flags = frame.flagsAtOpen;
    const sub = this.finish(frame);
    this.push(this.checkHeight(frame.capture ? { op: 'capture', sub } : sub));
    this.i++;
  }

  /** `(?` : a named capture, or flags with an optional non-capturing group (Go's parsePerlFlags). */
  private perlFlags(): void {
    const start = this.i;
    const src = this.src;
    const rest = src.length - start;
    const startsWithP = rest > 4 && src[start + 2] === 'P' && src[start + 3] === '<';
    const startsWithName = rest > 3 && src[start + 2] === '<';
    if (startsWithP || startsWithName) {
      const end = src.indexOf('>', start);
      if (end < 0) throw new ParseFailure('invalid named capture', src.slice(start));
      const name = src.slice(start + (startsWithP ? 4 : 3), end);
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw new ParseFailure('invalid named capture', src.slice(start, end + 1));
      this.openGroup(true);
      this.i = end + 1;
      return;
    }
    const flags: Flags = { ...this.flags };
    let negated = false;
    let sawFlag = false;
    let at = start + 2;
    while (at < this.src.length) {
      const { cp, next } = this.rune(at);
      at = next;
      const c = String.fromCodePoint(cp);
      if (c === 'i' || c === 'm' || c === 's' || c === 'U') {
        const key = ({ i: 'foldCase', m: 'multiLine', s: 'dotNL', U: 'nonGreedy' } as const)[c];
        flags[key] = !negated;
        sawFlag = true;
      } else if (c === '-') {
        if (negated) break;
        negated = true;
        sawFlag = false;
      } else if (c === ':' || c === ')') {
        if (negated && !sawFlag) break;
        if (c === ':') this.openGroup(false);
        this.flags = flags;
        this.i = at;
        return;
      } else {
        break;
      }
    }
    throw new ParseFailure('invalid or unsupported Perl syntax', this.src.slice(start, at));
  }

  /** Go's parseRepeat: `{n}`, `{n,}` or `{n,m}` at `at`, without leading zeros; else undefined (a literal `{`). */
  private repeatCount(at: number): { min: number; max: number; end: number } | undefined {
    REPEAT_COUNT.lastIndex = at;
    const m = REPEAT_COUNT.exec(this.src);
    if (m === null) return undefined;
    // Go caps absurd counts at -1 (invalid) instead of overflowing.
    const count = (digits: string): number => (digits.length > 9 ? -1 : Number(digits));
    const min = count(m[1]!);
    const max = m[2] === undefined ? min : m[3] === undefined ? -1 : count(m[3]);
    // An overflowing maximum makes the minimum invalid too.
    return { min: m[3] !== undefined && max < 0 ? -1 : min, max, end: at + m[0].length };
  }

  /** Applies a repetition operator (its text ends at `after`) to the last item (Go's parser.repeat). */
  private repeat(operator: '*' | '+' | '?' | '{}', min: number, max: number, after: number): true {
    const before = this.i;
    let greedy = !this.flags.nonGreedy;
    if (this.src[after] === '?') {
      after++;
      greedy = !greedy;
    }
    if (this.lastRepeat >= 0) throw new ParseFailure('invalid nested repetition operator', this.src.slice(this.lastRepeat, after));
    const items = this.frame.items;
    const sub = items.pop();
    if (sub === undefined) throw new ParseFailure('missing argument to repetition operator', this.src.slice(before, after));
    const node: RegexpNode = { op: 'repeat', operator, min, max, greedy, sub };
    items.push(this.checkHeight(node));
    if (operator === '{}' && (min >= 2 || max >= 2) && !repeatIsValid(node, MAX_REPEAT)) {
      throw new ParseFailure('invalid repeat count', this.src.slice(before, after));
    }
    this.i = after;
    return true;
  }

  /** A backslash outside a class: an assertion, \Q...\E, a Unicode or Perl class, or one character. */
  private escapeToken(): void {
    const start = this.i;
    const c = this.src[start + 1];
    switch (c) {
      case 'A':
      case 'z':
      case 'b':
      case 'B': {
        const kind = ({ A: 'beginText', z: 'endText', b: 'wordBoundary', B: 'noWordBoundary' } as const)[c];
        this.push({ op: 'assertion', kind });
        this.i += 2;
        return;
      }
      case 'C':
        throw new ParseFailure('invalid escape sequence', '\\C');
      case 'Q': {
        const end = this.src.indexOf('\\E', start + 2);
        const literal = end < 0 ? this.src.slice(start + 2) : this.src.slice(start + 2, end);
        for (const ch of literal) this.literal(ch.codePointAt(0)!);
        this.i = end < 0 ? this.src.length : end + 2;
        return;
      }
      default:
        break;
    }
    const cls = this.classEscape(start);
    if (cls !== undefined) {
      this.push({ op: 'class', negated: false, items: [cls.item], fold: this.flags.foldCase });
      this.i = cls.next;
      return;
    }
    const { cp, next } = this.escape(start);
    this.literal(cp);
    this.i = next;
  }

  /** `\pX`, `\p{Name}` or a Perl class escape at `at` (a backslash), else undefined. */
  private classEscape(at: number): { item: ClassItem; next: number } | undefined {
    const c = this.src[at + 1];
    if (c === 'p' || c === 'P') return this.unicodeClass(at);
    if (c !== undefined && PERL_CLASSES.includes(c)) return { item: { kind: 'perl', name: c as 'd' }, next: at + 2 };
    return undefined;
  }

  /** Go's parseUnicodeClass: `\pL`, `\p{Greek}`, `\p{^Greek}`, `\PL` at `at`. */
  private unicodeClass(at: number): { item: ClassItem; next: number } {
    let negated = this.src[at + 1] === 'P';
    const { cp, next } = this.rune(at + 2);
    let seq: string;
    let name: string;
    let after: number;
    if (cp !== 0x7b) {
      seq = this.src.slice(at, next);
      name = seq.slice(2);
      after = next;
    } else {
      const end = this.src.indexOf('}', at);
      if (end < 0) throw new ParseFailure('invalid character class range', this.src.slice(at));
      seq = this.src.slice(at, end + 1);
      name = this.src.slice(at + 3, end);
      after = end + 1;
    }
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    const property = unicodeClassProperty(name);
    if (property === undefined) throw new ParseFailure('invalid character class range', seq);
    return { item: { kind: 'unicode', property, negated }, next: after };
  }

  /** Go's parseEscape: one escaped character at `at` (a backslash). */
  private escape(at: number): { cp: number; next: number } {
    if (at + 1 >= this.src.length) throw new ParseFailure('trailing backslash at end of expression', '');
    let { cp: c, next: t } = this.rune(at + 1);
    const fail = (): never => {
      throw new ParseFailure('invalid escape sequence', this.src.slice(at, t));
    };
    const ch = String.fromCodePoint(c);
    if (ch >= '1' && ch <= '7' && !isOctal(this.src[t])) fail();
    if (ch >= '0' && ch <= '7') {
      let value = c - 0x30;
      for (let n = 1; n < 3 && isOctal(this.src[t]); n++) value = value * 8 + (this.src.charCodeAt(t++) - 0x30);
      return { cp: value, next: t };
    }
    if (ch === 'x') {
      if (t >= this.src.length) fail();
      ({ cp: c, next: t } = this.rune(t));
      if (c === 0x7b) {
        let digits = 0;
        let value = 0;
        for (;;) {
          if (t >= this.src.length) fail();
          ({ cp: c, next: t } = this.rune(t));
          if (c === 0x7d) break;
          const v = unhex(c);
          if (v < 0) fail();
          value = value * 16 + v;
          if (value > MAX_RUNE) fail();
          digits++;
        }
        if (digits === 0) fail();
        return { cp: value, next: t };
      }
      const x = unhex(c);
      ({ cp: c, next: t } = this.rune(t));
      const y = unhex(c);
      if (x < 0 || y < 0) fail();
      return { cp: x * 16 + y, next: t };
    }
    const simple = SIMPLE_ESCAPES[ch];
    if (simple !== undefined) return { cp: simple, next: t };
    // Punctuation (any ASCII but letters and digits) escapes itself; nothing else does.
    if (c < 0x80 && !isAsciiAlnum(c)) return { cp: c, next: t };
    return fail();
  }

  /** A class member character: an escape or one code point (Go's parseClassChar). */
  private classChar(at: number, classStart: number): { cp: number; next: number } {
    if (at >= this.src.length) throw new ParseFailure('missing closing ]', this.src.slice(classStart));
    if (this.src[at] === '\\') return this.escape(at);
    return this.rune(at);
  }

  /** Go's parseClass: `[...]` at the current position. */
  private charClass(): void {
    const start = this.i;
    let t = start + 1;
    const negated = this.src[t] === '^';
    if (negated) t++;
    const items: ClassItem[] = [];
    let first = true;
    while (t >= this.src.length || this.src[t] !== ']' || first) {
      first = false;
      if (this.src.length - t > 2 && this.src[t] === '[' && this.src[t + 1] === ':') {
        const close = this.src.indexOf(':]', t + 2);
        if (close >= 0) {
          const name = this.src.slice(t, close + 2);
          const negatedPosix = name[2] === '^';
          const bare = name.slice(negatedPosix ? 3 : 2, -2);
          if (!POSIX_NAMES.has(bare)) throw new ParseFailure('invalid character class range', name);
          items.push({ kind: 'posix', name: bare, negated: negatedPosix });
          t = close + 2;
          continue;
        }
      }
      if (this.src[t] === '\\') {
        const cls = this.classEscape(t);
        if (cls !== undefined) {
          items.push(cls.item);
          t = cls.next;
          continue;
        }
      }
      const rangeStart = t;
      const lo = this.classChar(t, start);
      let hi = lo;
      t = lo.next;
      // `[a-]` is `a` and `-`.
      if (this.src.length - t >= 2 && this.src[t] === '-' && this.src[t + 1] !== ']') {
        hi = this.classChar(t + 1, start);
        t = hi.next;
        if (hi.cp < lo.cp) throw new ParseFailure('invalid character class range', this.src.slice(rangeStart, t));
      }
      items.push({ kind: 'range', lo: lo.cp, hi: hi.cp });
    }
    this.push({ op: 'class', negated, items, fold: this.flags.foldCase });
    this.i = t + 1;
  }
}

/** Parses `pattern` as Go's regexp.Compile does; the error is Go's `error parsing regexp: ...` text. */
export function parseGoRegexp(pattern: string): GoRegexpParse {
  try {
    return { ok: true, node: new Parser(pattern).parse() };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, error: e.message };
    throw e;
  }
}

/** Undefined when `pattern` is a valid Go (RE2) regular expression, else Go's `error parsing regexp: ...` text. */
export function checkGoRegexp(pattern: string): string | undefined {
  const parsed = parseGoRegexp(pattern);
  return parsed.ok ? undefined : parsed.error;
}
