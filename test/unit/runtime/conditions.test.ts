// Custom conditions (C7, behavior 33; upstream instance_custom_conditions_test): author conditions own the wire,
// LTT stays while unchanged, author Ready overrides, runtime.condition reads kro's internal value, runtime
// duplicates are dropped with state ERROR, pending entries keep their previous condition, removing the block
// restores the built-ins, and state stays kro-driven.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clusterWith, compileYaml, reconcileOnce } from './helpers.js';

function rgd(conditions: string[], extraSpec = ''): string {
  return `
schema:
  apiVersion: v1alpha1
  kind: Cc
  spec: { name: string, ready: string, types: "[]string"${extraSpec} }
  status:
    conditions:
${conditions.map((c) => `      - "${c.replaceAll('"', '\\"')}"`).join('\n')}
resources:
  - id: cm
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name}" }, data: { ready: "\${schema.spec.ready}" } }
`;
}

const AVAILABLE = "${runtime.newCondition({type: 'Available', status: cm.data.ready == 'yes' ? 'True' : 'False', reason: 'Checked', message: 'cm says ' + cm.data.ready})}";
const MIRROR = "${runtime.newCondition({type: 'KroResources', status: runtime.condition(schema, 'ResourcesReady').status, reason: runtime.condition(schema, 'ResourcesReady').reason})}";
const AUTHOR_READY = "${runtime.newCondition({type: 'Ready', status: cm.data.ready == 'yes' ? 'True' : 'False', reason: 'Author'})}";

type Cond = Record<string, unknown>;

const conditionsOf = (status: Record<string, unknown> | undefined): Cond[] => (status?.conditions ?? []) as Cond[];

describe('custom conditions (behavior 33)', () => {
  test('only author conditions reach the wire; runtime.condition reads the built-ins', async () => {
    const graph = await compileYaml(rgd([AVAILABLE, MIRROR]));
    const cluster = clusterWith(graph, { name: 'c', ready: 'no', types: [] }, { generation: 2 });
    const outcome = await reconcileOnce(graph, cluster, { now: () => '2024-06-01T00:00:00Z' });
    assert.deepEqual(conditionsOf(outcome.status.status), [
      { type: 'Available', status: 'False', lastTransitionTime: '2024-06-01T00:00:00Z', reason: 'Checked', message: 'cm says no', observedGeneration: 2 },
      { type: 'KroResources', status: 'True', lastTransitionTime: '2024-06-01T00:00:00Z', reason: 'AllResourcesReady', observedGeneration: 2 },
    ]);
    assert.equal(outcome.status.status?.state, 'ACTIVE', 'state stays kro-driven while an author condition is False');
    assert.deepEqual(
      outcome.status.builtins.map((c) => c.type),
      ['InstanceManaged', 'GraphResolved', 'ResourcesReady', 'Ready'],
      'built-ins are still computed',
    );
  });

  test('lastTransitionTime is kept while unchanged and moves when the status flips', async () => {
    const graph = await compileYaml(rgd([AVAILABLE]));
    const cluster = clusterWith(graph, { name: 'c', ready: 'no', types: [] });
    await reconcileOnce(graph, cluster, { now: () => '2024-06-01T00:00:00Z' });
    let outcome = await reconcileOnce(graph, cluster, { now: () => '2024-06-02T00:00:00Z' });
    assert.equal(conditionsOf(outcome.status.status)[0]?.lastTransitionTime, '2024-06-01T00:00:00Z');
    assert.equal(outcome.status.changed, false);
    cluster.parent!.spec = { name: 'c', ready: 'yes', types: [] };
    outcome = await reconcileOnce(graph, cluster, { now: () => '2024-06-03T00:00:00Z' });
    assert.deepEqual(
      [conditionsOf(outcome.status.status)[0]?.status, conditionsOf(outcome.status.status)[0]?.lastTransitionTime, conditionsOf(outcome.status.status)[0]?.message],
      ['True', '2024-06-03T00:00:00Z', 'cm says yes'],
    );
  });

  test('an author Ready overrides kro Ready on the wire; runtime.condition still sees kro’s', async () => {
    const graph = await compileYaml(rgd([AUTHOR_READY, "${runtime.newCondition({type: 'KroReady', status: runtime.condition(schema, 'Ready').status})}"]));
    const cluster = clusterWith(graph, { name: 'c', ready: 'no', types: [] });
    const outcome = await reconcileOnce(graph, cluster);
    const conds = conditionsOf(outcome.status.status);
    assert.deepEqual(conds.map((c) => [c.type, c.status]), [['Ready', 'False'], ['KroReady', 'True']]);
    assert.equal(outcome.status.status?.state, 'ACTIVE');
  });

  test('runtime duplicates drop every copy and set state ERROR; survivors are written', async () => {
    const graph = await compileYaml(rgd([AVAILABLE, "${schema.spec.types.map(t, runtime.newCondition({type: t, status: 'True'}))}"]));
    const cluster = clusterWith(graph, { name: 'c', ready: 'yes', types: ['A', 'B', 'A'] });
    const outcome = await reconcileOnce(graph, cluster);
    assert.deepEqual(conditionsOf(outcome.status.status).map((c) => c.type), ['Available', 'B']);
    assert.equal(outcome.status.status?.state, 'ERROR');
    assert.equal(outcome.status.degraded, 'author condition evaluation degraded: duplicate condition type(s) [A] dropped');
  });

  test('a pending entry keeps its previous wire condition', async () => {
    const graph = await compileYaml(
      rgd([AVAILABLE, "${runtime.newCondition({type: 'Extra', status: schema.spec.extras.flag == 'on' ? 'True' : 'False'})}"], ', extras: "map[string]string"'),
    );
    const cluster = clusterWith(graph, { name: 'c', ready: 'yes', types: [], extras: { flag: 'on' } });
    await reconcileOnce(graph, cluster, { now: () => '2024-06-01T00:00:00Z' });
    cluster.parent!.spec = { name: 'c', ready: 'yes', types: [], extras: {} };
    const outcome = await reconcileOnce(graph, cluster, { now: () => '2024-06-02T00:00:00Z' });
    const extra = conditionsOf(outcome.status.status).find((c) => c.type === 'Extra');
    assert.deepEqual([extra?.status, extra?.lastTransitionTime], ['True', '2024-06-01T00:00:00Z']);
    assert.equal(outcome.status.status?.state, 'ACTIVE', 'pending is not degraded');
  });

  test('removing the block restores the built-ins', async () => {
    const withBlock = await compileYaml(rgd([AVAILABLE]));
    const without = await compileYaml(`
schema: { apiVersion: v1alpha1, kind: Cc, spec: { name: string, ready: string, types: "[]string" } }
resources:
  - id: cm
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name}" }, data: { ready: "\${schema.spec.ready}" } }
`);
    const cluster = clusterWith(withBlock, { name: 'c', ready: 'yes', types: [] });
    await reconcileOnce(withBlock, cluster);
    const outcome = await reconcileOnce(without, cluster);
    assert.deepEqual(conditionsOf(outcome.status.status).map((c) => c.type), ['InstanceManaged', 'GraphResolved', 'ResourcesReady', 'Ready']);
  });
});
