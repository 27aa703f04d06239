// forEach collections (H3, behavior 31): the cartesian product of the dimensions (first dimension is the outer
// loop) with the size cap checked while multiplying, object identities and their uniqueness, and the alignment
// of observed items to the desired order (a LIST has no order; readiness and dependents see desired order).
import { isJsonObject, parseApiVersion, type JsonObject } from '../api/index.js';

/** Anything shaped like a Kubernetes object (a KubeObject or a resolved template). */
export interface ObjectLike {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: unknown;
}

function metaString(obj: ObjectLike, field: 'name' | 'namespace'): string {
  const meta = obj.metadata;
  if (typeof meta !== 'object' || meta === null) return '';
  const value = (meta as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : '';
}

/** Upstream's `--rgd-max-collection-size` default. */
export const DEFAULT_MAX_COLLECTION_SIZE = 1000;

export interface EvaluatedDimension {
  readonly name: string;
  /** CEL values (bound to the iterator as they are). */
  readonly values: readonly unknown[];
}

export type ProductResult =
  | { readonly ok: true; readonly items: readonly Readonly<Record<string, unknown>>[] }
  | { readonly ok: false; readonly message: string };

/** Every combination of the dimensions' values, outer dimension first; an empty dimension yields none. */
export function cartesianProduct(dimensions: readonly EvaluatedDimension[], maxSize: number): ProductResult {
  if (dimensions.length === 0) return { ok: true, items: [] };
  let total = 1;
  for (const dim of dimensions) {
    if (dim.values.length === 0) return { ok: true, items: [] };
    total *= dim.values.length;
    if (total > maxSize) {
      return { ok: false, message: `collection size of ${total} is over the maximum collection size of ${maxSize}` };
    }
  }
  const items: Record<string, unknown>[] = [];
  const indices = new Array<number>(dimensions.length).fill(0);
  for (;;) {
    const combination: Record<string, unknown> = {};
    dimensions.forEach((dim, i) => (combination[dim.name] = dim.values[indices[i]!]));
    items.push(combination);
    let i = dimensions.length - 1;
    for (; i >= 0; i--) {
      indices[i]!++;
      if (indices[i]! < dimensions[i]!.values.length) break;
      indices[i] = 0;
    }
    if (i < 0) break;
  }
  return { ok: true, items };
}

/** `group/version/Kind/namespace/name`, upstream's identity of a collection item. */
export function identityKey(obj: ObjectLike): string {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const { group, version } = parseApiVersion(apiVersion);
  return `${group}/${version}/${kind}/${metaString(obj, 'namespace')}/${metaString(obj, 'name')}`;
}

/** The first duplicated identity, as upstream reports it (`duplicate identity: g/v/K/ns/name`). */
export function duplicateIdentity(objects: readonly ObjectLike[]): string | undefined {
  const seen = new Set<string>();
  for (const obj of objects) {
    const key = identityKey(obj);
    if (seen.has(key)) return `duplicate identity: ${key}`;
    seen.add(key);
  }
  return undefined;
}

/** The observed items that are also desired, in desired order (all observed items when either side is empty). */
export function orderedIntersection<T extends ObjectLike>(observed: readonly T[], desired: readonly ObjectLike[] | undefined): T[] {
  if (observed.length === 0 || !desired || desired.length === 0) return [...observed];
  const byKey = new Map<string, T>();
  for (const obj of observed) byKey.set(identityKey(obj), obj);
  const out: T[] = [];
  for (const obj of desired) {
    const found = byKey.get(identityKey(obj));
    if (found) out.push(found);
  }
  return out;
}

/** `namespace/name` of an object, upstream's key for matching live collection items to desired ones. */
export function namespacedName(obj: ObjectLike): string {
  return `${metaString(obj, 'namespace')}/${metaString(obj, 'name')}`;
}

export function isObjectList(value: unknown): value is JsonObject[] {
  return Array.isArray(value) && value.every(isJsonObject);
}
