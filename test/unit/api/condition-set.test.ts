import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConditionSet, formatKubeTime } from '../../../src/api/condition-set.js';
import type { Condition } from '../../../src/api/types.js';

const created = '2026-01-01T00:00:00Z';
function clock(start = '2026-01-01T00:01:00Z') {
  let t = Date.parse(start);
  return { now: () => formatKubeTime(new Date(t)), tick: (s: number) => (t += s * 1000) };
}
const options = (now: () => string) => ({
  root: 'Ready',
  dependents: ['InstanceManaged', 'GraphResolved', 'ResourcesReady'],
  prunes: ['Legacy'],
  now,
});

describe('ConditionSet', () => {
  test('initialize sets missing dependents Unknown with the creation time, root last', () => {
    const c = clock();
    const set = new ConditionSet({ generation: 1, creationTimestamp: created }, [], options(c.now));
    set.initialize();
    const list = set.list();
    assert.deepEqual(list.map((x) => x.type), ['InstanceManaged', 'GraphResolved', 'ResourcesReady', 'Ready']);
    assert.ok(list.every((x) => x.status === 'Unknown' && x.lastTransitionTime === created && x.observedGeneration === 1));
    assert.equal(set.get('Ready')?.reason, 'AwaitingReconciliation');
  });

  test('root becomes True (reason Ready, empty message) once every dependent is True', () => {
    const c = clock();
    const set = new ConditionSet({ generation: 2, creationTimestamp: created }, [], options(c.now));
    set.initialize();
    set.setTrue('InstanceManaged', 'Managed', 'ok');
    set.setTrue('GraphResolved', 'Resolved', 'ok');
    assert.equal(set.get('Ready')?.status, 'Unknown');
    set.setTrue('ResourcesReady', 'AllResourcesReady', 'all ready');
    assert.deepEqual(
      { ...set.get('Ready'), lastTransitionTime: undefined },
      { type: 'Ready', status: 'True', reason: 'Ready', message: '', observedGeneration: 2, lastTransitionTime: undefined },
    );
    assert.ok(set.isRootReady());
  });

  test('root copies the most recently transitioned False dependent', () => {
    const c = clock();
    const set = new ConditionSet({ generation: 1, creationTimestamp: created }, [], options(c.now));
    set.initialize();
    set.setFalse('GraphResolved', 'ResolutionFailed', 'first');
    c.tick(5);
    set.setFalse('ResourcesReady', 'NotReady', 'second');
    assert.equal(set.get('Ready')?.message, 'second');
    assert.equal(set.get('Ready')?.reason, 'NotReady');
  });

  test('lastTransitionTime is kept while the status is unchanged and moves when it changes', () => {
    const c = clock();
    const set = new ConditionSet({ generation: 1, creationTimestamp: created }, [], options(c.now));
    set.setFalse('ResourcesReady', 'NotReady', 'a');
    const first = set.get('ResourcesReady')!.lastTransitionTime;
    c.tick(10);
    set.setFalse('ResourcesReady', 'NotReady', 'b');
    assert.equal(set.get('ResourcesReady')!.lastTransitionTime, first);
    set.setTrue('ResourcesReady', 'AllResourcesReady', 'c');
    assert.equal(set.get('ResourcesReady')!.lastTransitionTime, '2026-01-01T00:01:10Z');
  });

  test('setting an identical condition reports no change', () => {
    const c = clock();
    const set = new ConditionSet({ generation: 1, creationTimestamp: created }, [], options(c.now));
    assert.equal(set.setTrue('GraphResolved', 'Resolved', 'x'), true);
    assert.equal(set.setTrue('GraphResolved', 'Resolved', 'x'), false);
  });

  test('prunes legacy types and stamps the current generation', () => {
    const existing: Condition[] = [
      { type: 'Legacy', status: 'True' },
      { type: 'GraphResolved', status: 'True', reason: 'Resolved', message: 'm', observedGeneration: 1, lastTransitionTime: created },
    ];
    const set = new ConditionSet({ generation: 3, creationTimestamp: created }, existing, options(clock().now));
    assert.equal(set.get('Legacy'), undefined);
    set.setTrue('GraphResolved', 'Resolved', 'm');
    assert.equal(set.get('GraphResolved')!.observedGeneration, 3);
  });

  test('a True dependent of an older generation keeps the root from turning True', () => {
    const existing: Condition[] = [
      { type: 'InstanceManaged', status: 'True', reason: 'Managed', observedGeneration: 1, lastTransitionTime: created },
    ];
    const set = new ConditionSet({ generation: 2, creationTimestamp: created }, existing, options(clock().now));
    set.setTrue('GraphResolved', 'Resolved', '');
    set.setTrue('ResourcesReady', 'AllResourcesReady', '');
    assert.equal(set.get('Ready'), undefined, 'only stale-True dependents: the root is left alone, as upstream');
  });
});
