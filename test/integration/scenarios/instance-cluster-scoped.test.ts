// Scenario instance_cluster_scoped_test (spec section 5, 1.M): an RGD with `scope: Cluster` serves cluster-scoped
// instances that own namespaced children, collections, and read external refs by name and by selector, every
// namespace set explicitly through CEL. The instance turns ACTIVE with status from the external data; children
// carry no `kro.run/instance-namespace` label and the ApplySet id uses an empty namespace; a shrunk collection is
// pruned in the child namespace (recorded as an additional namespace); deletion cleans up.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONFIGMAPS,
  createActiveInstance,
  createRgdAndWait,
  createTestNamespace,
  deleteObject,
  getObject,
  kubectlOk,
  rgdObject,
  statusOf,
  uniqueKind,
  uniqueName,
  waitGone,
  waitInstanceState,
} from '../instance/harness.js';
import { createConfigMap, dataOf, expectedChildLabels, instanceApplySetId, patchSpec, useScenario, waitAll } from './helpers.js';

const env = useScenario('clscope');
const { prefix } = env;

test('a cluster-scoped instance with namespaced children, a collection and external refs', async () => {
  const namespace = await createTestNamespace('clscope');
  await createConfigMap(env.kube, namespace, 'ext-config', { setting: 'enabled' });
  for (const [i, team] of ['alpha', 'beta'].entries()) {
    await createConfigMap(env.kube, namespace, `team-${team}`, { team, priority: String(i + 1) }, { role: 'team-config' });
  }
  const kind = uniqueKind('ClusterPolicy');
  const rgdName = `${prefix}-policy`;
  const { gvr } = await createRgdAndWait(
    env.kube,
    rgdObject(
      rgdName,
      kind,
      { targetNamespace: 'string', envValues: '[]string' },
      [
        { id: 'extconfig', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ext-config', namespace: '${schema.spec.targetNamespace}' } } },
        {
          id: 'teamconfigs',
          externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: '${schema.spec.targetNamespace}', selector: { matchLabels: { role: 'team-config' } } } },
        },
        {
          id: 'policyCm',
          template: {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: '${schema.metadata.name}-policy', namespace: '${schema.spec.targetNamespace}' },
            data: { setting: '${extconfig.data.setting}' },
          },
        },
        {
          id: 'envCms',
          forEach: [{ val: '${schema.spec.envValues}' }],
          template: {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: '${schema.metadata.name}-env-${val}', namespace: '${schema.spec.targetNamespace}' },
            data: { env: '${val}' },
          },
        },
      ],
      { scope: 'Cluster', status: { externalSetting: '${extconfig.data.setting}', teamCount: '${string(size(teamconfigs))}' } },
    ),
  );
  const crdScope = await kubectlOk(['get', 'crd', `${gvr.resource}.${gvr.group}`, '-o', 'jsonpath={.spec.scope}']);
  assert.equal(crdScope, 'Cluster');

  const instanceName = uniqueName('test-policy');
  const live = await createActiveInstance(env.kube, gvr, kind, '', instanceName, { targetNamespace: namespace, envValues: ['dev', 'staging'] });
  assert.equal(live.metadata.namespace, undefined, 'no namespace');
  assert.equal(statusOf(live).externalSetting, 'enabled');
  assert.equal(statusOf(live).teamCount, '2');
  assert.equal(live.metadata.labels?.['applyset.kubernetes.io/id'], instanceApplySetId(live, gvr), 'the ApplySet id uses an empty namespace');
  // A cluster-scoped parent lists the namespaces of its children as additional namespaces.
  assert.equal(live.metadata.annotations?.['applyset.kubernetes.io/additional-namespaces'], namespace);

  const [policy] = await waitAll(env.kube, CONFIGMAPS, namespace, [`${instanceName}-policy`]);
  assert.equal(dataOf(policy).setting, 'enabled');
  assert.deepEqual(policy?.metadata.labels, expectedChildLabels(live, gvr, 'policyCm'));
  assert.equal(policy?.metadata.labels?.['kro.run/instance-namespace'], undefined);
  const envs = await waitAll(env.kube, CONFIGMAPS, namespace, ['dev', 'staging'].map((v) => `${instanceName}-env-${v}`));
  for (const [i, cm] of envs.entries()) {
    assert.equal(dataOf(cm).env, ['dev', 'staging'][i]);
    assert.deepEqual(cm.metadata.labels, expectedChildLabels(live, gvr, 'envCms', { index: i, size: 2 }));
  }

  // Behavior 44: the prune scope of a cluster-scoped parent is its recorded additional namespaces.
  await patchSpec(env.kube, gvr, '', instanceName, { envValues: ['dev'] });
  await waitGone(env.kube, CONFIGMAPS, namespace, `${instanceName}-env-staging`);
  assert.ok(await getObject(env.kube, CONFIGMAPS, namespace, `${instanceName}-env-dev`));
  await waitInstanceState(env.kube, gvr, '', instanceName, 'ACTIVE');

  await deleteObject(env.kube, gvr, '', instanceName);
  await waitGone(env.kube, gvr, '', instanceName);
  for (const name of [`${instanceName}-policy`, `${instanceName}-env-dev`, `${instanceName}-env-staging`]) {
    assert.equal(await getObject(env.kube, CONFIGMAPS, namespace, name), undefined, `${name} deleted with the instance`);
  }
  // External objects are untouched.
  assert.ok(await getObject(env.kube, CONFIGMAPS, namespace, 'ext-config'));
  assert.ok(await getObject(env.kube, CONFIGMAPS, namespace, 'team-alpha'));
});
