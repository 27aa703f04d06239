// Scenario kubernetes_time_test (spec section 5; 1.C C4, behaviors 15, 18): a child's `metadata.creationTimestamp`
// (an OpenAPI date-time, a CEL timestamp in templates and status) is projected into the instance status as the
// RFC 3339 string Kubernetes itself writes, and the status schema declares it a date-time string.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CustomResourceDefinition, JsonObject } from '../../../src/api/index.js';
import {
  SECRETS,
  createTestNamespace,
  statusOf,
  waitInstanceState,
  waitObject,
} from '../instance/harness.js';
import { getCrd } from '../rgd/harness.js';
import { useScenario } from './helpers.js';

const env = useScenario('ktime');

test('status.creationTimestamp is the child creationTimestamp as RFC 3339', async () => {
  const namespace = await createTestNamespace('ktime');
  const { gvr, kind } = await env.createActiveRgd(
    'timestamp',
    'TestTimestamp',
    { name: 'string | default="test"' },
    [{ id: 'secret', template: { apiVersion: 'v1', kind: 'Secret', metadata: { name: '${schema.spec.name}' }, stringData: { hello: 'world' } } }],
    { status: { creationTimestamp: '${secret.metadata.creationTimestamp}' } },
  );
  const crd = (await getCrd(env.kube, `${gvr.resource}.${gvr.group}`)) as CustomResourceDefinition;
  const schema = (crd.spec.versions[0]?.schema?.openAPIV3Schema?.properties?.status as JsonObject | undefined)?.properties as Record<string, JsonObject> | undefined;
  assert.deepEqual({ type: schema?.creationTimestamp?.type, format: schema?.creationTimestamp?.format }, { type: 'string', format: 'date-time' });

  // No spec at all: the default fills spec.name.
  await env.kube.dynamic.create({ apiVersion: `${gvr.group}/${gvr.version}`, kind, metadata: { name: 'test', namespace } });
  const secret = await waitObject(env.kube, SECRETS, namespace, 'test', () => true, 'secret created');
  const created = secret.metadata.creationTimestamp;
  assert.match(created ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const live = await waitInstanceState(env.kube, gvr, namespace, 'test', 'ACTIVE');
  assert.equal(statusOf(live).creationTimestamp, created);
});
