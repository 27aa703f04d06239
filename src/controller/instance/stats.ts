// Per-instance counters of reconciles and API calls: the measure behind kro-ts's convergence goal (issue 7 item 4),
// read by tests and benchmarks through the registry. Bounded: the least recently touched instances are forgotten
// past `capacity`, so a controller running for months does not grow with instance churn.
export type ApiVerb = 'get' | 'list' | 'apply' | 'patch' | 'update' | 'delete';

export interface InstanceStats {
  readonly reconciles: number;
  /** Every API call made for the instance: the instance itself, its children, status, events excluded. */
  readonly apiCalls: number;
  readonly calls: Readonly<Record<ApiVerb, number>>;
}

interface Counters {
  reconciles: number;
  apiCalls: number;
  calls: Record<ApiVerb, number>;
}

export class InstanceStatsBook {
  private readonly entries = new Map<string, Counters>();

  constructor(private readonly capacity = 10_000) {}

  reconciled(key: string): void {
    this.touch(key).reconciles++;
  }

  called(key: string, verb: ApiVerb, count = 1): void {
    const c = this.touch(key);
    c.apiCalls += count;
    c.calls[verb] += count;
  }

  get(key: string): InstanceStats | undefined {
    const c = this.entries.get(key);
    return c ? { reconciles: c.reconciles, apiCalls: c.apiCalls, calls: { ...c.calls } } : undefined;
  }

  private touch(key: string): Counters {
    let c = this.entries.get(key);
    if (c) {
      this.entries.delete(key);
    } else {
      c = { reconciles: 0, apiCalls: 0, calls: { get: 0, list: 0, apply: 0, patch: 0, update: 0, delete: 0 } };
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, c);
    return c;
  }
}
