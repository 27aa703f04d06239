// Pruning and the ApplySet inventory (K3-K4, behaviors 42-44): superset before apply, shrink after a clean
// prune; includeWhen flips, removed nodes and shrunk collections are pruned, in reverse topological order with
// unknown node ids first; other instances' objects never are; UID conflicts keep the superset.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DeleteRequest, DeleteResult } from '../../../src/runtime/index.js';
import { clusterWith, compileYaml, reconcileOnce, type FakeCluster } from './helpers.js';

const GATED = `
schema: { apiVersion: v1alpha1, kind: Gated, spec: { name: string, withSecret: boolean } }
resources:
  - id: cm
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name}-cm" }, data: { k: v } }
  - id: secret
    includeWhen: ["\${schema.spec.withSecret}"]
    template: { apiVersion: v1, kind: Secret, metadata: { name: "\${schema.spec.name}-secret" }, stringData: { k: "\${cm.data.k}" } }
  - id: sa
    template: { apiVersion: v1, kind: ServiceAccount, metadata: { name: "\${secret.metadata.name}-sa" } }
`;

function recordDeletes(cluster: FakeCluster): string[] {
  const order: string[] = [];
  const original = cluster.delete.bind(cluster);
  cluster.delete = (requests: readonly DeleteRequest[]): Promise<DeleteResult[]> => {
    order.push(requests.map((r: DeleteRequest) => `${r.object.kind}/${r.object.metadata.name}`).join('+'));
    return original(requests);
  };
  return order;
}

const gks = (cluster: FakeCluster) => cluster.instance().metadata.annotations?.['applyset.kubernetes.io/contains-group-kinds'];

describe('includeWhen flips (H1, contagious skipping)', () => {
  test('skipped nodes and their dependents are pruned, the inventory shrinks; flipping back recreates them', async () => {
    const graph = await compileYaml(GATED);
    const cluster = clusterWith(graph, { name: 'g', withSecret: true });
    await reconcileOnce(graph, cluster);
    assert.ok(cluster.find('Secret', 'g-secret'));
    assert.ok(cluster.find('ServiceAccount', 'g-secret-sa'));
    assert.equal(gks(cluster), 'ConfigMap,Secret,ServiceAccount');

    cluster.parent!.spec = { name: 'g', withSecret: false };
    const deletes = recordDeletes(cluster);
    let outcome = await reconcileOnce(graph, cluster);
    assert.equal(outcome.nodes.get('secret')?.status.state, 'SKIPPED');
    assert.equal(outcome.nodes.get('sa')?.status.state, 'SKIPPED', 'contagious');
    assert.equal(outcome.status.state, 'ACTIVE');
    assert.equal(cluster.find('Secret', 'g-secret'), undefined);
    assert.equal(cluster.find('ServiceAccount', 'g-secret-sa'), undefined);
    assert.deepEqual(deletes, ['ServiceAccount/g-secret-sa', 'Secret/g-secret'], 'reverse topological order');
    assert.equal(gks(cluster), 'ConfigMap');

    cluster.parent!.spec = { name: 'g', withSecret: true };
    outcome = await reconcileOnce(graph, cluster);
    assert.ok(cluster.find('ServiceAccount', 'g-secret-sa'));
    assert.equal(outcome.status.state, 'ACTIVE');
    assert.equal(gks(cluster), 'ConfigMap,Secret,ServiceAccount');
  });

  test('the superset is written before apply, the shrink after prune', async () => {
    const graph = await compileYaml(GATED);
    const cluster = clusterWith(graph, { name: 'g', withSecret: true });
    await reconcileOnce(graph, cluster);
    cluster.parent!.spec = { name: 'g', withSecret: false };
    cluster.parentPatches.length = 0;
    await reconcileOnce(graph, cluster);
    assert.deepEqual(
      cluster.parentPatches.map((p) => p.groupKinds.map((g) => g.kind).join(',')),
      ['ConfigMap'],
      'the recorded superset already covered this batch; only the shrink is written',
    );
  });
});

