// The reflector's state machine on a scripted lister-watcher: list+watch, resume, 410 relist, streaming
// list and its refusal/fallback, error reporting and backoff (never a throw, never a spin).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../src/api/index.js';
import {
  isStreamingListRefusal,
  KubeError,
  kubeErrorFromStatus,
  Reflector,
  StreamingListIgnoredError,
  StreamingListMemory,
  type ReflectorOptions,
  type WatchEvent,
} from '../../../src/kube/index.js';
import { FakeClock } from './fake-clock.js';
import { bookmark, cm, FakeListerWatcher, list, type ListScript, type WatchScript } from './fake-lister-watcher.js';

interface Recorder {
  log: string[];
  errors: unknown[];
}

function harness(lists: ListScript[], watches: WatchScript[], options: Partial<ReflectorOptions> = {}) {
  const lw = new FakeListerWatcher(lists, watches);
  const clock = new FakeClock();
  const rec: Recorder = { log: [], errors: [] };
  const reflector = new Reflector({
    listerWatcher: lw,
    description: 'test',
    clock,
    random: () => 0,
    sink: {
      replace: (items: KubeObject[], rv: string) => rec.log.push(`replace:${items.map((i) => i.metadata.name).join(',')}@${rv}`),
      apply: (e: WatchEvent) => rec.log.push(`${e.type}:${e.object.metadata.name}`),
    },
    onError: (err) => rec.errors.push(err),
    ...options,
  });
  return { lw, clock, rec, reflector };
}

/** Runs the reflector until `until` holds (checked between turns), then stops it. */
async function runUntil(reflector: Reflector, until: () => boolean): Promise<void> {
  const controller = new AbortController();
  const running = reflector.run(controller.signal);
  for (let i = 0; i < 2000 && !until(); i++) await new Promise((r) => setImmediate(r));
  controller.abort();
  await running;
  assert.ok(until(), 'condition reached');
}

const gone = () => kubeErrorFromStatus(410, { kind: 'Status', reason: 'Expired', code: 410, message: 'too old resource version' });

test('lists all pages, then watches from the list resourceVersion with bookmarks and a timeout', async () => {
  const { lw, rec, reflector } = harness(
    [list([cm('a', '5')], '10', 'tok'), list([cm('b', '6')], '10')],
    [{ events: [{ type: 'ADDED', object: cm('c', '11') }, bookmark('15')] }],
    { streamingList: 'off', pageSize: 1 },
  );
  await runUntil(reflector, () => lw.watchCalls.length >= 2);
  assert.deepEqual(rec.log, ['replace:a,b@10', 'ADDED:c']);
  assert.deepEqual(lw.listCalls.map((c) => [c.limit, c.continue]), [[1, undefined], [1, 'tok']]);
  assert.equal(lw.watchCalls[0]!.resourceVersion, '10');
  assert.equal(lw.watchCalls[0]!.allowWatchBookmarks, true);
  assert.ok(lw.watchCalls[0]!.timeoutSeconds >= 300 && lw.watchCalls[0]!.timeoutSeconds <= 600);
  assert.equal(lw.watchCalls[1]!.resourceVersion, '15', 'resumed from the bookmark, no relist');
  assert.equal(lw.listCalls.length, 2);
  assert.deepEqual(rec.errors, []);
});

test('a dropped watch resumes from the last resourceVersion after a backoff; 410 relists at once', async () => {
  const drop = new KubeError({ code: 0, reason: 'NetworkError', message: 'ECONNRESET' });
  const { lw, clock, rec, reflector } = harness(
    [list([cm('a', '5')], '10'), list([cm('b', '20')], '20')],
    [
      { events: [{ type: 'MODIFIED', object: cm('a', '12') }], endError: drop },
      { endError: gone() },
    ],
    { streamingList: 'off', backoff: { initialMs: 100, maxMs: 1000 } },
  );
  await runUntil(reflector, () => lw.watchCalls.length >= 3);
  assert.deepEqual(lw.watchCalls.map((c) => c.resourceVersion), ['10', '12', '20']);
  assert.deepEqual(rec.log, ['replace:a@10', 'MODIFIED:a', 'replace:b@20']);
  assert.deepEqual(rec.errors, [drop], 'the drop is reported, the 410 is routine');
  assert.deepEqual(clock.sleeps, [100]);
});

