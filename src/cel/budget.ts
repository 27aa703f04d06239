// The per-evaluation cost budget. cel-js has no cost tracking, so the facade counts work itself:
// every AST node the evaluator runs costs 1 unit (the evaluator's `run` is wrapped, see internals.ts),
// list/string/bytes concatenation additionally costs the length of its result, and library functions
// whose work is not visible as AST nodes (e.g. building a large list) charge explicitly with
// `chargeCost`. Evaluation is synchronous, so one module-level meter is enough; it is saved and
// restored around nested evaluations.

/** Thrown when an evaluation spends more than its budget. */
export class CelBudgetExceededError extends Error {
  readonly code = 'budget_exceeded';
  readonly limit: number;
  constructor(limit: number) {
    super(
      `CEL cost budget exceeded: the expression needed more than ${limit} cost units ` +
        '(runaway comprehension or very large list/string); simplify it or iterate over less data',
    );
    this.name = 'CelBudgetExceededError';
    this.limit = limit;
  }
}

/** Upstream kro's per-call CEL cost limit (pkg/cel/cost.go PerCallLimit). */
export const DEFAULT_COST_LIMIT = 1_000_000;

let used = 0;
let activeLimit = Number.POSITIVE_INFINITY;

/** Charges `units` of cost to the running evaluation; throws CelBudgetExceededError when it runs out. */
export function chargeCost(units: number): void {
  used += units;
  if (used > activeLimit) throw new CelBudgetExceededError(activeLimit);
}

/** Charges one unit; the hot path of the wrapped evaluator. */
export function chargeStep(): void {
  if (++used > activeLimit) throw new CelBudgetExceededError(activeLimit);
}

/** The meter state saved by `startMeter`, to restore when a nested evaluation ends. */
export interface SavedMeter {
  readonly used: number;
  readonly limit: number;
}

/** Starts a fresh meter of `limit` units (Infinity: unmetered); pair with `stopMeter` in a finally block. */
export function startMeter(limit: number): SavedMeter {
  const saved = { used, limit: activeLimit };
  used = 0;
  activeLimit = limit;
  return saved;
}

/** Units used since `startMeter`. */
export function meterReading(): number {
  return used;
}

export function stopMeter(saved: SavedMeter): void {
  used = saved.used;
  activeLimit = saved.limit;
}
