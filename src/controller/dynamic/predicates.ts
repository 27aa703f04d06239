// Which parent (instance) events reach the queue (1.N N2, behavior 38). Add and Delete always do. Updates are
// filtered: the instance reconciler reads spec and writes metadata and status itself, so without a filter every
// one of its own writes would trigger another reconcile.
import { Annotations, SUSPEND_VALUES, type ObjectMeta } from '../../api/index.js';

function suspended(meta: ObjectMeta): boolean {
  const value = meta.annotations?.[Annotations.reconcile];
  return value !== undefined && SUSPEND_VALUES.includes(value.toLowerCase());
}

/** Upstream's predicate still looks at a legacy `kro.run/reconcile: disabled` label; kept so such edits still trigger. */
function disabledByLabel(meta: ObjectMeta): boolean {
  return meta.labels?.[Annotations.reconcile]?.toLowerCase() === 'disabled';
}

/**
 * An update of an instance triggers a reconcile when:
 *   - `metadata.generation` changed (a spec change);
 *   - `metadata.deletionTimestamp` appeared. The API server bumps the generation of a custom resource when it
 *     sets the deletion timestamp, so upstream relies on the generation alone; kro-ts checks it explicitly so
 *     deletion never depends on that detail (behavior 38);
 *   - the `kro.run/reconcile` suspension annotation flipped either way: a metadata-only change, but resuming
 *     must reconcile and suspending must report ReconciliationSuspended (the legacy label too, as upstream).
 * Skipped on purpose: label, annotation, finalizer and status changes (kro's own writes among them). The caveat
 * of controller-runtime's GenerationChangedPredicate applies: status edited by hand is not restored until the
 * next reconcile.
 */
export function parentUpdateTriggers(old: ObjectMeta, next: ObjectMeta): boolean {
  if (old.generation !== next.generation) return true;
  if (!old.deletionTimestamp && next.deletionTimestamp) return true;
  return suspended(old) !== suspended(next) || disabledByLabel(old) !== disabledByLabel(next);
}
