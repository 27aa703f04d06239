// Scenario unknown_fields_test (spec section 5): fields without a declared schema (x-kubernetes-preserve-unknown-
// fields objects, maps of anything, an `object` field of the instance spec) are readable in expressions, plainly
// and through `?` optionals, and flow into managed objects; an optional that finds nothing writes nothing. And an RGD
// that embeds another RGD's kind, passing it a free-form object and projecting its status, works end to end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonObject } from '../../../src/api/index.js';
import {
  CONFIGMAPS,
  createActiveInstance,
  createInstance,
  createTestNamespace,
  eventually,
  kubectlOk,
  namespacedCrd,
  statusOf,
  uniqueKind,
  waitInstanceState,
  waitObject,
} from '../instance/harness.js';
import { dataOf, specOf, useScenario } from './helpers.js';

const env = useScenario('unknown');
const { prefix } = env;
const group = `${prefix}.kro-test.io`;

const PRESERVE: JsonObject = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
const ANY_MAP: JsonObject = { type: 'object', additionalProperties: { 'x-kubernetes-preserve-unknown-fields': true } };

test('unknown fields of a CRD and of the instance spec resolve in expressions and flow through', async () => {
  const namespace = await createTestNamespace('unknown');
  const kind = uniqueKind('AllowUnknown');
  const plural = `${kind.toLowerCase()}s`;
  await env.kube.dynamic.create(
    namespacedCrd({
      group,
      kind,
      plural,
      version: 'v1alpha1',
      properties: {
        spec: {
          type: 'object',
          properties: {
            static: {
              type: 'object',
              properties: { key: { type: 'string' }, key2: { type: 'string' }, key3: { type: 'string' }, key4: { type: 'string' }, key5: PRESERVE, key6: PRESERVE },
            },
            config: PRESERVE,
            anyMap: ANY_MAP,
          },
        },
        status: { type: 'object', properties: { additional: ANY_MAP } },
      },
    }),
  );
  await kubectlOk(['wait', '--for=condition=Established', '--timeout=60s', `crd/${plural}.${group}`]);
  const gvrExternal = { group, version: 'v1alpha1', resource: plural };
  await eventually(() => env.kube.dynamic.create({ apiVersion: `${group}/v1alpha1`, kind, metadata: { name: 'existing-allow-unknown', namespace }, spec: { config: { foo: 'bar' } } }), {
    message: 'the external object created',
    timeoutMs: 30_000,
  });
  await env.kube.dynamic.patch({ gvr: gvrExternal, namespace }, 'existing-allow-unknown', { status: { additional: { key: 'value' } } }, { type: 'merge', subresource: 'status' });

  const { gvr, kind: instanceKind } = await env.createActiveRgd('fields', 'AllowUnknownInstance', { name: 'string', nested: 'object' }, [
    {
      id: 'example',
      template: {
        apiVersion: `${group}/v1alpha1`,
        kind,
        metadata: { name: '${schema.spec.name}' },
        spec: {
          config: { foo: 'bar' },
          static: {
            key: '${external.status.additional.key}',
            key2: '${external.status.additional.?key}',
            key3: '${external.spec.config.foo}',
            key4: '${external.spec.config.?foo}',
            key5: '${external.spec.config}',
            key6: '${external.status.additional}',
          },
          anyMap: { key: '${external.status.additional.?key}' },
        },
      },
    },
    {
      id: 'configmap',
      template: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'check-unknown-fields',
          annotations: { optionalAnnotationFromMap: '${example.spec.anyMap.?key}', optionalAnnotationFromNestedField: '${schema.spec.nested.?field}' },
        },
        data: {
          foo: '${example.spec.config.foo}',
          name: '${schema.spec.name}',
          nested: '${schema.spec.nested.field}',
          optionalNested: '${schema.spec.nested.?field}',
          valueFromMap: '${example.spec.anyMap.key}',
          nonExisting: '${example.spec.anyMap.?abc}',
          optionalStatusField: '${external.status.additional.?key}',
          statusField: '${external.status.additional.key}',
        },
      },
    },
    { id: 'external', externalRef: { apiVersion: `${group}/v1alpha1`, kind, metadata: { name: 'existing-allow-unknown', namespace } } },
  ]);
  await createActiveInstance(env.kube, gvr, instanceKind, namespace, 'check-unknown-fields', { name: 'name', nested: { field: 'value' } });

  const cm = await waitObject(env.kube, CONFIGMAPS, namespace, 'check-unknown-fields', () => true, 'configmap');
  const data = dataOf(cm);
  assert.equal(data.foo, 'bar');
  assert.equal(data.name, 'name');
  assert.equal(data.nested, 'value');
  assert.equal(data.optionalNested, 'value');
  assert.equal(data.valueFromMap, 'value');
  assert.equal(data.optionalStatusField, 'value');
  assert.equal(data.statusField, 'value');
  assert.equal(data.nonExisting ?? '', '', 'an optional that finds nothing writes nothing');
  assert.equal(cm.metadata.annotations?.optionalAnnotationFromMap, 'value');
  assert.equal(cm.metadata.annotations?.optionalAnnotationFromNestedField, 'value');

  const example = await waitObject(env.kube, gvrExternal, namespace, 'name', () => true, 'example');
  assert.deepEqual(specOf(example).static, { key: 'value', key2: 'value', key3: 'bar', key4: 'bar', key5: { foo: 'bar' }, key6: { key: 'value' } });
});

test("an RGD embedding another RGD's kind passes free-form data and projects its status", async () => {
  const namespace = await createTestNamespace('unknown');
  const { gvr: innerGvr, kind: innerKind } = await env.createActiveRgd(
    'inner',
    'Inner',
    { payload: 'object' },
    [{ id: 'cm', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}-inner' }, data: { color: '${schema.spec.payload.color}' } } }],
    { status: { color: '${cm.data.color}', payload: '${schema.spec.payload}' } },
  );
  const { gvr, kind: outerKind } = await env.createActiveRgd(
    'outer',
    'Outer',
    { payload: 'object' },
    [
      {
        id: 'inner',
        template: { apiVersion: `${innerGvr.group}/${innerGvr.version}`, kind: innerKind, metadata: { name: '${schema.metadata.name}-embedded' }, spec: { payload: '${schema.spec.payload}' } },
        readyWhen: ["${inner.status.?state.orValue('') == 'ACTIVE'}"],
      },
    ],
    { status: { innerColor: '${inner.status.color}', innerPayload: '${inner.status.payload}' } },
  );
  const payload = { color: 'blue', extra: { deep: [1, 2, 3] } };
  await createInstance(env.kube, gvr, outerKind, namespace, 'outer', { payload });
  const inner = await waitInstanceState(env.kube, innerGvr, namespace, 'outer-embedded', 'ACTIVE');
  assert.deepEqual(specOf(inner).payload, payload, 'the free-form object flows through unchanged');
  const outer = await waitObject(env.kube, gvr, namespace, 'outer', (o) => statusOf(o).state === 'ACTIVE' && statusOf(o).innerColor !== undefined, 'outer ACTIVE with status');
  assert.equal(statusOf(outer).innerColor, 'blue');
  assert.deepEqual(statusOf(outer).innerPayload, payload);
});
