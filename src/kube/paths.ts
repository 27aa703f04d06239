// URL paths of the Kubernetes REST API for a resource: /api/v1/... for the core group, /apis/<g>/<v>/...
// for the others, with the namespace, name and subresource segments in their fixed places.
import type { GroupVersionKind, GroupVersionResource } from '../api/index.js';

export interface ResourcePathParts {
  readonly namespace?: string | undefined;
  readonly name?: string | undefined;
  readonly subresource?: string | undefined;
}

export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

export function resourcePath(gvr: GroupVersionResource, parts: ResourcePathParts = {}): string {
  let path = groupVersionPath(gvr.group, gvr.version);
  if (parts.namespace) path += `/namespaces/${encodeURIComponent(parts.namespace)}`;
  path += `/${gvr.resource}`;
  if (parts.name !== undefined) {
    if (parts.name === '') throw new Error(`empty object name for ${formatGvr(gvr)}`);
    path += `/${encodeURIComponent(parts.name)}`;
  }
  if (parts.subresource) path += `/${parts.subresource}`;
  return path;
}

export function formatGvk(gvk: GroupVersionKind): string {
  return gvk.group === '' ? `${gvk.version}, Kind=${gvk.kind}` : `${gvk.group}/${gvk.version}, Kind=${gvk.kind}`;
}

export function formatGvr(gvr: GroupVersionResource): string {
  return gvr.group === '' ? `${gvr.version}, Resource=${gvr.resource}` : `${gvr.group}/${gvr.version}, Resource=${gvr.resource}`;
}

export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}
