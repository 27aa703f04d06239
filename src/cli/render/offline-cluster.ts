// The ClusterPort of `kro render`: an in-memory cluster holding the objects of `--observed` files, to which every
// apply is added as its desired form (laid over the observed object, as server-side apply would, so an observed
// status survives). A later resource reading an applied one therefore resolves, while what only the API server or
// another controller fills in (status, uid, resourceVersion...) stays missing unless `--observed` supplies it, and
// the runtime reports those reads as pending. Pruning and deletion never happen offline.
import { isJsonObject, jsonEqual, parseApiVersion, type JsonObject, type JsonValue, type KubeObject } from '../../api/index.js';
import { matchesLabelSelector, parseSelectorString, type ApplyRequest, type ApplyResult, type ClusterPort, type DeleteResult, type ListRequest, type ObjectTarget } from '../../runtime/index.js';

function keyOf(apiVersion: string, kind: string, namespace: string, name: string): string {
  const { group } = parseApiVersion(apiVersion);
  // Versions of one group serve the same objects, as on a real API server.
  return `${group}\u0000${kind}\u0000${namespace}\u0000${name}`;
}

/** Objects merged the way server-side apply lays a full desired object over a live one: maps merge, the rest is replaced. */
function overlay(live: JsonValue | undefined, desired: JsonValue): JsonValue {
  if (!isJsonObject(live) || !isJsonObject(desired)) return structuredClone(desired);
  const out: JsonObject = structuredClone(live);
  for (const [key, value] of Object.entries(desired)) out[key] = overlay(out[key], value);
  return out;
}

export class OfflineCluster implements ClusterPort {
  readonly #objects = new Map<string, KubeObject>();
  /** resourceVersions handed out when an apply changes an existing object (the driver compares them, K1). */
  #nextVersion = 1;

  /**
   * `observed`: live objects from `--observed` files. A namespaced object without a namespace is taken to be in
   * `defaultNamespace`, as kubectl would create it.
   */
  constructor(observed: readonly KubeObject[], private readonly defaultNamespace: string) {
    for (const obj of observed) this.#put(obj);
  }

  #namespaceOf(obj: KubeObject): string {
    return obj.metadata.namespace ?? '';
  }

  #put(obj: KubeObject): void {
    this.#objects.set(keyOf(obj.apiVersion, obj.kind, this.#namespaceOf(obj), obj.metadata.name ?? ''), obj);
  }

  #find(apiVersion: string, kind: string, namespace: string, name: string): KubeObject | undefined {
    return this.#objects.get(keyOf(apiVersion, kind, namespace, name)) ?? (namespace !== '' && namespace === this.defaultNamespace ? this.#objects.get(keyOf(apiVersion, kind, '', name)) : undefined);
  }

  get(target: ObjectTarget): Promise<KubeObject | undefined> {
    const apiVersion = target.gvk.group === '' ? target.gvk.version : `${target.gvk.group}/${target.gvk.version}`;
    const found = this.#find(apiVersion, target.gvk.kind, target.namespaced ? target.namespace : '', target.name);
    return Promise.resolve(found ? structuredClone(found) : undefined);
  }

  list(request: ListRequest): Promise<KubeObject[]> {
    const selector = parseSelectorString(request.labelSelector);
    const out = [...this.#objects.values()].filter((obj) => {
      if (obj.kind !== request.gvk.kind || parseApiVersion(obj.apiVersion).group !== request.gvk.group) return false;
      const ns = this.#namespaceOf(obj) || (request.namespaced ? this.defaultNamespace : '');
      if (request.namespaced && request.namespace !== undefined && ns !== request.namespace) return false;
      return matchesLabelSelector(selector, obj.metadata.labels);
    });
    return Promise.resolve(out.map((o) => structuredClone(o)));
  }

  apply(requests: readonly ApplyRequest[]): Promise<ApplyResult[]> {
    return Promise.resolve(
      requests.map((request): ApplyResult => {
        const desired = request.object;
        const namespace = request.namespaced ? (desired.metadata.namespace ?? this.defaultNamespace) : '';
        const live = this.#find(desired.apiVersion, desired.kind, namespace, desired.metadata.name ?? '');
        const merged = overlay(live as unknown as JsonObject | undefined, desired as unknown as JsonObject) as unknown as KubeObject;
        if (request.namespaced && merged.metadata.namespace === undefined) merged.metadata.namespace = namespace;
        // Like the API server: a write that changes an existing object gives it a new resourceVersion.
        if (live && !jsonEqual(live, merged)) merged.metadata.resourceVersion = `offline-${this.#nextVersion++}`;
        this.#put(merged);
        return { ok: true, object: structuredClone(merged) };
      }),
    );
  }

  patchApplySetParent(): Promise<void> {
    return Promise.resolve();
  }

  listApplySetMembers(): Promise<KubeObject[]> {
    return Promise.resolve([]);
  }

  delete(requests: readonly unknown[]): Promise<DeleteResult[]> {
    return Promise.resolve(requests.map((): DeleteResult => ({ ok: true, outcome: 'gone' })));
  }
}
