// Step 1 of the RGD reconcile: deletion. In order:
//
//   1. While instances of the RGD's kind still exist (and the CRD is this RGD's), wait: stopping their controller
//      now would leave them with a finalizer nobody removes and, with --allow-crd-deletion, a CRD stuck
//      Terminating (upstream v0.9.3's behavior 45; upstream's main branch waits the same way).
//   2. Deregister the kind from the instance controller if this process registered it.
//   3. With --allow-crd-deletion, delete the CRD, but only when it is labeled with this RGD's name: deleting a
//      second RGD that claimed another RGD's CRD must not take the first one's CRD with it.
//   4. Remove the finalizer. GraphRevisions go with the RGD through their ownerReference (garbage collector).
import { isKroOwned } from '../../schema/index.js';
import { isNoKindMatch, isNotFound } from '../../kube/index.js';
import { Labels, type GroupVersionResource, type ResourceGraphDefinition } from '../../api/index.js';
import { removeFinalizer } from '../finalizers.js';
import type { ReconcileResult } from '../queue/index.js';
import { instanceIdentity, type RgdReconcilerDeps, type ServedRegistration } from './deps.js';
import { RGD_GVR } from './status.js';

export async function cleanupRgd(
  deps: RgdReconcilerDeps,
  served: Map<string, ServedRegistration>,
  rgd: ResourceGraphDefinition,
): Promise<ReconcileResult> {
  const started = performance.now();
  const name = rgd.metadata.name ?? '';
  const { gvr, crdName } = instanceIdentity(rgd.spec.schema);
  const crd = await deps.crds.find(crdName);
  const ownsCrd = crd !== undefined && isKroOwned(crd.metadata) && crd.metadata.labels?.[Labels.rgdName] === name;

  if (ownsCrd && (await hasInstances(deps, gvr))) {
    deps.logger.info({ name, instances: `${gvr.resource}.${gvr.group}` }, 'waiting for instances to be deleted before cleaning up the ResourceGraphDefinition');
    return { requeueAfterMs: deps.settings.deletionRequeueDelayMs ?? 10_000 };
  }
  if (served.has(name)) {
    await deps.instances.deregister(served.get(name)!.gvr);
    served.delete(name);
  }
  if (ownsCrd && deps.settings.allowCrdDeletion) await deps.crds.delete(crdName);
  else if (ownsCrd) deps.logger.info({ name, crd: crdName }, 'keeping the CRD: --allow-crd-deletion is off');
  await removeFinalizer(deps.kube, RGD_GVR, rgd);
  deps.metrics?.rgdDeletions.inc({ name });
  deps.metrics?.rgdDeletionDuration.observe({ name }, (performance.now() - started) / 1000);
  return {};
}

async function hasInstances(deps: RgdReconcilerDeps, gvr: GroupVersionResource): Promise<boolean> {
  try {
    const list = await deps.kube.dynamic.list({ gvr }, { limit: 1, metadataOnly: true });
    return list.items.length > 0;
  } catch (err) {
    // The kind is gone (CRD deleted by hand): there can be no instances left.
    if (isNotFound(err) || isNoKindMatch(err)) return false;
    throw new Error(`failed to check for existing instances: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
