// Pure parts of the instance controller: what ensureManaged writes (J2, 3.1 step 6), graph revision resolution
// (3.1 step 3), WatchFailed messages and their rate limit, and the per-instance counters.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject } from '../../../../src/api/index.js';
import type { CompiledGraph } from '../../../../src/graph/index.js';
import { ConditionDurations, InstanceStatsBook, WatchWarnings, planManagement, resolveGraph, watchProblemMessage } from '../../../../src/controller/instance/index.js';
import { Registry } from 'prom-client';
import type { EventRecorder } from '../../../../src/controller/events.js';
import type { RevisionEntry } from '../../../../src/controller/revisions/index.js';
import { applySetMetadata, applySetParentAnnotations } from '../../../../src/runtime/index.js';

const RGD = { uid: 'rgd-uid', name: 'app' };
const ID = 'applyset-abc-v1';
const WANT_LABELS = {
  'kro.run/owned': 'true',
  'kro.run/kro-version': '1.0.0',
  'kro.run/resource-graph-definition-id': 'rgd-uid',
  'kro.run/resource-graph-definition-name': 'app',
};

function instance(metadata: Partial<KubeObject['metadata']> = {}): KubeObject {
  return { apiVersion: 'kro.run/v1alpha1', kind: 'App', metadata: { name: 'one', namespace: 'ns', ...metadata } };
}

describe('planManagement', () => {
  test('a new instance gets labels, the finalizer and an empty valid inventory in one write', () => {
    const plan = planManagement(instance(), '1.0.0', RGD, ID);
    assert.equal(plan.kind, 'patch');
    assert.deepEqual(plan.kind === 'patch' && plan.labels, { ...WANT_LABELS, 'applyset.kubernetes.io/id': ID });
    const annotations = plan.kind === 'patch' ? plan.annotations : undefined;
    assert.equal(annotations?.['applyset.kubernetes.io/tooling'], 'kro/1.0.0');
    assert.equal(annotations?.['applyset.kubernetes.io/contains-group-kinds'], '');
    assert.equal(annotations?.['applyset.kubernetes.io/additional-namespaces'], '');
    assert.match(annotations?.['internal.kro.run/applyset-inventory-hash'] ?? '', /^sha256:/);
  });

  test('nothing to do when finalizer and labels are there', () => {
    assert.deepEqual(planManagement(instance({ finalizers: ['kro.run/finalizer'], labels: { ...WANT_LABELS, extra: 'kept' } }), '1.0.0', RGD, ID), { kind: 'none' });
  });

  test('a changed label is rewritten without touching the existing inventory', () => {
    const plan = planManagement(
      instance({ finalizers: ['kro.run/finalizer'], labels: { ...WANT_LABELS, 'kro.run/kro-version': '0.9', 'applyset.kubernetes.io/id': ID } }),
      '1.0.0',
      RGD,
      ID,
    );
    assert.deepEqual(plan, { kind: 'patch', labels: WANT_LABELS });
  });

  test('partial inventory metadata without the finalizer must be valid first', () => {
    const broken = instance({ labels: { 'applyset.kubernetes.io/id': 'applyset-other-v1' } });
    const plan = planManagement(broken, '1.0.0', RGD, ID);
    assert.equal(plan.kind, 'blocked');
    assert.match(plan.kind === 'blocked' ? plan.message : '', /invalid applyset.kubernetes.io\/id label/);
    const valid = instance({ labels: { 'applyset.kubernetes.io/id': ID }, annotations: applySetParentAnnotations(applySetMetadata(ID, 'kro/0.9', [], [])) });
    assert.deepEqual(planManagement(valid, '1.0.0', RGD, ID), { kind: 'patch', labels: WANT_LABELS });
  });
});

