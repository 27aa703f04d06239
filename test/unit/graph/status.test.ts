// Status projection C1-C4 (every leaf an expression, behavior 55; references; inferred schema) and custom
// conditions F11 (shape of the block, literal rules, output type).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject, JSONSchemaProps, RgdResource } from '../../../src/api/index.js';
import { CelTypes, listType, mapType, objectType, optionalType } from '../../../src/cel/index.js';
import { schemaFromCelType } from '../../../src/graph/index.js';
import { assertOk, compile, errors, oneError, rgd } from './helpers.js';

const deployment: RgdResource = { id: 'dep', template: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } } };
const withStatus = (status: JsonObject) => rgd({ schema: { spec: { name: 'string' }, status }, resources: [deployment] });

function statusSchema(graph: { crd: { spec: { versions: { schema?: { openAPIV3Schema: JSONSchemaProps } }[] } } }): JSONSchemaProps {
  return graph.crd.spec.versions[0]!.schema!.openAPIV3Schema.properties!.status!;
}

describe('C1/C2 every status leaf is an expression (behavior 55)', () => {
  test('nested maps and lists of expressions pass', async () => {
    const graph = assertOk(await compile(withStatus({ a: { b: '${dep.metadata.name}' }, names: ['${dep.metadata.name}', 'x-${schema.spec.name}'] })));
    assert.deepEqual(graph.instance.statusVariables.map((v) => v.fieldPath), [['status', 'a', 'b'], ['status', 'names', 0], ['status', 'names', 1]]);
  });

  test('literals fail, each at its path', async () => {
    const r = await compile(withStatus({ protocol: 'TCP', port: 80, ok: '${dep.status.replicas}' }));
    const all = errors(r);
    assert.deepEqual(all.map((d) => d.path), [['spec', 'schema', 'status', 'protocol'], ['spec', 'schema', 'status', 'port']]);
    assert.equal(all[0]!.code, 'graph/status-literal');
    assert.equal(all[0]!.message, 'failed to build instance status schema: status fields without expressions are not supported: [protocol]');
  });
});

describe('C3 status references', () => {
  test('resources, schema, or both pass', async () => {
    const graph = assertOk(await compile(withStatus({ a: '${dep.status.replicas}', b: '${schema.spec.name}', c: '${schema.spec.name + dep.metadata.name}' })));
    assert.deepEqual(graph.instance.dependencies, ['dep']);
  });

  test('an expression reading nothing fails', async () => {
    const d = oneError(await compile(withStatus({ x: '${1 + 2}' })), 'graph/status-no-reference', ['spec', 'schema', 'status', 'x']);
    assert.equal(d.message, 'failed to create instance node: instance status field must refer to a resource or schema: status.x');
  });

  test('iterators, each, runtime and omit() are not available', async () => {
    let d = oneError(await compile(withStatus({ x: '${each.name}' })), 'graph/unknown-identifier');
    assert.equal(d.message, 'failed to build instance status schema: status field "x" expression "each.name": references unknown identifiers: [each]');
    d = oneError(await compile(withStatus({ x: "${runtime.condition(dep, 'Available').status}" })), 'graph/runtime-outside-conditions');
    assert.equal(d.message, `failed to build instance status schema: status field "x" expression "runtime.condition(dep, 'Available').status": runtime is only available in status.conditions expressions`);
    d = oneError(await compile(withStatus({ x: '${dep.metadata.name == "" ? omit() : "x"}' }), { features: { celOmitFunction: true } }), 'graph/omit-not-allowed');
    assert.match(d.message, /omit\(\) can only be used in resource template expressions$/);
  });
});

