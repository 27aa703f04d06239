// kro's finalizer (`kro.run/finalizer`) on RGDs and GraphRevisions, added and removed with a JSON merge patch
// carrying the object's resourceVersion: the finalizer list is replaced whole, so the precondition keeps a
// concurrent writer's finalizer from being dropped (a Conflict is retried by the caller's reconcile).
import { Finalizers, type GroupVersionResource, type KubeObject } from '../api/index.js';
import { isNotFound, type KubeClient } from '../kube/index.js';

export function hasFinalizer(obj: KubeObject, finalizer: string = Finalizers.kro): boolean {
  return (obj.metadata.finalizers ?? []).includes(finalizer);
}

/** Adds the finalizer when missing; returns the updated object (or `obj` unchanged). */
export async function ensureFinalizer<T extends KubeObject>(kube: KubeClient, gvr: GroupVersionResource, obj: T): Promise<T> {
  if (hasFinalizer(obj)) return obj;
  const finalizers = [...(obj.metadata.finalizers ?? []), Finalizers.kro];
  return patchFinalizers(kube, gvr, obj, finalizers);
}

/** Removes the finalizer when present; returns the updated object (or `obj` unchanged, also when it is gone). */
export async function removeFinalizer<T extends KubeObject>(kube: KubeClient, gvr: GroupVersionResource, obj: T): Promise<T> {
  if (!hasFinalizer(obj)) return obj;
  const finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== Finalizers.kro);
  try {
    return await patchFinalizers(kube, gvr, obj, finalizers);
  } catch (err) {
    // Someone else removed the last finalizer first: the object is gone, which is what we wanted.
    if (isNotFound(err)) return obj;
    throw err;
  }
}

function patchFinalizers<T extends KubeObject>(kube: KubeClient, gvr: GroupVersionResource, obj: T, finalizers: string[]): Promise<T> {
  const patch = { metadata: { resourceVersion: obj.metadata.resourceVersion, finalizers: finalizers.length > 0 ? finalizers : null } };
  return kube.dynamic.patch<T>({ gvr, namespace: obj.metadata.namespace }, obj.metadata.name ?? '', patch, { type: 'merge' });
}
