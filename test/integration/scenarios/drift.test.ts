// Drift (issue 7, spec 3.1 "Drift", 1.N N3): every child event routed by name enqueues its instance, and every
// reconcile re-applies every desired field with server-side apply, so an edit of a kro-managed field (data or a
// label kro stamps) is undone and a deleted child is recreated within seconds, while fields kro does not set are
// left alone. A status-only change of a child reaches the instance's projected status the same way. This file's
// controller requeues only every 30 s: each reaction within 3 s was driven by a watch event, not a timer. Edits of
// the instance's own labels or annotations (no generation change) do not reconcile it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONFIGMAPS,
  createActiveInstance,
  createInstance,
  deleteObject,
  eventually,
  getObject,
  kubectlOk,
  statusOf,
  waitObject,
} from '../instance/harness.js';
import { DEPLOYMENTS, consistently, dataOf, deploymentObject, makeDeploymentAvailable, patchMetadata, patchSpec, specOf, useScenario } from './helpers.js';

const env = useScenario('drift', { sharedNamespace: true, options: { instanceRequeueIntervalMs: 30_000 } });
const WATCH_DEADLINE_MS = 3_000;

test('edited and deleted children are restored within seconds, through watches', async () => {
  const { gvr, kind } = await env.createActiveRgd('cm', 'Drift', { value: 'string' }, [
    { id: 'config', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}-config', labels: { tier: 'backend' } }, data: { value: '${schema.spec.value}' } } },
  ]);
  await createActiveInstance(env.kube, gvr, kind, env.namespace, 'one', { value: 'desired' });
  const original = await waitObject(env.kube, CONFIGMAPS, env.namespace, 'one-config', () => true, 'child');

  // A kro-managed field edited the way a user would; a field kro does not set rides along.
  await kubectlOk(['-n', env.namespace, 'patch', 'configmap', 'one-config', '--type=merge', '-p', '{"data":{"value":"tampered","extra":"mine"}}']);
  const restored = await waitObject(env.kube, CONFIGMAPS, env.namespace, 'one-config', (o) => dataOf(o).value === 'desired', 'value restored', WATCH_DEADLINE_MS);
  assert.equal(dataOf(restored).extra, 'mine', 'fields kro does not own are left alone');

  // Labels kro stamps (and template labels) are restored too.
  await kubectlOk(['-n', env.namespace, 'label', 'configmap', 'one-config', 'tier-', 'app.kubernetes.io/managed-by-']);
  const relabeled = await waitObject(
    env.kube,
    CONFIGMAPS,
    env.namespace,
    'one-config',
    (o) => o.metadata.labels?.tier === 'backend' && o.metadata.labels['app.kubernetes.io/managed-by'] === 'kro',
    'labels restored',
    WATCH_DEADLINE_MS,
  );
  assert.deepEqual(relabeled.metadata.labels, original.metadata.labels);

  // Deleted: recreated with a new identity and the same content.
  await kubectlOk(['-n', env.namespace, 'delete', 'configmap', 'one-config', '--wait=false']);
  const recreated = await waitObject(env.kube, CONFIGMAPS, env.namespace, 'one-config', (o) => o.metadata.uid !== original.metadata.uid, 'recreated', WATCH_DEADLINE_MS);
  assert.equal(dataOf(recreated).value, 'desired');
  assert.deepEqual(recreated.metadata.labels, original.metadata.labels);
  assert.equal(statusOf((await getObject(env.kube, gvr, env.namespace, 'one'))!).state, 'ACTIVE');
});

test("a child's status change reaches the instance status through the watch", async () => {
  const { gvr, kind } = await env.createActiveRgd(
    'deploy',
    'DriftStatus',
    {},
    [{ id: 'deployment', template: { ...deploymentObject('', '${schema.metadata.name}', 1), metadata: { name: '${schema.metadata.name}' } } }],
    { status: { availableReplicas: '${deployment.status.?availableReplicas.orValue(0)}' } },
  );
  await createInstance(env.kube, gvr, kind, env.namespace, 'two', {});
  await waitObject(env.kube, gvr, env.namespace, 'two', (o) => statusOf(o).availableReplicas === 0 && statusOf(o).state === 'ACTIVE', 'nothing available yet');
  await makeDeploymentAvailable(env.kube, env.namespace, 'two', 1);
  await waitObject(env.kube, gvr, env.namespace, 'two', (o) => statusOf(o).availableReplicas === 1, 'status follows the child status', WATCH_DEADLINE_MS);

  // And a spec edit of the Deployment is undone.
  await env.kube.dynamic.patch({ gvr: DEPLOYMENTS, namespace: env.namespace }, 'two', { spec: { replicas: 5 } }, { type: 'merge' });
  await waitObject(env.kube, DEPLOYMENTS, env.namespace, 'two', (o) => specOf(o).replicas === 1, 'replicas restored', WATCH_DEADLINE_MS);
  await deleteObject(env.kube, gvr, env.namespace, 'two');
});

test('metadata-only edits of the instance do not trigger a reconcile (behavior 38)', async () => {
  const { gvr, kind } = await env.createActiveRgd('parent', 'DriftParent', { value: 'string' }, [
    { id: 'config', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}-config' }, data: { value: '${schema.spec.value}' } } },
  ]);
  await createActiveInstance(env.kube, gvr, kind, env.namespace, 'three', { value: 'x' });
  // Settled: the reconciles its own child events caused are over.
  const reconciles = () => env.controller.stats(gvr, env.namespace, 'three')?.reconciles ?? 0;
  const before = await eventually(async () => {
    const start = reconciles();
    await new Promise((r) => setTimeout(r, 1_000));
    return reconciles() === start ? start : undefined;
  }, { message: 'no reconcile for a second' });
  await patchMetadata(env.kube, gvr, env.namespace, 'three', { labels: { team: 'a' }, annotations: { note: 'hello' } });
  await consistently(() => {
    assert.equal(reconciles(), before, 'a label/annotation edit (no generation change) reconciled the instance');
  }, 2_000);
  // A spec edit bumps the generation and does.
  await patchSpec(env.kube, gvr, env.namespace, 'three', { value: 'y' });
  await waitObject(env.kube, CONFIGMAPS, env.namespace, 'three-config', (o) => dataOf(o).value === 'y', 'spec change applied', WATCH_DEADLINE_MS);
  await deleteObject(env.kube, gvr, env.namespace, 'three');
});
