// The dynamic client against the real kube-apiserver: a CRD installed and Established, then create, get,
// list (label selector, pagination), watch in order, server-side apply by two managers, status updates,
// deletes with preconditions, and metadata-only list/watch.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KubeObject } from '../../../src/api/index.js';
import {
  isAlreadyExists,
  isConflict,
  isInvalid,
  isNotFound,
  type KubeClient,
  type KubeError,
  type WatchEvent,
} from '../../../src/kube/index.js';
import { createTestNamespace, eventually, kubectlOk } from '../support.js';
import { connectTestClient, deleteCrd, installWidgetCrd, widget, type TestCrd } from './helpers.js';

let client: KubeClient;
let crd: TestCrd;
let ns: string;
const gvk = () => ({ group: crd.group, version: crd.version, kind: crd.kind });

before(async () => {
  client = await connectTestClient();
  ns = await createTestNamespace('kube-crud');
  crd = await installWidgetCrd(client, 'crud');
  // Discovery of a just-Established CRD can lag a little behind the condition.
  await eventually(() => client.mapper.mappingFor(gvk()), { message: 'Widget in discovery' });
});

after(async () => {
  await deleteCrd(client, crd);
  await kubectlOk(['delete', 'namespace', ns, '--wait=false']);
  await client.close();
});

test('create, get, and AlreadyExists on a second create', async () => {
  const created = await client.dynamic.create(widget(crd, ns, 'w-get', { size: 1, color: 'red' }));
  assert.equal(created.metadata.namespace, ns);
  assert.ok(created.metadata.uid);
  const got = await client.dynamic.get({ gvk: gvk(), namespace: ns }, 'w-get');
  assert.deepEqual(got.spec, { size: 1, color: 'red' });
  assert.equal(typeof got.metadata.creationTimestamp, 'string', 'timestamps stay strings (no Date models)');
  await assert.rejects(client.dynamic.create(widget(crd, ns, 'w-get', { size: 2 })), (err) => isAlreadyExists(err) && !isConflict(err));
  await assert.rejects(client.dynamic.get({ gvk: gvk(), namespace: ns }, 'w-missing'), (err) => isNotFound(err) && (err as KubeError).code === 404);
});

test('Invalid carries the field causes of the server', async () => {
  await assert.rejects(client.dynamic.create(widget(crd, ns, 'w-bad', { size: -3 })), (err) => {
    assert.ok(isInvalid(err));
    const causes = (err as KubeError).causes;
    assert.ok(causes.some((c) => c.field === 'spec.size'), JSON.stringify(causes));
    return true;
  });
});

test('list with a label selector and limit/continue pagination', async () => {
  for (let i = 0; i < 7; i++) {
    await client.dynamic.create(widget(crd, ns, `w-page-${i}`, { size: i }, { batch: 'paged', parity: i % 2 === 0 ? 'even' : 'odd' }));
  }
  await client.dynamic.create(widget(crd, ns, 'w-unlabelled', { size: 100 }));
  const target = { gvk: gvk(), namespace: ns };
  const first = await client.dynamic.list(target, { labelSelector: 'batch=paged', limit: 3 });
  assert.equal(first.items.length, 3);
  assert.ok(first.metadata.continue, 'a continue token for the next page');
  const pages: number[] = [];
  for await (const page of client.dynamic.listPages(target, { labelSelector: 'batch=paged', pageSize: 3 })) pages.push(page.items.length);
  assert.deepEqual(pages, [3, 3, 1]);
  const all = await client.dynamic.listAll(target, { labelSelector: 'batch=paged', pageSize: 2 });
  assert.deepEqual(all.items.map((o) => o.metadata.name).sort(), [0, 1, 2, 3, 4, 5, 6].map((i) => `w-page-${i}`));
  assert.match(all.resourceVersion, /^\d+$/);
  const even = await client.dynamic.list(target, { labelSelector: 'batch=paged,parity=even' });
  assert.equal(even.items.length, 4);
  const byField = await client.dynamic.list(target, { fieldSelector: 'metadata.name=w-unlabelled' });
  assert.deepEqual(byField.items.map((o) => o.metadata.name), ['w-unlabelled']);
});

