// The metadata kro stamps (J2, J3): labels on the instance, and labels plus the apply-order annotation on every
// managed child. Values are upstream's, including the kro-version label (the version with `+` replaced by `-`
// when it is not a valid label value) and `kro.run/instance-namespace` only for namespaced instances.
import { Annotations, isJsonObject, Labels, MANAGED_BY_KRO, type JsonObject, type KubeObject } from '../api/index.js';
import { gvkOf } from '../api/index.js';
import { metadataOf } from './template.js';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** The kro-version label value: the version itself if it is a valid label value, else with `+` -> `-`. */
export function kroVersionLabelValue(version: string): string {
  if (version.length <= 63 && LABEL_VALUE.test(version)) return version;
  return version.replaceAll('+', '-');
}

/** `applyset.kubernetes.io/tooling`: `kro/<version>`, unsanitized. */
export function applySetTooling(version: string): string {
  return `kro/${version}`;
}

/** kro's meta labels, on instances, children and CRDs. */
export function kroMetaLabels(version: string): Record<string, string> {
  return { [Labels.owned]: 'true', [Labels.kroVersion]: kroVersionLabelValue(version) };
}

export interface RgdIdentity {
  readonly uid: string;
  readonly name: string;
}

/** J2: the labels ensureManaged puts on an instance (without the ApplySet id, which comes with the inventory). */
export function instanceLabels(version: string, rgd: RgdIdentity): Record<string, string> {
  return { ...kroMetaLabels(version), [Labels.rgdId]: rgd.uid, [Labels.rgdName]: rgd.name };
}

/** J3: the labels identifying the instance on each child. */
export function instanceChildLabels(instance: KubeObject, namespaced: boolean): Record<string, string> {
  const gvk = gvkOf(instance);
  const labels: Record<string, string> = {
    [Labels.instanceId]: instance.metadata.uid ?? '',
    [Labels.instanceName]: instance.metadata.name ?? '',
    [Labels.instanceGroup]: gvk.group,
    [Labels.instanceVersion]: gvk.version,
    [Labels.instanceKind]: gvk.kind,
  };
  if (namespaced) labels[Labels.instanceNamespace] = instance.metadata.namespace ?? '';
  return labels;
}

export interface ChildDecoration {
  readonly instance: KubeObject;
  readonly instanceNamespaced: boolean;
  readonly kroVersion: string;
  readonly nodeId: string;
  /** The node's apply-order wave (G3). */
  readonly applyOrder: number | undefined;
  readonly collection?: { readonly index: number; readonly size: number };
}

/**
 * A copy of `obj` with kro's child labels and annotations; they win over template values with the same keys
 * (behavior 7). `applyset.kubernetes.io/part-of` is added at apply time.
 */
export function decorateChild(obj: JsonObject, decoration: ChildDecoration): JsonObject {
  const out = structuredClone(obj);
  const meta = metadataOf(out);
  const labels: JsonObject = isJsonObject(meta.labels) ? meta.labels : {};
  Object.assign(labels, instanceChildLabels(decoration.instance, decoration.instanceNamespaced));
  labels[Labels.managedBy] = MANAGED_BY_KRO;
  Object.assign(labels, kroMetaLabels(decoration.kroVersion));
  labels[Labels.nodeId] = decoration.nodeId;
  if (decoration.collection) {
    labels[Labels.collectionIndex] = String(decoration.collection.index);
    labels[Labels.collectionSize] = String(decoration.collection.size);
  }
  meta.labels = labels;
  if (decoration.applyOrder !== undefined) {
    const annotations: JsonObject = isJsonObject(meta.annotations) ? meta.annotations : {};
    annotations[Annotations.applyOrder] = String(decoration.applyOrder);
    meta.annotations = annotations;
  }
  return out;
}

/** The label selector of a collection's items (LIST across all namespaces). */
export function collectionItemSelector(instanceUid: string, nodeId: string): string {
  return `${Labels.instanceId}=${instanceUid},${Labels.nodeId}=${nodeId}`;
}
