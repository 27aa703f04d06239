// 3.3: an instance being deleted is taken apart from its persisted ApplySet inventory alone (no graph, no CEL,
// behavior 47): the runtime's reconcileDeletion validates the inventory and deletes the highest apply-order wave
// still present; this file writes the DELETING status, watches the wave's objects so the next wave starts as soon
// as they are gone (upstream only polls every requeue interval), and removes the finalizer once nothing is left
// (JSON merge patch carrying the resourceVersion, retried on conflict).
import { Finalizers, Labels, type KubeObject } from '../../api/index.js';
import { isConflict, isNotFound } from '../../kube/index.js';
import { reconcileDeletion, type DeletionOutcome } from '../../runtime/index.js';
import type { InstanceWatcher } from '../dynamic/index.js';
import { KubeClusterPort, type InstanceIO } from './cluster-port.js';

export interface DeletionStep {
  readonly outcome: DeletionOutcome;
  /** The finalizer was removed (or already gone): the instance is going away. */
  readonly released: boolean;
}

export async function deleteInstance(io: InstanceIO, watcher: InstanceWatcher, instance: KubeObject, hasAuthorConditions: boolean): Promise<DeletionStep> {
  const port = new KubeClusterPort(io, watcher);
  const outcome = await reconcileDeletion({ instance, port, hasAuthorConditions });
  for (const object of outcome.deleted) {
    const gvr = port.memberGvrs.get(object);
    if (!gvr) continue;
    watcher.watch({ kind: 'object', nodeId: object.metadata.labels?.[Labels.nodeId] ?? '', gvr, namespace: object.metadata.namespace ?? '', name: object.metadata.name ?? '' });
  }
  if (!outcome.done) return { outcome, released: false };
  await removeFinalizer(io, instance);
  return { outcome, released: true };
}

/** Removes `kro.run/finalizer` with a resourceVersion precondition; re-reads and retries on conflict. */
export async function removeFinalizer(io: InstanceIO, instance: KubeObject): Promise<void> {
  const { kube, parent } = io;
  const target = { gvr: parent.gvr, namespace: parent.namespace || undefined };
  let current = instance;
  for (let attempt = 0; attempt < 10; attempt++) {
    const finalizers = current.metadata.finalizers ?? [];
    if (!finalizers.includes(Finalizers.kro)) return;
    io.count('patch');
    try {
      await kube.dynamic.patch(
        target,
        parent.name,
        { metadata: { finalizers: finalizers.filter((f) => f !== Finalizers.kro), resourceVersion: current.metadata.resourceVersion } },
        { type: 'merge', signal: io.signal },
      );
      return;
    } catch (err) {
      if (isNotFound(err)) return;
      if (!isConflict(err)) throw err;
    }
    io.count('get');
    try {
      current = await kube.dynamic.get(target, parent.name, { signal: io.signal });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  }
  throw new Error('failed to remove the finalizer: the instance kept changing');
}
