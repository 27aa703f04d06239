// The informer's cache: objects keyed by namespace/name, optional secondary indexes (e.g. by owner UID or a
// kro label), and the diff a relist needs. Every mutation returns the deltas to hand to event handlers, so
// the informer turns a relist after 410 Gone into synthesized adds, updates and deletes. Pure, no I/O.
import type { KubeObject } from '../api/index.js';

export type StoreDelta =
  | { readonly type: 'add'; readonly object: KubeObject }
  | { readonly type: 'update'; readonly old: KubeObject; readonly object: KubeObject }
  | { readonly type: 'delete'; readonly object: KubeObject };

/** `namespace/name`, or `name` for cluster-scoped objects (client-go's MetaNamespaceKeyFunc). */
export function objectKey(obj: Pick<KubeObject, 'metadata'>): string {
  const { namespace, name } = obj.metadata;
  return namespace ? `${namespace}/${name ?? ''}` : (name ?? '');
}

export type IndexFunc = (obj: KubeObject) => readonly string[];

export class ObjectStore {
  private readonly items = new Map<string, KubeObject>();
  private readonly indexers = new Map<string, IndexFunc>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();

  get size(): number {
    return this.items.size;
  }

  getByKey(key: string): KubeObject | undefined {
    return this.items.get(key);
  }

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }

  /** All objects, or those of one namespace. */
  list(namespace?: string): KubeObject[] {
    const all = [...this.items.values()];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  /** Adds a named index; existing objects are indexed at once. */
  addIndex(name: string, fn: IndexFunc): void {
    if (this.indexers.has(name)) throw new Error(`index ${name} already exists`);
    this.indexers.set(name, fn);
    this.indexes.set(name, new Map());
    for (const [key, obj] of this.items) this.indexOne(name, fn, key, obj);
  }

  /** Objects whose index function returned `value`. */
  byIndex(name: string, value: string): KubeObject[] {
    const index = this.indexes.get(name);
    if (!index) throw new Error(`no index ${name}`);
    return [...(index.get(value) ?? [])].map((k) => this.items.get(k)).filter((o): o is KubeObject => o !== undefined);
  }

  upsert(obj: KubeObject): StoreDelta {
    const key = objectKey(obj);
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    this.items.set(key, obj);
    this.index(key, obj);
    return old ? { type: 'update', old, object: obj } : { type: 'add', object: obj };
  }

  /** Removes the object; the delta carries the last state the store knew when there was one. */
  remove(obj: KubeObject): StoreDelta {
    const key = objectKey(obj);
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    this.items.delete(key);
    return { type: 'delete', object: old ?? obj };
  }

  /**
   * Makes the store equal to a fresh list. Returns adds for new keys, updates for objects whose
   * resourceVersion changed (unchanged ones are not reported) and deletes for keys that vanished.
   */
  replace(objects: readonly KubeObject[]): StoreDelta[] {
    const deltas: StoreDelta[] = [];
    const seen = new Set<string>();
    for (const obj of objects) {
      const key = objectKey(obj);
      seen.add(key);
      const old = this.items.get(key);
      if (old && old.metadata.resourceVersion === obj.metadata.resourceVersion && old.metadata.uid === obj.metadata.uid) continue;
      if (old && old.metadata.uid !== obj.metadata.uid) {
        // Same name, new object: the old one was deleted while we were not watching.
        deltas.push(this.remove(old));
      }
      deltas.push(this.upsert(obj));
    }
    for (const [key, old] of [...this.items]) if (!seen.has(key)) deltas.push(this.remove(old));
    return deltas;
  }

  private index(key: string, obj: KubeObject): void {
    for (const [name, fn] of this.indexers) this.indexOne(name, fn, key, obj);
  }

  private indexOne(name: string, fn: IndexFunc, key: string, obj: KubeObject): void {
    const index = this.indexes.get(name);
    if (!index) return;
    for (const value of fn(obj)) {
      let keys = index.get(value);
      if (!keys) index.set(value, (keys = new Set()));
      keys.add(key);
    }
  }

  private unindex(key: string, obj: KubeObject): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indexes.get(name);
      for (const value of fn(obj)) {
        const keys = index?.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index?.delete(value);
      }
    }
  }
}
