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

/** Runs `fn` with a fresh meter of `limit` units (Infinity: unmetered) and returns its result and the units used. */
export function withBudget<T>(limit: number, fn: () => T): { result: T; cost: number } {
  const savedUsed = used;
  const savedLimit = activeLimit;
  used = 0;
  activeLimit = limit;
  try {
    const result = fn();
    return { result, cost: used };
  } finally {
    used = savedUsed;
    activeLimit = savedLimit;
  }
}
