// F8's accept/reject table (upstream pkg/cel/compatibility.go), the builder's message, F9's bool check and
// C4's status schema inference.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CelTypes,
  celTypeFromOpenApi,
  checkCelAssignability,
  formatTypeMismatch,
  isBoolOrOptionalBool,
  listType,
  mapType,
  opaqueType,
  openApiSchemaFromCelType,
  optionalType,
  type CelType,
} from '../../../src/cel/index.js';

const obj = (name: string, properties: Record<string, object>, extra: object = {}): CelType =>
  celTypeFromOpenApi({ type: 'object', properties, ...extra }, { typeName: name });

const port = obj('Port', { port: { type: 'integer' }, name: { type: 'string' } });
const portSubset = obj('PortSubset', { port: { type: 'integer' } });
const portWrongType = obj('PortWrong', { port: { type: 'string' } });
const portExtra = obj('PortExtra', { port: { type: 'integer' }, bogus: { type: 'string' } });
const open = obj('Open', { a: { type: 'string' } }, { 'x-kubernetes-preserve-unknown-fields': true });
const empty = obj('Empty', {});
const { int, string, double, bool, dyn, uint, timestamp } = CelTypes;

const cases: { name: string; output: CelType; expected: CelType; reason?: string | null }[] = [
  { name: 'same primitive', output: int, expected: int },
  { name: 'dyn output', output: dyn, expected: port },
  { name: 'dyn expected (preserve-unknown / int-or-string)', output: listType(string), expected: dyn },
  { name: 'int to string', output: int, expected: string, reason: 'type kind mismatch: got "int", expected "string"' },
  { name: 'int to double', output: int, expected: double, reason: 'type kind mismatch: got "int", expected "double"' },
  { name: 'uint to int', output: uint, expected: int, reason: 'type kind mismatch: got "uint", expected "int"' },
  { name: 'timestamp to string', output: timestamp, expected: string, reason: 'type kind mismatch: got "google.protobuf.Timestamp", expected "string"' },
  { name: 'list of the same', output: listType(string), expected: listType(string) },
  { name: 'list of dyn', output: listType(dyn), expected: listType(port) },
  { name: 'list element mismatch', output: listType(int), expected: listType(string), reason: 'list element type incompatible: type kind mismatch: got "int", expected "string"' },
  { name: 'list to scalar', output: listType(int), expected: int, reason: 'type kind mismatch: got "list(int)", expected "int"' },
  { name: 'map value mismatch', output: mapType(string, int), expected: mapType(string, bool), reason: 'map value type incompatible: type kind mismatch: got "int", expected "bool"' },
  { name: 'map key mismatch', output: mapType(int, string), expected: mapType(string, string), reason: 'map key type incompatible: type kind mismatch: got "int", expected "string"' },
  { name: 'struct to itself', output: port, expected: port },
  { name: 'struct subset', output: portSubset, expected: port },
  { name: 'struct with a wrong field type', output: portWrongType, expected: port, reason: 'field "port" has incompatible type: type kind mismatch: got "string", expected "int"' },
  { name: 'struct with an extra field', output: portExtra, expected: port, reason: 'field "bogus" exists in output but not in expected type' },
  { name: 'any struct into preserve-unknown struct', output: portExtra, expected: open },
  { name: 'empty struct output', output: empty, expected: port },
  { name: 'struct into empty struct', output: port, expected: empty, reason: 'output has fields but expected type has none' },
  { name: 'list of structs recursively', output: listType(portSubset), expected: listType(port) },
  { name: 'map(string, dyn) into struct', output: mapType(string, dyn), expected: port },
  { name: 'map(string, int) into struct with a string field', output: mapType(string, int), expected: port, reason: 'map value incompatible with struct field "name": type kind mismatch: got "int", expected "string"' },
  { name: 'map with int keys into struct', output: mapType(int, dyn), expected: port, reason: 'map keys must be strings to assign to struct' },
  { name: 'struct into map(string, dyn)', output: port, expected: mapType(string, dyn) },
  { name: 'struct into map(string, string)', output: port, expected: mapType(string, string), reason: 'struct field "port" incompatible with map value type: type kind mismatch: got "int", expected "string"' },
  { name: 'optional output unwrapped', output: optionalType(string), expected: string },
  { name: 'optional expected unwrapped', output: string, expected: optionalType(string) },
  { name: 'optional of the wrong type', output: optionalType(int), expected: string, reason: 'type kind mismatch: got "int", expected "string"' },
  { name: 'library type into string', output: opaqueType('k8s.Quantity'), expected: string, reason: 'type kind mismatch: got "k8s.Quantity", expected "string"' },
];