describe('resolveGraph', () => {
  const graph = {} as CompiledGraph;
  const cases: { name: string; latest: RevisionEntry | undefined; want: object }[] = [
    { name: 'none yet', latest: undefined, want: { ok: false, message: 'latest issued graph revision not available', retry: true, reason: 'not_available' } },
    { name: 'pending', latest: { rgdName: 'a', revision: 3, specHash: 'h', state: 'Pending' }, want: { ok: false, message: 'latest issued graph revision 3 is pending', retry: true, reason: 'pending' } },
    { name: 'failed', latest: { rgdName: 'a', revision: 4, specHash: 'h', state: 'Failed', message: 'x' }, want: { ok: false, message: 'latest issued graph revision 4 failed', retry: false, reason: 'failed' } },
    { name: 'active', latest: { rgdName: 'a', revision: 5, specHash: 'h', state: 'Active', graph }, want: { ok: true, graph, revision: 5 } },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(resolveGraph({ rgdName: 'a', latest: () => c.latest }), c.want));
});

describe('WatchFailed warnings', () => {
  const problem = {
    request: { kind: 'object' as const, nodeId: 'secret', gvr: { group: '', version: 'v1', resource: 'secrets' }, namespace: 'ns', name: 'one-secret' },
    problem: 'watch of secrets (v1) is failing: forbidden',
  };

  test('the message names the node, the object, the watch and the fallback', () => {
    assert.equal(
      watchProblemMessage(problem, 3000),
      'node "secret" reads ns/one-secret, but the watch of secrets (v1) is failing: forbidden; changes are picked up by requeues every 3s until it works',
    );
    const selector = { ...problem, request: { kind: 'selector' as const, nodeId: 'peers', gvr: problem.request.gvr, labelSelector: 'team=a' } };
    assert.match(watchProblemMessage(selector, 0), /^node "peers" reads objects matching "team=a", .*; changes are not noticed until it works$/);
  });

  test('repeated at most once per period per instance and problem', () => {
    let now = 0;
    const recorded: string[] = [];
    const recorder: EventRecorder = { event: (_s, type, reason, message) => recorded.push(`${type} ${reason} ${message.slice(0, 12)}`) };
    const warnings = new WatchWarnings(60_000, () => now);
    warnings.record(recorder, instance(), 'k', [problem, problem], 3000);
    warnings.record(recorder, instance(), 'k', [problem], 3000);
    assert.deepEqual(recorded, ['Warning WatchFailed node "secret']);
    now = 60_000;
    warnings.record(recorder, instance(), 'k', [problem], 3000);
    warnings.record(recorder, instance(), 'other', [problem], 3000);
    assert.equal(recorded.length, 3);
  });
});

test('InstanceStatsBook counts per instance and forgets the least recent past its capacity', () => {
  const book = new InstanceStatsBook(2);
  book.reconciled('a');
  book.called('a', 'apply', 3);
  book.called('a', 'get');
  assert.deepEqual(book.get('a'), { reconciles: 1, apiCalls: 4, calls: { get: 1, list: 0, apply: 3, patch: 0, update: 0, delete: 0 } });
  book.reconciled('b');
  book.reconciled('a');
  book.reconciled('c');
  assert.equal(book.get('b'), undefined, 'b was the least recently touched');
  assert.equal(book.get('a')?.reconciles, 2);
});

test('instance_condition_current_status_seconds is computed at scrape time from lastTransitionTime', async () => {
  const registry = new Registry();
  let now = Date.parse('2026-01-01T00:01:00Z');
  const durations = new ConditionDurations(registry, () => now);
  durations.observe('k', {
    gvr: 'kro.run/v1alpha1, Resource=apps',
    namespace: 'ns',
    name: 'one',
    conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', lastTransitionTime: '2026-01-01T00:00:00Z' }],
  });
  const text = await registry.metrics();
  assert.match(text, /instance_condition_current_status_seconds\{gvr="kro.run\/v1alpha1, Resource=apps",namespace="ns",name="one",condition_type="Ready",condition_status="True",reason="Ready"\} 60/);
  now += 30_000;
  assert.match(await registry.metrics(), /reason="Ready"\} 90/);
  durations.forget('k');
  assert.doesNotMatch(await registry.metrics(), /name="one"/);
});
