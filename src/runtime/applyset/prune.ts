// Which ApplySet members to delete, and in what order. Pruning (K4, behavior 43) deletes members that were not
// just applied, node by node in reverse topological order of their `kro.run/node-id` (ids the graph no longer
// has, or no id, first), without waiting for them to disappear. Instance deletion (K5, 3.3) deletes only the
// highest `internal.kro.run/apply-order` wave still present (invalid or missing orders form wave 0, last) and
// waits for it to vanish before the next.
import { Annotations, Labels, type KubeObject } from '../../api/index.js';
import { gvkOf } from '../../api/index.js';
import { q } from '../issues.js';

/** Objects to delete together; waves run one after the other. */
export type DeletionWave = readonly KubeObject[];

/** Members whose UID is not kept. */
export function pruneCandidates(members: readonly KubeObject[], keepUids: ReadonlySet<string>): KubeObject[] {
  return members.filter((m) => !keepUids.has(m.metadata.uid ?? ''));
}

/** Prune waves: unknown node ids first, then each node's objects from the last node in topological order. */
export function orderPruneCandidates(candidates: readonly KubeObject[], topologicalOrder: readonly string[]): DeletionWave[] {
  const position = new Map(topologicalOrder.map((id, i) => [id, i]));
  const unknown: KubeObject[] = [];
  const byPosition = new Map<number, KubeObject[]>();
  for (const c of candidates) {
    const pos = position.get(c.metadata.labels?.[Labels.nodeId] ?? '');
    if (pos === undefined) unknown.push(c);
    else byPosition.set(pos, [...(byPosition.get(pos) ?? []), c]);
  }
  const waves: DeletionWave[] = [];
  if (unknown.length > 0) waves.push(unknown);
  for (const pos of [...byPosition.keys()].sort((a, b) => b - a)) waves.push(byPosition.get(pos)!);
  return waves;
}

/** Go's strconv.Atoi for apply orders: an optional sign and decimal digits, within int64. */
function parseApplyOrder(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^[+-]?\d+$/.test(raw)) return undefined;
  const big = BigInt(raw);
  if (big > 9223372036854775807n || big < -9223372036854775808n) return undefined;
  return Number(big);
}

/** The deletion wave to delete now: every member with the highest valid apply order (<= 0 or invalid: 0). */
export function highestDeletionWave(members: readonly KubeObject[]): { readonly order: number; readonly wave: KubeObject[] } {
  let highest = 0;
  let wave: KubeObject[] = [];
  for (const m of members) {
    const parsed = parseApplyOrder(m.metadata.annotations?.[Annotations.applyOrder]);
    const order = parsed === undefined || parsed <= 0 ? 0 : parsed;
    if (order > highest) {
      highest = order;
      wave = [];
    }
    if (order === highest) wave.push(m);
  }
  return { order: highest, wave };
}

/** Go's schema.GroupVersionKind.String(): `group/version, Kind=kind` (`/v1, Kind=ConfigMap` for core). */
export function goGvkString(obj: { apiVersion: string; kind: string }): string {
  const gvk = gvkOf(obj);
  return `${gvk.group}/${gvk.version}, Kind=${gvk.kind}`;
}

/**
 * K3: a live object that already belongs to another ApplySet is not applied; upstream's ApplySetConflictError text.
 * Objects without the label are adopted (behavior 40).
 */
export function applySetConflict(desired: KubeObject, live: KubeObject | undefined, applySetId: string): string | undefined {
  const current = live?.metadata.labels?.[Labels.applySetPartOf] ?? '';
  if (current === '' || current === applySetId) return undefined;
  const ns = desired.metadata.namespace ?? '';
  const name = desired.metadata.name ?? '';
  const where = ns !== '' ? `${ns}/${name}` : name;
  return `resource belongs to a different ApplySet: ${where} (${goGvkString(desired)}) belongs to ApplySet ${q(current)}, cannot reassign to ${q(applySetId)}`;
}

/** Two emitted objects with the same target (group, kind, namespace, name): upstream's hard error, or undefined. */
export function conflictingTargets(items: readonly { readonly id: string; readonly object: KubeObject }[]): string | undefined {
  const seen = new Map<string, string>();
  const conflicts: string[] = [];
  for (const item of items) {
    const gvk = gvkOf(item.object);
    const key = `${gvk.group}/${gvk.kind}/${item.object.metadata.namespace ?? ''}/${item.object.metadata.name ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined) conflicts.push(`resourceID: ${first} conflicts with resourceID: ${item.id}`);
    else seen.set(key, item.id);
  }
  return conflicts.length > 0 ? `found resources with conflicts: ${conflicts.join(', ')}` : undefined;
}
