// OpenAPI v3 -> CEL types for every schema construct kro meets (Kubernetes SchemaDeclType as upstream uses it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { celTypeFromOpenApi, escapeCelFieldName, formatCelType, type CelType, type OpenApiSchema } from '../../../src/cel/index.js';

const str: OpenApiSchema = { type: 'string' };

function fieldType(t: CelType, name: string): CelType {
  assert.equal(t.kind, 'object');
  const field = t.kind === 'object' ? t.fields.get(name) : undefined;
  assert.ok(field, `field ${name}`);
  return field.type;
}

const cases: { name: string; schema: OpenApiSchema; want: string }[] = [
  { name: 'boolean', schema: { type: 'boolean' }, want: 'bool' },
  { name: 'integer', schema: { type: 'integer', format: 'int64' }, want: 'int' },
  { name: 'number', schema: { type: 'number', format: 'double' }, want: 'double' },
  { name: 'string', schema: str, want: 'string' },
  { name: 'string enum stays string', schema: { type: 'string', enum: ['a', 'b'] }, want: 'string' },
  { name: 'nullable string stays string', schema: { type: 'string', nullable: true }, want: 'string' },
  { name: 'format byte', schema: { type: 'string', format: 'byte' }, want: 'bytes' },
  { name: 'format date-time', schema: { type: 'string', format: 'date-time' }, want: 'google.protobuf.Timestamp' },
  { name: 'format date', schema: { type: 'string', format: 'date' }, want: 'google.protobuf.Timestamp' },
  { name: 'format duration', schema: { type: 'string', format: 'duration' }, want: 'google.protobuf.Duration' },
  { name: 'int-or-string', schema: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, str] }, want: 'dyn' },
  { name: 'array of strings', schema: { type: 'array', items: str }, want: 'list(string)' },
  { name: 'array without items', schema: { type: 'array' }, want: 'list(dyn)' },
  { name: 'additionalProperties map', schema: { type: 'object', additionalProperties: { type: 'integer' } }, want: 'map(string, int)' },
  { name: 'additionalProperties: true', schema: { type: 'object', additionalProperties: true }, want: 'map(string, dyn)' },
  { name: 'map of lists of maps', schema: { type: 'object', additionalProperties: { type: 'array', items: { type: 'object', additionalProperties: str } } }, want: 'map(string, list(map(string, string)))' },
  { name: 'preserve-unknown without properties', schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, want: 'dyn' },
  { name: 'preserve-unknown without type', schema: { 'x-kubernetes-preserve-unknown-fields': true }, want: 'dyn' },
  { name: 'no type at all', schema: { description: 'anything' } as OpenApiSchema, want: 'dyn' },
  { name: 'object with properties', schema: { type: 'object', properties: { a: str } }, want: '__type_x' },
  { name: 'properties without type', schema: { properties: { a: str } }, want: '__type_x' },
  { name: 'allOf supplies the type', schema: { allOf: [{ type: 'integer' }] }, want: 'int' },
  { name: 'anyOf without type is dyn', schema: { anyOf: [{ type: 'integer' }, str] }, want: 'dyn' },
  { name: 'oneOf with type keeps the type', schema: { type: 'string', oneOf: [{ format: 'a' }] as OpenApiSchema[] }, want: 'string' },
];

for (const c of cases) {
  test(`openapi -> cel: ${c.name}`, () => {
    assert.equal(formatCelType(celTypeFromOpenApi(c.schema, { typeName: '__type_x' })), c.want);
  });
}

test('nested objects are named after their path, upstream style', () => {
  const schema: OpenApiSchema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          ports: { type: 'array', items: { type: 'object', properties: { port: { type: 'integer' } } } },
          byName: { type: 'object', additionalProperties: { type: 'object', properties: { v: str } } },
        },
      },
    },
  };
  const root = celTypeFromOpenApi(schema, { typeName: '__type_svc' });
  const spec = fieldType(root, 'spec');
  assert.equal(formatCelType(spec), '__type_svc.spec');
  assert.equal(formatCelType(fieldType(spec, 'ports')), 'list(__type_svc.spec.ports.@idx)');
  assert.equal(formatCelType(fieldType(spec, 'byName')), 'map(string, __type_svc.spec.byName.@elem)');
});

