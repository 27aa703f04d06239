// Condition-set semantics shared by RGDs, GraphRevisions and instances (upstream pkg/apis/condition_set.go,
// itself after knative): a root condition (Ready) computed from dependent conditions, observedGeneration
// stamped on every set, lastTransitionTime kept while the status does not change, conditions sorted by
// transition time with the root last. Pure: the caller passes the object's metadata and the clock.
import { ConditionStatus, REASON_AWAITING_RECONCILIATION } from './constants.js';
import type { Condition } from './types.js';

export interface ConditionSetOwner {
  readonly generation?: number;
  readonly creationTimestamp?: string;
  readonly deletionTimestamp?: string;
}

export interface ConditionSetOptions {
  readonly root: string;
  readonly dependents: readonly string[];
  /** Legacy condition types removed when found. */
  readonly prunes?: readonly string[];
  /** RFC 3339 with seconds, like metav1.Time. @default the current time */
  readonly now?: () => string;
}

/** The current time as metav1.Time serializes it: RFC 3339, whole seconds, UTC. */
export function kubeNow(): string {
  return formatKubeTime(new Date());
}

export function formatKubeTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * A mutable view over a condition list. Call `set*` in any order; read the result with `list()`.
 * `set` returns whether anything changed, like upstream.
 */
export class ConditionSet {
  private conditions: Condition[];
  private readonly now: () => string;

  constructor(
    private readonly owner: ConditionSetOwner,
    existing: readonly Condition[] | undefined,
    private readonly options: ConditionSetOptions,
  ) {
    this.now = options.now ?? kubeNow;
    const prunes = options.prunes ?? [];
    this.conditions = (existing ?? []).filter((c) => !prunes.includes(c.type)).map((c) => ({ ...c }));
  }

  list(): Condition[] {
    return this.conditions.map((c) => ({ ...c }));
  }

  get(type: string): Condition | undefined {
    const found = this.conditions.find((c) => c.type === type);
    return found ? { ...found } : undefined;
  }

  isTrue(...types: string[]): boolean {
    return types.every((t) => this.get(t)?.status === ConditionStatus.True);
  }

  /** Root True and observed at the object's current generation. */
  isRootReady(): boolean {
    const root = this.get(this.options.root);
    return root?.status === ConditionStatus.True && root.observedGeneration === this.generation;
  }

  /** Sets every dependent that is missing to Unknown/AwaitingReconciliation (the initial state). */
  initialize(): void {
    for (const type of this.options.dependents) {
      if (!this.get(type)) {
        this.setUnknown(type, REASON_AWAITING_RECONCILIATION, `condition "${type}" is awaiting reconciliation`);
      }
    }
  }

  setTrue(type: string, reason = type, message = ''): boolean {
    return this.set({ type, status: ConditionStatus.True, reason, message });
  }

  setFalse(type: string, reason: string, message: string): boolean {
    return this.set({ type, status: ConditionStatus.False, reason, message });
  }

  setUnknown(type: string, reason: string, message: string): boolean {
    return this.set({ type, status: ConditionStatus.Unknown, reason, message });
  }

  set(input: Condition): boolean {
    const condition: Condition = { ...input, observedGeneration: this.generation };
    const next: Condition[] = [];
    let found = false;
    for (const existing of this.conditions) {
      if (existing.type !== condition.type) {
        next.push(this.owner.deletionTimestamp ? { ...existing, observedGeneration: this.generation } : existing);
        continue;
      }
      found = true;
      condition.lastTransitionTime = existing.status === condition.status ? existing.lastTransitionTime : this.now();
      if (sameCondition(condition, existing)) return false;
    }
    if (!found) {
      condition.lastTransitionTime = this.isDependentOrRoot(condition.type)
        ? (this.owner.creationTimestamp ?? this.now())
        : this.now();
    }
    next.push(condition);
    this.conditions = sortConditions(next, this.options.root);
    this.recomputeRoot(condition.type);
    return true;
  }

  private get generation(): number {
    return this.owner.generation ?? 0;
  }

  private isDependentOrRoot(type: string): boolean {
    return type === this.options.root || this.options.dependents.includes(type);
  }

  private recomputeRoot(changedType: string): void {
    const { root, dependents } = this.options;
    if (changedType === root) return;
    const unhealthy = this.conditions
      .filter((c) => dependents.includes(c.type))
      .filter((c) => c.status !== ConditionStatus.True || c.observedGeneration !== this.generation)
      .sort((a, b) => compareTimes(b.lastTransitionTime, a.lastTransitionTime));
    if (unhealthy.length === 0) {
      this.setTrue(root);
      return;
    }
    const worst =
      unhealthy.find((c) => c.status === ConditionStatus.False) ??
      unhealthy.find((c) => c.status === ConditionStatus.Unknown);
    if (worst) {
      const rootCondition: Condition = { type: root, status: worst.status };
      if (worst.reason !== undefined) rootCondition.reason = worst.reason;
      if (worst.message !== undefined) rootCondition.message = worst.message;
      this.set(rootCondition);
    }
  }
}

/** Ascending by lastTransitionTime (missing first), stable, with the root condition last. */
function sortConditions(conditions: Condition[], root: string): Condition[] {
  return conditions
    .map((c, i) => ({ c, i }))
    .sort((a, b) => {
      const aRoot = a.c.type === root;
      const bRoot = b.c.type === root;
      if (aRoot !== bRoot) return aRoot ? 1 : -1;
      return compareTimes(a.c.lastTransitionTime, b.c.lastTransitionTime) || a.i - b.i;
    })
    .map(({ c }) => c);
}

function compareTimes(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return Date.parse(a) - Date.parse(b);
}

function sameCondition(a: Condition, b: Condition): boolean {
  return (
    a.type === b.type &&
    a.status === b.status &&
    (a.reason ?? '') === (b.reason ?? '') &&
    (a.message ?? '') === (b.message ?? '') &&
    a.lastTransitionTime === b.lastTransitionTime &&
    a.observedGeneration === b.observedGeneration
  );
}
