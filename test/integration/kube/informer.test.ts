// Reflector and informers against the real kube-apiserver: streaming list, the list+watch fallback (forced
// by option and by a simulated refusal), handlers for add/update/delete, surviving watch restarts and a
// 410 relist (with synthesized deletes), metadata-only informers, the shared factory's reference counts,
// and 403/404 reported through onError without throwing or spinning.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KubeObject } from '../../../src/api/index.js';
import {
  Informer,
  KubeClient,
  KubeError,
  StreamingListMemory,
  isForbidden,
  isNotFound,
  listerWatcherFor,
  type Credentials,
  toWatchEvent,
  type InformerKey,
  type KubeWatch,
  type ListerWatcher,
} from '../../../src/kube/index.js';
import { createTestNamespace, eventually, kubectlOk } from '../support.js';
import { connectTestClient } from './helpers.js';

let client: KubeClient;
let ns: string;
const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps' } as const;

before(async () => {
  client = await connectTestClient();
  ns = await createTestNamespace('kube-informer');
});

after(async () => {
  await kubectlOk(['delete', 'namespace', ns, '--wait=false']);
  await client.close();
});

interface Calls {
  lists: number;
  watches: number;
  streaming: number;
}

/** The real list/watch calls, counted, with optional interference. */
function instrumented(
  key: InformerKey,
  interfere: { refuseStreaming?: boolean; expireNextWatch?: () => boolean } = {},
): { lw: ListerWatcher; calls: Calls } {
  const real = listerWatcherFor(client.dynamic, key);
  const calls: Calls = { lists: 0, watches: 0, streaming: 0 };
  return {
    calls,
    lw: {
      list: (options) => {
        calls.lists++;
        return real.list(options);
      },
      watch: (options) => {
        calls.watches++;
        if (options.sendInitialEvents) {
          calls.streaming++;
          if (interfere.refuseStreaming) {
            // What a server with the WatchList feature off answers.
            return Promise.reject(new KubeError({ code: 422, reason: 'Invalid', message: 'sendInitialEvents: Forbidden' }));
          }
        }
        if (interfere.expireNextWatch?.()) {
          // What the server sends for a resourceVersion it no longer holds (once etcd compacted it): an ERROR
          // event with a 410 Expired Status. A fresh test etcd keeps all history, so it is injected here.
          return Promise.resolve(expiredWatch());
        }
        return real.watch(options);
      },
    },
  };
}

function expiredWatch(): KubeWatch {
  return {
    close: () => undefined,
    [Symbol.asyncIterator]: async function* () {
      await Promise.resolve();
      yield* [];
      throw toWatchEventError({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: 'too old resource version: 1 (42)' } });
    },
  };
}

function toWatchEventError(raw: unknown): unknown {
  try {
    toWatchEvent(raw);
    return new Error('expected an ERROR event to throw');
  } catch (err) {
    return err;
  }
}

function configMap(name: string, labels: Record<string, string>, data: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, labels }, data };
}

interface Recorded {
  events: string[];
}

function record(informer: Informer): Recorded {
  const rec: Recorded = { events: [] };
  informer.addHandlers({
    onAdd: (o) => rec.events.push(`add:${o.metadata.name}`),
    onUpdate: (_old, o) => rec.events.push(`update:${o.metadata.name}:${(o.data as Record<string, string> | undefined)?.v ?? ''}`),
    onDelete: (o) => rec.events.push(`delete:${o.metadata.name}`),
  });
  return rec;
}

const has = (rec: Recorded, event: string) => () => (rec.events.includes(event) ? true : undefined);

