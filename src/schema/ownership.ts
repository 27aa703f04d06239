// Whether kro may update an existing instance CRD (spec subtle behavior 50): it must be kro-owned
// (`kro.run/owned=true`, or the legacy `app.kubernetes.io/managed-by=kro` when the owned label is absent) and
// belong to the same RGD name; a different RGD uid with the same name is adopted (the RGD was recreated).

import { Labels, MANAGED_BY_KRO } from '../api/constants.js';
import type { ObjectMeta } from '../api/types.js';

export type CrdOwnership =
  | { readonly ok: true; readonly adopt: boolean }
  | { readonly ok: false; readonly reason: 'not-kro-owned' | 'other-rgd'; readonly message: string };

export function isKroOwned(meta: Pick<ObjectMeta, 'labels'>): boolean {
  const labels = meta.labels ?? {};
  const owned = labels[Labels.owned];
  return owned === undefined ? labels[Labels.managedBy] === MANAGED_BY_KRO : owned === 'true';
}

/** Checks `existing` (the CRD in the cluster) against `desired` (the generated CRD with kro's labels). */
export function checkCrdOwnership(crdName: string, existing: Pick<ObjectMeta, 'labels'>, desired: Pick<ObjectMeta, 'labels'>): CrdOwnership {
  if (!isKroOwned(existing)) {
    return {
      ok: false,
      reason: 'not-kro-owned',
      message: `failed to update CRD ${crdName}: CRD already exists and is not owned by KRO`,
    };
  }
  const have = existing.labels ?? {};
  const want = desired.labels ?? {};
  if ((have[Labels.rgdName] ?? '') !== (want[Labels.rgdName] ?? '')) {
    return {
      ok: false,
      reason: 'other-rgd',
      message: `failed to update CRD ${crdName}: CRD is owned by another ResourceGraphDefinition ${have[Labels.rgdName] ?? ''}`,
    };
  }
  return { ok: true, adopt: (have[Labels.rgdId] ?? '') !== (want[Labels.rgdId] ?? '') };
}
