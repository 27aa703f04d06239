// Scenario status_array_projection_test (spec section 5; 1.C C2): a YAML list of expressions in the status block
// is projected as an array (at the top level and nested under an object), and the generated CRD declares it as
// an array of strings, so the API server keeps it (a wrong path would be silently pruned by the structural schema).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CustomResourceDefinition, JsonObject } from '../../../src/api/index.js';
import {
  createInstance,
  createTestNamespace,
  statusOf,
  waitObject,
} from '../instance/harness.js';
import { getCrd } from '../rgd/harness.js';
import { conditionsText, configMapTemplate as configMap, useScenario } from './helpers.js';

const env = useScenario('statarr');


/** The CRD's schema of `.status.<path>`. */
async function statusSchema(plural: string, group: string, path: readonly string[]): Promise<JsonObject | undefined> {
  const crd = (await getCrd(env.kube, `${plural}.${group}`)) as CustomResourceDefinition;
  let node = crd.spec.versions[0]?.schema?.openAPIV3Schema?.properties?.status as JsonObject | undefined;
  for (const key of path) node = (node?.properties as Record<string, JsonObject> | undefined)?.[key];
  return node;
}

describe('status array projection', { concurrency: true }, () => {
  test('a top-level list of expressions is projected as an array', async () => {
    const namespace = await createTestNamespace('statarr');
    const { gvr, kind } = await env.createActiveRgd(
      'top',
      'TestStatusArray',
      { name: 'string' },
      [
        { id: 'primary', template: configMap('${schema.spec.name}-primary') },
        { id: 'secondary', template: configMap('${schema.spec.name}-secondary') },
      ],
      { status: { endpoints: ['${primary.metadata.name}', '${secondary.metadata.name}'] } },
    );
    const schema = await statusSchema(gvr.resource, gvr.group, ['endpoints']);
    assert.equal(schema?.type, 'array');
    assert.equal((schema?.items as JsonObject | undefined)?.type, 'string');

    const name = 'status-array';
    await createInstance(env.kube, gvr, kind, namespace, name, { name });
    const live = await waitObject(env.kube, gvr, namespace, name, (o) => Array.isArray(statusOf(o).endpoints), 'status.endpoints as an array');
    assert.deepEqual(statusOf(live).endpoints, [`${name}-primary`, `${name}-secondary`], conditionsText(live));
  });

  test('a list nested under an object is projected as an array', async () => {
    const namespace = await createTestNamespace('statarr');
    const { gvr, kind } = await env.createActiveRgd('nested', 'TestStatusNestedArray', { name: 'string' }, [{ id: 'primary', template: configMap('${schema.spec.name}-primary') }], {
      status: { network: { names: ['${primary.metadata.name}'] } },
    });
    assert.equal((await statusSchema(gvr.resource, gvr.group, ['network', 'names']))?.type, 'array');

    const name = 'status-nested-array';
    await createInstance(env.kube, gvr, kind, namespace, name, { name });
    const live = await waitObject(env.kube, gvr, namespace, name, (o) => Array.isArray((statusOf(o).network as JsonObject | undefined)?.names), 'status.network.names as an array');
    assert.deepEqual((statusOf(live).network as JsonObject).names, [`${name}-primary`], conditionsText(live));
  });
});
