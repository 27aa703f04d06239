// Scenario format_test (spec section 5; 1.E): `"%s:%s".format([...])` in a template, over the instance namespace
// and another resource's name (which also makes it a dependency: ServiceAccount before ConfigMap).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONFIGMAPS,
  createTestNamespace,
  getObject,
  waitInstanceState,
} from '../instance/harness.js';
import { SERVICE_ACCOUNTS, dataOf, useScenario } from './helpers.js';

const env = useScenario('format');

test('format() resolves formatted strings', async () => {
  const namespace = await createTestNamespace('format');
  const { rgd, gvr, kind } = await env.createActiveRgd(
    'format',
    'TestFormat',
    {},
    [
      { id: 'serviceAccount', template: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: '${schema.metadata.name}' } } },
      {
        id: 'configMap',
        template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}' }, data: { key: '${"%s:%s".format([schema.metadata.namespace, serviceAccount.metadata.name])}' } },
      },
    ],
    { status: {} },
  );
  assert.deepEqual(rgd.status?.topologicalOrder, ['serviceAccount', 'configMap']);
  // No spec: an instance of an RGD with an empty spec schema.
  await env.kube.dynamic.create({ apiVersion: `${gvr.group}/${gvr.version}`, kind, metadata: { name: 'test-format', namespace } });
  await waitInstanceState(env.kube, gvr, namespace, 'test-format', 'ACTIVE');
  assert.ok(await getObject(env.kube, SERVICE_ACCOUNTS, namespace, 'test-format'), 'ServiceAccount created');
  assert.deepEqual(dataOf(await getObject(env.kube, CONFIGMAPS, namespace, 'test-format')), { key: `${namespace}:test-format` });
});