test('403 backs off slowly and keeps retrying; 5xx backs off exponentially', async () => {
  const forbidden = () => kubeErrorFromStatus(403, { kind: 'Status', reason: 'Forbidden', code: 403 });
  const { lw, clock, rec, reflector } = harness([forbidden(), forbidden(), forbidden(), list([], '1')], [], {
    streamingList: 'off',
    slowBackoff: { initialMs: 5000, maxMs: 60_000 },
  });
  await runUntil(reflector, () => lw.watchCalls.length >= 1);
  assert.equal(rec.errors.length, 3);
  assert.deepEqual(clock.sleeps, [5000, 10_000, 20_000]);

  const unavailable = () => kubeErrorFromStatus(503, '');
  const h = harness([unavailable(), unavailable(), list([], '1')], [], { streamingList: 'off', backoff: { initialMs: 800 } });
  await runUntil(h.reflector, () => h.lw.watchCalls.length >= 1);
  assert.deepEqual(h.clock.sleeps, [800, 1600]);
});

test('a watch the server closes at once without events is not retried in a tight loop', async () => {
  const { lw, clock, reflector } = harness([list([], '1')], [{}, {}, {}], { streamingList: 'off', backoff: { initialMs: 100 } });
  await runUntil(reflector, () => lw.watchCalls.length >= 4);
  assert.deepEqual(clock.sleeps, [100, 200, 400]);
});

test('streaming list: initial events up to the initial-events-end bookmark replace the store', async () => {
  const { lw, rec, reflector } = harness(
    [],
    [
      {
        events: [
          { type: 'ADDED', object: cm('a', '3') },
          { type: 'ADDED', object: cm('b', '4') },
          bookmark('9', true),
          { type: 'DELETED', object: cm('a', '10') },
        ],
      },
    ],
  );
  await runUntil(reflector, () => lw.watchCalls.length >= 2);
  const first = lw.watchCalls[0]!;
  assert.equal(first.sendInitialEvents, true);
  assert.equal(first.resourceVersionMatch, 'NotOlderThan');
  assert.equal(first.resourceVersion, undefined);
  assert.deepEqual(rec.log, ['replace:a,b@9', 'DELETED:a']);
  assert.equal(lw.listCalls.length, 0);
  assert.equal(lw.watchCalls[1]!.sendInitialEvents, undefined, 'afterwards a plain watch resumes');
  assert.equal(lw.watchCalls[1]!.resourceVersion, '10');
});

test('a refused streaming list falls back to list+watch and is remembered', async () => {
  const memory = new StreamingListMemory();
  const refusal = kubeErrorFromStatus(422, { kind: 'Status', reason: 'Invalid', code: 422, message: 'sendInitialEvents: Forbidden' });
  const { lw, rec, reflector } = harness([list([cm('a', '1')], '5')], [{ openError: refusal }], {
    streamingListMemory: memory,
    streamingListKey: 'apps/v1',
  });
  await runUntil(reflector, () => lw.watchCalls.length >= 2);
  assert.equal(lw.watchCalls[0]!.sendInitialEvents, true);
  assert.equal(lw.watchCalls[1]!.sendInitialEvents, undefined);
  assert.deepEqual(rec.log, ['replace:a@5']);
  assert.ok(memory.isRefused('apps/v1'));
  assert.deepEqual(rec.errors, []);
});

test('a server that ignores sendInitialEvents (bookmark without the annotation) is detected', async () => {
  const { lw, rec, reflector } = harness([list([cm('a', '1')], '5')], [{ events: [{ type: 'ADDED', object: cm('a', '1') }, bookmark('7')] }]);
  await runUntil(reflector, () => lw.watchCalls.length >= 2);
  assert.equal(lw.listCalls.length, 1);
  assert.deepEqual(rec.log, ['replace:a@5']);
});

test('refusal detection: 400/422, the RequestWatchProgress storage error, an ignored request; not 403/500', () => {
  const cases: Array<[unknown, boolean]> = [
    [kubeErrorFromStatus(422, { kind: 'Status', reason: 'Invalid', code: 422 }), true],
    [kubeErrorFromStatus(400, { kind: 'Status', reason: 'BadRequest', code: 400 }), true],
    [kubeErrorFromStatus(500, { kind: 'Status', reason: 'InternalError', code: 500, message: 'sendInitialEvents: required storage feature RequestWatchProgress is disabled' }), true],
    [new StreamingListIgnoredError('x'), true],
    [kubeErrorFromStatus(403, { kind: 'Status', reason: 'Forbidden', code: 403 }), false],
    [kubeErrorFromStatus(500, { kind: 'Status', reason: 'InternalError', code: 500, message: 'etcd is down' }), false],
    [new Error('RequestWatchProgress'), false],
  ];
  for (const [err, want] of cases) assert.equal(isStreamingListRefusal(err), want, String(err));
});

test('an error callback that throws does not stop the loop', async () => {
  const { lw, reflector } = harness([kubeErrorFromStatus(500, ''), list([], '1')], [], {
    streamingList: 'off',
    onError: () => {
      throw new Error('bad handler');
    },
  });
  await runUntil(reflector, () => lw.watchCalls.length >= 1);
});
