// Scenario nested_test (spec section 5): an RGD whose template is itself a ResourceGraphDefinition. Each instance
// creates a nested RGD whose name, kind and SimpleSchema strings are built with `${...}` (e.g.
// `${schema.spec.type} | default=${schema.spec.default}`); the nested RGD becomes Active and serves a CRD with that
// field type and default; deleting the instance deletes the nested RGD (and, with CRD deletion allowed, its CRD).
// Nested RGDs are named `${prefix}-...` so this file's controller manages them too; each gets a unique API group.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonObject } from '../../../src/api/index.js';
import {
  createActiveInstance,
  createInstance,
  createRgdAndWait,
  createTestNamespace,
  deleteObject,
  rgdObject,
  statusOf,
  uniqueKind,
  uniqueName,
  waitGone,
  waitInstanceState,
} from '../instance/harness.js';
import { CRD_GVR, RGD_GVR, getCrd, specProperties, waitActive } from '../rgd/harness.js';
import { useScenario } from './helpers.js';

const env = useScenario('nested');
const { prefix } = env;

/** upstream's nestedResourceGraphDefinition: the instance spec picks the nested field's type and default. */
function nestingRgd(name: string, kind: string, token: string) {
  return rgdObject(name, kind, { type: 'string', default: 'string' }, [
    {
      id: 'nested',
      template: {
        apiVersion: 'kro.run/v1alpha1',
        kind: 'ResourceGraphDefinition',
        metadata: { name: `${prefix}-nested-\${schema.spec.type}-${token}` },
        spec: {
          schema: {
            apiVersion: 'v1alpha1',
            group: `nested${token}.kro-test.io`,
            kind: 'NestedRGD${schema.spec.type}',
            spec: { name: 'string', somefield: { nested: '${schema.spec.type} | default=${schema.spec.default}' } },
          },
        },
      },
    },
  ]);
}

async function nestedCrdField(nestedName: string, group: string, kind: string): Promise<JsonObject | undefined> {
  const crd = await getCrd(env.kube, `${kind.toLowerCase()}s.${group}`);
  assert.ok(crd, `the CRD of ${nestedName}`);
  const somefield = specProperties(crd).somefield as { properties?: Record<string, JsonObject> } | undefined;
  return somefield?.properties?.nested;
}

test('an instance creates a nested RGD; deleting it deletes the nested RGD and its CRD', async () => {
  const namespace = await createTestNamespace('nested');
  const token = uniqueName('t').replace('-', '');
  const kind = uniqueKind('NestedRGDTestnestedrg');
  const { gvr } = await createRgdAndWait(env.kube, nestingRgd(`${prefix}-parent`, kind, token));
  await createActiveInstance(env.kube, gvr, kind, namespace, 'test-string', { type: 'string', default: '10' });

  const nestedName = `${prefix}-nested-string-${token}`;
  const nested = await waitActive(env.kube, nestedName);
  assert.equal(nested.spec.schema.kind, 'NestedRGDstring');
  const field = await nestedCrdField(nestedName, `nested${token}.kro-test.io`, 'NestedRGDstring');
  assert.equal(field?.type, 'string');
  assert.equal(field?.default, '10');

  await deleteObject(env.kube, gvr, namespace, 'test-string');
  await waitGone(env.kube, gvr, namespace, 'test-string');
  await waitGone(env.kube, RGD_GVR, '', nestedName);
  await waitGone(env.kube, CRD_GVR, '', `nestedrgdstrings.nested${token}.kro-test.io`);
});

test('nested RGDs with different schema field types', async () => {
  const namespace = await createTestNamespace('nested');
  const token = uniqueName('t').replace('-', '');
  const kind = uniqueKind('NestedRGDTestmultirg');
  const { gvr } = await createRgdAndWait(env.kube, nestingRgd(`${prefix}-multi`, kind, token));
  const cases = [
    { name: 'testinteger', type: 'integer', default: '10', expected: 10 },
    { name: 'teststring', type: 'string', default: 'default', expected: 'default' },
  ];
  for (const c of cases) await createInstance(env.kube, gvr, kind, namespace, c.name, { type: c.type, default: c.default });
  for (const c of cases) {
    const nestedName = `${prefix}-nested-${c.type}-${token}`;
    await waitActive(env.kube, nestedName);
    const field = await nestedCrdField(nestedName, `nested${token}.kro-test.io`, `NestedRGD${c.type}`);
    assert.equal(field?.type, c.type);
    assert.equal(field?.default, c.expected);
    const live = await waitInstanceState(env.kube, gvr, namespace, c.name, 'ACTIVE');
    assert.equal(statusOf(live).state, 'ACTIVE');
  }
  for (const c of cases) await deleteObject(env.kube, gvr, namespace, c.name);
  for (const c of cases) await waitGone(env.kube, RGD_GVR, '', `${prefix}-nested-${c.type}-${token}`);
});
