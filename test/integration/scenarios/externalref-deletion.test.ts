// Scenario externalref_deletion_test (spec section 5, 3.3, behaviors 3, 43, 47): deletion works from the persisted
// ApplySet inventory alone. An instance whose topological root is an externalRef deletes its managed child
// (apply-order "2") even after the external object is gone (no CEL is evaluated); deletion goes wave by wave and a
// lower wave is not touched while the higher one is held by a finalizer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONFIGMAPS,
  createActiveInstance,
  deleteObject,
  getObject,
  statusOf,
  waitGone,
  waitObject,
} from '../instance/harness.js';
import { consistently, createConfigMap, dataOf, useScenario } from './helpers.js';

const env = useScenario('extdel', { sharedNamespace: true });
const HOLD = 'test.kro.run/block-deletion';

function hold(name: string, finalizers: string[] | null) {
  return env.kube.dynamic.patch({ gvr: CONFIGMAPS, namespace: env.namespace }, name, { metadata: { finalizers } }, { type: 'merge' });
}

test('managed children are deleted before the finalizer goes, even when the external root is gone', async () => {
  const instanceName = 'extref-del-inst';
  const managedName = `${instanceName}-managed`;
  const { rgd, gvr, kind } = await env.createActiveRgd('root', 'TestExternalRefDeletion', {}, [
    { id: 'extcm', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'source-configmap' } } },
    { id: 'managedcm', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${extcm.data.managedName}' }, data: { inherited: '${extcm.data.value}' } } },
  ]);
  assert.deepEqual(rgd.status?.topologicalOrder, ['extcm', 'managedcm']);
  await createConfigMap(env.kube, env.namespace, 'source-configmap', { managedName, value: 'from-external' });
  await createActiveInstance(env.kube, gvr, kind, env.namespace, instanceName, {});
  const managed = await waitObject(env.kube, CONFIGMAPS, env.namespace, managedName, (o) => dataOf(o).inherited === 'from-external', 'managed child');
  // Behavior 3: apply order is by layer, leaves numbered highest; the external root is layer 1.
  assert.equal(managed.metadata.annotations?.['internal.kro.run/apply-order'], '2');

  await hold(managedName, [HOLD]);
  await deleteObject(env.kube, CONFIGMAPS, env.namespace, 'source-configmap');
  await deleteObject(env.kube, gvr, env.namespace, instanceName);
  await waitObject(env.kube, CONFIGMAPS, env.namespace, managedName, (o) => o.metadata.deletionTimestamp !== undefined, 'the child is being deleted without the external ref');
  const deleting = await waitObject(env.kube, gvr, env.namespace, instanceName, (o) => statusOf(o).state === 'DELETING', 'instance DELETING');
  assert.deepEqual(deleting.metadata.finalizers, ['kro.run/finalizer'], 'the finalizer stays while a child remains');

  await hold(managedName, null);
  await waitGone(env.kube, CONFIGMAPS, env.namespace, managedName);
  await waitGone(env.kube, gvr, env.namespace, instanceName);
});

test('ordered deletion waits for the higher dependency wave to vanish', async () => {
  const instanceName = 'ordered-deletion';
  const { gvr, kind } = await env.createActiveRgd('waves', 'TestOrderedDeletion', {}, [
    { id: 'a', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${instanceName}-a` } } },
    { id: 'b', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${instanceName}-b` }, data: { dependency: '${a.metadata.name}' } } },
  ]);
  await createActiveInstance(env.kube, gvr, kind, env.namespace, instanceName, {});
  const b = await waitObject(env.kube, CONFIGMAPS, env.namespace, `${instanceName}-b`, () => true, 'b exists');
  assert.equal(b.metadata.annotations?.['internal.kro.run/apply-order'], '2');
  assert.equal((await getObject(env.kube, CONFIGMAPS, env.namespace, `${instanceName}-a`))?.metadata.annotations?.['internal.kro.run/apply-order'], '1');

  await hold(`${instanceName}-b`, [HOLD]);
  await deleteObject(env.kube, gvr, env.namespace, instanceName);
  await waitObject(env.kube, CONFIGMAPS, env.namespace, `${instanceName}-b`, (o) => o.metadata.deletionTimestamp !== undefined, 'wave 2 deleting');
  // Consistently, for 3 s (several requeue intervals): wave 1 is untouched while wave 2 is held.
  await consistently(async () => {
    const a = await getObject(env.kube, CONFIGMAPS, env.namespace, `${instanceName}-a`);
    assert.ok(a, 'a exists');
    assert.equal(a.metadata.deletionTimestamp, undefined, 'a is not deleted while b remains');
  }, 3_000);

  await hold(`${instanceName}-b`, null);
  await waitGone(env.kube, CONFIGMAPS, env.namespace, `${instanceName}-b`);
  await waitGone(env.kube, CONFIGMAPS, env.namespace, `${instanceName}-a`);
  await waitGone(env.kube, gvr, env.namespace, instanceName);
});
