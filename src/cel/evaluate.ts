// Evaluation of a checked expression: a metered run with a cost budget, errors classified into kinds the
// runtime can act on, and conversion of the result to JSON. Upstream kro decides "data pending" by
// matching error text (`no such key`, `no such field`, `no such attribute`, `index out of bounds`); we use
// the engine's error codes for the same conditions, so callers test a kind, never a message.
import type { JsonValue, Span } from '../api/index.js';
import { CelBudgetExceededError, DEFAULT_COST_LIMIT, meterReading, startMeter, stopMeter } from './budget.js';
import { celToJson } from './convert-out.js';
import type { EngineParsed } from './internals.js';

/**
 * `data-pending`: the expression read data that does not exist yet (a missing field, map key or list index,
 *   or an unbound variable); retry when the data changes. Upstream kro's "data pending".
 * `budget-exceeded`: the evaluation ran out of its cost budget.
 * `error`: anything else (no matching overload at runtime, division by zero, invalid conversion, a result
 *   that cannot be written as JSON, ...). Retrying with the same data gives the same error.
 */
export type CelEvaluationErrorKind = 'data-pending' | 'budget-exceeded' | 'error';

const DATA_PENDING_CODES = new Set(['no_such_key', 'index_out_of_bounds', 'unknown_variable']);

export class CelEvaluationError extends Error {
  readonly kind: CelEvaluationErrorKind;
  /** The engine's stable error code, e.g. `no_such_key`, `division_by_zero`, `budget_exceeded`. */
  readonly code: string;
  readonly expression: string;
  /** Where in the expression, when the engine knows. */
  readonly span?: Span;
  readonly hint?: string;

  constructor(init: { kind: CelEvaluationErrorKind; code: string; message: string; expression: string; span?: Span; hint?: string }) {
    super(init.message);
    this.name = 'CelEvaluationError';
    this.kind = init.kind;
    this.code = init.code;
    this.expression = init.expression;
    if (init.span) this.span = init.span;
    if (init.hint) this.hint = init.hint;
  }

  get isDataPending(): boolean {
    return this.kind === 'data-pending';
  }
}

export interface EvaluateOptions {
  /** Cost units this evaluation may spend (one per AST node run, plus sizes of built lists/strings). @default 1000000 */
  readonly costLimit?: number;
}

export type EvaluationResult =
  | { readonly ok: true; readonly value: unknown; readonly cost: number }
  | { readonly ok: false; readonly error: CelEvaluationError };

export type JsonEvaluationResult =
  | { readonly ok: true; readonly omit: false; readonly value: JsonValue; readonly cost: number }
  | { readonly ok: true; readonly omit: true; readonly cost: number }
  | { readonly ok: false; readonly error: CelEvaluationError };

/** Runs a parsed-and-checked expression against CEL values. */
export function evaluateParsed(
  parsed: EngineParsed,
  expression: string,
  activation: Readonly<Record<string, unknown>>,
  options: EvaluateOptions = {},
): EvaluationResult {
  const saved = startMeter(options.costLimit ?? DEFAULT_COST_LIMIT);
  try {
    const value = parsed(activation);
    return { ok: true, value, cost: meterReading() };
  } catch (e) {
    return { ok: false, error: classifyError(e, expression) };
  } finally {
    stopMeter(saved);
  }
}

/** Like evaluateParsed, then converts the value to JSON with upstream's rules (see convert-out.ts). */
export function evaluateParsedToJson(
  parsed: EngineParsed,
  expression: string,
  activation: Readonly<Record<string, unknown>>,
  options: EvaluateOptions = {},
): JsonEvaluationResult {
  const result = evaluateParsed(parsed, expression, activation, options);
  if (!result.ok) return result;
  const json = celToJson(result.value);
  if (!json.ok) {
    return {
      ok: false,
      error: new CelEvaluationError({
        kind: 'error',
        code: 'unsupported_result',
        message: json.hint ? `${json.message}: ${json.hint}` : json.message,
        expression,
        ...(json.hint ? { hint: json.hint } : {}),
      }),
    };
  }
  return json.omit ? { ok: true, omit: true, cost: result.cost } : { ok: true, omit: false, value: json.value, cost: result.cost };
}

interface EngineErrorShape {
  readonly code?: unknown;
  readonly summary?: unknown;
  readonly range?: { start?: unknown; end?: unknown };
  readonly message?: unknown;
}

/** Turns anything an evaluation may throw into a CelEvaluationError. */
export function classifyError(e: unknown, expression: string): CelEvaluationError {
  if (e instanceof CelBudgetExceededError) {
    return new CelEvaluationError({ kind: 'budget-exceeded', code: e.code, message: e.message, expression });
  }
  const shape: EngineErrorShape = typeof e === 'object' && e !== null ? (e) : {};
  const code = typeof shape.code === 'string' ? shape.code : 'evaluation_error';
  const summary = typeof shape.summary === 'string' ? shape.summary : typeof shape.message === 'string' ? shape.message : String(e);
  const span =
    typeof shape.range?.start === 'number' && typeof shape.range.end === 'number'
      ? { start: shape.range.start, end: shape.range.end }
      : undefined;
  const pending = DATA_PENDING_CODES.has(code);
  return new CelEvaluationError({
    kind: pending ? 'data-pending' : 'error',
    code,
    message: pending ? pendingMessage(code, summary) : summary,
    expression,
    ...(span ? { span } : {}),
  });
}

/** cel-go's wording, which kro users know from upstream's logs and conditions. */
function pendingMessage(code: string, summary: string): string {
  if (code === 'unknown_variable') return summary.replace(/^Unknown variable: /, 'no such attribute: ');
  if (code === 'index_out_of_bounds') return summary.replace(/^No such key: /, '');
  return summary.replace(/^No such key: /, 'no such key: ');
}
