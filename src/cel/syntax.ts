// Source pre-processing for CEL syntax cel-js 8's lexer and parser get wrong or lack:
//   - optional entries in map and list literals (`{?"k": v}`, `[?x]`): the `?` is blanked out and its offset
//     remembered; ast-patches.ts gives the marked entries optional semantics;
//   - bytes literals with non-ASCII characters (cel-js encodes `b'ÿ'` as Latin-1, CEL as UTF-8) and raw bytes
//     literals (`br'...'`, a parse error in cel-js);
//   - double literals without a leading digit (`.99`);
//   - backtick-quoted field names (`` m.`content-type` ``).
// Every rewrite keeps the text's length, so offsets in errors and reference spans stay those of the user's
// text: a literal is replaced by a same-length placeholder (zeros, `b''` plus spaces, underscores) and
// `applyLiteralFixups` puts the real value into the AST node after parsing.
import type { EngineNode } from './internals.js';

export interface PreparedSource {
  /** The text handed to the parser. */
  readonly source: string;
  /** Offsets of the blanked `?` markers, ascending. */
  readonly optionalMarks: readonly number[];
  /** Literal placeholders: start offset -> the literal's real value (bytes or double). */
  readonly literals: ReadonlyMap<number, Uint8Array | number>;
  /** Backtick field placeholders: offset of the field name -> the real field name. */
  readonly fields: ReadonlyMap<number, string>;
}

type Bracket = '{' | 'list' | 'index' | '(';
type Previous = 'start' | 'open' | 'comma' | 'value' | 'operator';

interface Edit {
  readonly at: number;
  readonly text: string;
}

/** Finds the constructs above, returns the rewritten text and what the placeholders stand for. */
export function prepareSource(text: string): PreparedSource {
  if (!/[?`\u0080-\uffff]|\.\d|[bB][rR]|[rR][bB]/.test(text)) {
    return { source: text, optionalMarks: [], literals: new Map(), fields: new Map() };
  }
  const marks: number[] = [];
  const edits: Edit[] = [];
  const literals = new Map<number, Uint8Array | number>();
  const fields = new Map<number, string>();
  const stack: Bracket[] = [];
  let previous: Previous = 'start';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const prefix = /^([rRbB]{0,2})(['"])/.exec(text.slice(i, i + 3));
    if (prefix && prefix[1] !== undefined && isStringPrefix(prefix[1])) {
      const end = skipString(text, i + prefix[1].length, /[rR]/.test(prefix[1]));
      const lower = prefix[1].toLowerCase();
      if (lower.includes('b')) {
        const body = text.slice(i + prefix[1].length, end);
        const raw = lower.includes('r');
        if (raw || /[\u0080-\uffff]/.test(body)) {
          literals.set(i, decodeBytesLiteral(body, raw));
          edits.push({ at: i, text: `b''${' '.repeat(end - i - 3)}` });
        }
      }
      i = end;
      previous = 'value';
      continue;
    }
    if (ch === '.' && /\d/.test(text[i + 1] ?? '') && previous !== 'value') {
      const m = /^\.\d+(?:[eE][+-]?\d+)?/.exec(text.slice(i)) as RegExpExecArray;
      literals.set(i, Number(m[0]));
      edits.push({ at: i, text: '0'.repeat(m[0].length) });
      i += m[0].length;
      previous = 'value';
      continue;
    }
    if (ch === '`' && previous === 'operator' && text[i - 1] === '.') {
      const close = text.indexOf('`', i + 1);
      if (close > i + 1) {
        fields.set(i, text.slice(i + 1, close));
        edits.push({ at: i, text: '_'.repeat(close + 1 - i) });
        i = close + 1;
        previous = 'value';
        continue;
      }
    }
    if (/[A-Za-z0-9_]/.test(ch)) {
      const start = i;
      while (i < text.length && /[A-Za-z0-9_.]/.test(text[i] ?? '') && !(text[i] === '.' && !/^\d+$/.test(text.slice(start, i)))) i++;
      previous = text.slice(start, i) === 'in' ? 'operator' : 'value';
      continue;
    }
    previous = punctuation(ch, previous, stack, () => marks.push(i));
    i++;
  }
  for (const m of marks) edits.push({ at: m, text: ' ' });
  return { source: applyEdits(text, edits), optionalMarks: marks, literals, fields };
}

