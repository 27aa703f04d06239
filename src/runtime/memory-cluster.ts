// MemoryCluster: a ClusterPort over objects held in memory, for `kro render` (an empty cluster: objects that
// wait for other controllers' status stay pending) and for tests that play the part of other controllers
// (`setStatus`, finalizers, admission denials). Hand-written: it only needs the few API semantics the driver
// relies on. Pure data structures, no I/O.
import { gvkOf, type KubeObject } from '../api/index.js';
import { applySetParentAnnotations, applySetParentLabels, type ApplySetMetadata } from './applyset/metadata.js';
import type {
  ApplyRequest,
  ApplyResult,
  ClusterPort,
  DeleteRequest,
  DeleteResult,
  ListRequest,
  MemberListRequest,
  ObjectTarget,
  WatchRequest,
} from './driver/port.js';
import { matchesLabelSelector, parseSelectorString } from './selector.js';

/** Built-in cluster-scoped kinds; others are namespaced unless `clusterScoped` says otherwise. */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass', 'Node']);

export interface CallCounts {
  get: number;
  list: number;
  apply: number;
  applyCalls: number;
  patchParent: number;
  listMembers: number;
  delete: number;
}

function key(group: string, kind: string, namespace: string, name: string): string {
  return `${group}/${kind}/${namespace}/${name}`;
}

/**
 * An API server in memory. Server-side apply keeps fields other managers own (status, finalizers, deletion),
 * changes resourceVersion only when the object changes, LISTs filter by label selector and sort by
 * namespace/name, deletes honor UID preconditions and finalizers. Every call is counted.
 */
export class MemoryCluster implements ClusterPort {
  readonly objects = new Map<string, KubeObject>();
  readonly calls: CallCounts = { get: 0, list: 0, apply: 0, applyCalls: 0, patchParent: 0, listMembers: 0, delete: 0 };
  readonly watches: WatchRequest[] = [];
  readonly parentPatches: ApplySetMetadata[] = [];
  /** Names whose apply is refused (to play an admission webhook), with the message. */
  readonly denyApply = new Map<string, string>();
  /** Names whose GET fails, with the message. */
  readonly failGet = new Map<string, string>();
  #rv = 100;
  #uid = 0;
  /** The instance as the cluster holds it (ApplySet parent patches land here). */
  parent: KubeObject | undefined;

  constructor(parent?: KubeObject) {
    this.parent = parent ? structuredClone(parent) : undefined;
  }

  resetCalls(): void {
    for (const k of Object.keys(this.calls) as (keyof CallCounts)[]) this.calls[k] = 0;
  }

  private nextRv(): string {
    return String(++this.#rv);
  }

  /** Creates or replaces an object as another actor would (no kro labels added). */
  put(obj: KubeObject): KubeObject {
    const gvk = gvkOf(obj);
    const stored: KubeObject = structuredClone(obj);
    stored.metadata.uid ??= `uid-${++this.#uid}`;
    stored.metadata.resourceVersion = this.nextRv();
    stored.metadata.creationTimestamp ??= '2024-01-01T00:00:00Z';
    this.objects.set(key(gvk.group, gvk.kind, obj.metadata.namespace ?? '', obj.metadata.name ?? ''), stored);
    return stored;
  }

  find(kind: string, name: string, namespace = 'default', group = ''): KubeObject | undefined {
    return this.objects.get(key(group, kind, CLUSTER_SCOPED.has(kind) ? '' : namespace, name));
  }

  /** What another controller does: writes status (resourceVersion changes). */
  setStatus(kind: string, name: string, status: Record<string, unknown>, namespace = 'default', group = ''): void {
    const obj = this.find(kind, name, namespace, group);
    if (!obj) throw new Error(`no ${kind} ${namespace}/${name}`);
    obj.status = structuredClone(status);
    obj.metadata.resourceVersion = this.nextRv();
  }

  list_(kind: string, group = ''): KubeObject[] {
    return [...this.objects.values()].filter((o) => o.kind === kind && gvkOf(o).group === group);
  }

  get(target: ObjectTarget): Promise<KubeObject | undefined> {
    this.calls.get++;
    const failure = this.failGet.get(target.name);
    if (failure !== undefined) return Promise.reject(new Error(failure));
    const found = this.objects.get(key(target.gvk.group, target.gvk.kind, target.namespace, target.name));
    return Promise.resolve(found ? structuredClone(found) : undefined);
  }

  list(request: ListRequest): Promise<KubeObject[]> {
    this.calls.list++;
    const requirements = parseSelectorString(request.labelSelector);
    const out = [...this.objects.values()]
      .filter((o) => o.kind === request.gvk.kind && gvkOf(o).group === request.gvk.group)
      .filter((o) => request.namespace === undefined || o.metadata.namespace === request.namespace)
      .filter((o) => matchesLabelSelector(requirements, o.metadata.labels))
      .sort((a, b) => `${a.metadata.namespace ?? ''}/${a.metadata.name ?? ''}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`));
    return Promise.resolve(out.map((o) => structuredClone(o)));
  }

