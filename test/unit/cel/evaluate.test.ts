// Compiling and evaluating: output types, results as JSON, the error kinds the runtime acts on (data pending
// vs hard errors), the cost budget, and diagnostics with spans relative to the expression.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCelType, type CelEvaluationErrorKind } from '../../../src/cel/index.js';
import { activation, compile, compileError, instance } from './helpers.js';

const results: { expr: string; type: string; json: unknown }[] = [
  { expr: '"" + schema.spec.name + "-svc"', type: 'string', json: 'web-svc' },
  { expr: 'deployment.status.availableReplicas >= schema.spec.replicas', type: 'bool', json: false },
  { expr: 'schema.spec.replicas * 2', type: 'int', json: 6 },
  { expr: 'schema.spec.ports.filter(p, p.port > 100).map(p, p.name)', type: 'list(string)', json: ['https'] },
  { expr: 'schema.spec.ports[0]', type: '__type_schema.spec.ports.@idx', json: { name: 'http', port: 80 } },
  { expr: 'schema.spec.env', type: 'map(string, string)', json: { LOG: 'debug' } },
  { expr: 'schema.spec.extra.nested.n + 1', type: 'int', json: 2 },
  { expr: 'schema.spec.target', type: 'dyn', json: '50%' },
  { expr: 'string(schema.spec.secret)', type: 'string', json: 'hello' },
  { expr: 'schema.spec.since + duration("1h")', type: 'google.protobuf.Timestamp', json: '2024-05-01T11:00:00Z' },
  { expr: 'schema.spec.timeout', type: 'google.protobuf.Duration', json: '1m30s' },
  { expr: 'schema.spec.?image', type: 'optional_type(string)', json: 'nginx' },
  { expr: 'schema.spec.x__dash__flag && schema.spec["x-flag"]', type: 'bool', json: true },
  { expr: '{"name": schema.spec.name, "n": schema.spec.replicas}', type: 'map(string, dyn)', json: { name: 'web', n: 3 } },
  { expr: '{?"a": schema.spec.env.?missing, "b": "x"}', type: 'map(string, string)', json: { b: 'x' } },
  { expr: 'has(schema.spec.image) ? schema.spec.image : "default"', type: 'string', json: 'nginx' },
  { expr: 'schema.spec.replicas > 1 ? schema.spec : omit()', type: 'dyn', json: undefined },
  { expr: 'configmap.?data.?missing.orValue("fallback")', type: 'string', json: 'fallback' },
  { expr: 'dyn(1u) == 1.0 && [1, 2] == [dyn(1.0), dyn(2u)]', type: 'bool', json: true },
];

for (const c of results) {
  test(`evaluate ${c.expr}`, () => {
    const program = compile(c.expr);
    assert.equal(formatCelType(program.outputType), c.type);
    if (c.json === undefined) return;
    const r = program.evaluateToJson(activation({ schema: instance, deployment: { status: { availableReplicas: 2 } }, configmap: {} }));
    assert.ok(r.ok && !r.omit, r.ok ? 'omitted' : r.error.message);
    if (r.ok && !r.omit) assert.deepEqual(r.value, c.json);
  });
}

test('omit() removes the field', () => {
  const r = compile('schema.spec.replicas > 5 ? schema.spec.replicas : omit()').evaluateToJson(activation());
  assert.deepEqual(r, { ok: true, omit: true, cost: r.ok ? r.cost : 0 });
});

const errors: { name: string; expr: string; kind: CelEvaluationErrorKind; code: string; bindings?: Record<string, unknown> }[] = [
  { name: 'absent struct field', expr: 'deployment.status.readyReplicas', kind: 'data-pending', code: 'no_such_key' },
  { name: 'absent struct parent', expr: 'deployment.spec.replicas', kind: 'data-pending', code: 'no_such_key', bindings: { schema: instance, deployment: { status: {} } } },
  { name: 'absent map key (map fields need no `?`)', expr: 'configmap.data.setting', kind: 'data-pending', code: 'no_such_key', bindings: { configmap: { data: {} } } },
  { name: 'index out of bounds', expr: 'schema.spec.ports[5].port', kind: 'data-pending', code: 'index_out_of_bounds' },
  { name: 'resource not observed yet', expr: 'deployment.status.availableReplicas', kind: 'data-pending', code: 'unknown_variable', bindings: { schema: instance } },
  { name: 'absent field in an untyped value', expr: 'anything.a.b', kind: 'data-pending', code: 'no_such_key', bindings: { anything: { a: {} } } },
  { name: 'division by zero', expr: 'schema.spec.replicas / (schema.spec.replicas - 3)', kind: 'error', code: 'division_by_zero' },
  { name: 'integer overflow', expr: 'schema.spec.replicas * 9223372036854775807', kind: 'error', code: 'numeric_overflow' },
  { name: 'no matching overload at runtime', expr: 'anything + 1', kind: 'error', code: 'no_such_overload', bindings: { anything: 'text' } },
  { name: 'optional value missing', expr: 'schema.spec.env.?nothere.value()', kind: 'error', code: 'optional_value_missing' },
];