describe('C4 status schema inference', () => {
  test('CEL types map to OpenAPI', () => {
    const cases: [Parameters<typeof schemaFromCelType>[0], JSONSchemaProps][] = [
      [CelTypes.bool, { type: 'boolean' }],
      [CelTypes.int, { type: 'integer' }],
      [CelTypes.uint, { type: 'integer' }],
      [CelTypes.double, { type: 'number' }],
      [CelTypes.string, { type: 'string' }],
      [CelTypes.bytes, { type: 'string', format: 'byte' }],
      [CelTypes.timestamp, { type: 'string', format: 'date-time' }],
      [CelTypes.dyn, { 'x-kubernetes-preserve-unknown-fields': true }],
      [CelTypes.null, { description: 'null type - any value allowed', 'x-kubernetes-preserve-unknown-fields': true }],
      [objectType('__type_x.data', new Map()), { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }],
      [optionalType(CelTypes.string), { 'x-kubernetes-preserve-unknown-fields': true }],
      [listType(CelTypes.string), { type: 'array', items: { type: 'string' } }],
      [mapType(CelTypes.string, CelTypes.int), { type: 'object', additionalProperties: { type: 'integer' } }],
    ];
    for (const [type, schema] of cases) assert.deepEqual(schemaFromCelType(type), schema);
  });

  test('the CRD status gets the inferred fields plus state and conditions', async () => {
    const graph = assertOk(
      await compile(withStatus({ replicas: '${dep.status.availableReplicas}', endpoint: 'http://${dep.metadata.name}', nested: { labels: '${dep.metadata.labels}', since: '${dep.metadata.creationTimestamp}' }, names: ['${dep.metadata.name}'] })),
    );
    const status = statusSchema(graph);
    assert.deepEqual(status.properties!.replicas, { type: 'integer' });
    assert.deepEqual(status.properties!.endpoint, { type: 'string' });
    assert.deepEqual(status.properties!.nested, {
      type: 'object',
      properties: { labels: { type: 'object', additionalProperties: { type: 'string' } }, since: { type: 'string', format: 'date-time' } },
    });
    assert.deepEqual(status.properties!.names, { type: 'array', items: { type: 'string' } });
    assert.deepEqual(status.properties!.state, { type: 'string' });
    assert.equal(status.properties!.conditions!.type, 'array');
  });

  test('an object expression keeps its fields by JSON name', async () => {
    const graph = assertOk(await compile(withStatus({ strategy: '${dep.spec.strategy}' })));
    const strategy = statusSchema(graph).properties!.strategy!;
    assert.deepEqual(Object.keys(strategy.properties!).sort(), ['rollingUpdate', 'type']);
  });
});

describe('F11 custom conditions', () => {
  test('a list of Condition-valued expressions passes and keeps kro conditions schema (C6)', async () => {
    const graph = assertOk(await compile(withStatus({ ok: '${dep.metadata.name}', conditions: ["${runtime.condition(schema, 'Ready')}", '${[]}'] })));
    assert.equal(graph.instance.conditions.length, 2);
    assert.equal('conditions' in graph.instance.statusTemplate, false);
    assert.equal(statusSchema(graph).properties!.conditions!.items!.properties!.observedGeneration!.type, 'integer');
  });

  test('the block must be a list of expression strings', async () => {
    let d = oneError(await compile(withStatus({ conditions: 'x' })), 'graph/invalid-conditions', ['spec', 'schema', 'status', 'conditions']);
    assert.equal(d.message, 'failed to build instance status schema: failed to extract conditions block: status.conditions must be a list, got string');
    d = oneError(await compile(withStatus({ conditions: [1] })), 'graph/invalid-conditions', ['spec', 'schema', 'status', 'conditions', 0]);
    assert.equal(d.message, 'failed to build instance status schema: failed to extract conditions block: status.conditions[0] must be a CEL expression string, got float64');
    d = oneError(await compile(withStatus({ conditions: ['prefix-${[]}'] })), 'graph/standalone-only');
    assert.equal(d.message, 'failed to build instance conditions: invalid conditions block: only standalone expressions are allowed');
  });

  test('entries must return Conditions', async () => {
    const d = oneError(await compile(withStatus({ conditions: ["${'x'}"] })), 'graph/condition-type');
    assert.equal(d.message, `failed to build instance conditions: condition "'x'": condition expressions must return runtime.newCondition(...) or a list of them, got "string"`);
  });

  test('runtime.condition(schema, X) reads built-in types only', async () => {
    const d = oneError(await compile(withStatus({ conditions: ["${runtime.condition(schema, 'Nope')}"] })), 'graph/unknown-condition-type');
    assert.equal(
      d.message,
      `failed to build instance conditions: runtime.condition(schema, "Nope"): unknown condition type; only kro's built-in types (InstanceManaged, GraphResolved, ResourcesReady, Ready) can be read from schema in expression "runtime.condition(schema, 'Nope')"`,
    );
    assert.deepEqual(d.span, { start: 28, end: 34 });
  });

  test('literal types are unique across entries, and an entry cannot read another', async () => {
    const a = "${runtime.newCondition({type: 'A', status: 'True'})}";
    let all = errors(await compile(withStatus({ conditions: [a, a] })));
    const dup = all.find((d) => d.code === 'graph/duplicate-condition-type')!;
    assert.equal(dup.message, 'failed to build instance conditions: condition type "A" is declared by more than one conditions entry');
    assert.deepEqual(dup.path, ['spec', 'schema', 'status', 'conditions', 1]);
    all = errors(await compile(withStatus({ conditions: [a, "${runtime.condition(schema, 'A')}"] })));
    const self = all.find((d) => d.code === 'graph/condition-self-reference')!;
    assert.equal(self.message, `failed to build instance conditions: runtime.condition(schema, "A"): custom conditions cannot reference each other in expression "runtime.condition(schema, 'A')"`);
  });
});
