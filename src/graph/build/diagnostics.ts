// Diagnostic helpers of the build: upstream wraps each error with the context it passed through
// ("failed to build resource \"x\": ..."), and CEL reports offsets relative to the text it compiled, which may be
// a generated concatenation. These helpers add the wrapping and move CEL's spans into the user's scalar.
import type { Diagnostic } from '../../api/index.js';
import { scalarSpan } from '../expressions/parse.js';
import type { ParsedExpression } from '../expressions/types.js';

export function withPrefix(d: Diagnostic, prefix: string): Diagnostic {
  return { ...d, message: `${prefix}${d.message}` };
}

/**
 * A diagnostic from src/cel about `expression` (path [] and a span in `expression.cel`), placed at the
 * expression's YAML path with the span mapped into the user's scalar and the message wrapped.
 */
export function placeCelDiagnostic(d: Diagnostic, expression: ParsedExpression, prefix: string, code = d.code): Diagnostic {
  const { span: celSpan, ...rest } = d;
  const span = celSpan ? scalarSpan(expression, celSpan) : expression.span;
  return { ...rest, code, path: expression.path, span, expression: expression.display, message: `${prefix}${d.message}` };
}