test('streaming list: syncs from initial events, then sees add, update(old, new) and delete', async () => {
  const labels = { suite: 'streaming' };
  await client.dynamic.create(configMap('s-1', labels));
  const key = { gvr: CONFIGMAPS, namespace: ns, labelSelector: 'suite=streaming' };
  const { lw, calls } = instrumented(key);
  const memory = new StreamingListMemory();
  const errors: unknown[] = [];
  const informer = new Informer(lw, 'streaming', { streamingListMemory: memory, streamingListKey: 'v1', onError: (e) => errors.push(e) });
  const rec = record(informer);
  informer.start();
  assert.equal(await informer.waitForSync(AbortSignal.timeout(20_000)), true);
  assert.equal(calls.lists, 0, 'no list call: the server streamed the initial state');
  assert.equal(calls.streaming, 1);
  assert.equal(memory.isRefused('v1'), false);
  assert.deepEqual(rec.events, ['add:s-1']);
  assert.equal(informer.get(ns, 's-1')?.metadata.managedFields, undefined, 'managedFields stripped by the default transform');

  const updates: Array<[string | undefined, string | undefined]> = [];
  informer.addHandlers({ onUpdate: (o, n) => updates.push([(o.data as Record<string, string>)?.v, (n.data as Record<string, string>)?.v]) });
  await client.dynamic.create(configMap('s-2', labels));
  await client.dynamic.patch({ gvr: CONFIGMAPS, namespace: ns }, 's-2', { data: { v: 'two' } }, { type: 'merge' });
  await client.dynamic.delete({ gvr: CONFIGMAPS, namespace: ns }, 's-1');
  await eventually(has(rec, 'delete:s-1'), { message: 'delete of s-1' });
  assert.deepEqual(rec.events, ['add:s-1', 'add:s-2', 'update:s-2:two', 'delete:s-1']);
  assert.deepEqual(updates, [[undefined, 'two']]);
  assert.deepEqual(informer.list().map((o) => o.metadata.name), ['s-2']);
  await informer.stop();
  assert.deepEqual(errors, []);
});

test('list+watch fallback forced by option', async () => {
  const labels = { suite: 'forced' };
  await client.dynamic.create(configMap('f-1', labels));
  const { lw, calls } = instrumented({ gvr: CONFIGMAPS, namespace: ns, labelSelector: 'suite=forced' });
  const informer = new Informer(lw, 'forced', { streamingList: 'off', pageSize: 1 });
  const rec = record(informer);
  informer.start();
  assert.equal(await informer.waitForSync(AbortSignal.timeout(20_000)), true);
  assert.equal(calls.streaming, 0);
  assert.ok(calls.lists >= 1);
  await client.dynamic.create(configMap('f-2', labels));
  await eventually(has(rec, 'add:f-2'));
  await informer.stop();
});

test('a refused streaming list falls back to list+watch and is remembered for the server', async () => {
  const labels = { suite: 'refused' };
  await client.dynamic.create(configMap('r-1', labels));
  await client.dynamic.create(configMap('r-2', labels));
  const memory = new StreamingListMemory();
  const key = { gvr: CONFIGMAPS, namespace: ns, labelSelector: 'suite=refused' };
  const first = instrumented(key, { refuseStreaming: true });
  const errors: unknown[] = [];
  const informer = new Informer(first.lw, 'refused', { streamingListMemory: memory, streamingListKey: 'v1', pageSize: 1, onError: (e) => errors.push(e) });
  const rec = record(informer);
  informer.start();
  assert.equal(await informer.waitForSync(AbortSignal.timeout(20_000)), true);
  assert.equal(first.calls.streaming, 1);
  assert.ok(first.calls.lists >= 2, 'paginated list with pageSize 1');
  assert.equal(memory.isRefused('v1'), true);
  assert.deepEqual(rec.events.sort(), ['add:r-1', 'add:r-2']);
  assert.deepEqual(errors, [], 'a refusal is not an error');
  await informer.stop();
  const second = instrumented(key);
  const again = new Informer(second.lw, 'refused-again', { streamingListMemory: memory, streamingListKey: 'v1' });
  again.start();
  assert.equal(await again.waitForSync(AbortSignal.timeout(20_000)), true);
  assert.equal(second.calls.streaming, 0, 'the memory skipped the streaming attempt');
  await again.stop();
});