test('watch sees ADDED, MODIFIED and DELETED in order', async () => {
  const target = { gvk: gvk(), namespace: ns };
  const start = await client.dynamic.list(target, { limit: 1 });
  const controller = new AbortController();
  const watch = await client.dynamic.watch(target, {
    resourceVersion: start.metadata.resourceVersion,
    fieldSelector: 'metadata.name=w-watch',
    allowWatchBookmarks: true,
    signal: controller.signal,
  });
  const events: WatchEvent[] = [];
  const collecting = (async () => {
    for await (const event of watch) {
      if (event.type === 'BOOKMARK') continue;
      events.push(event);
      if (event.type === 'DELETED') break;
    }
  })();
  const created = await client.dynamic.create(widget(crd, ns, 'w-watch', { size: 1 }));
  await client.dynamic.patch(target, 'w-watch', { spec: { size: 2 } }, { type: 'merge' });
  await client.dynamic.delete(target, 'w-watch', { preconditions: { uid: created.metadata.uid } });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([collecting, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('watch timed out')), 20_000)))]);
  clearTimeout(timer);
  controller.abort();
  assert.deepEqual(events.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
  assert.equal((events[1]!.object.spec as { size: number }).size, 2);
});

test('server-side apply by two field managers records both in managedFields', async () => {
  const target = { gvk: gvk(), namespace: ns };
  await client.dynamic.apply(widget(crd, ns, 'w-ssa', { size: 1 }), { fieldManager: 'kro-test-a' });
  const second = await client.dynamic.apply<KubeObject>(
    { apiVersion: crd.apiVersion, kind: crd.kind, metadata: { name: 'w-ssa', namespace: ns }, spec: { color: 'blue' } },
    { fieldManager: 'kro-test-b' },
  );
  assert.deepEqual(second.spec, { size: 1, color: 'blue' });
  const managers = (second.metadata.managedFields ?? []).map((m) => `${m.manager}:${m.operation}`).sort();
  assert.deepEqual(managers, ['kro-test-a:Apply', 'kro-test-b:Apply']);
  const ownedByB = JSON.stringify(second.metadata.managedFields?.find((m) => m.manager === 'kro-test-b')?.fieldsV1);
  assert.match(ownedByB, /f:color/);
  assert.doesNotMatch(ownedByB, /f:size/);
  // B taking A's field without force is a conflict; with force it moves the field to B.
  await assert.rejects(
    client.dynamic.apply({ ...widget(crd, ns, 'w-ssa', { size: 5 }) }, { fieldManager: 'kro-test-b' }),
    (err) => isConflict(err),
  );
  const forced = await client.dynamic.apply<KubeObject>(widget(crd, ns, 'w-ssa', { size: 5, color: 'blue' }), {
    fieldManager: 'kro-test-b',
    force: true,
  });
  assert.equal((forced.spec as { size: number }).size, 5);
  const got = await client.dynamic.get(target, 'w-ssa');
  assert.equal(got.metadata.managedFields?.find((m) => m.manager === 'kro-test-a'), undefined, 'A no longer owns anything');
});

test('status goes through the status subresource only', async () => {
  const target = { gvk: gvk(), namespace: ns };
  const created = await client.dynamic.create(widget(crd, ns, 'w-status', { size: 1 }));
  const withStatus = await client.dynamic.updateStatus({ ...created, status: { phase: 'Ready' }, spec: { size: 99 } });
  assert.deepEqual(withStatus.status, { phase: 'Ready' });
  assert.deepEqual(withStatus.spec, { size: 1 }, 'spec changes are ignored on /status');
  // A stale resourceVersion is an optimistic-concurrency Conflict.
  await assert.rejects(client.dynamic.updateStatus({ ...created, status: { phase: 'Stale' } }), (err) => isConflict(err));
  const applied = await client.dynamic.applyStatus<KubeObject>(
    { apiVersion: crd.apiVersion, kind: crd.kind, metadata: { name: 'w-status', namespace: ns }, status: { phase: 'Applied' } },
    { fieldManager: 'kro-test-status', force: true },
  );
  assert.deepEqual(applied.status, { phase: 'Applied' });
  const got = await client.dynamic.get(target, 'w-status');
  assert.ok(got.metadata.managedFields?.some((m) => m.manager === 'kro-test-status' && m.subresource === 'status'));
});

test('delete with a wrong UID precondition is a Conflict; with the right one it deletes', async () => {
  const target = { gvk: gvk(), namespace: ns };
  const created = await client.dynamic.create(widget(crd, ns, 'w-delete', { size: 1 }));
  await assert.rejects(
    client.dynamic.delete(target, 'w-delete', { preconditions: { uid: '00000000-0000-0000-0000-000000000000' } }),
    (err) => isConflict(err) && (err as KubeError).code === 409,
  );
  await client.dynamic.get(target, 'w-delete');
  await client.dynamic.delete(target, 'w-delete', {
    preconditions: { uid: created.metadata.uid!, resourceVersion: created.metadata.resourceVersion! },
    propagationPolicy: 'Background',
  });
  await assert.rejects(client.dynamic.get(target, 'w-delete'), (err) => isNotFound(err));
});

