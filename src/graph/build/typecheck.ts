// Type-checking one expression in its environment and wrapping the result as the graph's CompiledExpression.
// A string template that fails because one `${...}` is not a string (D3: no auto-conversion, behavior 10) is
// reported at that part, with a hint, instead of at the generated `+`.
import type { Diagnostic } from '../../api/index.js';
import { compileExpression, formatCelType, type CelEnvironment, type CompiledExpression as CelProgram } from '../../cel/index.js';
import { partSpan } from '../expressions/parse.js';
import type { ParsedExpression } from '../expressions/types.js';
import type { CompiledExpression } from '../types.js';
import { placeCelDiagnostic } from './diagnostics.js';
import type { ReferenceScan } from './references.js';

export type CompileOutcome = { readonly ok: true; readonly program: CelProgram } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export function compileIn(env: CelEnvironment, expression: ParsedExpression, prefix: string): CompileOutcome {
  const compiled = compileExpression(env, expression.cel);
  if (compiled.ok) return { ok: true, program: compiled.value };
  const diagnostics = compiled.diagnostics.map((d) => placeCelDiagnostic(d, expression, prefix, 'graph/cel-error'));
  if (expression.template) return { ok: false, diagnostics: pinpointTemplatePart(env, expression, diagnostics) };
  return { ok: false, diagnostics };
}

/** For a failed template: point at the first `${...}` whose type is not string, if that is the cause. */
function pinpointTemplatePart(env: CelEnvironment, expression: ParsedExpression, diagnostics: Diagnostic[]): Diagnostic[] {
  for (let i = 0; i < expression.parts.length; i++) {
    const part = expression.parts[i]!;
    if (part.kind !== 'expression') continue;
    const alone = compileExpression(env, part.text);
    if (!alone.ok) continue;
    const type = alone.value.outputType;
    if (type.kind === 'string' || type.kind === 'dyn') continue;
    const found = formatCelType(type);
    return diagnostics.map((d, n) =>
      n === 0
        ? {
            ...d,
            span: partSpan(expression, i),
            expected: 'string',
            found,
            hint: `string templates only join strings: convert this part, e.g. \${string(${part.text.trim()})}`,
          }
        : d,
    );
  }
  return diagnostics;
}

export function toCompiled(expression: ParsedExpression, scan: ReferenceScan, program: CelProgram): CompiledExpression {
  return {
    ...expression,
    references: scan.variables,
    resourceReferences: scan.resources,
    outputType: program.outputType,
    program,
  };
}

/** includeWhen/readyWhen results: bool, or optional_type(bool) (F9). */
export function isBoolOrOptionalBool(program: CelProgram): boolean {
  const t = program.outputType;
  return t.kind === 'bool' || (t.kind === 'optional' && t.inner.kind === 'bool');
}
