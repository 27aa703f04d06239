// Scenario status_schema_ref_test (spec section 5; 1.C C3): status expressions may read only the instance
// (`schema.spec`), mix a resource field with a spec field, and follow spec changes.
import { describe, test } from 'node:test';
import {
  createInstance,
  createTestNamespace,
  statusOf,
  waitObject,
} from '../instance/harness.js';
import { configMapTemplate as configMap, patchSpec, useScenario } from './helpers.js';

const env = useScenario('statref');


describe('status from schema references', { concurrency: true }, () => {
  test('a status field from the instance spec only', async () => {
    const namespace = await createTestNamespace('statref');
    const { gvr, kind } = await env.createActiveRgd('only', 'StatusSchemaOnly', { host: 'string' }, [{ id: 'cm', template: configMap('${schema.spec.host}') }], { status: { echoHost: '${schema.spec.host}' } });
    await createInstance(env.kube, gvr, kind, namespace, 'test-schema-only', { host: 'example.com' });
    await waitObject(env.kube, gvr, namespace, 'test-schema-only', (o) => statusOf(o).echoHost === 'example.com', 'status.echoHost');
  });

  test('a status field mixing a resource field and a spec field', async () => {
    const namespace = await createTestNamespace('statref');
    const { gvr, kind } = await env.createActiveRgd('mixed', 'StatusSchemaMixed', { path: 'string' }, [{ id: 'configmap', template: configMap('my-configmap', { key: 'value' }) }], { status: { url: "${configmap.metadata.name + '/' + schema.spec.path}" } });
    await createInstance(env.kube, gvr, kind, namespace, 'test-schema-mixed', { path: 'api/v1' });
    await waitObject(env.kube, gvr, namespace, 'test-schema-mixed', (o) => statusOf(o).url === 'my-configmap/api/v1', 'status.url');
  });

  test('a spec-only status field follows spec changes', async () => {
    const namespace = await createTestNamespace('statref');
    const { gvr, kind } = await env.createActiveRgd('update', 'StatusSchemaUpdate', { label: 'string' }, [{ id: 'cm', template: configMap('static-cm') }], { status: { echoLabel: '${schema.spec.label}' } });
    await createInstance(env.kube, gvr, kind, namespace, 'test-schema-update', { label: 'first' });
    await waitObject(env.kube, gvr, namespace, 'test-schema-update', (o) => statusOf(o).echoLabel === 'first', 'status.echoLabel first');
    await patchSpec(env.kube, gvr, namespace, 'test-schema-update', { label: 'second' });
    await waitObject(env.kube, gvr, namespace, 'test-schema-update', (o) => statusOf(o).echoLabel === 'second', 'status.echoLabel second');
  });
});