test('propagationPolicy reaches the server (Foreground adds its finalizer)', async () => {
  // The test control plane runs no garbage collector, so a Foreground delete stays visible with the
  // foregroundDeletion finalizer: proof the policy was sent. Removing the finalizer then completes it.
  const target = { gvk: gvk(), namespace: ns };
  await client.dynamic.create(widget(crd, ns, 'w-foreground', { size: 1 }));
  await client.dynamic.delete(target, 'w-foreground', { propagationPolicy: 'Foreground' });
  const pending = await client.dynamic.get(target, 'w-foreground');
  assert.ok(pending.metadata.deletionTimestamp);
  assert.deepEqual(pending.metadata.finalizers, ['foregroundDeletion']);
  await client.dynamic.patch(target, 'w-foreground', { metadata: { finalizers: null } }, { type: 'merge' });
  await eventually(
    async () => client.dynamic.get(target, 'w-foreground').then(() => undefined, (err: unknown) => (isNotFound(err) ? true : undefined)),
    { message: 'w-foreground gone' },
  );
});

test('metadata-only list and watch return PartialObjectMetadata', async () => {
  const target = { gvk: gvk(), namespace: ns };
  await client.dynamic.create(widget(crd, ns, 'w-meta', { size: 1 }, { meta: 'yes' }));
  const list = await client.dynamic.list(target, { labelSelector: 'meta=yes', metadataOnly: true });
  assert.equal(list.kind, 'PartialObjectMetadataList');
  assert.equal(list.items.length, 1);
  assert.equal(list.items[0]!.kind, 'PartialObjectMetadata');
  assert.equal(list.items[0]!.spec, undefined);
  assert.equal(list.items[0]!.metadata.labels?.meta, 'yes');
  const one = await client.dynamic.get(target, 'w-meta', { metadataOnly: true });
  assert.equal(one.kind, 'PartialObjectMetadata');
  const controller = new AbortController();
  const watch = await client.dynamic.watch(target, {
    labelSelector: 'meta=yes',
    resourceVersion: list.metadata.resourceVersion,
    metadataOnly: true,
    signal: controller.signal,
  });
  const seen = (async () => {
    for await (const event of watch) if (event.type === 'MODIFIED') return event.object;
    return undefined;
  })();
  await client.dynamic.patch(target, 'w-meta', { metadata: { annotations: { touched: 'true' } } }, { type: 'merge' });
  const modified = await seen;
  controller.abort();
  assert.equal(modified?.kind, 'PartialObjectMetadata');
  assert.equal(modified?.spec, undefined);
  assert.equal(modified?.metadata.annotations?.touched, 'true');
});

test('strategic merge and JSON patches on a built-in kind', async () => {
  const cm = await client.dynamic.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-patch', namespace: ns }, data: { a: '1' } });
  const target = { gvr: { group: '', version: 'v1', resource: 'configmaps' }, namespace: ns };
  await client.dynamic.patch(target, 'cm-patch', { data: { b: '2' } }, { type: 'strategic' });
  const patched = await client.dynamic.patch(target, 'cm-patch', [{ op: 'remove', path: '/data/a' }], { type: 'json' });
  assert.deepEqual(patched.data, { b: '2' });
  const replaced = await client.dynamic.replace({ ...patched, data: { c: '3' } });
  assert.deepEqual(replaced.data, { c: '3' });
  await assert.rejects(client.dynamic.replace({ ...cm, data: { stale: 'x' } }), (err) => isConflict(err));
});

test('a watch ends promptly on close() and on its AbortSignal', async () => {
  const target = { gvk: gvk(), namespace: ns };
  const closed = await client.dynamic.watch(target, { timeoutSeconds: 300 });
  const closing = (async () => {
    let n = 0;
    for await (const _ of closed) n++;
    return n;
  })();
  setTimeout(() => closed.close(), 100);
  const started = Date.now();
  await closing.catch(() => undefined);
  assert.ok(Date.now() - started < 5_000, 'close() ended the iteration');

  const controller = new AbortController();
  const aborted = await client.dynamic.watch(target, { timeoutSeconds: 300, signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(
    (async () => {
      for await (const _ of aborted) {
        // the namespace's existing widgets arrive first; the abort ends the stream
      }
    })(),
    (err: Error) => err.name === 'AbortError',
  );
});
