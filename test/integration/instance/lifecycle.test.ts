// End to end against the real API server: an RGD becomes a CRD and a live controller; an instance gets kro's
// labels, finalizer and ApplySet inventory, its children are created in dependency order with kro's labels, its
// status is projected and it turns ACTIVE; spec updates flow to the children; drift (an edited or deleted child) is
// undone by the watch-triggered reconcile; deletion removes the children wave by wave, then the finalizer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GroupVersionResource, KubeObject } from '../../../src/api/index.js';
import { KRO_TS_VERSION } from '../../../src/kube/index.js';
import { applySetId } from '../../../src/runtime/index.js';
import {
  CONFIGMAPS,
  conditionOf,
  createActiveInstance,
  createInstance,
  createRgdAndWait,
  deleteObject,
  eventsFor,
  eventually,
  getObject,
  kubectlOk,
  rgdObject,
  statusOf,
  uniqueKind,
  useInstanceController,
  waitGone,
  waitInstanceState,
  waitObject,
} from './harness.js';

const env = useInstanceController('life', { sharedNamespace: true });
const { prefix } = env;

function lifeRgd(name: string, kind: string) {
  return rgdObject(
    name,
    kind,
    { value: 'string | default=one' },
    [
      { id: 'base', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}-root' }, data: { value: '${schema.spec.value}' } } },
      { id: 'leaf', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}-leaf' }, data: { value: "${base.data.value + '-leaf'}" } } },
    ],
    { status: { rootValue: '${base.data.value}', leafValue: '${leaf.data.value}' } },
  );
}

function dataOf(obj: KubeObject | undefined): Record<string, string> {
  return (obj?.data ?? {}) as Record<string, string>;
}

test('create, update, drift and delete an instance', async () => {
  const rgdName = `${prefix}-app`;
  const kind = uniqueKind('Life');
  const { rgd, gvr } = await createRgdAndWait(env.kube, lifeRgd(rgdName, kind));
  const created = await createInstance(env.kube, gvr, kind, env.namespace, 'one', { value: 'v1' });

  const live = await waitInstanceState(env.kube, gvr, env.namespace, 'one', 'ACTIVE');
  const id = applySetId({ name: 'one', namespace: env.namespace, kind, group: gvr.group });
  // J2: instance labels, annotations and finalizer.
  assert.deepEqual(live.metadata.finalizers, ['kro.run/finalizer']);
  const labels = live.metadata.labels ?? {};
  assert.equal(labels['kro.run/owned'], 'true');
  assert.equal(labels['kro.run/kro-version'], KRO_TS_VERSION.replaceAll('+', '-'));
  assert.equal(labels['kro.run/resource-graph-definition-id'], rgd.metadata.uid);
  assert.equal(labels['kro.run/resource-graph-definition-name'], rgdName);
  assert.equal(labels['applyset.kubernetes.io/id'], id);
  assert.equal(labels['app.kubernetes.io/managed-by'], undefined);
  const annotations = live.metadata.annotations ?? {};
  assert.equal(annotations['applyset.kubernetes.io/tooling'], `kro/${KRO_TS_VERSION}`);
  assert.equal(annotations['applyset.kubernetes.io/contains-group-kinds'], 'ConfigMap');
  assert.equal(annotations['applyset.kubernetes.io/additional-namespaces'], '');
  assert.match(annotations['internal.kro.run/applyset-inventory-hash'] ?? '', /^sha256:/);

  // Status: projection, state and conditions (I3).
  const status = statusOf(live);
  assert.equal(status.rootValue, 'v1');
  assert.equal(status.leafValue, 'v1-leaf');
  for (const type of ['InstanceManaged', 'GraphResolved', 'ResourcesReady', 'Ready']) {
    assert.equal(conditionOf(live, type)?.status, 'True', `${type} True`);
    assert.equal(conditionOf(live, type)?.observedGeneration, live.metadata.generation);
  }
  assert.equal(conditionOf(live, 'ResourcesReady')?.reason, 'AllResourcesReady');
  assert.equal(conditionOf(live, 'Ready')?.reason, 'Ready');

  // J3: children labels and the apply-order annotation.
  const root = await getObject(env.kube, CONFIGMAPS, env.namespace, 'one-root');
  const leaf = await getObject(env.kube, CONFIGMAPS, env.namespace, 'one-leaf');
  assert.equal(dataOf(leaf).value, 'v1-leaf');
  assert.deepEqual(leaf?.metadata.labels, {
    'kro.run/owned': 'true',
    'kro.run/kro-version': KRO_TS_VERSION.replaceAll('+', '-'),
    'app.kubernetes.io/managed-by': 'kro',
    'kro.run/instance-id': created.metadata.uid,
    'kro.run/instance-name': 'one',
    'kro.run/instance-namespace': env.namespace,
    'kro.run/instance-group': gvr.group,
    'kro.run/instance-version': gvr.version,
    'kro.run/instance-kind': kind,
    'kro.run/node-id': 'leaf',
    'applyset.kubernetes.io/part-of': id,
  });
  assert.equal(root?.metadata.annotations?.['internal.kro.run/apply-order'], '1');
  assert.equal(leaf?.metadata.annotations?.['internal.kro.run/apply-order'], '2');
  assert.equal(root?.metadata.ownerReferences, undefined, 'no ownerReferences');
  assert.ok(
    leaf?.metadata.managedFields?.some((f) => f.manager === 'kro.run/applyset' && f.operation === 'Apply'),
    'children are applied by the kro.run/applyset field manager',
  );

  // Condition-transition events (I7), on by default.
  await eventually(async () => {
    const events = await eventsFor(env.kube, env.namespace, kind, 'one');
    const ready = events.find((e) => e.reason === 'Ready' && String(e.message).endsWith('-> True: Ready'));
    return ready?.type === 'Normal' ? true : undefined;
  }, { message: 'a Normal "Ready" transition event' });

  // Update: the new value reaches both layers and the status.
  await env.kube.dynamic.patch({ gvr, namespace: env.namespace }, 'one', { spec: { value: 'v2' } }, { type: 'merge' });
  await waitObject(env.kube, CONFIGMAPS, env.namespace, 'one-leaf', (o) => dataOf(o).value === 'v2-leaf', 'leaf updated');
  await waitObject(env.kube, gvr, env.namespace, 'one', (o) => statusOf(o).leafValue === 'v2-leaf' && statusOf(o).state === 'ACTIVE', 'status updated');

  // Drift: an edit of a kro-managed field is undone; a deleted child comes back.
  await kubectlOk(['-n', env.namespace, 'patch', 'configmap', 'one-root', '--type=merge', '-p', '{"data":{"value":"tampered"}}']);
  await waitObject(env.kube, CONFIGMAPS, env.namespace, 'one-root', (o) => dataOf(o).value === 'v2', 'root restored', 10_000);
  const before = await getObject(env.kube, CONFIGMAPS, env.namespace, 'one-leaf');
  await deleteObject(env.kube, CONFIGMAPS, env.namespace, 'one-leaf');
  const recreated = await waitObject(env.kube, CONFIGMAPS, env.namespace, 'one-leaf', (o) => o.metadata.uid !== before?.metadata.uid, 'leaf recreated', 10_000);
  assert.equal(dataOf(recreated).value, 'v2-leaf');

  // Deletion in waves: the leaf (wave 2) held by a finalizer keeps the root (wave 1) alive.
  await env.kube.dynamic.patch({ gvr: CONFIGMAPS, namespace: env.namespace }, 'one-leaf', { metadata: { finalizers: ['test.kro.run/hold'] } }, { type: 'merge' });
  await deleteObject(env.kube, gvr, env.namespace, 'one');
  await waitObject(env.kube, CONFIGMAPS, env.namespace, 'one-leaf', (o) => o.metadata.deletionTimestamp !== undefined, 'leaf terminating');
  const deleting = await waitObject(env.kube, gvr, env.namespace, 'one', (o) => statusOf(o).state === 'DELETING', 'instance DELETING');
  assert.equal(conditionOf(deleting, 'ResourcesReady')?.status, 'Unknown');
  assert.equal(conditionOf(deleting, 'ResourcesReady')?.reason, 'UnderDeletion');
  await new Promise((r) => setTimeout(r, 1500));
  assert.ok(await getObject(env.kube, CONFIGMAPS, env.namespace, 'one-root'), 'the root waits for the leaf wave to vanish');
  await env.kube.dynamic.patch({ gvr: CONFIGMAPS, namespace: env.namespace }, 'one-leaf', { metadata: { finalizers: null } }, { type: 'merge' });
  await waitGone(env.kube, CONFIGMAPS, env.namespace, 'one-root');
  await waitGone(env.kube, gvr, env.namespace, 'one');
});

