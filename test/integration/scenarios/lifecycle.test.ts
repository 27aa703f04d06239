// Scenario lifecycle_test (spec section 5, 3.1, 1.N N2, behavior 34): spec updates reach the children (replicas,
// image, port) while metadata other actors put on a child (finalizers, ownerReferences) survive kro's applies;
// `kro.run/reconcile: Suspended` (any case) stops applying spec changes, and removing the annotation (a metadata-only
// update, which the parent watch lets through because the suspension flipped) applies them; deletion removes the
// children.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../src/api/index.js';
import {
  conditionOf,
  createActiveInstance,
  createInstance,
  createRgdAndWait,
  deleteObject,
  getObject,
  rgdObject,
  statusOf,
  uniqueKind,
  waitGone,
  waitInstanceState,
  waitObject,
} from '../instance/harness.js';
import { DEPLOYMENTS, consistently, deploymentTemplate, makeDeploymentAvailable, patchMetadata, patchSpec, specOf, useScenario } from './helpers.js';

const env = useScenario('lifecycle', { sharedNamespace: true });
const { prefix } = env;

function updateRgd(name: string, kind: string) {
  return rgdObject(
    name,
    kind,
    { replicas: 'integer | default=1', image: 'string | default=nginx:latest', port: 'integer | default=80' },
    [
      {
        id: 'deployment',
        template: deploymentTemplate(
          'deployment-${schema.metadata.name}',
          'test',
          { containers: [{ name: 'app', image: '${schema.spec.image}', ports: [{ containerPort: '${schema.spec.port}' }] }] },
          '${schema.spec.replicas}',
        ),
      },
    ],
  );
}

function shape(deployment: KubeObject | undefined): { replicas: unknown; image: string; port: number } {
  const container = (specOf(deployment).template as { spec: { containers: { image: string; ports: { containerPort: number }[] }[] } }).spec.containers[0];
  return { replicas: specOf(deployment).replicas, image: container?.image ?? '', port: container?.ports[0]?.containerPort ?? 0 };
}

test('spec updates reach the children; other actors keep their finalizers and ownerReferences', async () => {
  const kind = uniqueKind('TestUpdate');
  const { gvr } = await createRgdAndWait(env.kube, updateRgd(`${prefix}-update`, kind));
  const name = 'test-instance-for-updates';
  const child = `deployment-${name}`;
  await createInstance(env.kube, gvr, kind, env.namespace, name, { image: 'nginx:1.19', port: 80, replicas: 1 });
  const initial = await waitObject(env.kube, DEPLOYMENTS, env.namespace, child, () => true, 'deployment');
  assert.deepEqual(shape(initial), { replicas: 1, image: 'nginx:1.19', port: 80 });

  const finalizers = ['non-kro-finalizer/finalizer'];
  const ownerReferences = [{ apiVersion: 'something.com/v1alpha1', kind: 'Something', name: 'that-owns-me', uid: '1234' }];
  await patchMetadata(env.kube, DEPLOYMENTS, env.namespace, child, { finalizers, ownerReferences });
  await makeDeploymentAvailable(env.kube, env.namespace, child, 1);

  await patchSpec(env.kube, gvr, env.namespace, name, { replicas: 3, image: 'nginx:1.20', port: 443 });
  const updated = await waitObject(env.kube, DEPLOYMENTS, env.namespace, child, (o) => shape(o).port === 443, 'deployment updated');
  assert.deepEqual(shape(updated), { replicas: 3, image: 'nginx:1.20', port: 443 });
  assert.deepEqual(updated.metadata.finalizers, finalizers);
  assert.deepEqual(updated.metadata.ownerReferences, ownerReferences);
  await waitInstanceState(env.kube, gvr, env.namespace, name, 'ACTIVE');

  await patchMetadata(env.kube, DEPLOYMENTS, env.namespace, child, { finalizers: null, ownerReferences: null });
  await deleteObject(env.kube, gvr, env.namespace, name);
  await waitGone(env.kube, DEPLOYMENTS, env.namespace, child);
  await waitGone(env.kube, gvr, env.namespace, name);
});

test('kro.run/reconcile: Suspended holds spec changes until the annotation is removed', async () => {
  const kind = uniqueKind('TestSuspend');
  const { gvr } = await createRgdAndWait(env.kube, updateRgd(`${prefix}-suspend`, kind));
  const name = 'suspendable';
  const child = `deployment-${name}`;
  await createActiveInstance(env.kube, gvr, kind, env.namespace, name, { image: 'nginx:1.19' });

  // The value is matched case-insensitively.
  await patchMetadata(env.kube, gvr, env.namespace, name, { annotations: { 'kro.run/reconcile': 'Suspended' } });
  const suspended = await waitObject(env.kube, gvr, env.namespace, name, (o) => conditionOf(o, 'ResourcesReady')?.reason === 'ReconciliationSuspended', 'suspended');
  assert.equal(conditionOf(suspended, 'ResourcesReady')?.status, 'False');
  assert.equal(conditionOf(suspended, 'Ready')?.reason, 'ReconciliationSuspended');
  assert.equal(statusOf(suspended).state, 'ACTIVE');

  await patchSpec(env.kube, gvr, env.namespace, name, { image: 'nginx:1.21' });
  await consistently(async () => {
    assert.equal(shape(await getObject(env.kube, DEPLOYMENTS, env.namespace, child)).image, 'nginx:1.19', 'applied while suspended');
  }, 3_000, 500);

  await patchMetadata(env.kube, gvr, env.namespace, name, { annotations: { 'kro.run/reconcile': null } });
  await waitObject(env.kube, DEPLOYMENTS, env.namespace, child, (o) => shape(o).image === 'nginx:1.21', 'the held change is applied on resume', 10_000);
  const resumed = await waitInstanceState(env.kube, gvr, env.namespace, name, 'ACTIVE');
  assert.equal(conditionOf(resumed, 'ResourcesReady')?.reason, 'AllResourcesReady');

  await deleteObject(env.kube, gvr, env.namespace, name);
  await waitGone(env.kube, DEPLOYMENTS, env.namespace, child);
});
