// Scenario externalref_deletion_test (spec section 5, 3.3, behaviors 3, 43, 47): deletion works from the persisted
// ApplySet inventory alone. An instance whose topological root is an externalRef deletes its managed child
// (apply-order "2") even after the external object is gone (no CEL is evaluated); deletion goes wave by wave and a
// lower wave is not touched while the higher one is held by a finalizer.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KubeClient } from '../../../src/kube/index.js';
import {
  CONFIGMAPS,
  createInstance,
  createRgdAndWait,
  createTestNamespace,
  deleteObject,
  getObject,
  rgdObject,
  startInstanceController,
  statusOf,
  testClient,
  uniqueKind,
  uniqueName,
  waitGone,
  waitInstanceState,
  waitObject,
  type InstanceTestController,
} from '../instance/harness.js';
import { consistently, createConfigMap, dataOf } from './helpers.js';

const prefix = uniqueName('extdel');
const HOLD = 'test.kro.run/block-deletion';
let kube: KubeClient;
let controller: InstanceTestController;
let namespace: string;

before(async () => {
  kube = await testClient();
  controller = await startInstanceController(prefix);
  namespace = await createTestNamespace('extdel');
});

after(async () => {
  await controller?.stop();
  await kube?.close();
});

function hold(name: string, finalizers: string[] | null) {
  return kube.dynamic.patch({ gvr: CONFIGMAPS, namespace }, name, { metadata: { finalizers } }, { type: 'merge' });
}

test('managed children are deleted before the finalizer goes, even when the external root is gone', async () => {
  const kind = uniqueKind('TestExternalRefDeletion');
  const instanceName = 'extref-del-inst';
  const managedName = `${instanceName}-managed`;
  const { rgd, gvr } = await createRgdAndWait(
    kube,
    rgdObject(`${prefix}-root`, kind, {}, [
      { id: 'extcm', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'source-configmap' } } },
      { id: 'managedcm', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${extcm.data.managedName}' }, data: { inherited: '${extcm.data.value}' } } },
    ]),
  );
  assert.deepEqual(rgd.status?.topologicalOrder, ['extcm', 'managedcm']);
  await createConfigMap(kube, namespace, 'source-configmap', { managedName, value: 'from-external' });
  await createInstance(kube, gvr, kind, namespace, instanceName, {});
  await waitInstanceState(kube, gvr, namespace, instanceName, 'ACTIVE');
  const managed = await waitObject(kube, CONFIGMAPS, namespace, managedName, (o) => dataOf(o).inherited === 'from-external', 'managed child');
  // Behavior 3: apply order is by layer, leaves numbered highest; the external root is layer 1.
  assert.equal(managed.metadata.annotations?.['internal.kro.run/apply-order'], '2');

  await hold(managedName, [HOLD]);
  await deleteObject(kube, CONFIGMAPS, namespace, 'source-configmap');
  await deleteObject(kube, gvr, namespace, instanceName);
  await waitObject(kube, CONFIGMAPS, namespace, managedName, (o) => o.metadata.deletionTimestamp !== undefined, 'the child is being deleted without the external ref');
  const deleting = await waitObject(kube, gvr, namespace, instanceName, (o) => statusOf(o).state === 'DELETING', 'instance DELETING');
  assert.deepEqual(deleting.metadata.finalizers, ['kro.run/finalizer'], 'the finalizer stays while a child remains');

  await hold(managedName, null);
  await waitGone(kube, CONFIGMAPS, namespace, managedName);
  await waitGone(kube, gvr, namespace, instanceName);
});

test('ordered deletion waits for the higher dependency wave to vanish', async () => {
  const kind = uniqueKind('TestOrderedDeletion');
  const instanceName = 'ordered-deletion';
  const { gvr } = await createRgdAndWait(
    kube,
    rgdObject(`${prefix}-waves`, kind, {}, [
      { id: 'a', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${instanceName}-a` } } },
      { id: 'b', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${instanceName}-b` }, data: { dependency: '${a.metadata.name}' } } },
    ]),
  );
  await createInstance(kube, gvr, kind, namespace, instanceName, {});
  await waitInstanceState(kube, gvr, namespace, instanceName, 'ACTIVE');
  const b = await waitObject(kube, CONFIGMAPS, namespace, `${instanceName}-b`, () => true, 'b exists');
  assert.equal(b.metadata.annotations?.['internal.kro.run/apply-order'], '2');
  assert.equal((await getObject(kube, CONFIGMAPS, namespace, `${instanceName}-a`))?.metadata.annotations?.['internal.kro.run/apply-order'], '1');

  await hold(`${instanceName}-b`, [HOLD]);
  await deleteObject(kube, gvr, namespace, instanceName);
  await waitObject(kube, CONFIGMAPS, namespace, `${instanceName}-b`, (o) => o.metadata.deletionTimestamp !== undefined, 'wave 2 deleting');
  // Consistently, for 3 s (several requeue intervals): wave 1 is untouched while wave 2 is held.
  await consistently(async () => {
    const a = await getObject(kube, CONFIGMAPS, namespace, `${instanceName}-a`);
    assert.ok(a, 'a exists');
    assert.equal(a.metadata.deletionTimestamp, undefined, 'a is not deleted while b remains');
  }, 3_000);

  await hold(`${instanceName}-b`, null);
  await waitGone(kube, CONFIGMAPS, namespace, `${instanceName}-b`);
  await waitGone(kube, CONFIGMAPS, namespace, `${instanceName}-a`);
  await waitGone(kube, gvr, namespace, instanceName);
});