/** Tracks brackets; a `?` right after `{`, a list's `[` or a `,` inside them marks an optional entry. */
function punctuation(ch: string, previous: Previous, stack: Bracket[], mark: () => void): Previous {
  switch (ch) {
    case '{':
      stack.push('{');
      return 'open';
    case '[':
      stack.push(previous === 'value' ? 'index' : 'list');
      return 'open';
    case '(':
      stack.push('(');
      return 'open';
    case '}':
    case ']':
    case ')':
      stack.pop();
      return 'value';
    case ',':
      return 'comma';
    case '?': {
      const top = stack[stack.length - 1];
      if ((previous === 'open' || previous === 'comma') && (top === '{' || top === 'list')) mark();
      return 'operator';
    }
    default:
      return 'operator';
  }
}

function isStringPrefix(p: string): boolean {
  if (p.length <= 1) return true;
  const lower = p.toLowerCase();
  return lower === 'br' || lower === 'rb';
}

function applyEdits(text: string, edits: Edit[]): string {
  if (edits.length === 0) return text;
  edits.sort((a, b) => a.at - b.at);
  let out = '';
  let last = 0;
  for (const e of edits) {
    out += text.slice(last, e.at) + e.text;
    last = e.at + e.text.length;
  }
  return out + text.slice(last);
}

/** Returns the offset just past the string literal whose opening quote is at `i`. */
function skipString(text: string, i: number, raw: boolean): number {
  const quote = text[i] ?? '"';
  const triple = text.startsWith(quote.repeat(3), i);
  const close = triple ? quote.repeat(3) : quote;
  let j = i + close.length;
  while (j < text.length) {
    if (!raw && text[j] === '\\') {
      j += 2;
      continue;
    }
    if (text.startsWith(close, j)) return j + close.length;
    if (!triple && text[j] === '\n') return j;
    j++;
  }
  return j;
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  '\\': 0x5c, '?': 0x3f, '"': 0x22, "'": 0x27, '`': 0x60, a: 0x07, b: 0x08, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b,
};

/** CEL bytes literal semantics: escapes give single bytes, every other character its UTF-8 encoding. */
function decodeBytesLiteral(quoted: string, raw: boolean): Uint8Array {
  const q = quoted.startsWith("'''") || quoted.startsWith('"""') ? 3 : 1;
  const body = quoted.slice(q, quoted.length - q);
  if (raw) return new TextEncoder().encode(body);
  const out: number[] = [];
  for (let i = 0; i < body.length; ) {
    const ch = body[i] ?? '';
    if (ch !== '\\') {
      const cp = body.codePointAt(i) ?? 0;
      out.push(...new TextEncoder().encode(String.fromCodePoint(cp)));
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const next = body[i + 1] ?? '';
    if (next in SIMPLE_ESCAPES) {
      out.push(SIMPLE_ESCAPES[next] ?? 0);
      i += 2;
    } else if (next === 'x' || next === 'X') {
      out.push(parseInt(body.slice(i + 2, i + 4), 16));
      i += 4;
    } else {
      out.push(parseInt(body.slice(i + 1, i + 4), 8) & 0xff);
      i += 4;
    }
  }
  return Uint8Array.from(out);
}

/** Puts the real literal values and field names into the parsed AST (before type-checking). */
export function applyLiteralFixups(node: EngineNode, prepared: PreparedSource): void {
  if (node.op === 'value') {
    const value = prepared.literals.get(node.start);
    if (value !== undefined) (node as { args: unknown }).args = value;
  } else if ((node.op === '.' || node.op === '.?') && prepared.fields.size > 0) {
    const name = prepared.fields.get(node.pos);
    if (name !== undefined) (node.args as unknown[])[1] = name;
  }
}
