// Scenario schema_aware_cel_test (spec section 5; behavior 15): expressions see observed objects typed by their
// OpenAPI schema, so a Secret's `data` values (format: byte) are bytes and `string(secret.data.clientId)` decodes
// the base64 the API server stored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  SECRETS,
  createInstance,
  createTestNamespace,
  statusOf,
  waitInstanceState,
  waitObject,
} from '../instance/harness.js';
import { useScenario } from './helpers.js';

const env = useScenario('schemacel');

test('string(secret.data.x) decodes the Secret value at runtime', async () => {
  const namespace = await createTestNamespace('schemacel');
  const { gvr, kind } = await env.createActiveRgd(
    'secret',
    'TestSchemaCel',
    { clientId: 'string' },
    [{ id: 'secret', template: { apiVersion: 'v1', kind: 'Secret', metadata: { name: '${schema.metadata.name}' }, stringData: { clientId: '${schema.spec.clientId}' } } }],
    { status: { decodedClientId: '${string(secret.data.clientId)}' } },
  );
  await createInstance(env.kube, gvr, kind, namespace, 'test-schema-cel', { clientId: 'my-secret-client' });
  const secret = await waitObject(env.kube, SECRETS, namespace, 'test-schema-cel', (o) => (o.data as Record<string, string> | undefined)?.clientId !== undefined, 'secret data');
  assert.equal((secret.data as Record<string, string>).clientId, Buffer.from('my-secret-client').toString('base64'), 'stored base64-encoded');
  const live = await waitInstanceState(env.kube, gvr, namespace, 'test-schema-cel', 'ACTIVE');
  assert.equal(statusOf(live).decodedClientId, 'my-secret-client');
});
