// Topological order with declaration-order tie-breaking (behavior 1), apply-order waves (behavior 3), cycles
// reported the same way every time (F7).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyOrderWaves, findCycle, reverseTopologicalLayers, topologicalSort, type DagVertex } from '../../../src/graph/index.js';

function graph(spec: Record<string, string[]>): DagVertex[] {
  return Object.entries(spec).map(([id, dependsOn], index) => ({ id, index, dependsOn }));
}

describe('topologicalSort', () => {
  test("behavior 1: include_when_test's expected order", () => {
    // Declared deploymentA, deploymentB, serviceAccountA, serviceAccountB, serviceA, serviceB; edges as upstream's test.
    const r = topologicalSort(
      graph({
        deploymentA: [],
        deploymentB: ['serviceAccountA'],
        serviceAccountA: [],
        serviceAccountB: ['serviceA'],
        serviceA: ['deploymentA'],
        serviceB: ['deploymentB', 'deploymentA'],
      }),
    );
    assert.deepEqual(r.ok && r.order, ['deploymentA', 'serviceAccountA', 'deploymentB', 'serviceA', 'serviceAccountB', 'serviceB']);
  });

  test('independent nodes keep declaration order', () => {
    const r = topologicalSort(graph({ c: [], a: [], b: [] }));
    assert.deepEqual(r.ok && r.order, ['c', 'a', 'b']);
  });

  test('a dependency declared later still comes first', () => {
    const r = topologicalSort(graph({ app: ['config'], other: [], config: [] }));
    assert.deepEqual(r.ok && r.order, ['other', 'config', 'app']);
  });

  test('a cycle is reported with its path', () => {
    const r = topologicalSort(graph({ a: ['b'], b: ['c'], c: ['a'], d: [] }));
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.cycle, ['a', 'b', 'c', 'a']);
  });
});

describe('apply-order waves (reverse topological layers)', () => {
  test('behavior 3: extcm -> managedcm gives managedcm wave 2', () => {
    const waves = applyOrderWaves(graph({ extcm: [], managedcm: ['extcm'] }));
    assert.deepEqual(Object.fromEntries(waves!), { extcm: 1, managedcm: 2 });
  });

  test('layers, not positions: leaves share the highest wave', () => {
    const vertices = graph({ vpc: [], subnetA: ['vpc'], subnetB: ['vpc'], cluster: ['subnetA', 'subnetB'], lonely: [] });
    assert.deepEqual(reverseTopologicalLayers(vertices), [['cluster', 'lonely'], ['subnetA', 'subnetB'], ['vpc']]);
    assert.deepEqual(Object.fromEntries(applyOrderWaves(vertices)!), { vpc: 1, subnetA: 2, subnetB: 2, cluster: 3, lonely: 3 });
  });

  test('no waves for a cyclic graph', () => {
    assert.equal(applyOrderWaves(graph({ a: ['b'], b: ['a'] })), undefined);
  });
});

describe('findCycle', () => {
  test('acyclic graphs have none', () => {
    assert.equal(findCycle(graph({ a: [], b: ['a'] })), undefined);
  });

  test('the same cycle whatever the declaration order', () => {
    const one = findCycle(graph({ x: ['y'], y: ['x'], a: ['b'], b: ['a'] }));
    const two = findCycle(graph({ b: ['a'], a: ['b'], y: ['x'], x: ['y'] }));
    assert.deepEqual(one, ['a', 'b', 'a']);
    assert.deepEqual(two, one);
  });
});
