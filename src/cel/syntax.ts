// Source pre-processing for CEL syntax cel-js 8's parser lacks: optional entries in map and list literals
// (`{?"k": v}`, `[?x]`, cel-go's OptionalTypes). We blank out the `?` of each optional entry (same length,
// so every offset in errors and spans stays valid), parse the rest normally, and remember where the
// markers were; ast-patches.ts then gives the marked entries optional semantics.

export interface PreparedSource {
  /** The text handed to the parser. */
  readonly source: string;
  /** Offsets of the blanked `?` markers, ascending. */
  readonly optionalMarks: readonly number[];
}

type Bracket = '{' | 'list' | 'index' | '(';
type Previous = 'start' | 'open' | 'comma' | 'value' | 'operator';

/** Finds optional-entry markers in map/list literals and blanks them out. */
export function prepareSource(text: string): PreparedSource {
  if (!text.includes('?')) return { source: text, optionalMarks: [] };
  const marks: number[] = [];
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
    if (ch === '"' || ch === "'") {
      i = skipString(text, i, rawPrefix(text, i));
      previous = 'value';
      continue;
    }
    if (/[A-Za-z0-9_]/.test(ch)) {
      const start = i;
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i] ?? '')) i++;
      previous = text.slice(start, i) === 'in' ? 'operator' : 'value';
      continue;
    }
    switch (ch) {
      case '{':
        stack.push('{');
        previous = 'open';
        break;
      case '[':
        stack.push(previous === 'value' ? 'index' : 'list');
        previous = 'open';
        break;
      case '(':
        stack.push('(');
        previous = 'open';
        break;
      case '}':
      case ']':
      case ')':
        stack.pop();
        previous = 'value';
        break;
      case ',':
        previous = 'comma';
        break;
      case '?': {
        const top = stack[stack.length - 1];
        if ((previous === 'open' || previous === 'comma') && (top === '{' || top === 'list')) marks.push(i);
        previous = 'operator';
        break;
      }
      default:
        previous = 'operator';
    }
    i++;
  }
  if (marks.length === 0) return { source: text, optionalMarks: [] };
  let source = '';
  let last = 0;
  for (const m of marks) {
    source += `${text.slice(last, m)} `;
    last = m + 1;
  }
  source += text.slice(last);
  return { source, optionalMarks: marks };
}

/** True when the quote at `i` is preceded by a raw-string prefix (`r`, `R`, `rb`, `br`, ...). */
function rawPrefix(text: string, i: number): boolean {
  let j = i - 1;
  let raw = false;
  while (j >= 0 && /[rRbB]/.test(text[j] ?? '') && i - j <= 2) {
    if (text[j] === 'r' || text[j] === 'R') raw = true;
    j--;
  }
  return raw && !/[A-Za-z0-9_]/.test(text[j] ?? '');
}

/** Returns the offset just past the string literal starting at `i`. */
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
