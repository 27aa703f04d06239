// Finds the `${...}` expressions inside one YAML string, exactly as upstream kro's scanner does
// (pkg/graph/parser/cel.go), but keeping each match's offsets so diagnostics can point into the user's text.
//
// Rules (kro-behavior.md D1, behaviors 8 and 9):
// - braces are counted to find the matching `}`; braces inside double-quoted CEL strings do not count
//   (a backslash escapes the next character inside such a string). Single quotes protect nothing.
// - a `${` inside an expression, outside a double-quoted string, is an error unless the character before it
//   is `"` ("nested expressions are not allowed unless inside string literals").
// - an unterminated `${` is literal text: scanning resumes one character after it.

export interface ExpressionMatch {
  /** Offset of `$` in the scanned text (UTF-16). */
  readonly start: number;
  /** Offset just past the closing `}`. */
  readonly end: number;
  /** The CEL text between `${` and `}`. */
  readonly inner: string;
}

export type ScanResult =
  | { readonly ok: true; readonly matches: readonly ExpressionMatch[] }
  | { readonly ok: false; readonly nestedAt: number };

export const NESTED_EXPRESSION_MESSAGE = 'nested expressions are not allowed unless inside string literals';

export function scanExpressions(text: string): ScanResult {
  const matches: ExpressionMatch[] = [];
  let from = 0;
  while (from < text.length) {
    const open = text.indexOf('${', from);
    if (open < 0) break;
    let depth = 1;
    let inString = false;
    let escaped = false;
    let i = open + 2;
    for (; i < text.length; i++) {
      const c = text[i];
      if (escaped) {
        escaped = false;
        continue;
      }
      if (inString && c === '\\') {
        escaped = true;
        continue;
      }
      if (c === '"') {
        inString = !inString;
      } else if (!inString) {
        if (c === '{') {
          depth++;
        } else if (c === '}') {
          depth--;
          if (depth === 0) break;
        } else if (c === '$' && text[i + 1] === '{' && text[i - 1] !== '"') {
          return { ok: false, nestedAt: i };
        }
      }
    }
    if (depth !== 0) {
      from = open + 1;
      continue;
    }
    matches.push({ start: open, end: i + 1, inner: text.slice(open + 2, i) });
    from = i + 1;
  }
  return { ok: true, matches };
}

/** True when the whole text is exactly one `${...}` (upstream's isStandaloneExpression). */
export function isStandalone(text: string, matches: readonly ExpressionMatch[]): boolean {
  return matches.length === 1 && matches[0]!.start === 0 && matches[0]!.end === text.length;
}
