// Resolving OpenAPI v3 component schemas into self-contained schemas.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findSchemaNameForGvk, RECURSIVE_REF_EXTENSION, resolveSchema, type OpenApiDocument } from '../../../src/api/index.js';

const doc: OpenApiDocument = {
  openapi: '3.0.0',
  components: {
    schemas: {
      'io.k8s.api.apps.v1.Deployment': {
        type: 'object',
        properties: {
          metadata: { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }], default: {}, description: 'Standard object metadata.' },
          spec: { $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' },
        },
        'x-kubernetes-group-version-kind': [{ group: 'apps', version: 'v1', kind: 'Deployment' }],
      },
      'io.k8s.api.apps.v1.DeploymentSpec': {
        type: 'object',
        properties: { replicas: { type: 'integer', format: 'int32' }, selector: { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector' } },
      },
      'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': { type: 'object', properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string' } } } },
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': { type: 'object', properties: { name: { type: 'string' } }, description: 'ObjectMeta is metadata.' },
      'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions': {
        type: 'object',
        'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'DeleteOptions' }, { group: 'apps', version: 'v1', kind: 'DeleteOptions' }],
      },
      'JSONSchemaProps': {
        type: 'object',
        properties: {
          $ref: { type: 'string' },
          properties: { type: 'object', additionalProperties: { $ref: '#/components/schemas/JSONSchemaProps', default: {} } },
          items: { $ref: '#/components/schemas/JSONSchemaPropsOrArray' },
          default: { allOf: [{ $ref: '#/components/schemas/JSON' }], description: 'a property named default' },
        },
        default: { $ref: 'not-a-ref-but-data' },
      },
      'JSON': { description: 'any JSON', 'x-kubernetes-preserve-unknown-fields': true },
      'JSONSchemaPropsOrArray': { description: 'a schema or a list of schemas' },
    },
  },
};

test('finds the schema of a GVK, also among several GVKs of one schema', () => {
  assert.equal(findSchemaNameForGvk(doc, { group: 'apps', version: 'v1', kind: 'Deployment' }), 'io.k8s.api.apps.v1.Deployment');
  assert.equal(findSchemaNameForGvk(doc, { group: 'apps', version: 'v1', kind: 'DeleteOptions' }), 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions');
  assert.equal(findSchemaNameForGvk(doc, { group: 'apps', version: 'v2', kind: 'Deployment' }), undefined);
});

test('inlines $refs and flattens the allOf wrapper, keeping sibling description and default', () => {
  const schema = resolveSchema(doc, 'io.k8s.api.apps.v1.Deployment')!;
  assert.doesNotMatch(JSON.stringify(schema), /"\$ref":"#/);
  const props = schema.properties as Record<string, Record<string, unknown>>;
  assert.deepEqual(props.metadata, { type: 'object', properties: { name: { type: 'string' } }, description: 'Standard object metadata.', default: {} });
  assert.deepEqual((props.spec!.properties as Record<string, unknown>).selector, {
    type: 'object',
    properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string' } } },
  });
});

test('recursive references are cut with a marked preserve-unknown-fields schema', () => {
  const schema = resolveSchema(doc, 'JSONSchemaProps')!;
  const props = schema.properties as Record<string, Record<string, unknown>>;
  assert.deepEqual(props.properties!.additionalProperties, {
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
    [RECURSIVE_REF_EXTENSION]: 'JSONSchemaProps',
    default: {},
  });
  assert.deepEqual(props.$ref, { type: 'string' }, 'a property named $ref is a property, not a reference');
  assert.deepEqual(props.items, { description: 'a schema or a list of schemas' });
  assert.deepEqual(props.default, { description: 'a property named default', 'x-kubernetes-preserve-unknown-fields': true }, 'a property named default is a schema');
  assert.deepEqual(schema.default, { $ref: 'not-a-ref-but-data' }, 'the default keyword holds data, left alone');
});

test('an unknown schema name resolves to undefined', () => {
  assert.equal(resolveSchema(doc, 'nope'), undefined);
});
