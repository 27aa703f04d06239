// Queue keys of the shared instance queue and the GVR spellings upstream uses in logs and metric labels. One
// queue serves every instance kind, so a key carries the instance's GVR as well as its namespace and name; it is
// a string so the work queue's dirty/processing sets dedupe it.
import type { GroupVersionResource } from '../../api/index.js';

export interface InstanceRef {
  readonly gvr: GroupVersionResource;
  /** '' for cluster-scoped instances. */
  readonly namespace: string;
  readonly name: string;
}

const SEP = '\u0000';

/** `group/version/resource`, the map key of a GVR. */
export function gvrId(gvr: GroupVersionResource): string {
  return `${gvr.group}/${gvr.version}/${gvr.resource}`;
}

export function instanceKey(ref: InstanceRef): string {
  return [gvrId(ref.gvr), ref.namespace, ref.name].join(SEP);
}

export function parseInstanceKey(key: string): InstanceRef {
  const [gvr = '', namespace = '', name = ''] = key.split(SEP);
  const [group = '', version = '', resource = ''] = gvr.split('/');
  return { gvr: { group, version, resource }, namespace, name };
}

/** The key prefix shared by every instance of one GVR. */
export function instanceKeyPrefix(gvr: GroupVersionResource): string {
  return `${gvrId(gvr)}${SEP}`;
}

/** `namespace/name`, or `name` for cluster-scoped instances (how logs name an instance). */
export function describeInstance(ref: InstanceRef): string {
  return ref.namespace === '' ? ref.name : `${ref.namespace}/${ref.name}`;
}

/** Upstream's keyFromGVR (dynamic_controller_* labels): `group/version/resource`, `/v1/configmaps` for core. */
export function metricGvr(gvr: GroupVersionResource): string {
  return `${gvr.group}${gvr.version ? `/${gvr.version}` : ''}${gvr.resource ? `/${gvr.resource}` : ''}`;
}

/** Go's schema.GroupVersionResource.String() (instance_* labels): `group/version, Resource=resource`. */
export function goGvrString(gvr: GroupVersionResource): string {
  return `${gvr.group}/${gvr.version}, Resource=${gvr.resource}`;
}

/** How messages name a GVR: `secrets (v1)`, `deployments.apps (v1)`. */
export function describeGvr(gvr: GroupVersionResource): string {
  return `${gvr.resource}${gvr.group === '' ? '' : `.${gvr.group}`} (${gvr.version})`;
}
