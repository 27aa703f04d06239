// Scenario deploymentservice_test (spec section 5, 1.C, 1.J J3, 3.1 step 8, behavior 34): the full lifecycle of a
// Deployment + Service RGD. The RGD is Active and Ready at its generation with topological order
// [deployment, service]; an instance creates both with kro's labels; once the Deployment reports availability (we
// play its controller) the instance projects the status (a list, an integer, an optional present and one absent)
// and is Ready at its generation. `kro.run/reconcile: disabled` suspends it: Ready False `ReconciliationSuspended`,
// state ACTIVE, resource-derived status gone, and spec changes are not applied. Deleting it (while suspended)
// removes its children.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  conditionOf,
  createInstance,
  createRgdAndWait,
  createTestNamespace,
  deleteObject,
  getObject,
  rgdObject,
  statusOf,
  uniqueKind,
  waitGone,
  waitObject,
} from '../instance/harness.js';
import { condition } from '../rgd/harness.js';
import { DEPLOYMENTS, KRO_VERSION_LABEL, SERVICES, consistently, deploymentTemplate, kubectlColumns, makeDeploymentAvailable, patchMetadata, patchSpec, specOf, useScenario } from './helpers.js';

const env = useScenario('depsvc');
const { prefix } = env;

/** upstream's deploymentService generator: a Deployment and a Service named after the instance. */
function deploymentServiceRgd(name: string, kind: string) {
  return rgdObject(
    name,
    kind,
    { name: 'string', port: 'integer | default=80', replicas: 'integer | default=1' },
    [
      {
        id: 'deployment',
        template: deploymentTemplate(
          '${schema.spec.name}',
          'deployment',
          { containers: [{ name: '${schema.spec.name}-deployment', image: 'nginx', ports: [{ containerPort: '${schema.spec.port}' }] }] },
          '${schema.spec.replicas}',
        ),
      },
      {
        id: 'service',
        template: {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: '${schema.spec.name}' },
          spec: { selector: { app: 'deployment' }, ports: [{ port: '${schema.spec.port}', targetPort: '${schema.spec.port}' }] },
        },
      },
    ],
    {
      status: {
        deploymentConditions: '${deployment.status.conditions}',
        availableReplicas: '${deployment.status.availableReplicas}',
        available: '${deployment.status.?conditions[0].status}',
        // Never present: an optional that stays absent.
        unavailable: '${deployment.status.?conditions[10]}',
      },
    },
  );
}

interface Container {
  ports: { containerPort: number }[];
}

function containersOf(deployment: Parameters<typeof specOf>[0]): Container[] {
  return (specOf(deployment).template as { spec: { containers: Container[] } }).spec.containers;
}

test('the complete lifecycle of a Deployment + Service instance, with suspension', async () => {
  const namespace = await createTestNamespace('depsvc');
  const kind = uniqueKind('DeploymentService');
  const { rgd, gvr } = await createRgdAndWait(env.kube, deploymentServiceRgd(`${prefix}-app`, kind));
  assert.equal(rgd.spec.resources?.length, 2);
  assert.equal(condition(rgd, 'Ready')?.status, 'True');
  assert.equal(condition(rgd, 'Ready')?.observedGeneration, rgd.metadata.generation);
  assert.deepEqual(rgd.status?.topologicalOrder, ['deployment', 'service']);

  await createInstance(env.kube, gvr, kind, namespace, 'test-instance', { name: 'test-instance', port: 8080 });
  const deployment = await waitObject(env.kube, DEPLOYMENTS, namespace, 'test-instance', () => true, 'deployment');
  assert.equal(containersOf(deployment).length, 1);
  assert.equal(containersOf(deployment)[0]?.ports[0]?.containerPort, 8080);
  assert.equal(specOf(deployment).replicas, 1);

  await makeDeploymentAvailable(env.kube, namespace, 'test-instance', 1);
  const service = await waitObject(env.kube, SERVICES, namespace, 'test-instance', () => true, 'service');
  const ports = specOf(service).ports as { port: number; targetPort: number }[];
  assert.equal(ports.length, 1);
  assert.equal(ports[0]?.port, 8080);
  assert.equal(ports[0]?.targetPort, 8080);
  assert.equal(service.metadata.labels?.['kro.run/owned'], 'true');
  assert.equal(service.metadata.labels?.['kro.run/kro-version'], KRO_VERSION_LABEL);
  assert.equal(service.metadata.labels?.['app.kubernetes.io/managed-by'], 'kro');

  const ready = await waitObject(env.kube, gvr, namespace, 'test-instance', (o) => conditionOf(o, 'Ready')?.status === 'True' && statusOf(o).availableReplicas === 1, 'Ready with status');
  const status = statusOf(ready);
  assert.ok(Array.isArray(status.deploymentConditions) && status.deploymentConditions.length > 0, 'deploymentConditions');
  assert.equal(status.available, 'True');
  assert.equal('unavailable' in status, false, 'an absent optional is not written');
  assert.equal(conditionOf(ready, 'Ready')?.observedGeneration, ready.metadata.generation);
  assert.equal((await kubectlColumns(gvr, namespace, 'test-instance')).STATE, 'ACTIVE');

  // Suspend (upstream's legacy value "disabled").
  await patchMetadata(env.kube, gvr, namespace, 'test-instance', { annotations: { 'kro.run/reconcile': 'disabled' } });
  const suspended = await waitObject(env.kube, gvr, namespace, 'test-instance', (o) => conditionOf(o, 'Ready')?.reason === 'ReconciliationSuspended', 'suspended');
  assert.equal(conditionOf(suspended, 'Ready')?.status, 'False');
  assert.equal(conditionOf(suspended, 'ResourcesReady')?.message, 'reconciliation suspended via kro.run/reconcile annotation');
  // Behavior 34: no node ran, so the state is ACTIVE and resource-derived fields are gone.
  assert.equal(statusOf(suspended).state, 'ACTIVE');
  assert.equal(statusOf(suspended).availableReplicas, undefined);

  await patchSpec(env.kube, gvr, namespace, 'test-instance', { replicas: 2 });
  await consistently(async () => {
    assert.equal(specOf(await getObject(env.kube, DEPLOYMENTS, namespace, 'test-instance')).replicas, 1, 'a suspended instance is not applied');
  }, 5_000, 500);

  await deleteObject(env.kube, gvr, namespace, 'test-instance');
  await waitGone(env.kube, DEPLOYMENTS, namespace, 'test-instance');
  await waitGone(env.kube, SERVICES, namespace, 'test-instance');
  await waitGone(env.kube, gvr, namespace, 'test-instance');
});
