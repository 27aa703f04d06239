// SimpleSchema -> OpenAPI: explicit rows for every type, marker, escape and error of spec 1.B (asserting codes,
// paths and spans), plus every case of the upstream oracle fixture (kro v0.9.4's ToOpenAPISpec output).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { JsonValue } from '../../../src/api/index.js';
import { simpleSchemaToOpenApi } from '../../../src/schema/index.js';

const root = new URL('../../../../', import.meta.url);

function ok(spec: JsonValue, types?: JsonValue) {
  const r = simpleSchemaToOpenApi(spec, types);
  if (!r.ok) assert.fail(`unexpected diagnostics: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.value;
}

const typeRows: { name: string; field: string; want: JsonValue }[] = [
  { name: 'string', field: 'string', want: { type: 'string' } },
  { name: 'integer', field: 'integer', want: { type: 'integer' } },
  { name: 'boolean', field: 'boolean', want: { type: 'boolean' } },
  { name: 'float maps to number', field: 'float', want: { type: 'number' } },
  { name: 'object preserves unknown fields', field: 'object', want: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
  { name: 'slice', field: '[]string', want: { items: { type: 'string' }, type: 'array' } },
  { name: 'slice of slices', field: '[][]float', want: { items: { items: { type: 'number' }, type: 'array' }, type: 'array' } },
  { name: 'map', field: 'map[string]integer', want: { additionalProperties: { type: 'integer' }, type: 'object' } },
  {
    name: 'map of slices',
    field: 'map[string][]boolean',
    want: { additionalProperties: { items: { type: 'boolean' }, type: 'array' }, type: 'object' },
  },
  { name: 'slice of maps', field: '[]map[string]object', want: { items: { additionalProperties: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, type: 'object' }, type: 'array' } },
  { name: 'whitespace around type parts', field: ' [] map[string] string ', want: { items: { additionalProperties: { type: 'string' }, type: 'object' }, type: 'array' } },
  { name: '16 levels of nesting', field: `${'[]'.repeat(16)}string`, want: JSON.parse(`${'{"items":'.repeat(16)}{"type":"string"}${',"type":"array"}'.repeat(16)}`) as JsonValue },
];

for (const row of typeRows) {
  test(`type: ${row.name}`, () => {
    assert.deepEqual(ok({ f: row.field }).properties?.f, row.want);
  });
}

const markerRows: { name: string; field: string; want: JsonValue; required?: boolean }[] = [
  { name: 'required=true', field: 'string | required=true', want: { type: 'string' }, required: true },
  { name: 'required=false', field: 'string | required=false', want: { type: 'string' }, required: false },
  { name: 'required accepts Go bools (t, 1)', field: 'string | required=t', want: { type: 'string' }, required: true },
  { name: 'string default', field: 'string | default=hello', want: { default: 'hello', type: 'string' } },
  { name: 'quoted default with spaces', field: 'string | default="hello world"', want: { default: 'hello world', type: 'string' } },
  { name: 'empty string default', field: 'string | default=""', want: { default: '', type: 'string' } },
  { name: 'string default \\n is a newline (not JSON-escaped)', field: 'string | default="a\\nb"', want: { default: 'a\nb', type: 'string' } },
  { name: 'integer default', field: 'integer | default=-7', want: { default: -7, type: 'integer' } },
  { name: 'float default', field: 'float | default=1e3', want: { default: 1000, type: 'number' } },
  { name: 'boolean default', field: 'boolean | default=false', want: { default: false, type: 'boolean' } },
  { name: 'array default is JSON', field: '[]integer | default=[80, 443]', want: { default: [80, 443], items: { type: 'integer' }, type: 'array' } },
  { name: 'map default is JSON', field: 'map[string]string | default={"k": "v"}', want: { additionalProperties: { type: 'string' }, default: { k: 'v' }, type: 'object' } },
  { name: 'description', field: 'string | description="The name"', want: { description: 'The name', type: 'string' } },
  { name: 'description unescapes \\" and \\\\ only', field: 'string | description="say \\"hi\\" \\\\ \\n"', want: { description: 'say "hi" \\ \\n', type: 'string' } },
  { name: 'minimum and maximum', field: 'integer | minimum=1 maximum=10', want: { maximum: 10, minimum: 1, type: 'integer' } },
  { name: 'minimum on a string (any type)', field: 'string | minimum=0.5', want: { minimum: 0.5, type: 'string' } },
  { name: 'hex float and underscores (Go ParseFloat)', field: 'float | minimum=0x1p-2 maximum=1_000', want: { maximum: 1000, minimum: 0.25, type: 'number' } },
  { name: 'string enum, trimmed', field: 'string | enum="a, b ,c"', want: { enum: ['a', 'b', 'c'], type: 'string' } },
  { name: 'integer enum', field: 'integer | enum="1,2,3"', want: { enum: [1, 2, 3], type: 'integer' } },
  { name: 'immutable', field: 'string | immutable=true', want: { type: 'string', 'x-kubernetes-validations': [{ message: 'field is immutable', rule: 'self == oldSelf' }] } },
  { name: 'immutable=false adds nothing', field: 'string | immutable=false', want: { type: 'string' } },
  { name: 'validation', field: 'string | validation="self.size() > 2"', want: { type: 'string', 'x-kubernetes-validations': [{ message: 'validation failed', rule: 'self.size() > 2' }] } },
  {
    name: 'immutable and validation keep marker order',
    field: 'string | validation="self != \'x\'" immutable=true',
    want: { type: 'string', 'x-kubernetes-validations': [{ message: 'validation failed', rule: "self != 'x'" }, { message: 'field is immutable', rule: 'self == oldSelf' }] },
  },
  { name: 'pattern', field: 'string | pattern="^[a-z]+$"', want: { pattern: '^[a-z]+$', type: 'string' } },
  { name: 'pattern with | inside quotes', field: 'string | pattern="^(a|b)$"', want: { pattern: '^(a|b)$', type: 'string' } },
  { name: 'minLength and maxLength', field: 'string | minLength=1 maxLength=5', want: { maxLength: 5, minLength: 1, type: 'string' } },
  { name: 'uniqueItems sets list type set', field: '[]string | uniqueItems=true', want: { items: { type: 'string' }, type: 'array', 'x-kubernetes-list-type': 'set' } },
  { name: 'minItems and maxItems', field: '[]string | minItems=1 maxItems=3', want: { items: { type: 'string' }, maxItems: 3, minItems: 1, type: 'array' } },
  { name: 'listType atomic', field: '[]string | listType=atomic', want: { items: { type: 'string' }, type: 'array', 'x-kubernetes-list-type': 'atomic' } },
  { name: 'uniqueItems with listType=set agree', field: '[]string | uniqueItems=true listType=set', want: { items: { type: 'string' }, type: 'array', 'x-kubernetes-list-type': 'set' } },
  {
    name: 'listType map with listMapKeys in order',
    field: '[]object | listType=map listMapKey=name listMapKey=port',
    want: { items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, type: 'array', 'x-kubernetes-list-map-keys': ['name', 'port'], 'x-kubernetes-list-type': 'map' },
  },
  { name: 'bracket value with spaces', field: '[]integer | default=[1, 2, 3] required=true', want: { default: [1, 2, 3], items: { type: 'integer' }, type: 'array' }, required: true },
  { name: 'tabs separate markers', field: 'string |\trequired=true\tdefault=x', want: { default: 'x', type: 'string' }, required: true },
  { name: 'quirk: whitespace inside a key is dropped', field: 'string | req uired=true', want: { type: 'string' }, required: true },
  { name: 'unicode in quoted values', field: 'string | description="héllo ✓"', want: { description: 'héllo ✓', type: 'string' } },
];

for (const row of markerRows) {
  test(`marker: ${row.name}`, () => {
    const schema = ok({ f: row.field });
    assert.deepEqual(schema.properties?.f, row.want);
    if (row.required !== undefined) assert.equal((schema.required ?? []).includes('f'), row.required);
  });
}

test('required is collected on the parent, sorted, at every level', () => {
  const schema = ok({ zebra: 'string | required=true', alpha: 'integer | required=true', opt: 'string', nested: { z: 'string | required=true', a: 'string | required=true' } });
  assert.deepEqual(schema.required, ['alpha', 'zebra']);
  assert.deepEqual(schema.properties?.nested?.required, ['a', 'z']);
});

test('implicit default {} on objects with defaulted children and no required fields, up to spec', () => {
  const schema = ok({ a: { b: { c: 'integer | default=1' } }, d: { e: 'string | default=x', f: 'string | required=true' } });
  assert.deepEqual(schema.default, {});
  assert.deepEqual(schema.properties?.a?.default, {});
  assert.deepEqual(schema.properties?.a?.properties?.b?.default, {});
  assert.equal(schema.properties?.d?.default, undefined, 'an object with a required field gets no default');
});

test('custom types: struct and alias, nested, referenced through [] and map, expanded inline', () => {
  const schema = ok(
    { p: 'Person', ps: '[]Person', pm: 'map[string]Person', n: 'Name', o: 'Outer' },
    {
      Person: { name: 'string | required=true', age: 'integer | default=1' },
      Name: 'string | minLength=1 description="a name"',
      Inner: { x: 'integer | default=1' },
      Outer: { inner: 'Inner', list: '[]Inner' },
    },
  );
  const person = { properties: { age: { default: 1, type: 'integer' }, name: { type: 'string' } }, required: ['name'], type: 'object' };
  assert.deepEqual(schema.properties?.p, person);
  assert.deepEqual(schema.properties?.ps, { items: person, type: 'array' });
  assert.deepEqual(schema.properties?.pm, { additionalProperties: person, type: 'object' });
  assert.deepEqual(schema.properties?.n, { description: 'a name', minLength: 1, type: 'string' });
  assert.deepEqual(schema.properties?.o?.properties?.inner, { default: {}, properties: { x: { default: 1, type: 'integer' } }, type: 'object' });
});

test('custom alias with required=true makes the field required in its parent (directly used only)', () => {
  const schema = ok({ a: 'Name', b: '[]Name', c: 'Chained' }, { Name: 'string | required=true', Chained: 'Name' });
  assert.deepEqual(schema.required, ['a', 'c']);
});

test('markers on a field override the custom type it uses', () => {
  const schema = ok({ a: 'Name | description="override"' }, { Name: 'string | description="orig"' });
  assert.deepEqual(schema.properties?.a, { description: 'override', type: 'string' });
});

test('empty or missing spec gives an object schema without properties', () => {
  assert.deepEqual(ok({}), { type: 'object' });
  const r = simpleSchemaToOpenApi(undefined);
  assert.ok(r.ok);
  assert.deepEqual(r.value, { type: 'object' });
});

test('output is deterministic whatever the input key order', () => {
  const a = ok({ b: 'string | required=true', a: { y: 'integer | default=1', x: 'string' } });
  const b = ok({ a: { x: 'string', y: 'integer | default=1' }, b: 'string | required=true' });
  assert.equal(JSON.stringify(a), JSON.stringify(b));
});

const S = ['spec', 'schema', 'spec'];
const T = ['spec', 'schema', 'types'];

const errorRows: {
  name: string;
  spec: JsonValue;
  types?: JsonValue;
  code: string;
  path: (string | number)[];
  message: string;
  span?: [number, number];
}[] = [
  { name: 'non-string field value', spec: { a: 3 }, code: 'schema/invalid-field', path: [...S, 'a'], message: 'unexpected type: float64' },
  { name: 'null field value', spec: { a: null }, code: 'schema/invalid-field', path: [...S, 'a'], message: 'unexpected type: <nil>' },
  { name: 'empty type', spec: { a: '| required=true' }, code: 'schema/empty-type', path: [...S, 'a'], message: 'empty type' },
  { name: 'empty slice element', spec: { a: '[]' }, code: 'schema/invalid-type', path: [...S, 'a'], message: 'empty slice element type', span: [0, 2] },
  { name: 'non-string map key', spec: { a: 'map[int]string' }, code: 'schema/invalid-type', path: [...S, 'a'], message: 'map key must be string' },
  { name: 'missing map value', spec: { a: 'map[string]' }, code: 'schema/invalid-type', path: [...S, 'a'], message: 'map value type is required' },
  { name: 'nesting deeper than 16', spec: { a: `${'[]'.repeat(17)}string` }, code: 'schema/type-nesting-too-deep', path: [...S, 'a'], message: 'type nesting too deep (max 16): "string"' },
  { name: 'unknown type (int is not a keyword)', spec: { x: { a: ' int | required=true' } }, code: 'schema/unknown-type', path: [...S, 'x', 'a'], message: 'unknown type: int', span: [1, 4] },
  { name: 'unknown marker', spec: { a: 'string | foo=bar' }, code: 'schema/unknown-marker', path: [...S, 'a'], message: 'invalid marker key "foo": unknown marker: foo', span: [9, 12] },
  { name: 'empty marker key', spec: { a: 'string | =bar' }, code: 'schema/invalid-marker', path: [...S, 'a'], message: 'empty marker key' },
  { name: 'marker without value', spec: { a: 'string | required' }, code: 'schema/invalid-marker', path: [...S, 'a'], message: "marker key 'required' without a value" },
  { name: 'trailing | with no markers', spec: { a: 'string |' }, code: 'schema/invalid-marker', path: [...S, 'a'], message: "marker key '' without a value" },
  { name: 'unclosed quote', spec: { a: 'string | description="abc' }, code: 'schema/invalid-marker', path: [...S, 'a'], message: 'unclosed quote' },
  { name: 'unclosed bracket', spec: { a: '[]integer | default=[1,2' }, code: 'schema/invalid-marker', path: [...S, 'a'], message: 'unclosed bracket/brace' },
  { name: 'unmatched closing bracket', spec: { a: '[]integer | default=]' }, code: 'schema/invalid-marker', path: [...S, 'a'], message: 'unmatched closing bracket/brace' },
  { name: 'bad required value', spec: { a: 'string | required=yes' }, code: 'schema/marker-value', path: [...S, 'a'], message: 'failed to parse required marker value: strconv.ParseBool: parsing "yes": invalid syntax', span: [9, 21] },
  { name: 'bad integer default', spec: { a: 'integer | default=4.2' }, code: 'schema/marker-value', path: [...S, 'a'], message: 'default value must be a valid integer, got: 4.2' },
  { name: 'bad float default', spec: { a: 'float | default=abc' }, code: 'schema/marker-value', path: [...S, 'a'], message: 'default value must be a valid number, got: abc' },
  { name: 'bad boolean default', spec: { a: 'boolean | default=yes' }, code: 'schema/marker-value', path: [...S, 'a'], message: 'default value must be a valid boolean, got: yes' },
  { name: 'array default not JSON', spec: { a: '[]string | default=[a,b]' }, code: 'schema/invalid-default', path: [...S, 'a'], message: 'default value is not valid JSON: [a,b]' },
  { name: 'bad minimum', spec: { a: 'integer | minimum=abc' }, code: 'schema/marker-value', path: [...S, 'a'], message: 'failed to parse minimum enum value: strconv.ParseFloat: parsing "abc": invalid syntax' },
  { name: 'bad maximum', spec: { a: 'integer | maximum=x' }, code: 'schema/marker-value', path: [...S, 'a'], message: 'failed to parse maximum enum value: strconv.ParseFloat: parsing "x": invalid syntax' },
  { name: 'enum on boolean', spec: { a: 'boolean | enum="true,false"' }, code: 'schema/marker-not-applicable', path: [...S, 'a'], message: 'enum values only supported for string and integer types, got type: boolean' },
  { name: 'empty enum value', spec: { a: 'string | enum="a,,b"' }, code: 'schema/marker-value', path: [...S, 'a'], message: 'empty enum values are not allowed' },
  { name: 'integer enum not an integer', spec: { a: 'integer | enum="1,x"' }, code: 'schema/marker-value', path: [...S, 'a'], message: 'failed to parse integer enum value: strconv.ParseInt: parsing "x": invalid syntax' },
  { name: 'bad immutable', spec: { a: 'string | immutable=maybe' }, code: 'schema/marker-value', path: [...S, 'a'], message: 'failed to parse immutable marker value: strconv.ParseBool: parsing "maybe": invalid syntax' },
  { name: 'empty validation', spec: { a: 'string | validation=""' }, code: 'schema/empty-validation', path: [...S, 'a'], message: 'validation failed' },
  { name: 'empty pattern', spec: { a: 'string | pattern=""' }, code: 'schema/invalid-pattern', path: [...S, 'a'], message: 'pattern marker value cannot be empty' },
  { name: 'invalid pattern', spec: { a: 'string | pattern="[unclosed"' }, code: 'schema/invalid-pattern', path: [...S, 'a'], message: 'invalid pattern regex: error parsing regexp: missing closing ]: `[unclosed`' },
  { name: 'RE2 has no lookahead', spec: { a: 'string | pattern="(?=x)"' }, code: 'schema/invalid-pattern', path: [...S, 'a'], message: 'invalid pattern regex: error parsing regexp: invalid or unsupported Perl syntax: `(?=`' },
  { name: 'pattern on integer', spec: { a: 'integer | pattern="[0-9]"' }, code: 'schema/marker-not-applicable', path: [...S, 'a'], message: 'pattern marker is only valid for string types, got type: integer' },
  { name: 'minLength on integer', spec: { a: 'integer | minLength=1' }, code: 'schema/marker-not-applicable', path: [...S, 'a'], message: 'minLength marker is only valid for string types, got type: integer' },
  { name: 'bad maxLength', spec: { a: 'string | maxLength=x' }, code: 'schema/marker-value', path: [...S, 'a'], message: 'failed to parse maxLength value: strconv.ParseInt: parsing "x": invalid syntax' },
  { name: 'uniqueItems on string', spec: { a: 'string | uniqueItems=true' }, code: 'schema/marker-not-applicable', path: [...S, 'a'], message: 'uniqueItems marker is only valid for array types, got type: string' },
  { name: 'minItems on string', spec: { a: 'string | minItems=1' }, code: 'schema/marker-not-applicable', path: [...S, 'a'], message: 'minItems marker is only valid for array types, got type: string' },
  { name: 'minItems out of range', spec: { a: '[]string | minItems=99999999999999999999' }, code: 'schema/marker-value', path: [...S, 'a'], message: 'failed to parse minItems value: strconv.ParseInt: parsing "99999999999999999999": value out of range' },
  { name: 'bad listType', spec: { a: '[]string | listType=bag' }, code: 'schema/marker-value', path: [...S, 'a'], message: 'unsupported value for listType bag, needs to be one of atomic, set, or map' },
  { name: 'listType on string', spec: { a: 'string | listType=set' }, code: 'schema/marker-not-applicable', path: [...S, 'a'], message: 'listType marker only applies to array types' },
  { name: 'uniqueItems then listType=map', spec: { a: '[]string | uniqueItems=true listType=map' }, code: 'schema/marker-conflict', path: [...S, 'a'], message: 'listType attempting to overwrite set type of set, this can happen if you set contradictory markers like unique=true | listType=map' },
  { name: 'listType=atomic then uniqueItems', spec: { a: '[]string | listType=atomic uniqueItems=true' }, code: 'schema/marker-conflict', path: [...S, 'a'], message: 'cannot set unique when listType is set to atomic' },
  { name: 'listMapKey without listType', spec: { a: '[]object | listMapKey=name' }, code: 'schema/marker-conflict', path: [...S, 'a'], message: 'listMapKey set while listType is unset, listType must be set to map' },
  { name: 'listMapKey with listType=atomic', spec: { a: '[]object | listType=atomic listMapKey=name' }, code: 'schema/marker-conflict', path: [...S, 'a'], message: 'listMapKey set while listType is set to atomic, listType must be set to map' },
  { name: 'duplicate listMapKey', spec: { a: '[]object | listType=map listMapKey=name listMapKey=name' }, code: 'schema/marker-conflict', path: [...S, 'a'], message: 'duplicate listMapKey marker, value name' },
  { name: 'cycle between custom types', spec: { a: 'A' }, types: { A: { b: 'B' }, B: { a: 'A' } }, code: 'schema/type-cycle', path: [...T, 'B'], message: 'cyclic dependency in type B: graph contains a cycle: A -> B -> A' },
  { name: 'cycle through [] and map', spec: {}, types: { A: 'B', B: '[]C', C: 'map[string]A' }, code: 'schema/type-cycle', path: [...T, 'C'], message: 'cyclic dependency in type C: graph contains a cycle: A -> B -> C -> A' },
  { name: 'self reference', spec: {}, types: { A: { self: 'A' } }, code: 'schema/type-cycle', path: [...T, 'A'], message: 'self references are not allowed' },
  { name: 'unknown type inside a custom type', spec: {}, types: { A: { b: 'Missing' } }, code: 'schema/unknown-type', path: [...T, 'A'], message: 'unknown type: Missing' },
  { name: 'custom type definition not a string or map', spec: {}, types: { A: 5 }, code: 'schema/invalid-field', path: [...T, 'A'], message: 'unexpected type: float64' },
  { name: 'bad marker in a custom alias', spec: {}, types: { A: 'string | minimum=x' }, code: 'schema/marker-value', path: [...T, 'A'], message: 'failed to parse minimum enum value: strconv.ParseFloat: parsing "x": invalid syntax' },
];

for (const row of errorRows) {
  test(`error: ${row.name}`, () => {
    const r = simpleSchemaToOpenApi(row.spec, row.types);
    assert.equal(r.ok, false);
    if (r.ok) return;
    const [d] = r.diagnostics;
    assert.equal(d.code, row.code);
    assert.deepEqual(d.path, row.path);
    assert.equal(d.message, row.message);
    if (row.span) assert.deepEqual(d.span, { start: row.span[0], end: row.span[1] });
  });
}

test('every broken field is reported, not only the first', () => {
  const r = simpleSchemaToOpenApi({ a: 'int', b: 'string | minLength=x', c: 'string', d: { e: 'map[int]x' } });
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(
    r.diagnostics.map((d) => d.path.slice(3)),
    [['a'], ['b'], ['d', 'e']],
  );
});

test('a type depending on a broken type is not reported twice', () => {
  const r = simpleSchemaToOpenApi({ a: 'User' }, { User: { name: 'Name' }, Name: 'string | minLength=x' });
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(r.diagnostics.map((d) => d.path), [[...T, 'Name']]);
});

// --- upstream oracle: kro v0.9.4 ToOpenAPISpec on the same inputs ---

interface OracleCase {
  name: string;
  spec: JsonValue;
  types?: JsonValue;
  upstream: { schema?: JsonValue; error?: string; marshalError?: string };
}

const oracle = JSON.parse(readFileSync(new URL('test/unit/schema/fixtures/simpleschema-upstream.json', root), 'utf8')) as OracleCase[];

type SchemaResult = ReturnType<typeof simpleSchemaToOpenApi>;
const firstMessage = (r: SchemaResult): string => (r.ok ? '' : r.diagnostics[0].message);

/** Deliberate differences, each recorded in docs/compatibility.md, with what kro-ts does instead. */
const DIFFERENT: Record<string, (r: SchemaResult) => void> = {
  // kro-ts lists a field required by both its alias and a marker once.
  'required and custom required duplicate': (r) => assert.deepEqual(r.ok && r.value.required, ['a']),
  // Upstream inserts these defaults as raw text, which is not JSON, so the CRD cannot be serialized.
  'default integer plus': (r) => assert.equal(r.ok && r.value.properties?.a?.default, 5),
  'default boolean t': (r) => assert.equal(r.ok && r.value.properties?.a?.default, true),
  'default float dot': (r) => assert.equal(r.ok && r.value.properties?.a?.default, 0.5),
  // Upstream: "node Missing does not exist".
  'custom unknown ref': (r) => assert.equal(firstMessage(r), 'unknown type: Missing'),
  // Upstream names the type closing the cycle in Go map order; kro-ts the last in sorted order.
  'custom three cycle': (r) => assert.equal(firstMessage(r), 'cyclic dependency in type C: graph contains a cycle: A -> B -> C -> A'),
  // Upstream fails later, serializing +Inf.
  'minimum inf': (r) => assert.equal(firstMessage(r), 'minimum must be a finite number to be written as JSON, got: inf'),
};

/** Upstream wraps errors with "field x: " per level and "building schema for T: " / "parsing type T: ". */
function leafMessage(error: string): string {
  return error.replace(/^(?:(?:field|parsing type|building schema for) [^:]+: )+/, '');
}

for (const c of oracle) {
  test(`upstream oracle: ${c.name}`, () => {
    const r = simpleSchemaToOpenApi(c.spec, c.types, { specPath: [], typesPath: [] });
    const different = DIFFERENT[c.name];
    if (different) return different(r);
    if (c.upstream.schema !== undefined) {
      assert.ok(r.ok, r.ok ? '' : r.diagnostics.map((d) => d.message).join('; '));
      if (r.ok) assert.deepEqual(r.value, c.upstream.schema);
      return;
    }
    assert.equal(r.ok, false, 'upstream rejects this input');
    if (r.ok) return;
    if (c.upstream.error !== undefined) assert.equal(r.diagnostics[0].message, leafMessage(c.upstream.error));
  });
}

test('the oracle covers every marker key', () => {
  const text = JSON.stringify(oracle.map((c) => c.spec));
  for (const key of ['required', 'default', 'description', 'minimum', 'maximum', 'validation', 'enum', 'immutable', 'pattern', 'uniqueItems', 'minLength', 'maxLength', 'minItems', 'maxItems', 'listType', 'listMapKey']) {
    assert.ok(text.includes(`${key}=`), key);
  }
});
