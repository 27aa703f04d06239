// Status projection (C5-C6, behaviors 18, 34, 37) and kro's built-in conditions (I3-I5): soft resolve, fields
// vanishing with skipped resources, list projection, the early-exit statuses, canonical comparison.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  computeGraphResolutionFailureStatus,
  computeSuspendedStatus,
  instanceApplySetId,
  inventoryHash,
  isReconcileSuspended,
  managedPatch,
  sameStatus,
} from '../../../src/runtime/index.js';
import { NOW, clusterWith, compileYaml, condition, instanceOf, reconcileOnce } from './helpers.js';

const STATUS = `
schema:
  apiVersion: v1alpha1
  kind: St
  spec: { name: string, extra: boolean }
  status:
    endpoint: "\${schema.spec.name}-in-\${cm.metadata.namespace}"
    fromSchema: \${schema.spec.name}
    extraName: \${extra.metadata.name}
    names: ["\${cm.metadata.name}", "\${schema.spec.name}"]
    nested:
      list: ["\${cm.data.k}"]
resources:
  - id: cm
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name}" }, data: { k: v } }
  - id: extra
    includeWhen: ["\${schema.spec.extra}"]
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name}-extra" } }
`;

describe('status projection', () => {
  test('string templates, schema-only fields, lists (top-level and nested)', async () => {
    const graph = await compileYaml(STATUS);
    const cluster = clusterWith(graph, { name: 'a', extra: true }, { namespace: 'ns1' });
    const outcome = await reconcileOnce(graph, cluster);
    const status = outcome.status.status!;
    assert.equal(status.endpoint, 'a-in-ns1');
    assert.equal(status.fromSchema, 'a');
    assert.equal(status.extraName, 'a-extra');
    assert.deepEqual(status.names, ['a', 'a']);
    assert.deepEqual(status.nested, { list: ['v'] });
    assert.equal(status.state, 'ACTIVE');
  });

  test('fields whose resource is skipped disappear; the status is rebuilt from scratch (28)', async () => {
    const graph = await compileYaml(STATUS);
    const cluster = clusterWith(graph, { name: 'a', extra: true });
    await reconcileOnce(graph, cluster);
    cluster.parent!.spec = { name: 'a', extra: false };
    const outcome = await reconcileOnce(graph, cluster);
    assert.equal(outcome.status.status?.extraName, undefined);
    assert.equal(outcome.status.changed, true);
    assert.equal(outcome.status.status?.fromSchema, 'a');
  });

  test('built-in conditions carry upstream reasons, messages, observedGeneration and transition times (I3, I4)', async () => {
    const graph = await compileYaml(STATUS);
    const cluster = clusterWith(graph, { name: 'a', extra: false }, { generation: 3 });
    const outcome = await reconcileOnce(graph, cluster);
    assert.deepEqual(outcome.status.status?.conditions, [
      { type: 'InstanceManaged', status: 'True', lastTransitionTime: NOW(), reason: 'Managed', message: 'instance is properly managed with finalizers and labels', observedGeneration: 3 },
      { type: 'GraphResolved', status: 'True', lastTransitionTime: NOW(), reason: 'Resolved', message: 'runtime graph created and all resources resolved', observedGeneration: 3 },
      { type: 'ResourcesReady', status: 'True', lastTransitionTime: NOW(), reason: 'AllResourcesReady', message: 'all resources are created and ready', observedGeneration: 3 },
      { type: 'Ready', status: 'True', lastTransitionTime: NOW(), reason: 'Ready', message: '', observedGeneration: 3 },
    ]);
  });

  test('statuses compare as canonical JSON: key order and 3 vs 3.0 do not matter (18, 37)', () => {
    assert.equal(sameStatus({ b: 1, a: { y: 3, x: [1, 2] } }, { a: { x: [1, 2], y: 3.0 }, b: 1 }), true);
    assert.equal(sameStatus(undefined, {}), false);
    assert.equal(sameStatus({ a: [1, 2] }, { a: [2, 1] }), false);
  });
});

describe('early exits', () => {
  test('suspended: state ACTIVE, Ready False ReconciliationSuspended, only schema-backed fields (34)', async () => {
    const graph = await compileYaml(STATUS);
    const instance = instanceOf(graph, { name: 'a', extra: false }, { annotations: { 'kro.run/reconcile': 'Suspended' } });
    const result = computeSuspendedStatus(graph, instance, NOW);
    assert.equal(result.state, 'ACTIVE');
    assert.equal(result.status?.fromSchema, 'a');
    assert.equal(result.status?.endpoint, undefined);
    const rr = (result.status?.conditions as Record<string, unknown>[]).find((c) => c.type === 'ResourcesReady');
    assert.equal(rr?.reason, 'ReconciliationSuspended');
    assert.equal(rr?.message, 'reconciliation suspended via kro.run/reconcile annotation');
    const ready = (result.status?.conditions as Record<string, unknown>[]).find((c) => c.type === 'Ready');
    assert.equal(ready?.status, 'False');
  });

  test('graph revision not resolvable: state ERROR, GraphResolved False, other fields kept (35)', async () => {
    const graph = await compileYaml(STATUS);
    const instance = instanceOf(graph, { name: 'a' }, { status: { fromSchema: 'kept', state: 'ACTIVE' } });
    const result = computeGraphResolutionFailureStatus(instance, 'latest issued graph revision 2 is pending', false, NOW);
    assert.equal(result.status?.state, 'ERROR');
    assert.equal(result.status?.fromSchema, 'kept');
    const gr = (result.status?.conditions as Record<string, unknown>[]).find((c) => c.type === 'GraphResolved');
    assert.deepEqual([gr?.status, gr?.reason, gr?.message], ['False', 'ResolutionFailed', 'latest issued graph revision 2 is pending']);
    const withAuthor = computeGraphResolutionFailureStatus(instance, 'x', true, NOW);
    assert.equal(withAuthor.status?.conditions, undefined, 'author-owned conditions are left alone');
  });
});

