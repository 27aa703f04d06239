// Scenario terminating_managed_resource_test (spec section 5, 1.K K6, behaviors 46, 60): a managed child held in
// termination by a finalizer blocks the whole instance before anything is applied: IN_PROGRESS, ResourcesReady
// False `ResourceDeleting` naming `resource "<ns>/<name>"`, and a newly desired downstream resource is not created.
// Once the child is gone it is recreated, the downstream follows, and the instance is ACTIVE. A terminating
// collection item blocks the instance the same way.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
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
  type InstanceTestController,
} from '../instance/harness.js';
import { DEPLOYMENTS, dataOf, patchMetadata, patchSpec, specOf, staysAbsent } from './helpers.js';

const prefix = uniqueName('terminating');
const BLOCK = 'tests.kro.run/block-delete';
let kube: KubeClient;
let controller: InstanceTestController;
let namespace: string;

before(async () => {
  kube = await testClient();
  controller = await startInstanceController(prefix);
  namespace = await createTestNamespace('terminating');
});

after(async () => {
  await controller?.stop();
  await kube?.close();
});

test('downstream resources are not created while a managed resource is terminating', async () => {
  const kind = uniqueKind('TerminatingManagedResource');
  const instanceName = 'test-terminating';
  const configName = `${instanceName}-config`;
  const { gvr } = await createRgdAndWait(
    kube,
    rgdObject(`${prefix}-single`, kind, { name: 'string', createDeployment: 'boolean' }, [
      { id: 'config', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.name}-config' }, data: { value: 'active' } } },
      {
        // Depends on the config's data, desired only once createDeployment flips to true.
        id: 'deployment',
        includeWhen: ['${schema.spec.createDeployment}'],
        template: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: '${schema.spec.name}' },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: '${schema.spec.name}' } },
            template: {
              metadata: { labels: { app: '${schema.spec.name}' } },
              spec: { containers: [{ name: 'nginx', image: 'nginx', env: [{ name: 'CONFIG_VALUE', value: '${config.data.value}' }] }] },
            },
          },
        },
      },
    ]),
  );
  await createInstance(kube, gvr, kind, namespace, instanceName, { name: instanceName, createDeployment: false });
  await waitInstanceState(kube, gvr, namespace, instanceName, 'ACTIVE');
  await waitObject(kube, CONFIGMAPS, namespace, configName, (o) => dataOf(o).value === 'active', 'config');
  assert.equal(await getObject(kube, DEPLOYMENTS, namespace, instanceName), undefined, 'not desired yet');

  // Hold the ConfigMap terminating, then make the Deployment desired.
  await patchMetadata(kube, CONFIGMAPS, namespace, configName, { finalizers: [BLOCK] });
  await deleteObject(kube, CONFIGMAPS, namespace, configName);
  const held = await waitObject(kube, CONFIGMAPS, namespace, configName, (o) => o.metadata.deletionTimestamp !== undefined, 'terminating');
  await patchSpec(kube, gvr, namespace, instanceName, { createDeployment: true });

  const blocked = await waitObject(kube, gvr, namespace, instanceName, (o) => conditionOf(o, 'ResourcesReady')?.reason === 'ResourceDeleting', 'ResourceDeleting');
  assert.equal(statusOf(blocked).state, 'IN_PROGRESS');
  assert.equal(conditionOf(blocked, 'ResourcesReady')?.status, 'False');
  assert.ok((conditionOf(blocked, 'ResourcesReady')?.message ?? '').includes(`resource "${namespace}/${configName}"`), conditionOf(blocked, 'ResourcesReady')?.message);
  await staysAbsent(kube, DEPLOYMENTS, namespace, [instanceName], 5_000, 'must not be created while the config is terminating');

  await patchMetadata(kube, CONFIGMAPS, namespace, configName, { finalizers: null });
  const recreated = await waitObject(kube, CONFIGMAPS, namespace, configName, (o) => o.metadata.uid !== held.metadata.uid && !o.metadata.deletionTimestamp, 'config recreated');
  assert.equal(dataOf(recreated).value, 'active');
  const deployment = await waitObject(kube, DEPLOYMENTS, namespace, instanceName, () => true, 'deployment created');
  const containers = (specOf(deployment).template as { spec: { containers: { env: { value: string }[] }[] } }).spec.containers;
  assert.equal(containers[0]?.env[0]?.value, 'active');
  await waitInstanceState(kube, gvr, namespace, instanceName, 'ACTIVE');
});

test('a terminating collection item blocks the instance until it is gone, then is recreated', async () => {
  const kind = uniqueKind('TerminatingCollection');
  const { gvr } = await createRgdAndWait(
    kube,
    rgdObject(`${prefix}-coll`, kind, { names: '[]string' }, [
      { id: 'entries', forEach: [{ entry: '${schema.spec.names}' }], template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}-${entry}' }, data: { entry: '${entry}' } } },
    ]),
  );
  await createInstance(kube, gvr, kind, namespace, 'coll', { names: ['a', 'b'] });
  await waitInstanceState(kube, gvr, namespace, 'coll', 'ACTIVE');
  await patchMetadata(kube, CONFIGMAPS, namespace, 'coll-b', { finalizers: [BLOCK] });
  await deleteObject(kube, CONFIGMAPS, namespace, 'coll-b');
  const held = await waitObject(kube, CONFIGMAPS, namespace, 'coll-b', (o) => o.metadata.deletionTimestamp !== undefined, 'item terminating');
  // A spec change that would create a third item is held back too.
  await patchSpec(kube, gvr, namespace, 'coll', { names: ['a', 'b', 'c'] });
  const blocked = await waitObject(kube, gvr, namespace, 'coll', (o) => conditionOf(o, 'ResourcesReady')?.reason === 'ResourceDeleting', 'ResourceDeleting');
  assert.ok((conditionOf(blocked, 'ResourcesReady')?.message ?? '').includes(`resource "${namespace}/coll-b"`));
  await staysAbsent(kube, CONFIGMAPS, namespace, ['coll-c'], 3_000, 'must not be created while an item is terminating');

  await patchMetadata(kube, CONFIGMAPS, namespace, 'coll-b', { finalizers: null });
  await waitObject(kube, CONFIGMAPS, namespace, 'coll-b', (o) => o.metadata.uid !== held.metadata.uid && !o.metadata.deletionTimestamp, 'item recreated');
  await waitObject(kube, CONFIGMAPS, namespace, 'coll-c', () => true, 'third item created');
  await waitInstanceState(kube, gvr, namespace, 'coll', 'ACTIVE');
  await deleteObject(kube, gvr, namespace, 'coll');
  await waitGone(kube, gvr, namespace, 'coll');
});
