// ApplySet parent metadata (KEP-3659 as upstream kro uses it, J2/K3): the parent id
// `applyset-<base64url(sha256(name.namespace.kind.group))>-v1` (unpadded URL-safe base64, Go's RawURLEncoding),
// the contains-group-kinds and additional-namespaces annotations (sorted, comma-joined), and kro's inventory hash
// `sha256:<base64url(sha256(id NUL gks NUL namespaces))>` that deletion checks before trusting the inventory.
import { createHash } from 'node:crypto';
import { Annotations, Labels } from '../../api/index.js';

export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

export interface ApplySetParentRef {
  readonly name: string;
  /** '' for cluster-scoped parents. */
  readonly namespace: string;
  readonly group: string;
  readonly kind: string;
}

export interface ApplySetMetadata {
  readonly id: string;
  readonly tooling: string;
  /** Sorted by their annotation form, unique. */
  readonly groupKinds: readonly GroupKind[];
  /** Sorted, unique; never the parent's own namespace. */
  readonly additionalNamespaces: readonly string[];
}

function base64Url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

/** The ApplySet id of a parent object. */
export function applySetId(parent: ApplySetParentRef): string {
  const unencoded = [parent.name, parent.namespace, parent.kind, parent.group].join('.');
  return `applyset-${base64Url(createHash('sha256').update(unencoded, 'utf8').digest())}-v1`;
}

/** `Kind` for the core group, `Kind.group` otherwise. */
export function groupKindString(gk: GroupKind): string {
  return gk.group === '' ? gk.kind : `${gk.kind}.${gk.group}`;
}

export function groupKindsString(gks: readonly GroupKind[]): string {
  return [...new Set(gks.map(groupKindString))].sort().join(',');
}

export function namespacesString(namespaces: readonly string[]): string {
  return [...new Set(namespaces)].sort().join(',');
}

/** kro's inventory hash of the persisted scope. */
export function inventoryHash(id: string, gks: readonly GroupKind[], namespaces: readonly string[]): string {
  const payload = [id, groupKindsString(gks), namespacesString(namespaces)].join('\u0000');
  return `sha256:${base64Url(createHash('sha256').update(payload, 'utf8').digest())}`;
}

/** Builds metadata with sorted, unique sets. */
export function applySetMetadata(id: string, tooling: string, gks: Iterable<GroupKind>, namespaces: Iterable<string>): ApplySetMetadata {
  const byKey = new Map<string, GroupKind>();
  for (const gk of gks) byKey.set(groupKindString(gk), { group: gk.group, kind: gk.kind });
  const keys = [...byKey.keys()].sort();
  return {
    id,
    tooling,
    groupKinds: keys.map((k) => byKey.get(k)!),
    additionalNamespaces: [...new Set(namespaces)].sort(),
  };
}

/** The parent's ApplySet label. */
export function applySetParentLabels(meta: ApplySetMetadata): Record<string, string> {
  return { [Labels.applySetId]: meta.id };
}

/** The parent's ApplySet annotations, the inventory hash included. */
export function applySetParentAnnotations(meta: ApplySetMetadata): Record<string, string> {
  return {
    [Annotations.applySetTooling]: meta.tooling,
    [Annotations.applySetContainsGroupKinds]: groupKindsString(meta.groupKinds),
    [Annotations.applySetAdditionalNamespaces]: namespacesString(meta.additionalNamespaces),
    [Annotations.applySetInventoryHash]: inventoryHash(meta.id, meta.groupKinds, meta.additionalNamespaces),
  };
}

/** Whether the parent already carries exactly this metadata (so patching it would change nothing). */
export function parentHasMetadata(
  labels: Readonly<Record<string, string>> | undefined,
  annotations: Readonly<Record<string, string>> | undefined,
  meta: ApplySetMetadata,
): boolean {
  const wantLabels = applySetParentLabels(meta);
  const wantAnnotations = applySetParentAnnotations(meta);
  return (
    Object.entries(wantLabels).every(([k, v]) => labels?.[k] === v) && Object.entries(wantAnnotations).every(([k, v]) => annotations?.[k] === v)
  );
}

/** The label selector of an ApplySet's members. */
export function applySetMemberSelector(id: string): string {
  return `${Labels.applySetPartOf}=${id}`;
}

export interface InventoryItem {
  readonly object: { readonly apiVersion: string; readonly kind: string; readonly metadata: { readonly namespace?: string } };
  readonly namespaced: boolean;
}

/**
 * The inventory of a batch of objects (upstream's Project/Apply metadata): their group-kinds and the namespaces
 * of namespaced ones other than the parent's (an empty namespace means the parent's, or `default`), united with
 * `memory` (what the parent recorded before) when given.
 */
export function projectInventory(
  id: string,
  tooling: string,
  parentNamespace: string,
  items: Iterable<InventoryItem>,
  memory?: { readonly groupKinds: readonly GroupKind[]; readonly namespaces: readonly string[] },
): ApplySetMetadata {
  const gks: GroupKind[] = [...(memory?.groupKinds ?? [])];
  const namespaces: string[] = [...(memory?.namespaces ?? [])];
  for (const item of items) {
    const slash = item.object.apiVersion.indexOf('/');
    gks.push({ group: slash < 0 ? '' : item.object.apiVersion.slice(0, slash), kind: item.object.kind });
    if (!item.namespaced) continue;
    const ns = item.object.metadata.namespace || parentNamespace || 'default';
    if (ns !== parentNamespace) namespaces.push(ns);
  }
  return applySetMetadata(id, tooling, gks, namespaces);
}
