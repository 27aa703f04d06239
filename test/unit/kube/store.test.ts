// The informer store: keys, upsert/remove deltas, relist diffs and secondary indexes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../src/api/index.js';
import { ObjectStore, objectKey } from '../../../src/kube/index.js';

const obj = (name: string, rv: string, extra: { namespace?: string; uid?: string; owner?: string } = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name,
    resourceVersion: rv,
    uid: extra.uid ?? `uid-${name}`,
    ...(extra.namespace === undefined ? { namespace: 'ns' } : extra.namespace ? { namespace: extra.namespace } : {}),
    ...(extra.owner ? { ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'o', uid: extra.owner }] } : {}),
  },
});

test('keys are namespace/name, or name when cluster-scoped', () => {
  assert.equal(objectKey(obj('a', '1')), 'ns/a');
  assert.equal(objectKey(obj('a', '1', { namespace: '' })), 'a');
});

test('upsert and remove report add, update(old) and delete(last known)', () => {
  const store = new ObjectStore();
  assert.equal(store.upsert(obj('a', '1')).type, 'add');
  const update = store.upsert(obj('a', '2'));
  assert.equal(update.type, 'update');
  assert.equal(update.type === 'update' && update.old.metadata.resourceVersion, '1');
  const del = store.remove(obj('a', '0'));
  assert.equal(del.object.metadata.resourceVersion, '2', 'the delete carries the cached state');
  assert.equal(store.size, 0);
});

test('replace diffs a relist: adds, changed updates, deletes of vanished keys, recreated objects', () => {
  const store = new ObjectStore();
  store.replace([obj('keep', '1'), obj('change', '1'), obj('gone', '1'), obj('recreated', '1')]);
  const deltas = store.replace([obj('keep', '1'), obj('change', '2'), obj('new', '1'), obj('recreated', '5', { uid: 'other' })]);
  assert.deepEqual(
    deltas.map((d) => `${d.type}:${d.object.metadata.name}`),
    ['update:change', 'add:new', 'delete:recreated', 'add:recreated', 'delete:gone'],
  );
  assert.deepEqual(store.keys().sort(), ['ns/change', 'ns/keep', 'ns/new', 'ns/recreated']);
  assert.deepEqual(store.list('other-ns'), []);
});

test('indexes follow upserts and removals', () => {
  const store = new ObjectStore();
  store.upsert(obj('a', '1', { owner: 'o1' }));
  store.addIndex('owner', (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid));
  store.upsert(obj('b', '1', { owner: 'o1' }));
  assert.deepEqual(store.byIndex('owner', 'o1').map((o) => o.metadata.name).sort(), ['a', 'b']);
  store.upsert(obj('b', '2', { owner: 'o2' }));
  assert.deepEqual(store.byIndex('owner', 'o1').map((o) => o.metadata.name), ['a']);
  store.remove(obj('a', '1'));
  assert.deepEqual(store.byIndex('owner', 'o1'), []);
  assert.throws(() => store.byIndex('nope', 'x'));
});
