// The event recorder on an in-memory sink: core/v1 Event shape, non-blocking recording, deduplication by count,
// the per-object spam filter, write failures that never escape; and the condition-transition events (I7).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject } from '../../../src/api/index.js';
import { conditionTransitionEvents, EventBroadcaster, type EventSink } from '../../../src/controller/events.js';
import { KubeError } from '../../../src/kube/index.js';

class MemorySink implements EventSink {
  readonly events = new Map<string, KubeObject>();
  readonly calls: string[] = [];
  failCreates = 0;

  create(event: KubeObject): Promise<KubeObject> {
    this.calls.push('create');
    if (this.failCreates > 0) {
      this.failCreates--;
      return Promise.reject(new Error('forbidden'));
    }
    this.events.set(event.metadata.name ?? '', structuredClone(event));
    return Promise.resolve(event);
  }
  patch(namespace: string, name: string, patch: Record<string, unknown>): Promise<KubeObject> {
    this.calls.push('patch');
    const existing = this.events.get(name);
    if (!existing) return Promise.reject(new KubeError({ message: 'not found', code: 404, reason: 'NotFound' }));
    Object.assign(existing, patch);
    return Promise.resolve(existing);
  }
}

const rgd = { apiVersion: 'kro.run/v1alpha1', kind: 'ResourceGraphDefinition', name: 'web', uid: 'u1' };

describe('EventBroadcaster', () => {
  test('writes a core/v1 Event in default for a cluster-scoped object, without blocking the caller', async () => {
    const sink = new MemorySink();
    let now = Date.UTC(2026, 0, 1, 12);
    const broadcaster = new EventBroadcaster({ sink, now: () => now, host: 'pod-1' });
    const recorder = broadcaster.recorderFor('kro/resourcegraphdefinition-controller');
    recorder.event(rgd, 'Normal', 'Ready', 'none -> True: Ready');
    assert.equal(sink.events.size, 0, 'recording returned before anything was written');
    await broadcaster.flush();
    const [event] = [...sink.events.values()];
    assert.ok(event);
    assert.equal(event.metadata.namespace, 'default');
    assert.match(event.metadata.name ?? '', /^web\.[0-9a-f]+$/);
    assert.deepEqual(
      { involvedObject: event.involvedObject, type: event.type, reason: event.reason, message: event.message, count: event.count, source: event.source },
      {
        involvedObject: { apiVersion: 'kro.run/v1alpha1', kind: 'ResourceGraphDefinition', name: 'web', uid: 'u1' },
        type: 'Normal',
        reason: 'Ready',
        message: 'none -> True: Ready',
        count: 1,
        source: { component: 'kro/resourcegraphdefinition-controller', host: 'pod-1' },
      },
    );
    assert.equal(event.firstTimestamp, '2026-01-01T12:00:00Z');
    now += 60_000;
    recorder.event(rgd, 'Normal', 'Ready', 'none -> True: Ready');
    await broadcaster.flush();
    assert.equal(sink.events.size, 1, 'a repeat is counted, not created');
    assert.equal(event.count, 2);
    assert.equal(event.lastTimestamp, '2026-01-01T12:01:00Z');
    assert.deepEqual(sink.calls, ['create', 'patch']);
  });

  test('namespaced objects get their Events in their namespace; different messages are different Events', async () => {
    const sink = new MemorySink();
    const broadcaster = new EventBroadcaster({ sink });
    const recorder = broadcaster.recorderFor('kro/webs.kro.run-controller');
    recorder.event({ ...rgd, kind: 'Web', namespace: 'team-a' }, 'Warning', 'Ready', 'True -> False: NotReady');
    recorder.event({ ...rgd, kind: 'Web', namespace: 'team-a' }, 'Normal', 'Ready', 'False -> True: Ready');
    await broadcaster.flush();
    assert.deepEqual([...sink.events.values()].map((e) => [e.metadata.namespace, e.type]), [['team-a', 'Warning'], ['team-a', 'Normal']]);
  });

  test('a repeat whose Event was deleted meanwhile is created again', async () => {
    const sink = new MemorySink();
    const broadcaster = new EventBroadcaster({ sink });
    const recorder = broadcaster.recorderFor('c');
    recorder.event(rgd, 'Normal', 'R', 'm');
    await broadcaster.flush();
    sink.events.clear();
    recorder.event(rgd, 'Normal', 'R', 'm');
    await broadcaster.flush();
    assert.deepEqual(sink.calls, ['create', 'patch', 'create']);
    assert.equal(sink.events.size, 1);
  });

  test('the spam filter allows a burst of 25 per object, then one per refill interval', async () => {
    const sink = new MemorySink();
    let now = 0;
    const broadcaster = new EventBroadcaster({ sink, now: () => now });
    const recorder = broadcaster.recorderFor('c');
    for (let i = 0; i < 30; i++) recorder.event(rgd, 'Normal', 'R', `m${i}`);
    recorder.event({ ...rgd, name: 'other' }, 'Normal', 'R', 'm');
    await broadcaster.flush();
    assert.equal(sink.events.size, 26, '25 for web, 1 for other');
    assert.equal(broadcaster.dropped, 5);
    now += 300_000;
    recorder.event(rgd, 'Normal', 'R', 'later');
    recorder.event(rgd, 'Normal', 'R', 'too soon');
    await broadcaster.flush();
    assert.equal(sink.events.size, 27);
  });

  test('write failures are swallowed and counted; a full queue drops new events; stop refuses more', async () => {
    const sink = new MemorySink();
    sink.failCreates = 1;
    const broadcaster = new EventBroadcaster({ sink, maxQueued: 2 });
    const recorder = broadcaster.recorderFor('c');
    recorder.event(rgd, 'Normal', 'A', 'x');
    recorder.event(rgd, 'Normal', 'B', 'x');
    recorder.event(rgd, 'Normal', 'C', 'x');
    await broadcaster.flush();
    assert.equal(sink.events.size, 1);
    assert.equal(broadcaster.dropped, 2, 'one failed write, one over the queue limit');
    await broadcaster.stop();
    recorder.event(rgd, 'Normal', 'D', 'x');
    await broadcaster.flush();
    assert.equal(sink.events.size, 1);
  });
});

describe('conditionTransitionEvents', () => {
  test('one event per status change, Normal iff True, `none` for new conditions', () => {
    const before = [
      { type: 'Ready', status: 'False', reason: 'NotReady' },
      { type: 'GraphAccepted', status: 'True', reason: 'Valid' },
      { type: 'KindReady', status: 'True', reason: 'Ready' },
    ];
    const after = [
      { type: 'Ready', status: 'True', reason: 'Ready' },
      { type: 'GraphAccepted', status: 'False', reason: 'InvalidResourceGraph' },
      { type: 'KindReady', status: 'True', reason: 'Ready' },
      { type: 'ControllerReady', status: 'Unknown', reason: 'AwaitingReconciliation' },
    ];
    assert.deepEqual(conditionTransitionEvents(before, after), [
      { type: 'Normal', reason: 'Ready', message: 'False -> True: Ready' },
      { type: 'Warning', reason: 'GraphAccepted', message: 'True -> False: InvalidResourceGraph' },
      { type: 'Warning', reason: 'ControllerReady', message: 'none -> Unknown: AwaitingReconciliation' },
    ]);
  });

  test('a reason or message change alone is no transition', () => {
    assert.deepEqual(conditionTransitionEvents([{ type: 'Ready', status: 'False', reason: 'A' }], [{ type: 'Ready', status: 'False', reason: 'B' }]), []);
  });
});
