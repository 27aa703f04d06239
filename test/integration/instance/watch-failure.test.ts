// A watch the controller cannot establish must never stall a worker (upstream kubernetes-sigs/kro#1324: every
// reconcile waited 30 s for a cache that could not sync). The controller runs as a ServiceAccount that may get,
// list and write Secrets but not watch them: instances with a Secret child still converge at once, a Warning
// event on the instance names the failing watch and why, the instance falls back to periodic requeues (a deleted
// Secret comes back without any event), and instances of other kinds are served without delay by the only worker.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { KubeObject } from '../../../src/api/index.js';
import {
  SECRETS,
  createInstance,
  createRgdAndWait,
  createTestNamespace,
  deleteObject,
  eventsFor,
  eventually,
  getObject,
  limitedKubeconfig,
  rgdObject,
  uniqueKind,
  uniqueName,
  useManualController,
  waitInstanceState,
  waitObject,
  waitServed,
  type InstanceTestController,
} from './harness.js';

const env = useManualController('wfail');
const { prefix } = env;
let controller: InstanceTestController;
let namespace: string;

const RULES = [
  { apiGroups: ['kro.run', 'internal.kro.run', 'apiextensions.k8s.io', 'events.k8s.io', 'coordination.k8s.io'], resources: ['*'], verbs: ['*'] },
  { apiGroups: [''], resources: ['configmaps', 'events'], verbs: ['*'] },
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'create', 'update', 'patch', 'delete'] },
];

before(async () => {
  namespace = await createTestNamespace('wfail');
  const kubeconfigPath = await limitedKubeconfig(namespace, uniqueName('kro-limited'), RULES);
  controller = await env.startController({ kubeconfigPath, options: { dynamicControllerConcurrentReconciles: 1 } });
});

test('a forbidden watch is reported on the instance and never stalls the worker', async () => {
  const secretKind = uniqueKind('WithSecret');
  const { gvr } = await createRgdAndWait(
    env.kube,
    rgdObject(`${prefix}-secret`, secretKind, { value: 'string' }, [
      { id: 'secret', template: { apiVersion: 'v1', kind: 'Secret', metadata: { name: '${schema.metadata.name}-secret' }, stringData: { v: '${schema.spec.value}' } } },
      { id: 'config', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}-config' }, data: { v: '${schema.spec.value}' } } },
    ]),
  );
  await waitServed(controller, gvr);
  const started = Date.now();
  await createInstance(env.kube, gvr, secretKind, namespace, 'guarded', { value: 'x' });
  await waitInstanceState(env.kube, gvr, namespace, 'guarded', 'ACTIVE', 10_000);
  assert.ok(Date.now() - started < 10_000, 'no 30 s wait for a cache sync');

  const warning = await eventually(async () => {
    const events = await eventsFor(env.kube, namespace, secretKind, 'guarded');
    return events.find((e) => e.reason === 'WatchFailed');
  }, { message: 'a WatchFailed event', timeoutMs: 20_000 });
  assert.equal(warning.type, 'Warning');
  assert.match(String(warning.message), /node "secret" reads .*guarded-secret, but the watch of secrets \(v1\) is failing: .*forbidden/);
  assert.match(String(warning.message), /cannot watch resource "secrets"/);

  // Without a working watch the deletion is not an event kro hears of; the fallback requeue restores it.
  const before = await getObject(env.kube, SECRETS, namespace, 'guarded-secret');
  await deleteObject(env.kube, SECRETS, namespace, 'guarded-secret');
  const restored = await waitObject(env.kube, SECRETS, namespace, 'guarded-secret', (o: KubeObject) => o.metadata.uid !== before?.metadata.uid, 'secret recreated by the fallback requeue', 15_000);
  assert.equal(Buffer.from(String((restored.data as Record<string, string>).v), 'base64').toString(), 'x');

  // The single worker is free: an instance of another kind converges at once.
  const plainKind = uniqueKind('Plain');
  const plain = await createRgdAndWait(
    env.kube,
    rgdObject(`${prefix}-plain`, plainKind, { value: 'string' }, [
      { id: 'config', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}-plain' }, data: { v: '${schema.spec.value}' } } },
    ]),
  );
  await waitServed(controller, plain.gvr);
  const plainStarted = Date.now();
  await createInstance(env.kube, plain.gvr, plainKind, namespace, 'free', { value: 'y' });
  await waitInstanceState(env.kube, plain.gvr, namespace, 'free', 'ACTIVE', 10_000);
  assert.ok(Date.now() - plainStarted < 5_000, `served in ${Date.now() - plainStarted} ms`);
  const events = await eventsFor(env.kube, namespace, plainKind, 'free');
  assert.equal(events.filter((e) => e.reason === 'WatchFailed').length, 0, 'instances with working watches get no warning');

  await Promise.all([deleteObject(env.kube, gvr, namespace, 'guarded'), deleteObject(env.kube, plain.gvr, namespace, 'free')]);
});
