// The dynamic controller over fake informers: parent events through the predicate, re-registration queuing every
// instance, outcomes mapped to queue calls, child events routed to the instance that watched, watch failures
// re-queuing the instances that rely on the watch, panics counted and retried, deregistration.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject } from '../../../../src/api/index.js';
import { DynamicController, type InstanceOutcome, type InstanceRef, type InstanceWatcher } from '../../../../src/controller/dynamic/index.js';
import { KroMetrics } from '../../../../src/controller/metrics.js';
import { silentLogger } from '../../../../src/controller/logger.js';
import { KubeError } from '../../../../src/kube/index.js';
import { FakeInformerFactory, ManualClock, meta } from './fakes.js';

const APPS = { group: 'kro.run', version: 'v1alpha1', resource: 'apps' };
const CM = { group: '', version: 'v1', resource: 'configmaps' };

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

function setup(behaviour: (ref: InstanceRef, watcher: InstanceWatcher, call: number) => InstanceOutcome | Promise<InstanceOutcome>) {
  const factory = new FakeInformerFactory();
  const clock = new ManualClock();
  const metrics = new KroMetrics({ processMetrics: false });
  const calls: string[] = [];
  const controller = new DynamicController({ informers: factory.asFactory(), logger: silentLogger(), metrics, clock, workers: 2, maxRetries: 3 });
  const handler = {
    reconcile: async (ref: InstanceRef, watcher: InstanceWatcher) => {
      calls.push(ref.name);
      return behaviour(ref, watcher, calls.filter((c) => c === ref.name).length);
    },
  };
  controller.start();
  return { factory, clock, metrics, calls, controller, handler };
}

async function counter(metrics: KroMetrics, name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as { labels: Record<string, string | number>; value: number }[];
  return values.filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val)).reduce((a, v) => a + v.value, 0);
}

describe('DynamicController', () => {
  test('instances from the first list, then only updates the predicate lets through', async () => {
    const { factory, calls, controller, handler } = setup(() => ({ kind: 'done' }));
    controller.register(APPS, handler);
    const apps = factory.informers.get('apps')!;
    const one = meta('one');
    apps.sync([one, meta('two')]);
    await settle();
    assert.deepEqual([...calls].sort(), ['one', 'two']);

    const labelled = meta('one', { labels: { a: 'b' } });
    apps.update(one, labelled);
    await settle();
    assert.equal(calls.length, 2, 'a label-only update is filtered');
    apps.update(labelled, meta('one', { generation: 2 }));
    await settle();
    assert.deepEqual(calls.slice(2), ['one']);

    controller.register(APPS, handler);
    await settle();
    assert.deepEqual(calls.slice(3).sort(), ['one', 'two'], 're-registration queues every instance');
    await controller.stop();
  });

  test('requeue-after goes through the clock; retries back off and stop at the max', async () => {
    const { factory, clock, metrics, calls, controller, handler } = setup((ref) =>
      ref.name === 'later' ? { kind: 'requeue-after', delayMs: 3000, reason: 'waiting' } : { kind: 'retry', error: new Error('boom') },
    );
    controller.register(APPS, handler);
    factory.informers.get('apps')!.sync([meta('later'), meta('broken')]);
    await settle();
    assert.equal(calls.filter((c) => c === 'later').length, 1);
    clock.advance(2999);
    await settle();
    assert.equal(calls.filter((c) => c === 'later').length, 1);
    clock.advance(1);
    await settle();
    assert.equal(calls.filter((c) => c === 'later').length, 2);
    for (let i = 0; i < 10; i++) {
      clock.advance(10_000);
      await settle();
    }
    assert.equal(calls.filter((c) => c === 'broken').length, 4, 'the first try plus 3 retries');
    assert.equal(await counter(metrics, 'dynamic_controller_requeue_total', { type: 'rate_limited' }), 4);
    assert.equal(await counter(metrics, 'dynamic_controller_requeue_total', { type: 'requeue_after' }) >= 2, true);
    await controller.stop();
  });

  test('a child event reaches the instance that watched it; a failing child watch re-queues it and is reported', async () => {
    const { factory, calls, controller, handler } = setup((ref, watcher) => {
      watcher.watch({ kind: 'object', nodeId: 'cm', gvr: CM, namespace: 'ns', name: `${ref.name}-cm` });
      return { kind: 'done' };
    });
    controller.register(APPS, handler);
    factory.informers.get('apps')!.sync([meta('one'), meta('two')]);
    await settle();
    const cms = factory.informers.get('configmaps')!;
    cms.sync();
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two-cm', namespace: 'ns', resourceVersion: '5' } };
    cms.add(cm);
    await settle();
    assert.deepEqual(calls.slice(2), ['two']);

    cms.fail(new KubeError({ code: 403, reason: 'Forbidden', message: 'configmaps is forbidden' }));
    await settle();
    assert.deepEqual(calls.slice(3).sort(), ['one', 'two'], 'both rely on the failing watch');
    const problems = controller.watchProblems({ gvr: APPS, namespace: 'ns', name: 'one' });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.request.kind === 'object' && problems[0]!.request.name, 'one-cm');
    assert.match(problems[0]!.problem, /configmaps is forbidden/);
    await controller.stop();
  });

  test('a throwing handler is counted as a panic and retried; deregistering drops the kind', async () => {
    const { factory, clock, metrics, calls, controller } = setup(() => ({ kind: 'done' }));
    let throws = true;
    controller.register(APPS, {
      reconcile: (ref) => {
        calls.push(ref.name);
        if (throws) return Promise.reject(new TypeError('bug'));
        return Promise.resolve({ kind: 'done' } as InstanceOutcome);
      },
    });
    factory.informers.get('apps')!.sync([meta('one')]);
    await settle();
    assert.equal(await counter(metrics, 'dynamic_controller_reconcile_panics_total', {}), 1);
    throws = false;
    clock.advance(1000);
    await settle();
    assert.deepEqual(calls, ['one', 'one']);
    await controller.deregister(APPS);
    assert.equal(factory.informers.size, 0, 'the parent informer is released');
    controller.enqueue({ gvr: APPS, namespace: 'ns', name: 'one' });
    await settle();
    assert.equal(calls.length, 2, 'keys of a deregistered kind are dropped');
    await controller.stop();
  });
});