for (const c of cases) {
  test(`assignability: ${c.name}`, () => {
    const r = checkCelAssignability(c.output, c.expected);
    if (c.reason === undefined) assert.deepEqual(r, { ok: true });
    else assert.deepEqual(r, { ok: false, reason: c.reason });
  });
}

test("the builder's message, with and without a reason", () => {
  const base = { resourceId: 'deploy', path: 'spec.replicas', expression: 'schema.spec.name', output: string, expected: int };
  assert.equal(formatTypeMismatch(base), 'type mismatch in resource "deploy" at path "spec.replicas": expression "schema.spec.name" returns type "string" but expected "int"');
  assert.equal(
    formatTypeMismatch({ ...base, reason: 'type kind mismatch: got "string", expected "int"' }),
    'type mismatch in resource "deploy" at path "spec.replicas": expression "schema.spec.name" returns type "string" but expected "int": type kind mismatch: got "string", expected "int"',
  );
  assert.match(formatTypeMismatch({ ...base, expression: 'a == "x"' }), /expression "a == \\"x\\""/);
});

test('includeWhen/readyWhen types: bool or optional(bool)', () => {
  assert.equal(isBoolOrOptionalBool(bool), true);
  assert.equal(isBoolOrOptionalBool(optionalType(bool)), true);
  assert.equal(isBoolOrOptionalBool(dyn), true);
  assert.equal(isBoolOrOptionalBool(string), false);
  assert.equal(isBoolOrOptionalBool(optionalType(int)), false);
});

const schemas: { name: string; type: CelType; want: object }[] = [
  { name: 'bool', type: bool, want: { type: 'boolean' } },
  { name: 'int', type: int, want: { type: 'integer' } },
  { name: 'uint', type: uint, want: { type: 'integer' } },
  { name: 'double', type: double, want: { type: 'number' } },
  { name: 'string', type: string, want: { type: 'string' } },
  { name: 'bytes', type: CelTypes.bytes, want: { type: 'string', format: 'byte' } },
  { name: 'timestamp', type: timestamp, want: { type: 'string', format: 'date-time' } },
  { name: 'dyn', type: dyn, want: { 'x-kubernetes-preserve-unknown-fields': true } },
  { name: 'optional', type: optionalType(int), want: { 'x-kubernetes-preserve-unknown-fields': true } },
  { name: 'null', type: CelTypes.null, want: { description: 'null type - any value allowed', 'x-kubernetes-preserve-unknown-fields': true } },
  { name: 'list', type: listType(string), want: { type: 'array', items: { type: 'string' } } },
  { name: 'map', type: mapType(string, int), want: { type: 'object', additionalProperties: { type: 'integer' } } },
  { name: 'struct', type: port, want: { type: 'object', properties: { port: { type: 'integer' }, name: { type: 'string' } } } },
  { name: 'library type', type: opaqueType('net.IP'), want: { 'x-kubernetes-preserve-unknown-fields': true } },
];
for (const c of schemas) {
  test(`status schema from CEL type: ${c.name}`, () => assert.deepEqual(openApiSchemaFromCelType(c.type), c.want));
}

test('status schema of a struct uses JSON property names, not escaped aliases', () => {
  const t = obj('Dashed', { 'x-y': { type: 'string' } });
  assert.deepEqual(openApiSchemaFromCelType(t), { type: 'object', properties: { 'x-y': { type: 'string' } } });
});