describe('pruning removed and shrunk resources', () => {
  test('a resource removed from the RGD is pruned first (unknown node id), even while another is not ready', async () => {
    const before = await compileYaml(`
schema: { apiVersion: v1alpha1, kind: Rm, spec: { name: string } }
resources:
  - id: keep
    readyWhen: ["\${keep.data.ready == 'yes'}"]
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name}-keep" }, data: { ready: "no" } }
  - id: gone
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name}-gone" } }
`);
    const after = await compileYaml(`
schema: { apiVersion: v1alpha1, kind: Rm, spec: { name: string } }
resources:
  - id: keep
    readyWhen: ["\${keep.data.ready == 'yes'}"]
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name}-keep" }, data: { ready: "no" } }
`);
    const cluster = clusterWith(before, { name: 'r' });
    await reconcileOnce(before, cluster);
    assert.ok(cluster.find('ConfigMap', 'r-gone'));
    const outcome = await reconcileOnce(after, cluster);
    assert.equal(outcome.nodes.get('keep')?.status.state, 'WAITING_FOR_READINESS');
    assert.equal(cluster.find('ConfigMap', 'r-gone'), undefined);
    assert.deepEqual(outcome.prune.pruned.map((o) => o.metadata.name), ['r-gone']);
  });

  test('a shrinking collection prunes its extra items; item labels are exact', async () => {
    const graph = await compileYaml(`
schema: { apiVersion: v1alpha1, kind: Coll, spec: { name: string, names: "[]string" } }
resources:
  - id: cms
    forEach: [{ n: "\${schema.spec.names}" }]
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name + '-' + n}" } }
`);
    const cluster = clusterWith(graph, { name: 'c', names: ['a', 'b', 'c'] }, { uid: 'inst-1' });
    let outcome = await reconcileOnce(graph, cluster);
    const b = cluster.find('ConfigMap', 'c-b')!;
    assert.deepEqual(b.metadata.labels, {
      'applyset.kubernetes.io/part-of': outcome.applySet.id,
      'app.kubernetes.io/managed-by': 'kro',
      'kro.run/collection-index': '1',
      'kro.run/collection-size': '3',
      'kro.run/instance-group': 'kro.run',
      'kro.run/instance-id': 'inst-1',
      'kro.run/instance-kind': 'Coll',
      'kro.run/instance-name': 'demo',
      'kro.run/instance-namespace': 'default',
      'kro.run/instance-version': 'v1alpha1',
      'kro.run/kro-version': 'v0.9.3',
      'kro.run/node-id': 'cms',
      'kro.run/owned': 'true',
    });
    assert.deepEqual(b.metadata.annotations, { 'internal.kro.run/apply-order': '1' });
    cluster.parent!.spec = { name: 'c', names: ['a'] };
    outcome = await reconcileOnce(graph, cluster);
    assert.deepEqual(cluster.list_('ConfigMap').map((o) => o.metadata.name), ['c-a']);
    assert.equal(cluster.find('ConfigMap', 'c-a')?.metadata.labels?.['kro.run/collection-size'], '1');
    assert.equal(outcome.status.state, 'ACTIVE');
  });

  test("another instance's objects are never pruned", async () => {
    const graph = await compileYaml(GATED);
    const mine = clusterWith(graph, { name: 'm', withSecret: false }, { name: 'mine' });
    const theirs = clusterWith(graph, { name: 't', withSecret: true }, { name: 'theirs' });
    await reconcileOnce(graph, theirs);
    for (const obj of theirs.objects.values()) mine.put(obj);
    const outcome = await reconcileOnce(graph, mine);
    assert.equal(outcome.prune.pruned.length, 0);
    assert.ok(mine.find('Secret', 't-secret'));
  });

  test('a UID conflict keeps the superset inventory and requeues', async () => {
    const graph = await compileYaml(GATED);
    const cluster = clusterWith(graph, { name: 'g', withSecret: true });
    await reconcileOnce(graph, cluster);
    cluster.parent!.spec = { name: 'g', withSecret: false };
    cluster.delete = (requests: readonly DeleteRequest[]) => Promise.resolve(requests.map((): DeleteResult => ({ ok: false, outcome: 'conflict' })));
    const outcome = await reconcileOnce(graph, cluster);
    assert.equal(outcome.prune.conflicts, true);
    assert.equal(outcome.error?.message, 'prune encountered UID conflicts; retrying');
    assert.equal(outcome.requeue.kind, 'after-interval');
    assert.equal(gks(cluster), 'ConfigMap,Secret,ServiceAccount');
  });
});
