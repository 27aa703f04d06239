// Scenario metadata_fields_test (spec section 5; behavior 16): templates read every metadata field of the instance
// through `schema.metadata`: name, namespace (also as the child's namespace), uid, generation, resourceVersion,
// an absent generateName through `?`, and has() on labels and annotations.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONFIGMAPS,
  createInstance,
  createTestNamespace,
  getObject,
  waitInstanceState,
  waitObject,
} from '../instance/harness.js';
import { dataOf, useScenario } from './helpers.js';

const env = useScenario('meta');

test('every metadata field of the instance is readable in CEL', async () => {
  const namespace = await createTestNamespace('meta');
  const { gvr, kind } = await env.createActiveRgd('fields', 'MetadataTest', { dummy: 'string' }, [
    {
      id: 'testConfigMap',
      template: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: '${schema.metadata.name}-${schema.metadata.namespace}-metadata-test', namespace: '${schema.metadata.namespace}' },
        data: {
          'instance-name': '${schema.metadata.name}',
          'instance-namespace': '${schema.metadata.namespace}',
          'instance-uid': '${schema.metadata.uid}',
          'instance-generation': '${string(schema.metadata.generation)}',
          'instance-resourceVersion': '${schema.metadata.resourceVersion}',
          'instance-generateName': '${schema.metadata.?generateName.orValue("not-set")}',
          'instance-has-labels': '${has(schema.metadata.labels) ? "true" : "false"}',
          'instance-has-annotations': '${has(schema.metadata.annotations) ? "true" : "false"}',
        },
      },
    },
  ]);
  const created = await createInstance(env.kube, gvr, kind, namespace, 'test-instance', { dummy: 'value' }, { labels: { 'test-label': 'test-value' }, annotations: { 'test-annotation': 'test-value' } });
  const cmName = `test-instance-${namespace}-metadata-test`;
  const cm = await waitObject(env.kube, CONFIGMAPS, namespace, cmName, () => true, 'ConfigMap named from name and namespace');
  const data = dataOf(cm);
  assert.equal(data['instance-name'], 'test-instance');
  assert.equal(data['instance-namespace'], namespace);
  assert.equal(data['instance-uid'], created.metadata.uid);
  assert.equal(data['instance-generation'], String(created.metadata.generation));
  assert.match(data['instance-resourceVersion'] ?? '', /^\d+$/);
  assert.equal(data['instance-generateName'], 'not-set');
  assert.equal(data['instance-has-labels'], 'true');
  assert.equal(data['instance-has-annotations'], 'true');
  await waitInstanceState(env.kube, gvr, namespace, 'test-instance', 'ACTIVE');
  assert.ok(await getObject(env.kube, CONFIGMAPS, namespace, cmName));
});
