// A string that matches a `pattern` (the regular expressions of OpenAPI schemas: Go RE2 syntax). Hand-written
// because no maintained library produces the *shortest deterministic* match: randexp-style generators are
// random. Handles literals, escapes (\d \w \s ...), classes with ranges and negation, groups (capturing,
// non-capturing, named), alternation (first branch), quantifiers (minimum count, plus `extra` repetitions for
// unbounded ones), and ignores anchors. The result is checked with Go's regexp (src/go), and the caller falls
// back when this subset is not enough.
import { compileGoRegexp, goMatchString } from '../../go/index.js';

type Atom =
  | { readonly type: 'char'; readonly choose: () => string }
  | { readonly type: 'group'; readonly branches: readonly Sequence[] }
  | { readonly type: 'empty' };

interface Piece {
  readonly atom: Atom;
  readonly min: number;
  readonly unbounded: boolean;
}

type Sequence = readonly Piece[];

const PREFERRED = 'a0-A_ .';

function fromClass(test: (c: string) => boolean): () => string {
  return () => {
    for (const c of PREFERRED) if (test(c)) return c;
    for (let code = 33; code < 127; code++) if (test(String.fromCharCode(code))) return String.fromCharCode(code);
    return 'a';
  };
}

const ESCAPES: Readonly<Record<string, (c: string) => boolean>> = {
  d: (c) => c >= '0' && c <= '9',
  D: (c) => !(c >= '0' && c <= '9'),
  w: (c) => /\w/.test(c),
  W: (c) => !/\w/.test(c),
  s: (c) => /\s/.test(c),
  S: (c) => !/\s/.test(c),
};

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): readonly Sequence[] {
    const branches = this.branches();
    if (this.pos < this.src.length) throw new Error(`unexpected ${this.src[this.pos]}`);
    return branches;
  }

  private branches(): Sequence[] {
    const out: Sequence[] = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      out.push(this.sequence());
    }
    return out;
  }

  private sequence(): Sequence {
    const pieces: Piece[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const atom = this.atom();
      pieces.push(this.quantified(atom));
    }
    return pieces;
  }

  private quantified(atom: Atom): Piece {
    const c = this.src[this.pos];
    let piece: Piece = { atom, min: 1, unbounded: false };
    if (c === '*' || c === '+' || c === '?') {
      this.pos++;
      piece = { atom, min: c === '+' ? 1 : 0, unbounded: c !== '?' };
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (m) {
        this.pos += m[0].length;
        piece = { atom, min: Number(m[1]), unbounded: m[2] !== undefined && m[3] === '' };
      }
    }
    if (this.src[this.pos] === '?' && piece.min !== 1) this.pos++; // lazy marker
    return piece;
  }

  private atom(): Atom {
    const c = this.src[this.pos++]!;
    if (c === '^' || c === '$') return { type: 'empty' };
    if (c === '.') return { type: 'char', choose: () => 'a' };
    if (c === '(') {
      const rest = this.src.slice(this.pos);
      const prefix = /^\?(?::|P?<[A-Za-z_][A-Za-z0-9_]*>|[imsU-]+:)/.exec(rest);
      if (prefix) this.pos += prefix[0].length;
      else if (rest.startsWith('?')) throw new Error('unsupported group');
      const branches = this.branches();
      if (this.src[this.pos] !== ')') throw new Error('unclosed group');
      this.pos++;
      return { type: 'group', branches };
    }
    if (c === '[') return { type: 'char', choose: fromClass(this.classTest()) };
    if (c === '\\') return this.escape();
    return { type: 'char', choose: () => c };
  }

  private escape(): Atom {
    const e = this.src[this.pos++];
    if (e === undefined) throw new Error('trailing backslash');
    if (e === 'b' || e === 'B' || e === 'A' || e === 'z') return { type: 'empty' };
    const test = ESCAPES[e];
    if (test) return { type: 'char', choose: fromClass(test) };
    return { type: 'char', choose: () => e };
  }

  /** The membership test of a `[...]` class; the `[` is already consumed. */
  private classTest(): (c: string) => boolean {
    const negated = this.src[this.pos] === '^';
    if (negated) this.pos++;
    const tests: ((c: string) => boolean)[] = [];
    let first = true;
    while (this.pos < this.src.length && (this.src[this.pos] !== ']' || first)) {
      first = false;
      let lo = this.src[this.pos++]!;
      if (lo === '[' && this.src[this.pos] === ':') {
        const m = /^:(\^?)([a-z]+):\]/.exec(this.src.slice(this.pos));
        if (m) {
          this.pos += m[0].length;
          const posix: Record<string, RegExp> = { alpha: /[A-Za-z]/, digit: /\d/, alnum: /[A-Za-z0-9]/, lower: /[a-z]/, upper: /[A-Z]/, space: /\s/, word: /\w/, xdigit: /[0-9A-Fa-f]/ };
          const re = posix[m[2]!] ?? /./;
          tests.push(m[1] ? (c) => !re.test(c) : (c) => re.test(c));
          continue;
        }
      }
      if (lo === '\\') {
        const e = this.src[this.pos++] ?? '\\';
        const test = ESCAPES[e];
        if (test) {
          tests.push(test);
          continue;
        }
        lo = e;
      }
      if (this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']' && this.pos + 1 < this.src.length) {
        this.pos++;
        let hi = this.src[this.pos++]!;
        if (hi === '\\') hi = this.src[this.pos++] ?? hi;
        const from = lo;
        tests.push((c) => c >= from && c <= hi);
      } else {
        const only = lo;
        tests.push((c) => c === only);
      }
    }
    if (this.src[this.pos] !== ']') throw new Error('unclosed class');
    this.pos++;
    return negated ? (c) => !tests.some((t) => t(c)) : (c) => tests.some((t) => t(c));
  }
}

/** Whether `value` matches an OpenAPI pattern as the API server checks it (Go regexp); throws for a pattern Go rejects. */
export function matchesPattern(pattern: string, value: string): boolean {
  return goMatchString(value, pattern);
}

function emit(branches: readonly Sequence[], extra: number): string {
  return branches[0]!.map((piece) => {
    const count = piece.min + (piece.unbounded ? extra : 0);
    let out = '';
    for (let i = 0; i < count; i++) {
      if (piece.atom.type === 'char') out += piece.atom.choose();
      else if (piece.atom.type === 'group') out += emit(piece.atom.branches, extra);
    }
    return out;
  }).join('');
}

/**
 * A short string matching `pattern` with a length in [minLength, maxLength], or undefined when the pattern uses
 * syntax outside the supported subset or no such string was found.
 */
export function samplePattern(pattern: string, minLength = 0, maxLength = Infinity): string | undefined {
  let branches: readonly Sequence[];
  try {
    branches = new Parser(pattern).parse();
    compileGoRegexp(pattern);
  } catch {
    return undefined;
  }
  for (let extra = 0; extra <= Math.max(minLength, 1) + 1; extra++) {
    const candidate = emit(branches, extra);
    const length = [...candidate].length;
    if (length > maxLength) return undefined;
    if (length >= minLength && matchesPattern(pattern, candidate)) return candidate;
  }
  return undefined;
}
