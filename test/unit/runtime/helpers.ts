// Helpers for runtime unit tests: RGDs from small YAML fixtures compiled against the bundled built-in schemas and
// the corpus's ACK CRDs, managed instances, and the runtime's MemoryCluster as the fake cluster that plays the
// other controllers (status written later, finalizers, admission denials) and counts every call.
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { KubeObject, ResourceGraphDefinition } from '../../../src/api/index.js';
import { createOfflineSchemas } from '../../../src/cli/offline-schemas.js';
import { compileGraph, type CompiledGraph, type OfflineSchemaSource } from '../../../src/graph/index.js';
import {
  MemoryCluster,
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

/** The runtime's MemoryCluster, under the name the tests use. */
export class FakeCluster extends MemoryCluster {}

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
