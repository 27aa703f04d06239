// Informer semantics on a scripted lister-watcher: handlers, transform, sync waiting, late subscribers,
// throwing handlers, and the factory's reference counting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../src/api/index.js';
import { Informer, informerKeyString, LAST_APPLIED_ANNOTATION, stripManagedFields } from '../../../src/kube/index.js';
import { bookmark, cm, FakeListerWatcher, list } from './fake-lister-watcher.js';

const eventually = async (check: () => boolean) => {
  for (let i = 0; i < 2000 && !check(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(check());
};

test('stripManagedFields drops managedFields and the last-applied annotation, without mutating', () => {
  const obj: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'a', managedFields: [{ manager: 'm' }], annotations: { [LAST_APPLIED_ANNOTATION]: '{}', keep: 'me' } },
  };
  const out = stripManagedFields(obj);
  assert.equal(out.metadata.managedFields, undefined);
  assert.deepEqual(out.metadata.annotations, { keep: 'me' });
  assert.ok(obj.metadata.managedFields, 'input untouched');
});

test('handlers see initial adds, update(old, new), delete; a throwing handler is reported and skipped', async () => {
  const lw = new FakeListerWatcher(
    [list([cm('a', '1'), cm('b', '1')], '1')],
    [{ events: [{ type: 'MODIFIED', object: cm('a', '2', { v: '2' }) }, { type: 'DELETED', object: cm('b', '3') }, bookmark('4')] }],
  );
  const errors: unknown[] = [];
  const informer = new Informer(lw, 'cms', { streamingList: 'off', onError: (e) => errors.push(e) });
  const log: string[] = [];
  informer.addHandlers({
    onAdd: (o, initial) => log.push(`add:${o.metadata.name}:${initial}`),
    onUpdate: (old, o) => log.push(`update:${old.metadata.resourceVersion}->${o.metadata.resourceVersion}`),
    onDelete: (o) => log.push(`delete:${o.metadata.name}`),
  });
  informer.addHandlers({
    onAdd: () => {
      throw new Error('handler bug');
    },
  });
  informer.start();
  assert.equal(await informer.waitForSync(), true);
  assert.equal(informer.hasSynced(), true);
  await eventually(() => log.length === 4);
  assert.deepEqual(log, ['add:a:true', 'add:b:true', 'update:1->2', 'delete:b']);
  assert.equal(errors.length, 2, 'each throw reported');
  assert.equal(informer.lastSyncResourceVersion, '4');
  const late: string[] = [];
  const unsubscribe = informer.addHandlers({ onAdd: (o) => late.push(o.metadata.name ?? '') });
  assert.deepEqual(late, ['a'], 'replayed to a late subscriber');
  unsubscribe();
  await informer.stop();
  assert.equal(informer.isRunning, false);
});

test('waitForSync resolves false when stopped or aborted before the first list', async () => {
  const lw = new FakeListerWatcher([], []);
  const informer = new Informer(lw, 'never', { streamingList: 'off', backoff: { initialMs: 60_000 } });
  assert.equal(await informer.waitForSync(), false, 'not started');
  informer.start();
  const controller = new AbortController();
  const aborted = informer.waitForSync(controller.signal);
  const stopped = informer.waitForSync();
  controller.abort();
  assert.equal(await aborted, false);
  await informer.stop();
  assert.equal(await stopped, false);
});

test('a custom transform is applied before storing', async () => {
  const lw = new FakeListerWatcher([list([cm('a', '1', { big: 'x' })], '1')], []);
  const informer = new Informer(lw, 't', { streamingList: 'off', transform: (o) => ({ ...o, data: {} }) });
  informer.start();
  await informer.waitForSync();
  assert.deepEqual(informer.get('ns', 'a')?.data, {});
  await informer.stop();
});

test('informer keys distinguish every field that changes what is watched', () => {
  const gvr = { group: '', version: 'v1', resource: 'configmaps' };
  const keys = [
    { gvr },
    { gvr, namespace: 'a' },
    { gvr, labelSelector: 'x=y' },
    { gvr, fieldSelector: 'metadata.name=n' },
    { gvr, metadataOnly: true },
    { gvr: { ...gvr, version: 'v2' } },
  ].map(informerKeyString);
  assert.equal(new Set(keys).size, keys.length);
  assert.equal(informerKeyString({ gvr, metadataOnly: false }), informerKeyString({ gvr }));
});
