// Instance modes against the real API server: a cluster-scoped instance (1.M) with a child in an explicit
// namespace (no instance-namespace label, prune scope `default` plus the recorded namespaces, deletion), and
// suspension through `kro.run/reconcile` (behavior 34: Ready False ReconciliationSuspended, spec changes held back
// until resumed, state ACTIVE meanwhile).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { KubeObject } from '../../../src/api/index.js';
import {
  CONFIGMAPS,
  conditionOf,
  createActiveInstance,
  createTestNamespace,
  deleteObject,
  getObject,
  statusOf,
  uniqueName,
  useInstanceController,
  waitGone,
  waitInstanceState,
  waitObject,
  waitServed,
} from './harness.js';

const env = useInstanceController('modes', { sharedNamespace: true });
let other: string;

before(async () => {
  other = await createTestNamespace('modes-b');
});

const data = (o: KubeObject | undefined) => (o?.data ?? {}) as Record<string, string>;

test('a cluster-scoped instance manages namespaced children and prunes across its namespaces', async () => {
  const { gvr, kind } = await env.createActiveRgd(
    'cluster',
    'Cluster',
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
  );
  await waitServed(env.controller, gvr);
  const name = uniqueName('cs');
  const live = await createActiveInstance(env.kube, gvr, kind, '', name, { target: env.namespace });
  assert.equal(live.metadata.namespace, undefined);
  assert.equal(statusOf(live).side, 'main');
  assert.equal(live.metadata.annotations?.['applyset.kubernetes.io/additional-namespaces'], [env.namespace, other].sort().join(','));
  const main = await getObject(env.kube, CONFIGMAPS, env.namespace, `${name}-main`);
  assert.equal(main?.metadata.labels?.['kro.run/instance-name'], name);
  assert.equal(main?.metadata.labels?.['kro.run/instance-namespace'], undefined, 'no instance-namespace label for cluster-scoped instances');

  // includeWhen false: the child in the other namespace is pruned, the status field disappears.
  await env.kube.dynamic.patch({ gvr }, name, { spec: { extra: false } }, { type: 'merge' });
  await waitGone(env.kube, CONFIGMAPS, other, `${name}-side`);
  const pruned = await waitObject(env.kube, gvr, '', name, (o) => statusOf(o).side === undefined && statusOf(o).state === 'ACTIVE', 'side field gone');
  assert.equal(pruned.metadata.annotations?.['applyset.kubernetes.io/additional-namespaces'], env.namespace, 'the inventory shrank after the prune');

  await deleteObject(env.kube, gvr, '', name);
  await waitGone(env.kube, CONFIGMAPS, env.namespace, `${name}-main`);
  await waitGone(env.kube, gvr, '', name);
});

test('kro.run/reconcile: disabled suspends an instance until the annotation goes', async () => {
  const { gvr, kind } = await env.createActiveRgd('susp', 'Susp', { value: 'string' }, [
    { id: 'cm', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}-cm' }, data: { v: '${schema.spec.value}' } } },
  ], { status: { v: '${cm.data.v}' } });
  await waitServed(env.controller, gvr);
  await createActiveInstance(env.kube, gvr, kind, env.namespace, 'paused', { value: 'a' });

  await env.kube.dynamic.patch({ gvr, namespace: env.namespace }, 'paused', { metadata: { annotations: { 'kro.run/reconcile': 'disabled' } } }, { type: 'merge' });
  const suspended = await waitObject(env.kube, gvr, env.namespace, 'paused', (o) => conditionOf(o, 'ResourcesReady')?.reason === 'ReconciliationSuspended', 'suspended');
  assert.equal(conditionOf(suspended, 'ResourcesReady')?.message, 'reconciliation suspended via kro.run/reconcile annotation');
  assert.equal(conditionOf(suspended, 'Ready')?.status, 'False');
  assert.equal(statusOf(suspended).state, 'ACTIVE', 'no node states while suspended (34)');
  assert.equal(statusOf(suspended).v, undefined, 'resource-derived status fields vanish while suspended');

  await env.kube.dynamic.patch({ gvr, namespace: env.namespace }, 'paused', { spec: { value: 'b' } }, { type: 'merge' });
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(data(await getObject(env.kube, CONFIGMAPS, env.namespace, 'paused-cm')).v, 'a', 'spec changes are not applied while suspended');

  await env.kube.dynamic.patch({ gvr, namespace: env.namespace }, 'paused', { metadata: { annotations: { 'kro.run/reconcile': null } } }, { type: 'merge' });
  await waitObject(env.kube, CONFIGMAPS, env.namespace, 'paused-cm', (o) => data(o).v === 'b', 'applied after resuming');
  const resumed = await waitInstanceState(env.kube, gvr, env.namespace, 'paused', 'ACTIVE');
  assert.equal(statusOf(resumed).v, 'b');
  await deleteObject(env.kube, gvr, env.namespace, 'paused');
  await waitGone(env.kube, gvr, env.namespace, 'paused');
});