  apply(requests: readonly ApplyRequest[]): Promise<ApplyResult[]> {
    this.calls.applyCalls++;
    this.calls.apply += requests.length;
    return Promise.resolve(requests.map((r) => this.applyOne(r.object)));
  }

  private applyOne(object: KubeObject): ApplyResult {
    const denied = this.denyApply.get(object.metadata.name ?? '');
    if (denied !== undefined) return { ok: false, error: denied };
    const gvk = gvkOf(object);
    const k = key(gvk.group, gvk.kind, object.metadata.namespace ?? '', object.metadata.name ?? '');
    const existing = this.objects.get(k);
    const next: KubeObject = structuredClone(object);
    if (existing) {
      next.metadata.uid = existing.metadata.uid;
      next.metadata.creationTimestamp = existing.metadata.creationTimestamp;
      next.metadata.resourceVersion = existing.metadata.resourceVersion;
      if (existing.metadata.finalizers) next.metadata.finalizers = existing.metadata.finalizers;
      if (existing.metadata.deletionTimestamp) next.metadata.deletionTimestamp = existing.metadata.deletionTimestamp;
      if (existing.status !== undefined) next.status = existing.status;
      if (JSON.stringify(next) === JSON.stringify(existing)) return { ok: true, object: structuredClone(existing) };
      next.metadata.resourceVersion = this.nextRv();
    } else {
      next.metadata.uid = `uid-${++this.#uid}`;
      next.metadata.creationTimestamp = '2024-01-01T00:00:00Z';
      next.metadata.resourceVersion = this.nextRv();
    }
    this.objects.set(k, next);
    return { ok: true, object: structuredClone(next) };
  }

  patchApplySetParent(metadata: ApplySetMetadata): Promise<void> {
    this.calls.patchParent++;
    this.parentPatches.push(metadata);
    if (this.parent) {
      this.parent.metadata.labels = { ...(this.parent.metadata.labels ?? {}), ...applySetParentLabels(metadata) };
      this.parent.metadata.annotations = { ...(this.parent.metadata.annotations ?? {}), ...applySetParentAnnotations(metadata) };
    }
    return Promise.resolve();
  }

  listApplySetMembers(request: MemberListRequest): Promise<KubeObject[]> {
    this.calls.listMembers++;
    const requirements = parseSelectorString(request.labelSelector);
    const clusterScoped = CLUSTER_SCOPED.has(request.groupKind.kind);
    const out = [...this.objects.values()]
      .filter((o) => o.kind === request.groupKind.kind && gvkOf(o).group === request.groupKind.group)
      .filter((o) => clusterScoped || request.namespaces.includes(o.metadata.namespace ?? ''))
      .filter((o) => matchesLabelSelector(requirements, o.metadata.labels));
    return Promise.resolve(out.map((o) => structuredClone(o)));
  }

  delete(requests: readonly DeleteRequest[]): Promise<DeleteResult[]> {
    this.calls.delete += requests.length;
    return Promise.resolve(
      requests.map((r): DeleteResult => {
        const gvk = gvkOf(r.object);
        const k = key(gvk.group, gvk.kind, r.object.metadata.namespace ?? '', r.object.metadata.name ?? '');
        const existing = this.objects.get(k);
        if (!existing) return { ok: true, outcome: 'gone' };
        if (existing.metadata.uid !== r.object.metadata.uid) return { ok: false, outcome: 'conflict' };
        if (existing.metadata.finalizers && existing.metadata.finalizers.length > 0) {
          existing.metadata.deletionTimestamp ??= '2024-01-02T00:00:00Z';
          return { ok: true, outcome: 'deleted' };
        }
        this.objects.delete(k);
        return { ok: true, outcome: 'deleted' };
      }),
    );
  }

  watch(request: WatchRequest): void {
    this.watches.push(request);
  }

  /** Deletes an object outright, as another actor would. */
  remove(kind: string, name: string, namespace = 'default', group = ''): void {
    this.objects.delete(key(group, kind, CLUSTER_SCOPED.has(kind) ? '' : namespace, name));
  }

  /** Removes finalizers, letting terminating objects go. */
  release(kind: string, name: string, namespace = 'default', group = ''): void {
    const k = key(group, kind, CLUSTER_SCOPED.has(kind) ? '' : namespace, name);
    const obj = this.objects.get(k);
    if (obj?.metadata.deletionTimestamp) this.objects.delete(k);
    else if (obj) delete obj.metadata.finalizers;
  }

  /** The instance with the parent's current labels/annotations (what the next reconcile loads). */
  instance(): KubeObject {
    if (!this.parent) throw new Error('no parent');
    return structuredClone(this.parent);
  }
}

