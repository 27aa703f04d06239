// The outcome switch (N4) and the parent-update predicate (behavior 38), as tables.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ObjectMeta } from '../../../../src/api/index.js';
import {
  commitsWatches,
  isReconcileError,
  parentUpdateTriggers,
  parseInstanceKey,
  instanceKey,
  requeueType,
  toReconcileResult,
  type InstanceOutcome,
} from '../../../../src/controller/dynamic/index.js';
import { TerminalError } from '../../../../src/controller/queue/index.js';
import { KubeError } from '../../../../src/kube/index.js';

const notFound = new KubeError({ code: 404, reason: 'NotFound', message: 'gone' });
const boom = new Error('boom');

describe('outcome mapping', () => {
  const cases: { name: string; outcome: InstanceOutcome; result?: object; throws?: unknown; type?: string; commits: boolean; error: boolean }[] = [
    { name: 'done', outcome: { kind: 'done' }, result: {}, commits: true, error: false },
    { name: 'gone', outcome: { kind: 'gone' }, result: {}, commits: true, error: false },
    { name: 'requeue', outcome: { kind: 'requeue', reason: 'r' }, result: { requeue: true }, type: 'requeue', commits: true, error: false },
    { name: 'requeue after', outcome: { kind: 'requeue-after', delayMs: 3000, reason: 'r' }, result: { requeueAfterMs: 3000 }, type: 'requeue_after', commits: true, error: false },
    { name: 'requeue after 0', outcome: { kind: 'requeue-after', delayMs: 0, reason: 'r' }, result: {}, type: 'requeue_after', commits: true, error: false },
    { name: 'no requeue', outcome: { kind: 'no-requeue', reason: 'failed' }, throws: TerminalError, type: 'no_requeue', commits: false, error: true },
    { name: 'plain error', outcome: { kind: 'retry', error: boom }, throws: boom, type: 'rate_limited', commits: false, error: true },
    { name: 'not found', outcome: { kind: 'retry', error: notFound }, throws: notFound, commits: false, error: false },
  ];
  for (const c of cases) {
    test(c.name, () => {
      if (c.throws === undefined) assert.deepEqual(toReconcileResult(c.outcome), c.result);
      else if (c.throws === TerminalError) assert.throws(() => toReconcileResult(c.outcome), TerminalError);
      else assert.throws(() => toReconcileResult(c.outcome), (e) => e === c.throws);
      assert.equal(requeueType(c.outcome), c.type);
      assert.equal(commitsWatches(c.outcome), c.commits);
      assert.equal(isReconcileError(c.outcome), c.error);
    });
  }
});

describe('parentUpdateTriggers', () => {
  const base: ObjectMeta = { name: 'a', generation: 1, labels: { x: '1' }, annotations: {} };
  const cases: { name: string; next: ObjectMeta; want: boolean; old?: ObjectMeta }[] = [
    { name: 'spec change (generation)', next: { ...base, generation: 2 }, want: true },
    { name: 'label change only', next: { ...base, labels: { x: '2' } }, want: false },
    { name: 'finalizer added (kro itself)', next: { ...base, finalizers: ['kro.run/finalizer'] }, want: false },
    { name: 'deletion started, generation unchanged', next: { ...base, deletionTimestamp: '2026-01-01T00:00:00Z' }, want: true },
    { name: 'suspended', next: { ...base, annotations: { 'kro.run/reconcile': 'Suspended' } }, want: true },
    { name: 'resumed', old: { ...base, annotations: { 'kro.run/reconcile': 'disabled' } }, next: { ...base, annotations: {} }, want: true },
    { name: 'suspended -> disabled (still suspended)', old: { ...base, annotations: { 'kro.run/reconcile': 'suspended' } }, next: { ...base, annotations: { 'kro.run/reconcile': 'disabled' } }, want: false },
    { name: 'another annotation', next: { ...base, annotations: { 'kro.run/reconcile': 'enabled' } }, want: false },
    { name: 'legacy label removed', old: { ...base, labels: { 'kro.run/reconcile': 'disabled' } }, next: base, want: true },
  ];
  for (const c of cases) test(c.name, () => assert.equal(parentUpdateTriggers(c.old ?? base, c.next), c.want));
});

test('instance keys round-trip, cluster-scoped included', () => {
  for (const ref of [
    { gvr: { group: 'kro.run', version: 'v1alpha1', resource: 'apps' }, namespace: 'ns', name: 'one' },
    { gvr: { group: '', version: 'v1', resource: 'things' }, namespace: '', name: 'two' },
  ]) {
    assert.deepEqual(parseInstanceKey(instanceKey(ref)), ref);
  }
});