for (const c of errors) {
  test(`evaluation error kind: ${c.name}`, () => {
    const r = compile(c.expr).evaluate(activation(c.bindings ?? { schema: instance, deployment: { spec: {}, status: { availableReplicas: 1 } } }));
    assert.ok(!r.ok, 'expected an error');
    if (r.ok) return;
    assert.equal(r.error.kind, c.kind, r.error.message);
    assert.equal(r.error.code, c.code);
    assert.equal(r.error.isDataPending, c.kind === 'data-pending');
    assert.equal(r.error.expression, c.expr);
  });
}

test('a data-pending error is worded like cel-go and points at the missing field', () => {
  const expr = 'schema.spec.name + string(deployment.status.readyReplicas)';
  const r = compile(expr).evaluate(activation());
  assert.ok(!r.ok);
  if (r.ok) return;
  assert.equal(r.error.message, 'no such key: readyReplicas');
  assert.ok(r.error.span);
  assert.equal(expr.slice(r.error.span.start, r.error.span.end), 'readyReplicas');
});

test('bytes results are errors that say how to encode them', () => {
  const r = compile('schema.spec.secret').evaluateToJson(activation());
  assert.ok(!r.ok);
  if (r.ok) return;
  assert.equal(r.error.kind, 'error');
  assert.equal(r.error.code, 'unsupported_result');
  assert.equal(r.error.hint, 'encode it explicitly, e.g. base64.encode(...)');
});

test('the cost budget stops a runaway nested comprehension with a clear error', () => {
  const big = { ...instance, spec: { ...instance.spec, tags: Array.from({ length: 400 }, (_, i) => `t${i}`) } };
  const expr = 'schema.spec.tags.map(a, schema.spec.tags.map(b, schema.spec.tags.filter(c, a + b == c))).size()';
  const started = performance.now();
  const r = compile(expr).evaluate(activation({ schema: big }));
  assert.ok(!r.ok);
  if (r.ok) return;
  assert.equal(r.error.kind, 'budget-exceeded');
  assert.match(r.error.message, /cost budget exceeded/);
  assert.ok(performance.now() - started < 10_000, 'stopped long before 64 million iterations');
});

test('list doubling is charged by size, not only by steps', () => {
  const expr = 'cel.bind(a, schema.spec.tags + schema.spec.tags, cel.bind(b, a + a, cel.bind(c, b + b, c + c)))';
  const ok = compile(expr).evaluate(activation());
  assert.ok(ok.ok);
  const r = compile(expr).evaluate(activation(), { costLimit: ok.ok ? ok.cost - 1 : 0 });
  assert.ok(!r.ok && r.error.kind === 'budget-exceeded');
});

test('the budget is per evaluation and reports the cost used', () => {
  const program = compile('schema.spec.tags.map(t, t + "!")');
  const a = program.evaluate(activation());
  const b = program.evaluate(activation());
  assert.ok(a.ok && b.ok);
  assert.ok(a.ok && a.cost > 0);
  assert.equal(a.ok && a.cost, b.ok && b.cost);
  assert.equal(program.evaluate(activation(), { costLimit: 3 }).ok, false);
});

test('parse errors carry a span in the expression', () => {
  const [d] = compileError('schema.spec.name +');
  assert.equal(d?.code, 'cel/parse-error');
  assert.ok(d?.span);
});

test('type errors are reported with cel-go wording and a span', () => {
  const [d] = compileError('schema.spec.nme');
  assert.equal(d?.code, 'cel/type-error');
  assert.equal(d?.message, "undefined field 'nme'");
  assert.deepEqual(d?.span, { start: 12, end: 15 });
  const [e] = compileError('schema.spec.replicas + "x"');
  assert.equal(e?.code, 'cel/type-error');
  assert.match(e?.message ?? '', /int \+ string/);
});

test('has() and optional selection of an undeclared field are check errors, as in cel-go', () => {
  assert.equal(compileError('has(schema.spec.bogus)')[0]?.message, "undefined field 'bogus'");
  assert.equal(compileError('schema.spec.?bogus')[0]?.message, "undefined field 'bogus'");
  assert.equal(compileError('schema.spec[?"bogus"]')[0]?.message, "undefined field 'bogus'");
});

test('a string template with a non-string part is a type error, never auto-stringified', () => {
  assert.equal(compileError('"replicas: " + schema.spec.replicas')[0]?.code, 'cel/type-error');
});
