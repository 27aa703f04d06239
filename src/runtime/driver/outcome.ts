// What one reconcile of an instance produced, as data the controller maps to API writes and queue calls (3.1
// steps 9-11 and the requeue table), and the mapping from that outcome to the ResourcesReady condition.
import type { InstanceState, JsonObject, KubeObject } from '../../api/index.js';
import type { ApplySetMetadata } from '../applyset/metadata.js';
import type { PendingDetail } from '../issues.js';
import type { InstanceConditionMarks } from '../status/conditions.js';
import type { InstanceStatusResult } from '../status/instance-status.js';
import type { NodeStatus } from '../status/state.js';
import type { ApplyResult, WatchRequest } from './port.js';

/**
 * `error`: a hard failure (CEL error, GET/LIST failure, duplicate targets): retry with backoff.
 * `requeue`: retry after the requeue interval (pending data, apply errors, prune conflicts...).
 * `deleting`: a desired object is terminating (behavior 46): nothing was applied; retry after the interval.
 */
export interface ReconcileError {
  readonly kind: 'error' | 'requeue' | 'deleting';
  /** Upstream's error text (what follows `resource reconciliation failed: ` in ResourcesReady). */
  readonly message: string;
}

/**
 * `none`: done; watches bring the next reconcile. `after-interval`: requeue after `--instance-requeue-interval`
 * (an interval of 0 means no requeue, as upstream). `backoff`: a failed reconcile, rate-limited retry.
 */
export type RequeueDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'after-interval'; readonly reason: string }
  | { readonly kind: 'backoff'; readonly error: string };

export interface AppliedItem {
  readonly id: string;
  readonly nodeId: string;
  /** The object sent (decorated, `part-of` included). */
  readonly object: KubeObject;
  readonly result: ApplyResult;
  /** Created, or its resourceVersion changed (K1). */
  readonly changed: boolean;
  /** The pass that applied it last (1-based). */
  readonly pass: number;
}

export interface NodeOutcome {
  readonly id: string;
  readonly status: NodeStatus;
  /** Desired objects (decorated for managed kinds; resolved templates for externalRefs). */
  readonly desired?: readonly KubeObject[];
  /** What was observed for it at the end. */
  readonly observed?: readonly KubeObject[];
  /** Why it is not done yet. */
  readonly pending?: PendingDetail;
}

export interface PruneOutcome {
  /** Prune ran (no pending node, no apply error, pruning enabled). */
  readonly ran: boolean;
  readonly pruned: readonly KubeObject[];
  /** Some deletes hit a UID conflict: the superset inventory was kept. */
  readonly conflicts: boolean;
}

export interface ReconcileOutcome {
  /** Evaluation passes run (1 in upstream mode). */
  readonly passes: number;
  readonly nodes: ReadonlyMap<string, NodeOutcome>;
  /** Node aggregate (I5). */
  readonly state: InstanceState;
  readonly error?: ReconcileError;
  readonly requeue: RequeueDecision;
  readonly applied: readonly AppliedItem[];
  /** Something was created, changed or pruned. */
  readonly mutated: boolean;
  readonly prune: PruneOutcome;
  readonly applySet: { readonly id: string; readonly superset: ApplySetMetadata; readonly batch: ApplySetMetadata };
  /** Every node and status field that waits for data, with the cause. */
  readonly pending: readonly PendingDetail[];
  readonly status: InstanceStatusResult;
  /** Watches to keep for this instance (N3). */
  readonly watches: readonly WatchRequest[];
  /** Problems that did not change the result (a failed inventory shrink). */
  readonly warnings: readonly string[];
}

/** 3.1 step 10: ResourcesReady from the reconcile error and the node aggregate. */
export function markResources(
  marks: InstanceConditionMarks,
  error: ReconcileError | undefined,
  state: InstanceState,
  nodeErrors: string | undefined,
): void {
  if (error?.kind === 'deleting') marks.resourcesDeleting(error.message);
  else if (error) marks.resourcesNotReady(`resource reconciliation failed: ${error.message}`);
  else if (state === 'ACTIVE') marks.resourcesReady();
  else if (state === 'ERROR') marks.resourcesNotReady(nodeErrors !== undefined ? `resource error: ${nodeErrors}` : 'resource reconciliation error');
  else if (state === 'IN_PROGRESS') marks.resourcesNotReady(`awaiting resource readiness: ${nodeErrors ?? '<nil>'}`);
  else marks.resourcesNotReady('unknown instance state');
}

export function requeueFor(error: ReconcileError | undefined, statusError: string | undefined): RequeueDecision {
  if (error?.kind === 'error') return { kind: 'backoff', error: error.message };
  if (error) return { kind: 'after-interval', reason: error.message };
  if (statusError !== undefined) return { kind: 'backoff', error: statusError };
  return { kind: 'none' };
}

/** A JSON-compatible view of a KubeObject (they are JSON objects). */
export function asJson(obj: KubeObject): JsonObject {
  return obj as unknown as JsonObject;
}
