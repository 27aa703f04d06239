// Scenario terminating_managed_resource_test (spec section 5, 1.K K6, behaviors 46, 60): a managed child held in
// termination by a finalizer blocks the whole instance before anything is applied: IN_PROGRESS, ResourcesReady
// False `ResourceDeleting` naming `resource "<ns>/<name>"`, and a newly desired downstream resource is not created.
// Once the child is gone it is recreated, the downstream follows, and the instance is ACTIVE. A terminating
// collection item blocks the instance the same way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONFIGMAPS,
  conditionOf,
  createActiveInstance,
  deleteObject,
  getObject,
  statusOf,
  waitGone,
  waitInstanceState,
  waitObject,
} from '../instance/harness.js';
import { DEPLOYMENTS, configMapTemplate, dataOf, deploymentTemplate, patchMetadata, patchSpec, specOf, staysAbsent, useScenario } from './helpers.js';

const env = useScenario('terminating', { sharedNamespace: true });
const BLOCK = 'tests.kro.run/block-delete';

test('downstream resources are not created while a managed resource is terminating', async () => {
  const instanceName = 'test-terminating';
  const configName = `${instanceName}-config`;
  const { gvr, kind } = await env.createActiveRgd('single', 'TerminatingManagedResource', { name: 'string', createDeployment: 'boolean' }, [
    { id: 'config', template: configMapTemplate('${schema.spec.name}-config', { value: 'active' }) },
    {
      // Depends on the config's data, desired only once createDeployment flips to true.
      id: 'deployment',
      includeWhen: ['${schema.spec.createDeployment}'],
      template: deploymentTemplate('${schema.spec.name}', '${schema.spec.name}', {
        containers: [{ name: 'nginx', image: 'nginx', env: [{ name: 'CONFIG_VALUE', value: '${config.data.value}' }] }],
      }),
    },
  ]);
  await createActiveInstance(env.kube, gvr, kind, env.namespace, instanceName, { name: instanceName, createDeployment: false });
  await waitObject(env.kube, CONFIGMAPS, env.namespace, configName, (o) => dataOf(o).value === 'active', 'config');
  assert.equal(await getObject(env.kube, DEPLOYMENTS, env.namespace, instanceName), undefined, 'not desired yet');

  // Hold the ConfigMap terminating, then make the Deployment desired.
  await patchMetadata(env.kube, CONFIGMAPS, env.namespace, configName, { finalizers: [BLOCK] });
  await deleteObject(env.kube, CONFIGMAPS, env.namespace, configName);
  const held = await waitObject(env.kube, CONFIGMAPS, env.namespace, configName, (o) => o.metadata.deletionTimestamp !== undefined, 'terminating');
  await patchSpec(env.kube, gvr, env.namespace, instanceName, { createDeployment: true });

  const blocked = await waitObject(env.kube, gvr, env.namespace, instanceName, (o) => conditionOf(o, 'ResourcesReady')?.reason === 'ResourceDeleting', 'ResourceDeleting');
  assert.equal(statusOf(blocked).state, 'IN_PROGRESS');
  assert.equal(conditionOf(blocked, 'ResourcesReady')?.status, 'False');
  assert.ok((conditionOf(blocked, 'ResourcesReady')?.message ?? '').includes(`resource "${env.namespace}/${configName}"`), conditionOf(blocked, 'ResourcesReady')?.message);
  await staysAbsent(env.kube, DEPLOYMENTS, env.namespace, [instanceName], 5_000, 'must not be created while the config is terminating');

  await patchMetadata(env.kube, CONFIGMAPS, env.namespace, configName, { finalizers: null });
  const recreated = await waitObject(env.kube, CONFIGMAPS, env.namespace, configName, (o) => o.metadata.uid !== held.metadata.uid && !o.metadata.deletionTimestamp, 'config recreated');
  assert.equal(dataOf(recreated).value, 'active');
  const deployment = await waitObject(env.kube, DEPLOYMENTS, env.namespace, instanceName, () => true, 'deployment created');
  const containers = (specOf(deployment).template as { spec: { containers: { env: { value: string }[] }[] } }).spec.containers;
  assert.equal(containers[0]?.env[0]?.value, 'active');
  await waitInstanceState(env.kube, gvr, env.namespace, instanceName, 'ACTIVE');
});

test('a terminating collection item blocks the instance until it is gone, then is recreated', async () => {
  const { gvr, kind } = await env.createActiveRgd('coll', 'TerminatingCollection', { names: '[]string' }, [
    { id: 'entries', forEach: [{ entry: '${schema.spec.names}' }], template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}-${entry}' }, data: { entry: '${entry}' } } },
  ]);
  await createActiveInstance(env.kube, gvr, kind, env.namespace, 'coll', { names: ['a', 'b'] });
  await patchMetadata(env.kube, CONFIGMAPS, env.namespace, 'coll-b', { finalizers: [BLOCK] });
  await deleteObject(env.kube, CONFIGMAPS, env.namespace, 'coll-b');
  const held = await waitObject(env.kube, CONFIGMAPS, env.namespace, 'coll-b', (o) => o.metadata.deletionTimestamp !== undefined, 'item terminating');
  // A spec change that would create a third item is held back too.
  await patchSpec(env.kube, gvr, env.namespace, 'coll', { names: ['a', 'b', 'c'] });
  const blocked = await waitObject(env.kube, gvr, env.namespace, 'coll', (o) => conditionOf(o, 'ResourcesReady')?.reason === 'ResourceDeleting', 'ResourceDeleting');
  assert.ok((conditionOf(blocked, 'ResourcesReady')?.message ?? '').includes(`resource "${env.namespace}/coll-b"`));
  await staysAbsent(env.kube, CONFIGMAPS, env.namespace, ['coll-c'], 3_000, 'must not be created while an item is terminating');

  await patchMetadata(env.kube, CONFIGMAPS, env.namespace, 'coll-b', { finalizers: null });
  await waitObject(env.kube, CONFIGMAPS, env.namespace, 'coll-b', (o) => o.metadata.uid !== held.metadata.uid && !o.metadata.deletionTimestamp, 'item recreated');
  await waitObject(env.kube, CONFIGMAPS, env.namespace, 'coll-c', () => true, 'third item created');
  await waitInstanceState(env.kube, gvr, env.namespace, 'coll', 'ACTIVE');
  await deleteObject(env.kube, gvr, env.namespace, 'coll');
  await waitGone(env.kube, gvr, env.namespace, 'coll');
});
