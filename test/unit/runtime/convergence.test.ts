// Faster than upstream, same end state (issue 7 item 4, behavior 25): a 3-layer chain of ConfigMaps converges in
// one driver run in `converge` mode, while `upstream` mode (one pass per reconcile, as upstream kro) needs a
// reconcile per layer plus the "cluster mutated" follow-up; objects, labels and status end up identical.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clusterWith, comparable, compileYaml, condition, reconcileOnce, reconcileUntilSettled } from './helpers.js';

const CHAIN = `
schema:
  apiVersion: v1alpha1
  kind: Chain
  spec: { name: string, value: string }
  status:
    last: \${c.data.v}
resources:
  - id: a
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name}-a" }, data: { v: "\${schema.spec.value}" } }
  - id: b
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name}-b" }, data: { v: "\${a.data.v + '-b'}" } }
  - id: c
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name}-c" }, data: { v: "\${b.data.v + '-c'}" } }
`;

describe('convergence: one reconcile instead of one per layer', () => {
  test('converge mode: the chain is created in one driver run with one call per object', async () => {
    const graph = await compileYaml(CHAIN);
    const cluster = clusterWith(graph, { name: 'x', value: 'v1' });
    const outcome = await reconcileOnce(graph, cluster);
    assert.equal(outcome.requeue.kind, 'none', JSON.stringify(outcome.requeue));
    assert.equal(outcome.passes, 4, 'three passes apply a layer each; the fourth changes nothing');
    assert.equal(outcome.state, 'ACTIVE');
    assert.equal(outcome.status.state, 'ACTIVE');
    assert.equal(condition(outcome, 'ResourcesReady')?.status, 'True');
    assert.equal(outcome.status.status?.last, 'v1-b-c');
    assert.equal((cluster.find('ConfigMap', 'x-c')?.data as Record<string, string>).v, 'v1-b-c');
    assert.deepEqual(cluster.calls, { get: 3, list: 0, apply: 3, applyCalls: 3, patchParent: 1, listMembers: 1, delete: 0 });

    cluster.resetCalls();
    const again = await reconcileOnce(graph, cluster);
    assert.equal(again.passes, 1, 'steady state: one pass');
    assert.equal(again.mutated, false);
    assert.equal(again.status.changed, false, 'unchanged status is not written (37)');
    assert.deepEqual(cluster.calls, { get: 3, list: 0, apply: 3, applyCalls: 1, patchParent: 0, listMembers: 1, delete: 0 });
  });

  test('upstream mode needs a reconcile per layer and shows "cluster mutated" for one cycle (61)', async () => {
    const graph = await compileYaml(CHAIN);
    const cluster = clusterWith(graph, { name: 'x', value: 'v1' });
    const outcomes = await reconcileUntilSettled(graph, cluster, { mode: 'upstream' });
    assert.deepEqual(
      outcomes.map((o) => o.error?.message.replace(/: gvr .*$/, '')),
      ['waiting for unresolved resource', 'waiting for unresolved resource', 'cluster mutated', undefined],
    );
    assert.equal(outcomes[2]!.state, 'ACTIVE', 'state is ACTIVE while Ready is False (61)');
    assert.equal(condition(outcomes[2]!, 'ResourcesReady')?.message, 'resource reconciliation failed: cluster mutated');
    const calls = { ...cluster.calls };
    assert.deepEqual(calls, { get: 9, list: 0, apply: 9, applyCalls: 4, patchParent: 1, listMembers: 2, delete: 0 });
  });

  test('both modes end with identical objects, labels and status', async () => {
    const graph = await compileYaml(CHAIN);
    const fast = clusterWith(graph, { name: 'x', value: 'v1' });
    const slow = clusterWith(graph, { name: 'x', value: 'v1' });
    await reconcileUntilSettled(graph, fast);
    await reconcileUntilSettled(graph, slow, { mode: 'upstream' });
    assert.deepEqual(comparable(fast.objects.values()), comparable(slow.objects.values()));
    assert.deepEqual(fast.instance().status, slow.instance().status);
    assert.deepEqual(fast.instance().metadata, slow.instance().metadata);
  });

  test('a spec change cascading through the chain is applied in the same reconcile', async () => {
    const graph = await compileYaml(CHAIN);
    const cluster = clusterWith(graph, { name: 'x', value: 'v1' });
    await reconcileOnce(graph, cluster);
    cluster.parent!.spec = { name: 'x', value: 'v2' };
    const outcome = await reconcileOnce(graph, cluster);
    assert.equal((cluster.find('ConfigMap', 'x-c')?.data as Record<string, string>).v, 'v2-b-c');
    assert.equal(outcome.status.status?.last, 'v2-b-c');
    assert.equal(outcome.requeue.kind, 'none');

    const slow = clusterWith(graph, { name: 'x', value: 'v1' });
    await reconcileUntilSettled(graph, slow, { mode: 'upstream' });
    slow.parent!.spec = { name: 'x', value: 'v2' };
    const slowRuns = await reconcileUntilSettled(graph, slow, { mode: 'upstream' });
    assert.equal(slowRuns.length, 4, 'upstream applies stale values first and fixes them one layer per reconcile');
    assert.deepEqual(comparable(cluster.objects.values()), comparable(slow.objects.values()));
  });
});

describe('concurrency within a layer', () => {
  test('independent objects are read and applied together; a chain is read one layer at a time', async () => {
    const wide = await compileYaml(`
schema: { apiVersion: v1alpha1, kind: Wide, spec: { name: string } }
resources:
  - id: a
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name}-a" } }
  - id: b
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name}-b" } }
  - id: c
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name}-c" } }
`);
    const measure = async (graph: Awaited<ReturnType<typeof compileYaml>>, spec: Record<string, unknown>) => {
      const cluster = clusterWith(graph, spec);
      let inFlight = 0;
      let maxInFlight = 0;
      const get = cluster.get.bind(cluster);
      cluster.get = async (target) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return get(target);
      };
      const outcome = await reconcileOnce(graph, cluster);
      return { maxInFlight, applyCalls: cluster.calls.applyCalls, outcome };
    };
    const w = await measure(wide, { name: 'w' });
    assert.equal(w.maxInFlight, 3);
    assert.equal(w.applyCalls, 1, 'one concurrent apply batch');
    assert.equal(w.outcome.status.state, 'ACTIVE');
    const chain = await measure(await compileYaml(CHAIN), { name: 'x', value: 'v' });
    assert.equal(chain.maxInFlight, 1);
  });
});
