// What an instance reconcile asks of the queue (upstream's pkg/requeue signals, 1.N N4), and the one switch that
// turns it into the shared ControllerLoop's result: the loop then makes the queue calls.
//
//   done / gone      -> forget failures; the next reconcile comes from a watch event
//   requeue          -> RequeueNeeded: add again now
//   requeue-after    -> RequeueNeededAfter: add again after the delay (0 = not at all)
//   no-requeue       -> NoRequeue: reported, never retried (a failed graph revision)
//   retry            -> any other error: rate-limited retry up to the max retries, then dropped; an instance
//                       that no longer exists (NotFound) is dropped at once
import { isNotFound } from '../../kube/index.js';
import { TerminalError, type ReconcileResult } from '../queue/index.js';

export type InstanceOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'gone' }
  | { readonly kind: 'requeue'; readonly reason: string }
  | { readonly kind: 'requeue-after'; readonly delayMs: number; readonly reason: string }
  | { readonly kind: 'no-requeue'; readonly reason: string }
  | { readonly kind: 'retry'; readonly error: unknown };

/** Upstream's `dynamic_controller_requeue_total` type label, when the outcome counts as a requeue. */
export type RequeueType = 'no_requeue' | 'requeue' | 'requeue_after' | 'rate_limited';

export function toReconcileResult(outcome: InstanceOutcome): ReconcileResult {
  switch (outcome.kind) {
    case 'done':
    case 'gone':
      return {};
    case 'requeue':
      return { requeue: true };
    case 'requeue-after':
      return outcome.delayMs > 0 ? { requeueAfterMs: outcome.delayMs } : {};
    case 'no-requeue':
      throw new TerminalError(outcome.reason);
    case 'retry':
      throw outcome.error;
  }
}

export function requeueType(outcome: InstanceOutcome): RequeueType | undefined {
  switch (outcome.kind) {
    case 'no-requeue':
      return 'no_requeue';
    case 'requeue':
      return 'requeue';
    case 'requeue-after':
      return 'requeue_after';
    case 'retry':
      return isNotFound(outcome.error) ? undefined : 'rate_limited';
    default:
      return undefined;
  }
}

/**
 * The watch requests of a reconcile are kept unless it failed with a plain error or NoRequeue (upstream commits
 * on success and on requeue signals).
 */
export function commitsWatches(outcome: InstanceOutcome): boolean {
  return outcome.kind !== 'retry' && outcome.kind !== 'no-requeue';
}

/** Counted in `instance_reconcile_errors_total` / `dynamic_controller_handler_errors_total` (not requeue signals). */
export function isReconcileError(outcome: InstanceOutcome): boolean {
  return outcome.kind === 'no-requeue' || (outcome.kind === 'retry' && !isNotFound(outcome.error));
}

export function outcomeText(outcome: InstanceOutcome): string {
  switch (outcome.kind) {
    case 'retry':
      return outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    case 'requeue':
    case 'requeue-after':
    case 'no-requeue':
      return outcome.reason;
    default:
      return '';
  }
}
