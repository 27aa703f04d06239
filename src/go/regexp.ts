// Go's regexp on JavaScript's RegExp. A pattern is parsed exactly as Go parses it (regexp-syntax.ts: Go's
// acceptance and error texts), then its tree is written out as an equivalent `u`-mode RegExp: Go's ASCII
// \s, `.` that matches \r, \A \z, (?m) lines that end only at \n, POSIX and Unicode classes, flags
// scoped to part of a pattern (Node 20 has no (?i:...)), and repetition of what JavaScript cannot repeat
// directly (`^*`, `\b+`). (?i) is written out as the characters it matches ([kK\u{212a}]) rather than
// with the `i` flag, which would apply to the whole pattern and make \b and \w treat ſ and the Kelvin
// sign as word characters, as Go does not. Matching is leftmost-first like Go's, checked against Go on
// tens of thousands of generated patterns; the known differences are an empty-first alternative inside a
// loop (`(|a)*` finds "" in "aa" in Go, "aa" here: JavaScript's backtracking rejects empty iterations) and
// time: JavaScript backtracks, so `(a*)*b` can take exponential time where Go is linear.
import { parseGoRegexp } from './regexp-syntax.js';
import type { AssertionKind, ClassItem, RegexpNode } from './regexp-syntax.js';
import { foldOrbit, foldRanges, unicodeFoldPartners } from './regexp-unicode.js';

/** A pattern Go rejects (Go's message), or one kro-ts cannot express as a JavaScript RegExp. */
export class GoRegexpError extends Error {}

type Range = readonly [number, number];

const MAX_RUNE = 0x10ffff;
// Go's POSIX classes (perl_groups.go) and Perl classes; \s is [\t\n\f\r ] (no \v), all ASCII.
const POSIX: Readonly<Record<string, readonly Range[]>> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};
const PERL: Readonly<Record<'d' | 's' | 'w', readonly Range[]>> = {
  d: POSIX.digit!,
  s: [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]],
  w: POSIX.word!,
};

/** One code point as RegExp source: ASCII word characters as themselves, anything else escaped. */
function char(cp: number): string {
  const isWordAscii = (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f;
  return isWordAscii ? String.fromCharCode(cp) : `\\u{${cp.toString(16)}}`;
}

function rangesText(ranges: readonly Range[]): string {
  return ranges.map(([lo, hi]) => (lo === hi ? char(lo) : `${char(lo)}-${char(hi)}`)).join('');
}

/** The code points not in `ranges`. */
function complement(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

class Writer {
  /** The JavaScript source for `root`, written with an explicit stack: non-capturing groups nest without limit. */
  write(root: RegexpNode): string {
    let out = '';
    const stack: (RegexpNode | string)[] = [root];
    for (let task = stack.pop(); task !== undefined; task = stack.pop()) {
      if (typeof task === 'string') out += task;
      else if (task.op === 'capture' || task.op === 'concat' || task.op === 'alternate' || task.op === 'repeat') {
        const parts = this.parts(task);
        for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]!);
      } else {
        out += this.atom(task);
      }
    }
    return out;
  }

  /** The pieces of a composite node, in order: text, or nodes still to write. */
  private parts(node: Extract<RegexpNode, { op: 'capture' | 'concat' | 'alternate' | 'repeat' }>): (RegexpNode | string)[] {
    switch (node.op) {
      case 'capture':
        return ['(', node.sub, ')'];
      case 'concat':
        return node.subs.flatMap((sub): (RegexpNode | string)[] => (sub.op === 'alternate' ? ['(?:', sub, ')'] : [sub]));
      case 'alternate':
        return node.subs.flatMap((sub, i): (RegexpNode | string)[] => (i === 0 ? [sub] : ['|', sub]));
      case 'repeat': {
        // JavaScript repeats only characters, classes and groups (not `^`, `\b`, lookarounds or a repeat).
        const direct = ['literal', 'class', 'anyChar', 'capture'].includes(node.sub.op);
        const count = node.operator !== '{}' ? node.operator : node.min === node.max ? `{${node.min}}` : `{${node.min},${node.max < 0 ? '' : node.max}}`;
        const quantifier = `${count}${node.greedy ? '' : '?'}`;
        return direct ? [node.sub, quantifier] : ['(?:', node.sub, `)${quantifier}`];
      }
    }
  }

  private atom(node: Extract<RegexpNode, { op: 'empty' | 'literal' | 'class' | 'anyChar' | 'assertion' }>): string {
    switch (node.op) {
      case 'empty':
        return '';
      case 'literal': {
        const orbit = node.fold ? foldOrbit(node.cp) : [node.cp];
        return orbit.length === 1 ? char(node.cp) : `[${orbit.map(char).join('')}]`;
      }
      case 'class':
        return this.charClass(node.negated, node.items, node.fold);
      case 'anyChar':
        return node.matchesNewline ? '[\\s\\S]' : '[^\\n]';
      case 'assertion':
        return ASSERTIONS[node.kind];
    }
  }

  /**
   * A class, folded here when (?i) applies. A negated Unicode class under (?i) excludes the fold partners of
   * its members too, which a JavaScript class member cannot say: it becomes `(?![partners])\P{..}`, and the
   * class an alternation of single-character matches.
   */
  private charClass(negated: boolean, items: readonly ClassItem[], fold: boolean): string {
    const members: string[] = [];
    const alternatives: string[] = [];
    for (const item of items) {
      if (item.kind === 'unicode' && item.negated && fold) {
        const partners = unicodeFoldPartners(item.property);
        alternatives.push(partners.length === 0 ? `\\P{${item.property}}` : `(?![${partners.map(char).join('')}])\\P{${item.property}}`);
      } else {
        members.push(this.classItem(item, fold));
      }
    }
    if (alternatives.length === 0) return `[${negated ? '^' : ''}${members.join('')}]`;
    if (members.length > 0) alternatives.unshift(`[${members.join('')}]`);
    return negated ? `(?:(?!${alternatives.join('|')})[\\s\\S])` : `(?:${alternatives.join('|')})`;
  }

  private classItem(item: ClassItem, fold: boolean): string {
    const ranges = (positive: readonly Range[], negated: boolean): string => {
      const folded = fold ? foldRanges(positive) : positive;
      return rangesText(negated ? complement(folded) : folded);
    };
    switch (item.kind) {
      case 'range':
        return ranges([[item.lo, item.hi]], false);
      case 'perl': {
        const lower = item.name.toLowerCase() as 'd' | 's' | 'w';
        // JavaScript's \d \w \D \W (no `i` flag) are Go's; its \s includes \v and Unicode spaces.
        if (!fold && lower !== 's') return `\\${item.name}`;
        return ranges(PERL[lower], item.name !== lower);
      }
      case 'posix':
        return ranges(POSIX[item.name]!, item.negated);
      case 'unicode': {
        const partners = fold && !item.negated ? unicodeFoldPartners(item.property).map(char).join('') : '';
        return `\\${item.negated ? 'P' : 'p'}{${item.property}}${partners}`;
      }
    }
  }
}

