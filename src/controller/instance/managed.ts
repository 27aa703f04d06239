// 3.1 step 6, ensureManaged: before kro touches anything an instance gets the finalizer `kro.run/finalizer` and
// kro's labels (J2), with one server-side apply (field manager `kro.run/labeller`, force) of a minimal object, so
// the finalizer and labels are written together and neither write can undo the other. An instance without any
// ApplySet metadata also gets an empty, valid inventory in the same write: a deletion that starts before the
// first apply then finds a trustworthy (empty) inventory instead of being blocked. An instance with partial
// ApplySet metadata that still needs the finalizer must carry a valid inventory first: kro does not adopt an
// inventory it cannot trust.
import { FieldManagers, Finalizers, type KubeObject } from '../../api/index.js';
import {
  applySetMetadata,
  applySetParentAnnotations,
  applySetParentLabels,
  applySetTooling,
  hasAnyInventory,
  instanceLabels,
  validateParentInventory,
  type RgdIdentity,
} from '../../runtime/index.js';
import { applyParentMetadata, errorMessage, type InstanceIO } from './cluster-port.js';

export type ManagementPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'patch'; readonly labels: Record<string, string>; readonly annotations?: Record<string, string> }
  | { readonly kind: 'blocked'; readonly message: string };

/** What ensureManaged has to write for `instance` (pure). */
export function planManagement(instance: KubeObject, kroVersion: string, rgd: RgdIdentity, applySetId: string): ManagementPlan {
  const want = instanceLabels(kroVersion, rgd);
  const hasFinalizer = instance.metadata.finalizers?.includes(Finalizers.kro) ?? false;
  const labelsMatch = Object.entries(want).every(([k, v]) => instance.metadata.labels?.[k] === v);
  if (hasFinalizer && labelsMatch) return { kind: 'none' };
  const parent = { labels: instance.metadata.labels ?? {}, annotations: instance.metadata.annotations ?? {} };
  if (!hasAnyInventory(parent)) {
    const empty = applySetMetadata(applySetId, applySetTooling(kroVersion), [], []);
    return { kind: 'patch', labels: { ...want, ...applySetParentLabels(empty) }, annotations: applySetParentAnnotations(empty) };
  }
  if (!hasFinalizer) {
    const valid = validateParentInventory(parent, applySetId);
    if (!valid.ok) return { kind: 'blocked', message: `refusing to adopt an invalid ApplySet inventory: ${valid.message}` };
  }
  return { kind: 'patch', labels: want };
}

/** Writes the plan; returns the instance as the API server returned it (or unchanged when nothing was needed). */
export async function ensureManaged(io: InstanceIO, instance: KubeObject, plan: ManagementPlan): Promise<KubeObject> {
  switch (plan.kind) {
    case 'none':
      return instance;
    case 'blocked':
      throw new Error(plan.message);
    case 'patch':
      try {
        return await applyParentMetadata(io, FieldManagers.labeller, {
          labels: plan.labels,
          ...(plan.annotations ? { annotations: plan.annotations } : {}),
          finalizers: [Finalizers.kro],
        });
      } catch (err) {
        throw new Error(`failed applying managed finalizer/labels: ${errorMessage(err)}`, { cause: err });
      }
  }
}
