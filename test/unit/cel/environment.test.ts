// Environments: base caching, declaring variables and struct types, activations from JSON.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CelEnvironment, CelTypes, celTypeFromOpenApi, compileExpression, jsonToCelCached, toActivation } from '../../../src/cel/index.js';
import { activation, compile, instance, testEnv } from './helpers.js';

test('base environments are built once per option set', () => {
  assert.equal(CelEnvironment.create(), CelEnvironment.create({ omitEnabled: false, runtimeEnabled: false }));
  assert.notEqual(CelEnvironment.create(), CelEnvironment.create({ omitEnabled: true }));
  assert.deepEqual(CelEnvironment.create({ runtimeEnabled: true }).options, { omitEnabled: false, runtimeEnabled: true });
});

test('extend declares variables on top of the parent, which stays unchanged', () => {
  const outer = CelEnvironment.create().extend([{ name: 'a', type: CelTypes.int }]);
  const inner = outer.extend([{ name: 'item', type: CelTypes.string }]);
  assert.deepEqual([...inner.variables.keys()], ['a', 'item']);
  assert.equal(compileExpression(inner, 'a + size(item)').ok, true);
  assert.equal(compileExpression(outer, 'a + size(item)').ok, false);
});

test('declaring a variable twice or two schemas under one type name is a programming error', () => {
  const env = CelEnvironment.create().extend([{ name: 'a', type: CelTypes.int }]);
  assert.throws(() => env.extend([{ name: 'a', type: CelTypes.int }]), /declared twice/);
  const t1 = celTypeFromOpenApi({ type: 'object', properties: { x: { type: 'string' } } }, { typeName: 'Same' });
  const t2 = celTypeFromOpenApi({ type: 'object', properties: { y: { type: 'string' } } }, { typeName: 'Same' });
  assert.throws(() => CelEnvironment.create().extend([{ name: 'p', type: t1 }, { name: 'q', type: t2 }]), /declared twice/);
});

test('the same struct type can back several variables', () => {
  const t = celTypeFromOpenApi({ type: 'object', properties: { x: { type: 'string' } } }, { typeName: 'Shared' });
  const env = CelEnvironment.create().extend([{ name: 'p', type: t }, { name: 'q', type: t }]);
  const r = compileExpression(env, 'p.x + q.x');
  assert.ok(r.ok);
  const v = r.value.evaluateToJson(toActivation(env, { p: { x: 'a' }, q: { x: 'b' } }));
  assert.ok(v.ok && !v.omit && v.value === 'ab');
});

test('a large schema registers quickly (no quadratic type registration)', () => {
  const properties: Record<string, object> = {};
  for (let i = 0; i < 600; i++) properties[`f${i}`] = { type: 'object', properties: { v: { type: 'string' } } };
  const t = celTypeFromOpenApi({ type: 'object', properties }, { typeName: 'Big' });
  const started = performance.now();
  const env = CelEnvironment.create().extend([{ name: 'big', type: t }]);
  assert.equal(env.objectTypes.size, 601);
  assert.ok(performance.now() - started < 2000);
  assert.equal(compileExpression(env, 'big.f599.v').ok, true);
});

test('known identifiers and function names', () => {
  assert.equal(testEnv.isKnownIdentifier('schema'), true);
  assert.equal(testEnv.isKnownIdentifier('int'), true);
  assert.equal(testEnv.isKnownIdentifier('nope'), false);
  for (const f of ['size', 'has', 'map', 'startsWith', 'base64.encode', 'cel.bind', 'optional.of']) {
    assert.ok(testEnv.functionNames.has(f), f);
  }
  assert.ok(testEnv.namespaceNames.has('base64'));
});

test('activations convert JSON by declared type once per object', () => {
  const spec = { ...instance };
  const a = jsonToCelCached(spec, testEnv.variables.get('schema') ?? CelTypes.dyn);
  const b = jsonToCelCached(spec, testEnv.variables.get('schema') ?? CelTypes.dyn);
  assert.equal(a, b);
  const act = toActivation(testEnv, { schema: spec, unrelated: 1 });
  assert.deepEqual(Object.keys(act), ['schema']);
});

test('raw JSON bound directly to a struct variable is converted on access', () => {
  const r = compile('schema.spec.replicas + 1').evaluate({ schema: instance });
  assert.ok(r.ok && r.value === 4n);
});

test('preserve-unknown-fields objects with properties read undeclared fields as dyn', () => {
  const t = celTypeFromOpenApi(
    { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'integer' } } },
    { typeName: 'Open1' },
  );
  const env = CelEnvironment.create().extend([{ name: 'o', type: t }]);
  const r = compileExpression(env, 'o.known + o.other.deep');
  assert.ok(r.ok);
  const v = r.value.evaluate(toActivation(env, { o: { known: 1, other: { deep: 2 } } }));
  assert.ok(v.ok && v.value === 3n);
});

test('a struct value renders back to its JSON, with its JSON property names', () => {
  const spec = { ...instance.spec, secret: undefined };
  const r = compile('schema.spec').evaluateToJson(activation({ schema: { ...instance, spec } }));
  assert.ok(r.ok && !r.omit);
  if (r.ok && !r.omit) assert.deepEqual((r.value as Record<string, unknown>)['x-flag'], true);
});