const ASSERTIONS: Readonly<Record<AssertionKind, string>> = {
  beginText: '^',
  endText: '$',
  // Go's (?m) lines end at \n only; JavaScript's `m` flag also ends them at \r, U+2028 and U+2029.
  beginLine: '(?<![^\\n])',
  endLine: '(?![^\\n])',
  wordBoundary: '\\b',
  noWordBoundary: '\\B',
};

/** Translates a Go (RE2) pattern to a global RegExp; throws GoRegexpError with Go's message where Go rejects it. */
export function translateGoRegexp(pattern: string): RegExp {
  const parsed = parseGoRegexp(pattern);
  if (!parsed.ok) throw new GoRegexpError(parsed.error);
  const source = new Writer().write(parsed.node);
  try {
    return new RegExp(source, 'gu');
  } catch (e) {
    throw new GoRegexpError(`error parsing regexp: kro-ts cannot translate this pattern to a JavaScript RegExp (${(e as Error).message}): \`${pattern}\``);
  }
}

const cache = new Map<string, RegExp | GoRegexpError>();
const CACHE_LIMIT = 512;

/** A compiled, cached global RegExp for a Go pattern (patterns repeat on every reconcile). */
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

/**
 * The first match at or after `from` that starts on a code point boundary. V8 tries empty-width matches
 * (`\B`, lookarounds) between the two halves of a surrogate pair even in `u` mode; Go's positions are
 * always whole characters, so such a match is skipped.
 */
function execFrom(re: RegExp, s: string, from: number): RegExpExecArray | null {
  for (;;) {
    re.lastIndex = from;
    const m = re.exec(s);
    if (m === null) return null;
    const insidePair = m.index > 0 && (s.charCodeAt(m.index - 1) & 0xfc00) === 0xd800 && (s.charCodeAt(m.index) & 0xfc00) === 0xdc00;
    if (!insidePair) return m;
    from = m.index + 1;
  }
}

/** Go's FindAllString: leftmost-first matches, an empty match right after a previous match is skipped. */
export function goFindAll(re: RegExp, s: string, n: number): string[] {
  const out: string[] = [];
  if (n === 0) return out;
  let pos = 0;
  let prevEnd = -1;
  while ((n < 0 || out.length < n) && pos <= s.length) {
    const m = execFrom(re, s, pos);
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

/** Go's FindString: the leftmost match, or "" when there is none. */
export function goFindFirst(re: RegExp, s: string): string {
  return execFrom(re, s, 0)?.[0] ?? '';
}

/** Go's regexp.MatchString (what CEL's `matches` does): true when the pattern matches anywhere in `s`. */
export function goMatchString(s: string, pattern: string): boolean {
  return execFrom(compileGoRegexp(pattern), s, 0) !== null;
}
