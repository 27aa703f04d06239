// Parse + inspect + type-check an expression once; evaluate it many times. Failures are Diagnostics with
// spans relative to the expression text (the caller adds the YAML path and the expression's offset).
import { diagnostic, fail, ok, type Diagnostic, type Result, type Span } from '../api/index.js';
import { patchAfterCheck, patchBeforeCheck } from './ast-patches.js';
import { celTypeFromEngine } from './engine-types.js';
import type { CelEnvironment } from './environment.js';
import {
  evaluateParsed,
  evaluateParsedToJson,
  type EvaluateOptions,
  type EvaluationResult,
  type JsonEvaluationResult,
} from './evaluate.js';
import { inspectAst, type ExpressionInspection } from './inspect.js';
import type { EngineParsed } from './internals.js';
import { prepareSource } from './syntax.js';
import type { CelType } from './types.js';

/** A parsed expression with what it references; not yet type-checked. */
export interface ParsedExpression {
  readonly expression: string;
  readonly inspection: ExpressionInspection;
}

/** A type-checked expression. */
export interface CheckedExpression extends ParsedExpression {
  readonly outputType: CelType;
}

/** A checked expression ready to run. Evaluation is synchronous and never throws. */
export interface CompiledExpression extends CheckedExpression {
  /** Evaluates against CEL values (see values.ts; build them with `toActivation`). */
  evaluate(activation: Readonly<Record<string, unknown>>, options?: EvaluateOptions): EvaluationResult;
  /** Evaluates and converts the result to JSON with upstream's rules; `omit: true` means remove the field. */
  evaluateToJson(activation: Readonly<Record<string, unknown>>, options?: EvaluateOptions): JsonEvaluationResult;
}

/**
 * Parses `expression` and lists what it references, without type-checking. Unknown identifiers and
 * functions are reported in `inspection`, not as failures. Fails only on syntax errors.
 */
export function parseExpression(env: CelEnvironment, expression: string): Result<ParsedExpression> {
  const parsed = parse(env, expression);
  if (!parsed.ok) return parsed;
  return ok({ expression, inspection: inspectAst(parsed.value.ast, env) });
}

/** Parses, inspects and type-checks `expression` in `env`. */
export function compileExpression(env: CelEnvironment, expression: string): Result<CompiledExpression> {
  const parsed = parse(env, expression);
  if (!parsed.ok) return parsed;
  const program = parsed.value;
  const inspection = inspectAst(program.ast, env);
  const unknown = unknownDiagnostics(inspection, expression);
  if (unknown.length > 0) return fail(...(unknown as [Diagnostic, ...Diagnostic[]]));
  const checked = (program as EngineParsed & { check(): { valid: boolean; error?: unknown } }).check();
  if (!checked.valid) return fail(typeDiagnostic(checked.error, expression));
  patchAfterCheck(program.ast);
  const root = program.ast;
  if (!root.checkedType) return fail(diagnostic('cel/type-error', 'the expression has no type', [], { expression }));
  const outputType = celTypeFromEngine(root.checkedType, env.objectTypes);
  return ok({
    expression,
    inspection,
    outputType,
    evaluate: (activation, options) => evaluateParsed(program, expression, activation, options),
    evaluateToJson: (activation, options) => evaluateParsedToJson(program, expression, activation, options),
  });
}

function parse(env: CelEnvironment, expression: string): Result<EngineParsed> {
  const prepared = prepareSource(expression);
  let program: EngineParsed;
  try {
    program = env.engineEnvironment().parse(prepared.source) as unknown as EngineParsed;
  } catch (e) {
    return fail(engineDiagnostic('cel/parse-error', e, expression));
  }
  patchBeforeCheck(program.ast, prepared);
  return ok(program);
}

function unknownDiagnostics(inspection: ExpressionInspection, expression: string): Diagnostic[] {
  return [
    ...inspection.unknownIdentifiers.map((u) =>
      diagnostic('cel/unknown-identifier', `references unknown identifiers: [${u.name}]`, [], {
        span: u.span,
        expression,
        found: u.name,
      }),
    ),
    ...inspection.unknownFunctions.map((u) =>
      diagnostic('cel/unknown-function', `uses unknown functions: [${u.name}]`, [], {
        span: u.span,
        expression,
        found: u.name,
      }),
    ),
  ];
}

interface EngineErrorShape {
  readonly code?: unknown;
  readonly summary?: unknown;
  readonly message?: unknown;
  readonly range?: { readonly start?: unknown; readonly end?: unknown };
}

function typeDiagnostic(error: unknown, expression: string): Diagnostic {
  const shape: EngineErrorShape = typeof error === 'object' && error !== null ? (error) : {};
  // A parse error surfaces here only for syntax cel-js accepts at parse time but rejects when checking.
  const code = shape.code === 'parse_error' ? 'cel/parse-error' : 'cel/type-error';
  return engineDiagnostic(code, error, expression);
}

function engineDiagnostic(code: 'cel/parse-error' | 'cel/type-error', error: unknown, expression: string): Diagnostic {
  const shape: EngineErrorShape = typeof error === 'object' && error !== null ? (error) : {};
  const summary = typeof shape.summary === 'string' ? shape.summary : typeof shape.message === 'string' ? shape.message : String(error);
  const span = spanOf(shape, expression);
  return diagnostic(code, celGoWording(summary), [], { expression, ...(span ? { span } : {}) });
}

function spanOf(shape: EngineErrorShape, expression: string): Span | undefined {
  const start = shape.range?.start;
  const end = shape.range?.end;
  if (typeof start !== 'number') return undefined;
  const stop = typeof end === 'number' && end > start ? end : Math.min(start + 1, expression.length);
  return { start, end: stop };
}

/** A few of cel-js's messages reworded as cel-go prints them, which is what kro users see upstream. */
function celGoWording(summary: string): string {
  return summary
    .replace(/^No such key: (.*)$/, "undefined field '$1'")
    .replace(/^Unknown variable: (.*)$/, "undeclared reference to '$1'");
}
