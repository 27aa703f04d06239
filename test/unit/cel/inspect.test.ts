// Reference extraction (the graph builder's dependency edges), unknown identifiers and unknown functions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CelEnvironment, CelTypes, parseExpression } from '../../../src/cel/index.js';
import { compileError, testEnv } from './helpers.js';

function inspect(expression: string) {
  const r = parseExpression(testEnv, expression);
  assert.ok(r.ok, r.ok ? '' : r.diagnostics[0].message);
  return r.value.inspection;
}

const references: { name: string; expr: string; refs: string[]; variables?: string[] }[] = [
  { name: 'field path', expr: 'deployment.status.availableReplicas >= schema.spec.replicas', refs: ['deployment.status.availableReplicas', 'schema.spec.replicas'] },
  { name: 'bare variable', expr: 'deployment', refs: ['deployment'] },
  { name: 'literal index', expr: 'schema.spec.ports[0].port', refs: ['schema.spec.ports[0].port'] },
  { name: 'string index', expr: 'configmap.data["app.conf"]', refs: ['configmap.data["app.conf"]'] },
  { name: 'computed index stops the path and is inspected too', expr: 'schema.spec.ports[deployment.spec.replicas].port', refs: ['deployment.spec.replicas', 'schema.spec.ports'] },
  { name: 'optional selection', expr: 'schema.spec.?image.orValue("x")', refs: ['schema.spec.image'] },
  { name: 'comprehension variable is local', expr: 'schema.spec.ports.map(p, p.port)', refs: ['schema.spec.ports'] },
  { name: 'a local shadowing a resource id', expr: 'schema.spec.tags.exists(deployment, deployment == "a")', refs: ['schema.spec.tags'], variables: ['schema'] },
  { name: 'free use of the same name outside the macro', expr: 'deployment.spec.replicas + size(schema.spec.tags.filter(deployment, deployment != ""))', refs: ['deployment.spec.replicas', 'schema.spec.tags'] },
  { name: 'nested comprehensions', expr: 'schema.spec.ports.all(p, schema.spec.tags.exists(t, t == p.name))', refs: ['schema.spec.ports', 'schema.spec.tags'] },
  { name: 'two-variable comprehension', expr: 'schema.spec.env.all(k, v, k != v && v != deployment.metadata.name)', refs: ['schema.spec.env', 'deployment.metadata.name'] },
  { name: 'transformMap with filter', expr: 'schema.spec.env.transformMap(k, v, k != "", v + schema.spec.name)', refs: ['schema.spec.env', 'schema.spec.name'] },
  { name: 'cel.bind scopes its variable to the body only', expr: 'cel.bind(x, schema.spec.name, x + x)', refs: ['schema.spec.name'] },
  { name: 'has() reads the path', expr: 'has(schema.spec.image)', refs: ['schema.spec.image'] },
  { name: 'method receiver and arguments', expr: 'schema.spec.name.startsWith(deployment.metadata.name)', refs: ['schema.spec.name', 'deployment.metadata.name'] },
  { name: 'namespaced function arguments', expr: 'base64.encode(schema.spec.secret)', refs: ['schema.spec.secret'] },
];

for (const c of references) {
  test(`references: ${c.name}`, () => {
    const inspection = inspect(c.expr);
    assert.deepEqual(inspection.references.map((r) => r.text).sort(), [...c.refs].sort());
    assert.deepEqual(inspection.unknownIdentifiers, []);
    if (c.variables) assert.deepEqual(inspection.variables, c.variables);
  });
}

test('a reference carries the variable, the path segments, optional-ness and its span', () => {
  const expr = 'x(1) || schema.spec.ports[1].?name.hasValue()';
  const r = parseExpression(testEnv, expr);
  assert.ok(r.ok);
  const ref = r.value.inspection.references[0];
  assert.ok(ref);
  assert.equal(ref.variable, 'schema');
  assert.deepEqual(ref.path, ['spec', 'ports', 1, 'name']);
  assert.equal(ref.optional, true);
  assert.equal(expr.slice(ref.span.start, ref.span.end), 'schema.spec.ports[1].?name');
});

test('functions called are listed, namespaced ones with their namespace', () => {
  assert.deepEqual(inspect('size(schema.spec.tags) > 0 && base64.encode(b"a") != "" && schema.spec.name.lowerAscii() != ""').functions, [
    'size',
    'base64.encode',
    'lowerAscii',
  ]);
});

test('unknown identifiers are reported with upstream wording and a span each', () => {
  const diagnostics = compileError('servce.spec.port + schema.spec.replicas + foo');
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.message, d.span]),
    [
      ['cel/unknown-identifier', 'references unknown identifiers: [servce]', { start: 0, end: 6 }],
      ['cel/unknown-identifier', 'references unknown identifiers: [foo]', { start: 42, end: 45 }],
    ],
  );
});

test('unknown functions are reported by name, global, namespaced and methods', () => {
  const diagnostics = compileError('frobnicate(1) + random.seededStrin(1, "x").size() + schema.spec.name.shout()');
  assert.deepEqual(
    diagnostics.map((d) => d.message),
    ['uses unknown functions: [frobnicate]', 'uses unknown functions: [random.seededStrin]', 'uses unknown functions: [shout]'],
  );
  assert.ok(diagnostics.every((d) => d.code === 'cel/unknown-function'));
});

test('comprehension locals are not unknown identifiers, but their use outside is', () => {
  assert.deepEqual(inspect('schema.spec.tags.map(t, t + "x")').unknownIdentifiers, []);
  assert.deepEqual(inspect('schema.spec.tags.map(t, t) + [t]').unknownIdentifiers.map((u) => u.name), ['t']);
});

test('constants and namespaces are known identifiers', () => {
  assert.deepEqual(inspect('type(1) == int && optional.none().hasValue() == false && lists.range(2) == [0, 1]').unknownIdentifiers, []);
});

test('runtime.newCondition keys are field names, not identifiers', () => {
  const env = CelEnvironment.create({ runtimeEnabled: true }).extend([{ name: 'schema', type: CelTypes.dyn }]);
  const r = parseExpression(env, "runtime.newCondition({type: 'Ready', status: schema.spec.ok ? 'True' : 'False', reason: 'R', message: 'm'})");
  assert.ok(r.ok);
  assert.deepEqual(r.value.inspection.unknownIdentifiers, []);
  assert.deepEqual(r.value.inspection.references.map((x) => x.text), ['schema.spec.ok']);
});
