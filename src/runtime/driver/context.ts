// The driver's per-reconcile memory of the cluster: what each GET and LIST returned, updated with apply
// responses, so a later pass sees what a fresh GET would return without asking the API server again, and the
// watches registered on the way.
import type { GroupVersionResource, KubeObject } from '../../api/index.js';
import { Labels } from '../../api/index.js';
import type { CompiledGraph } from '../../graph/index.js';
import { namespacedName } from '../collection.js';
import type { InventorySets } from '../applyset/inventory.js';
import type { InstanceRun } from '../run.js';
import type { AppliedItem } from './outcome.js';
import type { ClusterPort, ListRequest, ObjectTarget, WatchRequest } from './port.js';

export type ReconcileMode = 'converge' | 'upstream';

export interface ReconcileOptions {
  /** The kro version: the kro-version label and the ApplySet tooling annotation. */
  readonly kroVersion: string;
  /**
   * `converge` (default): after applying, evaluate again with the apply results and apply what became resolvable
   * or changed, until nothing changes. `upstream`: one pass per reconcile, as upstream kro (for comparisons).
   */
  readonly mode?: ReconcileMode;
  /** `--rgd-max-collection-size`. @default 1000 */
  readonly maxCollectionSize?: number;
  /** Prune members no longer desired. `kro render` turns it off. @default true */
  readonly prune?: boolean;
  /** RFC 3339 "now" for condition transition times. @default the current time */
  readonly now?: () => string;
  /** Passes allowed in converge mode before giving up (then a requeue). @default node count + 2 */
  readonly maxPasses?: number;
}

export function targetKey(gvr: GroupVersionResource, namespace: string, name: string): string {
  return `${gvr.group}/${gvr.version}/${gvr.resource}/${namespace}/${name}`;
}

export class DriverContext {
  readonly graph: CompiledGraph;
  readonly instance: KubeObject;
  readonly port: ClusterPort;
  readonly run: InstanceRun;
  readonly options: ReconcileOptions;
  readonly applySetId: string;
  /** The instance namespace, '' for cluster-scoped instances. */
  readonly parentNamespace: string;
  /** GKs and namespaces recorded on the parent when the reconcile started (earlier reconciles' memory). */
  readonly memory: InventorySets;
  /** The parent's ApplySet labels and annotations as last written. */
  parentLabels: Record<string, string>;
  parentAnnotations: Record<string, string>;
  readonly #live = new Map<string, KubeObject | null>();
  readonly #lists = new Map<string, KubeObject[]>();
  readonly #watches = new Map<string, WatchRequest>();
  /** The last apply of each item id in this reconcile. */
  readonly lastApplied = new Map<string, AppliedItem & { readonly json: string }>();

  constructor(init: {
    graph: CompiledGraph;
    instance: KubeObject;
    port: ClusterPort;
    run: InstanceRun;
    options: ReconcileOptions;
    applySetId: string;
    memory: InventorySets;
  }) {
    this.graph = init.graph;
    this.instance = init.instance;
    this.port = init.port;
    this.run = init.run;
    this.options = init.options;
    this.applySetId = init.applySetId;
    this.memory = init.memory;
    this.parentNamespace = init.graph.instance.namespaced ? (init.instance.metadata.namespace ?? '') : '';
    this.parentLabels = { ...(init.instance.metadata.labels ?? {}) };
    this.parentAnnotations = { ...(init.instance.metadata.annotations ?? {}) };
  }

  watch(request: WatchRequest): void {
    const key = JSON.stringify(request);
    if (this.#watches.has(key)) return;
    this.#watches.set(key, request);
    this.port.watch?.(request);
  }

  get watches(): WatchRequest[] {
    return [...this.#watches.values()];
  }

  /** GET through the memo: each object is read at most once per reconcile. */
  async get(target: ObjectTarget): Promise<KubeObject | undefined> {
    const key = targetKey(target.gvr, target.namespace, target.name);
    if (this.#live.has(key)) return this.#live.get(key) ?? undefined;
    const found = await this.port.get(target);
    this.#live.set(key, found ?? null);
    return found;
  }

  /** LIST through the memo (collections and selector externalRefs). */
  async list(request: ListRequest): Promise<KubeObject[]> {
    const key = `${request.nodeId}\u0000${request.namespace ?? ''}\u0000${request.labelSelector}`;
    const memo = this.#lists.get(key);
    if (memo) return memo;
    const found = await this.port.list(request);
    this.#lists.set(key, found);
    return found;
  }

  /** Records an apply response as what a later GET or collection LIST would return. */
  recordApplied(gvr: GroupVersionResource, nodeId: string, collection: boolean, object: KubeObject): void {
    this.#live.set(targetKey(gvr, object.metadata.namespace ?? '', object.metadata.name ?? ''), object);
    if (!collection) return;
    for (const [key, items] of this.#lists) {
      if (!key.startsWith(`${nodeId}\u0000`)) continue;
      if (object.metadata.labels?.[Labels.nodeId] !== nodeId) continue;
      const name = namespacedName(object);
      const i = items.findIndex((it) => namespacedName(it) === name);
      if (i >= 0) items[i] = object;
      else items.push(object);
    }
  }
}
