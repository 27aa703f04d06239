// Turns YAML string values into ParsedExpressions: a standalone `${expr}` is compiled as `expr`; a string template
// (`"a-${x}-b"`) becomes ONE CEL concatenation `"a-" + (x) + "-b"` (D3), as upstream does. Unlike upstream, every
// part remembers where it sits both in the generated CEL text and in the user's scalar, so an error the CEL
// compiler reports at a column of the generated text is mapped back to the user's text (style.md §7.5).
import { diagnostic, type Diagnostic, type Span, type YamlPath } from '../../api/index.js';
import { isStandalone, NESTED_EXPRESSION_MESSAGE, scanExpressions } from './scan.js';
import type { ExpressionPart, ParsedExpression } from './types.js';

export type ScalarParse =
  | { readonly kind: 'literal' }
  | { readonly kind: 'expression'; readonly expression: ParsedExpression }
  | { readonly kind: 'error'; readonly diagnostic: Diagnostic };

export const STANDALONE_ONLY_MESSAGE = 'only standalone expressions are allowed';

/** Parses a string found at `path` (any context where templates are allowed). */
export function parseScalar(text: string, path: YamlPath): ScalarParse {
  const scanned = scanExpressions(text);
  if (!scanned.ok) return { kind: 'error', diagnostic: nestedDiagnostic(text, path, scanned.nestedAt) };
  const matches = scanned.matches;
  if (matches.length === 0) return { kind: 'literal' };
  if (isStandalone(text, matches)) return { kind: 'expression', expression: standaloneExpression(text, path) };
  const parts: ExpressionPart[] = [];
  const cel: string[] = [];
  let celLength = 0;
  const push = (part: Omit<ExpressionPart, 'celOffset'>, code: string, celTextOffset: number) => {
    if (cel.length > 0) {
      cel.push(' + ');
      celLength += 3;
    }
    parts.push({ ...part, celOffset: celLength + celTextOffset });
    cel.push(code);
    celLength += code.length;
  };
  let pos = 0;
  for (const m of matches) {
    if (m.start > pos) {
      const literal = text.slice(pos, m.start);
      push({ kind: 'literal', text: literal, scalarOffset: pos }, JSON.stringify(literal), 0);
    }
    push({ kind: 'expression', text: m.inner, scalarOffset: m.start + 2 }, `(${m.inner})`, 1);
    pos = m.end;
  }
  if (pos < text.length) {
    const literal = text.slice(pos);
    push({ kind: 'literal', text: literal, scalarOffset: pos }, JSON.stringify(literal), 0);
  }
  const expression: ParsedExpression = {
    cel: cel.join(''),
    display: text,
    template: true,
    path,
    span: { start: 0, end: text.length },
    parts,
  };
  return { kind: 'expression', expression };
}

/**
 * Parses a value of a standalone-only context (readyWhen, includeWhen, forEach, status.conditions): the whole
 * string must be one `${...}` (D4).
 */
export function parseStandaloneOnly(text: string, path: YamlPath): ParsedExpression | Diagnostic {
  const scanned = scanExpressions(text);
  if (!scanned.ok) return nestedDiagnostic(text, path, scanned.nestedAt);
  if (!isStandalone(text, scanned.matches)) {
    return diagnostic('graph/standalone-only', STANDALONE_ONLY_MESSAGE, path, {
      expression: text,
      expected: 'exactly one ${...} expression making up the whole value',
      found: scanned.matches.length === 0 ? 'no ${...} expression' : 'text around or between ${...} expressions',
      hint: /\n$/.test(text)
        ? 'the value ends with a newline: use a `|-` or `>-` block scalar so YAML strips it'
        : 'write the whole value as one ${...}, e.g. "${a && b}" instead of "${a} && ${b}"',
    });
  }
  return standaloneExpression(text, path);
}

function standaloneExpression(text: string, path: YamlPath): ParsedExpression {
  const inner = text.slice(2, text.length - 1);
  return {
    cel: inner,
    display: inner,
    template: false,
    path,
    span: { start: 0, end: text.length },
    parts: [{ kind: 'expression', text: inner, scalarOffset: 2, celOffset: 0 }],
  };
}

function nestedDiagnostic(text: string, path: YamlPath, at: number): Diagnostic {
  return diagnostic('graph/nested-expression', NESTED_EXPRESSION_MESSAGE, path, {
    span: { start: at, end: at + 2 },
    expression: text,
    hint: 'to produce a literal "${" inside an expression, write it inside a double-quoted string: ${"${VAR}"}',
  });
}

/**
 * Maps a span of the generated CEL text (as the CEL compiler reports it) to the user's scalar. Offsets inside an
 * embedded expression map one to one; offsets in generated glue (quotes, ` + `, parentheses) snap to the nearest
 * part, so a diagnostic never points at text the user did not write.
 */
export function scalarSpan(expression: ParsedExpression, celSpan: Span): Span {
  const start = toScalarOffset(expression, celSpan.start, false);
  const end = Math.max(start, toScalarOffset(expression, Math.max(celSpan.start, celSpan.end), true));
  return { start, end };
}

function toScalarOffset(expression: ParsedExpression, celOffset: number, isEnd: boolean): number {
  const parts = expression.parts;
  let chosen = parts[0]!;
  for (const part of parts) if (part.celOffset <= celOffset) chosen = part;
  const length = partCelLength(chosen);
  const within = Math.min(Math.max(celOffset - chosen.celOffset, 0), length);
  if (chosen.kind === 'expression') return chosen.scalarOffset + Math.min(within, chosen.text.length);
  // Inside a quoted literal the generated text has escapes; point at the literal's start or end.
  return chosen.scalarOffset + (isEnd ? chosen.text.length : 0);
}

function partCelLength(part: ExpressionPart): number {
  return part.kind === 'expression' ? part.text.length : JSON.stringify(part.text).length;
}

/** The span, in the scalar, of the `${...}` that contains the part at `index` (whole string for literals). */
export function partSpan(expression: ParsedExpression, index: number): Span {
  const part = expression.parts[index];
  if (!part) return expression.span;
  if (part.kind === 'literal') return { start: part.scalarOffset, end: part.scalarOffset + part.text.length };
  return { start: part.scalarOffset - 2, end: part.scalarOffset + part.text.length + 1 };
}
