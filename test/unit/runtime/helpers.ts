// Helpers for runtime unit tests: RGDs from small YAML fixtures compiled against the bundled built-in schemas,
// instances, and FakeCluster, an in-memory ClusterPort that behaves like an API server for what the driver uses
// (server-side apply keeping other managers' status, resourceVersions that change only on change, label
// selectors, finalizers keeping deleted objects terminating, UID preconditions) and counts every call.
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { KubeObject, ResourceGraphDefinition } from '../../../src/api/index.js';
import { gvkOf } from '../../../src/api/index.js';
import { createOfflineSchemas } from '../../../src/cli/offline-schemas.js';
import { compileGraph, type CompiledGraph, type OfflineSchemaSource } from '../../../src/graph/index.js';
import {
  matchesLabelSelector,
  parseSelectorString,
  type ApplyRequest,
  type ApplyResult,
  type ApplySetMetadata,
  type ClusterPort,
  type DeleteRequest,
  type DeleteResult,
  type ListRequest,
  type MemberListRequest,
  type ObjectTarget,
  type WatchRequest,
} from '../../../src/runtime/index.js';
import {
  applySetMetadata,
  applySetParentAnnotations,
  applySetParentLabels,
  applySetTooling,
  instanceApplySetId,
  instanceLabels,
  reconcileInstance,
  type ReconcileOptions,
  type ReconcileOutcome,
} from '../../../src/runtime/index.js';

let schemas: Promise<OfflineSchemaSource> | undefined;

/** The bundled Kubernetes built-in kinds plus the ACK CRDs of the shared corpus (VPCs, subnets, ...). */
export function offlineSchemas(): Promise<OfflineSchemaSource> {
  schemas ??= createOfflineSchemas({ crdPaths: [new URL('../../../../../shared/corpus/crds/ack', import.meta.url).pathname] }).then((r) => r.source);
  return schemas;
}

/** Compiles an RGD given as YAML (the `spec` only, or a whole document). */
export async function compileYaml(yaml: string, options: { omit?: boolean } = {}): Promise<CompiledGraph> {
  const doc = parse(yaml) as Record<string, unknown>;
  const rgd: ResourceGraphDefinition = (doc.kind === 'ResourceGraphDefinition'
    ? doc
    : { apiVersion: 'kro.run/v1alpha1', kind: 'ResourceGraphDefinition', metadata: { name: 'test' }, spec: doc }) as unknown as ResourceGraphDefinition;
  const result = await compileGraph(rgd, { schemas: await offlineSchemas(), features: { celOmitFunction: options.omit ?? false } });
  if (!result.ok) assert.fail(`expected a graph, got:\n${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')}`);
  return result.value;
}

export interface InstanceOptions {
  readonly name?: string;
  readonly namespace?: string | null;
  readonly uid?: string;
  readonly generation?: number;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly status?: Record<string, unknown>;
}

export function instanceOf(graph: CompiledGraph, spec: Record<string, unknown>, options: InstanceOptions = {}): KubeObject {
  const { group, version, kind } = graph.instance.gvk;
  const metadata: KubeObject['metadata'] = {
    name: options.name ?? 'demo',
    uid: options.uid ?? 'uid-demo',
    generation: options.generation ?? 1,
    creationTimestamp: '2024-01-01T00:00:00Z',
    resourceVersion: '1',
  };
  if (options.namespace !== null) metadata.namespace = options.namespace ?? 'default';
  if (options.labels) metadata.labels = options.labels;
  if (options.annotations) metadata.annotations = options.annotations;
  const obj: KubeObject = { apiVersion: group === '' ? version : `${group}/${version}`, kind, metadata, spec };
  if (options.status) obj.status = options.status;
  return obj;
}

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

/** An in-memory API server for the driver. */
export class FakeCluster implements ClusterPort {
  readonly objects = new Map<string, KubeObject>();
  readonly calls: CallCounts = { get: 0, list: 0, apply: 0, applyCalls: 0, patchParent: 0, listMembers: 0, delete: 0 };
  readonly watches: WatchRequest[] = [];
  readonly parentPatches: ApplySetMetadata[] = [];
  /** Names whose apply is refused (a webhook denial), with the message. */
  readonly denyApply = new Map<string, string>();
  /** Names whose GET fails. */
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
    assert.ok(obj, `no ${kind} ${namespace}/${name}`);
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
    assert.ok(this.parent, 'no parent');
    return structuredClone(this.parent);
  }
}

export const NOW = (): string => '2024-06-01T12:00:00Z';

/** Objects without server-generated fields, for comparing end states. */
export function comparable(objects: Iterable<KubeObject>): unknown[] {
  return [...objects]
    .map((o) => {
      const c = structuredClone(o);
      delete c.metadata.resourceVersion;
      delete c.metadata.uid;
      return c;
    })
    .sort((a, b) => `${a.kind}/${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.namespace}/${b.metadata.name}`));
}

export const KRO_VERSION = 'v0.9.3';

/** The instance as ensureManaged leaves it: kro labels, finalizer, an empty ApplySet inventory. */
export function managedInstance(graph: CompiledGraph, instance: KubeObject): KubeObject {
  const out = structuredClone(instance);
  const id = instanceApplySetId(graph, out);
  const empty = applySetMetadata(id, applySetTooling(KRO_VERSION), [], []);
  out.metadata.labels = { ...(out.metadata.labels ?? {}), ...instanceLabels(KRO_VERSION, { uid: 'rgd-uid', name: graph.name }), ...applySetParentLabels(empty) };
  out.metadata.annotations = { ...(out.metadata.annotations ?? {}), ...applySetParentAnnotations(empty) };
  out.metadata.finalizers = ['kro.run/finalizer'];
  return out;
}

/** A fake cluster holding a managed instance of `graph`. */
export function clusterWith(graph: CompiledGraph, spec: Record<string, unknown>, options: InstanceOptions = {}): FakeCluster {
  return new FakeCluster(managedInstance(graph, instanceOf(graph, spec, options)));
}

/** Runs one reconcile against the fake cluster and writes the status as the controller would. */
export async function reconcileOnce(graph: CompiledGraph, cluster: FakeCluster, options: Partial<ReconcileOptions> = {}): Promise<ReconcileOutcome> {
  const outcome = await reconcileInstance({ graph, instance: cluster.instance(), port: cluster, options: { kroVersion: KRO_VERSION, now: NOW, ...options } });
  if (outcome.status.status && outcome.status.changed && cluster.parent) cluster.parent.status = structuredClone(outcome.status.status);
  return outcome;
}

/** Reconciles until nothing is requeued (or `max` runs); returns every outcome. */
export async function reconcileUntilSettled(graph: CompiledGraph, cluster: FakeCluster, options: Partial<ReconcileOptions> = {}, max = 10): Promise<ReconcileOutcome[]> {
  const outcomes: ReconcileOutcome[] = [];
  for (let i = 0; i < max; i++) {
    const outcome = await reconcileOnce(graph, cluster, options);
    outcomes.push(outcome);
    if (outcome.requeue.kind === 'none') break;
  }
  return outcomes;
}

export function condition(outcome: ReconcileOutcome, type: string): Record<string, unknown> | undefined {
  const list = outcome.status.status?.conditions;
  return Array.isArray(list) ? (list.find((c) => (c as Record<string, unknown>).type === type) as Record<string, unknown> | undefined) : undefined;
}