test('required fields are recorded', () => {
  const t = celTypeFromOpenApi({ type: 'object', required: ['a'], properties: { a: str, b: str } }, { typeName: 'T1' });
  assert.ok(t.kind === 'object');
  assert.equal(t.fields.get('a')?.required, true);
  assert.equal(t.fields.get('b')?.required, false);
});

test('preserve-unknown object with properties keeps its fields and allows unknown ones', () => {
  const t = celTypeFromOpenApi({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: str } }, { typeName: 'T2' });
  assert.ok(t.kind === 'object');
  assert.equal(t.preserveUnknownFields, true);
  assert.equal(formatCelType(fieldType(t, 'a')), 'string');
});

test('resource roots always have apiVersion, kind and metadata.name/generateName', () => {
  const t = celTypeFromOpenApi({ type: 'object', properties: { metadata: { type: 'object' }, spec: { type: 'object', properties: { x: str } } } }, {
    typeName: '__type_r',
    resourceRoot: true,
  });
  assert.equal(formatCelType(fieldType(t, 'apiVersion')), 'string');
  assert.equal(formatCelType(fieldType(t, 'kind')), 'string');
  const meta = fieldType(t, 'metadata');
  assert.equal(formatCelType(fieldType(meta, 'name')), 'string');
  assert.equal(formatCelType(fieldType(meta, 'generateName')), 'string');
});

test('embedded resources get type and object meta too', () => {
  const t = celTypeFromOpenApi({ type: 'object', properties: { raw: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } } }, { typeName: 'T3' });
  assert.equal(formatCelType(fieldType(fieldType(t, 'raw'), 'kind')), 'string');
});

test('$ref is followed through the resolver; a recursive reference becomes dyn', () => {
  const defs: Record<string, OpenApiSchema> = {
    '#/components/schemas/Node': { type: 'object', properties: { name: str, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } },
  };
  const resolveRef = (ref: string): OpenApiSchema | undefined => defs[ref];
  const t = celTypeFromOpenApi({ type: 'object', properties: { root: { allOf: [{ $ref: '#/components/schemas/Node' }] } } }, { typeName: 'T4', resolveRef });
  const root = fieldType(t, 'root');
  assert.equal(formatCelType(fieldType(root, 'name')), 'string');
  assert.equal(formatCelType(fieldType(root, 'children')), 'list(dyn)');
  assert.equal(formatCelType(celTypeFromOpenApi({ $ref: '#/missing' }, { resolveRef })), 'dyn');
});

test('conversion is cached per schema object and type name', () => {
  const schema: OpenApiSchema = { type: 'object', properties: { a: str } };
  assert.equal(celTypeFromOpenApi(schema, { typeName: 'C1' }), celTypeFromOpenApi(schema, { typeName: 'C1' }));
  assert.notEqual(celTypeFromOpenApi(schema, { typeName: 'C1' }), celTypeFromOpenApi(schema, { typeName: 'C2' }));
});

test('property names that are not CEL identifiers also get their Kubernetes-escaped alias', () => {
  const t = celTypeFromOpenApi({ type: 'object', properties: { 'x-y': str, namespace: str, 'a.b/c': str } }, { typeName: 'T5' });
  assert.ok(t.kind === 'object');
  assert.deepEqual([...t.fields.keys()].sort(), ['__namespace__', 'a.b/c', 'a__dot__b__slash__c', 'namespace', 'x-y', 'x__dash__y']);
  assert.equal(t.fields.get('x__dash__y')?.jsonName, 'x-y');
});

const escapes: [string, string | undefined][] = [
  ['name', 'name'],
  ['x-y', 'x__dash__y'],
  ['a.b', 'a__dot__b'],
  ['a/b', 'a__slash__b'],
  ['a__b', 'a__underscores__b'],
  ['namespace', '__namespace__'],
  ['in', '__in__'],
  ['1abc', undefined],
  ['a b', undefined],
  ['', undefined],
];
for (const [input, want] of escapes) {
  test(`escapeCelFieldName(${JSON.stringify(input)})`, () => assert.equal(escapeCelFieldName(input), want));
}