describe('collections in status and templates (H7)', () => {
  test('sizes and maps over collections project; an empty collection is visible to dependents', async () => {
    const graph = await compileYaml(`
schema:
  apiVersion: v1alpha1
  kind: Cs
  spec: { names: "[]string" }
  status:
    count: \${size(cms)}
    names: \${cms.map(c, c.metadata.name)}
resources:
  - id: cms
    forEach: [{ n: "\${schema.spec.names}" }]
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${n}" } }
  - id: summary
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: summary }, data: { count: "\${string(size(cms))}" } }
`);
    const cluster = clusterWith(graph, { names: ['x', 'y'] });
    let outcome = await reconcileOnce(graph, cluster);
    assert.equal(outcome.status.status?.count, 2);
    assert.deepEqual(outcome.status.status?.names, ['x', 'y']);
    assert.equal((cluster.find('ConfigMap', 'summary')?.data as Record<string, string>).count, '2');
    cluster.parent!.spec = { names: [] };
    outcome = await reconcileOnce(graph, cluster);
    assert.equal(outcome.status.status?.count, 2, 'leftovers stay observed until pruned (31)');
    assert.equal(cluster.find('ConfigMap', 'x'), undefined, 'pruned');
    assert.equal(outcome.requeue.kind, 'after-interval', 'dependents saw the leftovers: one more reconcile');
    outcome = await reconcileOnce(graph, cluster);
    assert.equal(outcome.requeue.kind, 'none');
    assert.equal(outcome.status.status?.count, 0);
    assert.equal((cluster.find('ConfigMap', 'summary')?.data as Record<string, string>).count, '0');
    assert.equal(cluster.find('ConfigMap', 'x'), undefined);
    assert.equal(condition(outcome, 'Ready')?.status, 'True');
  });
});

describe('ensureManaged and suspension (3.1 steps 6, 8)', () => {
  test('the labeller patch: finalizer, kro labels, and an empty inventory only when none exists', async () => {
    const graph = await compileYaml(STATUS);
    const fresh = instanceOf(graph, { name: 'a' }, { name: 'inst', namespace: 'ns' });
    const first = managedPatch(graph, fresh, 'v0.9.3', { uid: 'rgd-1', name: 'st' });
    assert.equal(first.needed, true);
    const id = instanceApplySetId(graph, fresh);
    assert.deepEqual(first.patch?.metadata, {
      name: 'inst',
      namespace: 'ns',
      finalizers: ['kro.run/finalizer'],
      labels: {
        'kro.run/owned': 'true',
        'kro.run/kro-version': 'v0.9.3',
        'kro.run/resource-graph-definition-id': 'rgd-1',
        'kro.run/resource-graph-definition-name': 'st',
        'applyset.kubernetes.io/id': id,
      },
      annotations: {
        'applyset.kubernetes.io/tooling': 'kro/v0.9.3',
        'applyset.kubernetes.io/contains-group-kinds': '',
        'applyset.kubernetes.io/additional-namespaces': '',
        'internal.kro.run/applyset-inventory-hash': inventoryHash(id, [], []),
      },
    });
    assert.ok(first.patch);
    const managed = { ...fresh, metadata: { ...fresh.metadata, ...first.patch.metadata } };
    assert.deepEqual(managedPatch(graph, managed, 'v0.9.3', { uid: 'rgd-1', name: 'st' }), { needed: false });
    const upgraded = managedPatch(graph, managed, 'v0.9.4', { uid: 'rgd-1', name: 'st' });
    assert.equal(upgraded.patch?.metadata.annotations, undefined, 'an existing inventory is left to the ApplySet writer');
    const tampered = { ...managed, metadata: { ...managed.metadata, finalizers: [], annotations: { ...managed.metadata.annotations, 'applyset.kubernetes.io/tooling': 'helm/v3' } } };
    assert.match(managedPatch(graph, tampered, 'v0.9.3', { uid: 'rgd-1', name: 'st' }).error ?? '', /^validate inventory: invalid applyset\.kubernetes\.io\/tooling annotation/);
  });

  test('kro.run/reconcile suspends in any case', async () => {
    const graph = await compileYaml(STATUS);
    for (const [value, want] of [['suspended', true], ['Disabled', true], ['enabled', false]] as const) {
      assert.equal(isReconcileSuspended(instanceOf(graph, {}, { annotations: { 'kro.run/reconcile': value } })), want);
    }
    assert.equal(isReconcileSuspended(instanceOf(graph, {})), false);
  });
});
