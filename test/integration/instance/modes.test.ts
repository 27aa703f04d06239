// Instance modes against the real API server: a cluster-scoped instance (1.M) with a child in an explicit
// namespace (no instance-namespace label, prune scope `default` plus the recorded namespaces, deletion), and
// suspension through `kro.run/reconcile` (behavior 34: Ready False ReconciliationSuspended, spec changes held back
// until resumed, state ACTIVE meanwhile).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KubeObject } from '../../../src/api/index.js';
import type { KubeClient } from '../../../src/kube/index.js';
import {
  CONFIGMAPS,
  conditionOf,
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
  waitServed,
  type InstanceTestController,
} from './harness.js';

const prefix = uniqueName('modes');
let kube: KubeClient;
let controller: InstanceTestController;
let namespace: string;
let other: string;

before(async () => {
  kube = await testClient();
  controller = await startInstanceController(prefix);
  [namespace, other] = await Promise.all([createTestNamespace('modes'), createTestNamespace('modes-b')]);
});

after(async () => {
  await controller?.stop();
  await kube?.close();
});

const data = (o: KubeObject | undefined) => (o?.data ?? {}) as Record<string, string>;

test('a cluster-scoped instance manages namespaced children and prunes across its namespaces', async () => {
  const kind = uniqueKind('Cluster');
  const { gvr } = await createRgdAndWait(
    kube,
    rgdObject(
      `${prefix}-cluster`,
      kind,
      { target: 'string', extra: 'boolean | default=true' },
      [
        { id: 'main', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}-main', namespace: '${schema.spec.target}' }, data: { v: 'main' } } },
        {
          id: 'side',
          includeWhen: ['${schema.spec.extra}'],
          template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}-side', namespace: other }, data: { v: '${main.data.v}' } },
        },
      ],
      { scope: 'Cluster', status: { side: '${side.data.v}' } },
    ),
  );
  await waitServed(controller, gvr);
  const name = uniqueName('cs');
  await createInstance(kube, gvr, kind, '', name, { target: namespace });
  const live = await waitInstanceState(kube, gvr, '', name, 'ACTIVE');
  assert.equal(live.metadata.namespace, undefined);
  assert.equal(statusOf(live).side, 'main');
  assert.equal(live.metadata.annotations?.['applyset.kubernetes.io/additional-namespaces'], [namespace, other].sort().join(','));
  const main = await getObject(kube, CONFIGMAPS, namespace, `${name}-main`);
  assert.equal(main?.metadata.labels?.['kro.run/instance-name'], name);
  assert.equal(main?.metadata.labels?.['kro.run/instance-namespace'], undefined, 'no instance-namespace label for cluster-scoped instances');

  // includeWhen false: the child in the other namespace is pruned, the status field disappears.
  await kube.dynamic.patch({ gvr }, name, { spec: { extra: false } }, { type: 'merge' });
  await waitGone(kube, CONFIGMAPS, other, `${name}-side`);
  const pruned = await waitObject(kube, gvr, '', name, (o) => statusOf(o).side === undefined && statusOf(o).state === 'ACTIVE', 'side field gone');
  assert.equal(pruned.metadata.annotations?.['applyset.kubernetes.io/additional-namespaces'], namespace, 'the inventory shrank after the prune');

  await deleteObject(kube, gvr, '', name);
  await waitGone(kube, CONFIGMAPS, namespace, `${name}-main`);
  await waitGone(kube, gvr, '', name);
});

test('kro.run/reconcile: disabled suspends an instance until the annotation goes', async () => {
  const kind = uniqueKind('Susp');
  const { gvr } = await createRgdAndWait(
    kube,
    rgdObject(`${prefix}-susp`, kind, { value: 'string' }, [
      { id: 'cm', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}-cm' }, data: { v: '${schema.spec.value}' } } },
    ], { status: { v: '${cm.data.v}' } }),
  );
  await waitServed(controller, gvr);
  await createInstance(kube, gvr, kind, namespace, 'paused', { value: 'a' });
  await waitInstanceState(kube, gvr, namespace, 'paused', 'ACTIVE');

  await kube.dynamic.patch({ gvr, namespace }, 'paused', { metadata: { annotations: { 'kro.run/reconcile': 'disabled' } } }, { type: 'merge' });
  const suspended = await waitObject(kube, gvr, namespace, 'paused', (o) => conditionOf(o, 'ResourcesReady')?.reason === 'ReconciliationSuspended', 'suspended');
  assert.equal(conditionOf(suspended, 'ResourcesReady')?.message, 'reconciliation suspended via kro.run/reconcile annotation');
  assert.equal(conditionOf(suspended, 'Ready')?.status, 'False');
  assert.equal(statusOf(suspended).state, 'ACTIVE', 'no node states while suspended (34)');
  assert.equal(statusOf(suspended).v, undefined, 'resource-derived status fields vanish while suspended');

  await kube.dynamic.patch({ gvr, namespace }, 'paused', { spec: { value: 'b' } }, { type: 'merge' });
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(data(await getObject(kube, CONFIGMAPS, namespace, 'paused-cm')).v, 'a', 'spec changes are not applied while suspended');

  await kube.dynamic.patch({ gvr, namespace }, 'paused', { metadata: { annotations: { 'kro.run/reconcile': null } } }, { type: 'merge' });
  await waitObject(kube, CONFIGMAPS, namespace, 'paused-cm', (o) => data(o).v === 'b', 'applied after resuming');
  const resumed = await waitInstanceState(kube, gvr, namespace, 'paused', 'ACTIVE');
  assert.equal(statusOf(resumed).v, 'b');
  await deleteObject(kube, gvr, namespace, 'paused');
  await waitGone(kube, gvr, namespace, 'paused');
});