test('the informer survives watch restarts and relists after 410 Gone, synthesizing deletes', async () => {
  const labels = { suite: 'restart' };
  await client.dynamic.create(configMap('x-1', labels));
  await client.dynamic.create(configMap('x-2', labels));
  let expire = false;
  const { lw, calls } = instrumented(
    { gvr: CONFIGMAPS, namespace: ns, labelSelector: 'suite=restart' },
    { expireNextWatch: () => (expire ? ((expire = false), true) : false) },
  );
  const errors: unknown[] = [];
  // The server ends each watch after 1-2 s, so this test crosses several restarts.
  const informer = new Informer(lw, 'restart', { streamingList: 'off', watchTimeoutSeconds: [1, 2], onError: (e) => errors.push(e) });
  const rec = record(informer);
  informer.start();
  assert.equal(await informer.waitForSync(AbortSignal.timeout(20_000)), true);
  const watchesAtSync = calls.watches;
  // Counting from the first watch after the list: three calls means at least two server-side restarts.
  await eventually(() => (calls.watches >= Math.max(watchesAtSync, 1) + 2 ? true : undefined), { message: 'two watch restarts' });
  await client.dynamic.patch({ gvr: CONFIGMAPS, namespace: ns }, 'x-1', { data: { v: 'after-restart' } }, { type: 'merge' });
  await eventually(has(rec, 'update:x-1:after-restart'), { message: 'update after restarts' });

  // Stop, change the world, and come back with an expired resourceVersion: the relist must diff.
  await informer.stop();
  await client.dynamic.delete({ gvr: CONFIGMAPS, namespace: ns }, 'x-2');
  await client.dynamic.create(configMap('x-3', labels));
  const listsBefore = calls.lists;
  expire = true;
  informer.start();
  await eventually(has(rec, 'delete:x-2'), { message: 'synthesized delete of x-2' });
  await eventually(has(rec, 'add:x-3'), { message: 'add of x-3 from the relist' });
  assert.ok(calls.lists > listsBefore, 'relisted after 410');
  assert.deepEqual(informer.list().map((o) => o.metadata.name).sort(), ['x-1', 'x-3']);
  assert.deepEqual(errors, [], '410 and clean watch ends are not reported as errors');
  await informer.stop();
});

test('metadata-only informer through the shared factory; reference counting starts and stops it', async () => {
  await client.dynamic.create(configMap('m-1', { suite: 'meta' }, { big: 'x'.repeat(1000) }));
  const key: InformerKey = { gvr: CONFIGMAPS, namespace: ns, labelSelector: 'suite=meta', metadataOnly: true };
  const a = client.informers.acquire(key);
  const b = client.informers.acquire(key);
  assert.equal(a.informer, b.informer, 'one informer for one key');
  const sizeWithBoth = client.informers.size;
  assert.equal(await a.informer.waitForSync(AbortSignal.timeout(20_000)), true);
  const cached = a.informer.get(ns, 'm-1');
  assert.equal(cached?.kind, 'PartialObjectMetadata');
  assert.equal(cached?.data, undefined);
  const seenByB: string[] = [];
  b.addHandlers({ onAdd: (o) => seenByB.push(o.metadata.name ?? '') });
  assert.deepEqual(seenByB, ['m-1'], 'a late subscriber gets the store replayed');
  await b.release();
  await b.release();
  assert.equal(client.informers.size, sizeWithBoth, 'still shared by a');
  assert.equal(a.informer.isRunning, true);
  await a.release();
  assert.equal(client.informers.size, sizeWithBoth - 1);
  assert.equal(a.informer.isRunning, false);
});

test('403 and 404 on list/watch are reported through onError with backoff, never thrown', async () => {
  // Impersonate a user without RBAC rights through wrapped credentials.
  const base = client.credentials;
  const nobody: Credentials = {
    server: base.server,
    namespace: base.namespace,
    source: base.source,
    invalidate: () => base.invalidate(),
    auth: async () => {
      const auth = await base.auth();
      return { tls: auth.tls, headers: { ...auth.headers, 'impersonate-user': 'kro-test-nobody' } };
    },
  };
  const restricted = new KubeClient(nobody);
  try {
    const forbidden: unknown[] = [];
    const informer = restricted.informers.acquire(
      { gvr: CONFIGMAPS, namespace: ns },
      { onError: (e) => forbidden.push(e), slowBackoff: { initialMs: 300, maxMs: 300 } },
    );
    assert.equal(await informer.informer.waitForSync(AbortSignal.timeout(2_000)), false);
    assert.ok(forbidden.length >= 2, 'retried');
    assert.ok(forbidden.length <= 10, `backed off (${forbidden.length} attempts in 2 s)`);
    assert.ok(forbidden.every(isForbidden));
    await informer.release();

    const missing: unknown[] = [];
    const gone = client.informers.acquire(
      { gvr: { group: 'nope.kro-test.io', version: 'v1', resource: 'things' } },
      { onError: (e) => missing.push(e) },
    );
    await eventually(() => (missing.length > 0 ? true : undefined));
    assert.ok(isNotFound(missing[0]));
    assert.equal(gone.informer.hasSynced(), false);
    await gone.release();
  } finally {
    await restricted.close();
  }
});
