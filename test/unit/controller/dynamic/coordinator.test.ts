// The watch bookkeeping of instances (N3): requests committed or rolled back per reconcile, informers ensured and
// released with their first and last request, events routed by name and by selector (old labels too), echoes of
// what a reconcile already knew suppressed, deletions always routed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GroupVersionResource, KubeObject } from '../../../../src/api/index.js';
import { WatchCoordinator, routeTargetOf } from '../../../../src/controller/dynamic/index.js';

const CM: GroupVersionResource = { group: '', version: 'v1', resource: 'configmaps' };
const SECRET: GroupVersionResource = { group: '', version: 'v1', resource: 'secrets' };

function harness() {
  const ensured: string[] = [];
  const released: string[] = [];
  const requeued: string[] = [];
  const coordinator = new WatchCoordinator({
    ensure: (g) => ensured.push(g.resource),
    release: (g) => released.push(g.resource),
    requeue: (i) => requeued.push(i),
  });
  return { coordinator, ensured, released, requeued };
}

function obj(name: string, labels: Record<string, string> = {}, namespace = 'ns', resourceVersion = '1'): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels, resourceVersion } };
}

const byName = (name: string, nodeId = 'n') => ({ kind: 'object' as const, nodeId, gvr: CM, namespace: 'ns', name });
const bySelector = (labelSelector: string, namespace?: string) => ({ kind: 'selector' as const, nodeId: 'sel', gvr: CM, labelSelector, ...(namespace ? { namespace } : {}) });

describe('WatchCoordinator', () => {
  test('routes an object event to the instances that asked for it by name', () => {
    const { coordinator } = harness();
    const a = coordinator.forInstance('A');
    a.watch(byName('x'));
    a.done(true);
    const b = coordinator.forInstance('B');
    b.watch(byName('y'));
    b.done(true);
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('x'))), ['A']);
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('y'))), ['B']);
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('z'))), []);
    assert.deepEqual(coordinator.route(routeTargetOf(SECRET, obj('x'))), [], 'another GVR');
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('x', {}, 'other'))), [], 'another namespace');
  });

  test('selector requests match new labels, old labels, and their namespace only', () => {
    const { coordinator } = harness();
    const w = coordinator.forInstance('A');
    w.watch(bySelector('team=a', 'ns'));
    w.done(true);
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('p', { team: 'a' }))), ['A']);
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('p', { team: 'b' }))), []);
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('p', { team: 'b' }), obj('p', { team: 'a' }))), ['A'], 'leaving the selector triggers');
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('p', { team: 'a' }, 'elsewhere'))), []);
    const all = coordinator.forInstance('B');
    all.watch(bySelector(''));
    all.done(true);
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('q', {}, 'anywhere'))), ['B'], 'an empty selector in all namespaces matches everything');
  });

  test('commit keeps this cycle and drops requests not repeated; rollback keeps the previous cycle', () => {
    const { coordinator, ensured, released, requeued } = harness();
    const first = coordinator.forInstance('A');
    first.watch(byName('x'));
    first.watch(byName('y'));
    first.done(true);
    assert.deepEqual(ensured, ['configmaps'], 'one informer per GVR');

    const failed = coordinator.forInstance('A');
    failed.watch(byName('z'));
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('z'))), [], 'a request catches events from the moment it is made (held until the reconcile ends)');
    failed.done(false);
    assert.deepEqual(requeued, ['A']);
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('z'))), [], 'rolled back');
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('y'))), ['A'], 'the previous set stays');

    const next = coordinator.forInstance('A');
    next.watch(byName('x'));
    next.done(true);
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('y'))), [], 'y was not repeated');
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('x'))), ['A']);
    assert.deepEqual(released, []);

    const empty = coordinator.forInstance('A');
    empty.done(true);
    assert.deepEqual(released, ['configmaps'], 'the last request releases the informer');
    assert.equal(coordinator.counts().instances, 0);
  });

  test('two nodes reading one object are two requests; one leaving keeps the other', () => {
    const { coordinator } = harness();
    const w = coordinator.forInstance('A');
    w.watch(byName('x', 'one'));
    w.watch(byName('x', 'two'));
    w.done(true);
    const again = coordinator.forInstance('A');
    again.watch(byName('x', 'two'));
    again.done(true);
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('x'))), ['A']);
    assert.equal(coordinator.counts().object, 1);
  });

  test('an event carrying the version the reconcile already saw is not routed; a new version or a deletion is', () => {
    const { coordinator } = harness();
    const w = coordinator.forInstance('A');
    w.watch(byName('x'));
    w.observed(CM, 'ns', 'x', '7');
    w.done(true);
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('x', {}, 'ns', '7'))), [], 'the echo of its own apply');
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('x', {}, 'ns', '8'))), ['A'], 'someone else changed it');
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('x', {}, 'ns', '7'), undefined, true)), ['A'], 'deletions always route');
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('x', {}, 'ns', '7'))), ['A'], 'a recreated object at a reused version routes');
  });

  test('events during a reconcile are held, and only those it did not account for queue it again', () => {
    const { coordinator, requeued } = harness();
    const first = coordinator.forInstance('A');
    first.watch(byName('x'));
    first.done(true);

    const running = coordinator.forInstance('A');
    running.watch(byName('x'));
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('x', {}, 'ns', '9'))), [], 'held while the reconcile runs');
    running.observed(CM, 'ns', 'x', '9');
    running.done(true);
    assert.deepEqual(requeued, [], 'the echo of its own apply, overtaking the response');

    const again = coordinator.forInstance('A');
    again.watch(byName('x'));
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('x', {}, 'ns', '10'))), []);
    again.observed(CM, 'ns', 'x', '9');
    again.done(true);
    assert.deepEqual(requeued, ['A'], 'a change the reconcile did not see');
    assert.deepEqual(coordinator.route(routeTargetOf(CM, obj('x', {}, 'ns', '11'))), ['A'], 'routed directly once the reconcile ended');
  });

  test('removing an instance or a whole kind drops its requests and informers', () => {
    const { coordinator, released } = harness();
    const a = coordinator.forInstance('kind1\u0000ns\u0000a');
    a.watch(byName('x'));
    a.done(true);
    const b = coordinator.forInstance('kind2\u0000ns\u0000b');
    b.watch({ kind: 'object', nodeId: 's', gvr: SECRET, namespace: 'ns', name: 's' });
    b.done(true);
    coordinator.removeInstancesWithPrefix('kind1\u0000');
    assert.deepEqual(released, ['configmaps']);
    assert.deepEqual(coordinator.instancesWatching(SECRET), ['kind2\u0000ns\u0000b']);
    coordinator.removeInstance('kind2\u0000ns\u0000b');
    assert.deepEqual(released, ['configmaps', 'secrets']);
    assert.deepEqual(coordinator.requestsOf('kind2\u0000ns\u0000b'), []);
  });
});