test('a child held by a finalizer while terminating blocks the instance, then is recreated (46)', async () => {
  const rgdName = `${prefix}-term`;
  const kind = uniqueKind('Term');
  const { gvr } = await createRgdAndWait(env.kube, lifeRgd(rgdName, kind));
  await createActiveInstance(env.kube, gvr, kind, env.namespace, 'two', { value: 'x' });
  await env.kube.dynamic.patch({ gvr: CONFIGMAPS, namespace: env.namespace }, 'two-root', { metadata: { finalizers: ['test.kro.run/hold'] } }, { type: 'merge' });
  await deleteObject(env.kube, CONFIGMAPS, env.namespace, 'two-root');
  const blocked = await waitObject(env.kube, gvr, env.namespace, 'two', (o) => conditionOf(o, 'ResourcesReady')?.reason === 'ResourceDeleting', 'ResourceDeleting');
  assert.equal(statusOf(blocked).state, 'IN_PROGRESS');
  assert.match(conditionOf(blocked, 'ResourcesReady')?.message ?? '', new RegExp(`resource "${env.namespace}/two-root" for node "base" is currently being deleted`));
  const old = await getObject(env.kube, CONFIGMAPS, env.namespace, 'two-root');
  await env.kube.dynamic.patch({ gvr: CONFIGMAPS, namespace: env.namespace }, 'two-root', { metadata: { finalizers: null } }, { type: 'merge' });
  await waitObject(env.kube, CONFIGMAPS, env.namespace, 'two-root', (o) => o.metadata.uid !== old?.metadata.uid && !o.metadata.deletionTimestamp, 'root recreated');
  await waitInstanceState(env.kube, gvr, env.namespace, 'two', 'ACTIVE');
  await deleteObject(env.kube, gvr, env.namespace, 'two');
  await waitGone(env.kube, gvr, env.namespace, 'two');
});

export type { GroupVersionResource };
