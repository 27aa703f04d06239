// F6 literal values against the target schema, F8 expression output type vs field type (nominal, then upstream's
// structural compatibility), F9 includeWhen/readyWhen types, F10 forEach lists and iterator identity rules.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject, RgdResource } from '../../../src/api/index.js';
import { assertOk, compile, configMap, errors, oneError, rgd } from './helpers.js';

const spec = { name: 'string', replicas: 'integer | default=1', regions: '[]string', ports: '[]integer', labels: 'map[string]string', obj: 'object', on: 'boolean' };
const app = (resources: RgdResource[]) => rgd({ schema: { spec }, resources });
const deployment = (deploymentSpec: JsonObject, id = 'deploy'): RgdResource => ({
  id,
  template: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: deploymentSpec },
});
const PREFIX = 'failed to build resource "deploy": failed to extract CEL expressions from schema for resource deploy: ';

describe('F6 literal values against the schema', () => {
  test('values of the right type pass (int-or-string takes both)', async () => {
    assertOk(await compile(app([deployment({ replicas: 3, paused: false, selector: { matchLabels: { app: 'x' } } })])));
    assertOk(await compile(app([{ id: 'svc', template: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { ports: [{ port: 80, targetPort: 'http' }, { port: 81, targetPort: 8080 }] } } }])));
  });

  const cases: [string, JsonObject, string, string][] = [
    ['string for integer', { replicas: 'three' }, 'graph/literal-type-mismatch', 'expected integer type for path spec.replicas, got string'],
    ['float for integer', { replicas: 1.5 }, 'graph/literal-type-mismatch', 'expected integer type for path spec.replicas, got float64'],
    ['array for object', { selector: [] }, 'graph/literal-type-mismatch', 'expected object type for path spec.selector, got array'],
    ['object for boolean', { paused: { a: 1 } }, 'graph/literal-type-mismatch', 'expected boolean type for path spec.paused, got object'],
    ['unknown field', { replicaz: 3 }, 'graph/unknown-field', 'error getting field schema for path spec.replicaz: schema not found for field replicaz'],
    ['string template for integer', { replicas: '${schema.spec.name}-x' }, 'graph/literal-type-mismatch', 'expected integer type for path spec.replicas, got string'],
  ];
  for (const [name, deploymentSpec, code, message] of cases) {
    test(name, async () => {
      const d = oneError(await compile(app([deployment(deploymentSpec)])), code);
      assert.equal(d.message, PREFIX + message);
      assert.equal(errors(await compile(app([deployment(deploymentSpec)]))).length, 1);
    });
  }

  test('preserve-unknown-fields subtrees are not checked', async () => {
    assertOk(await compile(app([{ id: 'crd', template: { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'x' }, spec: { versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { anything: [1, 'two'] } } }] } } }])));
  });
});

describe('F8 expression type vs field type', () => {
  test('assignable and structurally compatible values pass', async () => {
    assertOk(
      await compile(
        app([
          deployment({ replicas: '${schema.spec.replicas}', selector: { matchLabels: '${schema.spec.labels}' } }, 'base'),
          deployment({ replicas: '${schema.spec.obj.anything}', template: '${base.spec.template}', paused: '${schema.spec.?on}' }),
          configMap('cm', { name: '${schema.spec.name}', joined: 'a-${schema.spec.name}-b' }),
        ]),
      ),
    );
  });

  test('a scalar of the wrong kind fails with upstream text', async () => {
    const d = oneError(await compile(app([deployment({ replicas: '${schema.spec.name}' })])), 'graph/type-mismatch', ['spec', 'resources', 0, 'template', 'spec', 'replicas']);
    assert.equal(d.message, 'failed to validate resource "deploy": type mismatch in resource "deploy" at path "spec.replicas": expression "schema.spec.name" returns type "string" but expected "int": type kind mismatch: got "string", expected "int"');
    assert.equal(d.expected, 'int');
    assert.equal(d.found, 'string');
  });

  test('list elements are compared structurally', async () => {
    const pod: RgdResource = { id: 'pod', template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [{ name: 'a', image: 'b', args: '${schema.spec.ports}' }] } } };
    const d = oneError(await compile(app([pod])), 'graph/type-mismatch');
    assert.match(d.message, /returns type "list\(int\)" but expected "list\(string\)": list element type incompatible: type kind mismatch: got "int", expected "string"$/);
  });

  test('string templates only join strings (behavior 10), reported at the offending part', async () => {
    const d = oneError(await compile(app([configMap('cm', { x: 'n-${schema.spec.replicas}' })])), 'graph/cel-error');
    assert.match(d.message, /^failed to validate resource "cm": failed to compile template expression "n-\$\{schema.spec.replicas\}" at path "data.x": /);
    assert.deepEqual(d.span, { start: 2, end: 25 });
    assert.equal(d.found, 'int');
    assert.ok(d.hint?.includes('string(schema.spec.replicas)'));
    assertOk(await compile(app([configMap('cm', { x: 'n-${string(schema.spec.replicas)}' })])));
  });
});

describe('F9 includeWhen and readyWhen must be bool', () => {
  test('bool and optional bool pass', async () => {
    assertOk(await compile(app([configMap('cm', {}, { includeWhen: ['${schema.spec.on}', '${schema.spec.?on}'], readyWhen: ['${cm.data.x == "1"}'] })])));
  });

  test('other types fail with upstream text', async () => {
    let d = oneError(await compile(app([configMap('cm', {}, { includeWhen: ['${schema.spec.name}'] })])), 'graph/condition-not-bool', ['spec', 'resources', 0, 'includeWhen', 0]);
    assert.equal(d.message, 'failed to validate resource "cm": includeWhen expression "schema.spec.name" in resource "cm" must return bool or optional_type(bool), but returns "string"');
    d = oneError(await compile(app([configMap('cm', {}, { readyWhen: ['${size(cm.data)}'] })])), 'graph/condition-not-bool');
    assert.equal(d.message, 'failed to validate resource "cm": readyWhen expression "size(cm.data)" in resource "cm" must return bool or optional_type(bool), but returns "int"');
    // dyn is not bool: upstream's check is nominal.
    oneError(await compile(app([configMap('cm', {}, { includeWhen: ['${schema.spec.obj.flag}'] })])), 'graph/condition-not-bool');
  });

  test('includeWhen may read other resources (they become dependencies)', async () => {
    const graph = assertOk(await compile(app([configMap('gate', {}), configMap('cm', {}, { includeWhen: ['${gate.data.on == "true"}'] })])));
    assert.deepEqual(graph.nodes.get('cm')!.dependencies, ['gate']);
  });
});

describe('F10 forEach', () => {
  const each = (forEach: Record<string, string>[], metadata: JsonObject, data: JsonObject = {}): RgdResource => ({
    id: 'cms',
    forEach,
    template: { apiVersion: 'v1', kind: 'ConfigMap', metadata, data },
  });

  test('a list types the iterator by its elements', async () => {
    const graph = assertOk(await compile(app([each([{ port: '${schema.spec.ports}' }], { name: '${string(port)}' })])));
    const node = graph.nodes.get('cms')!;
    assert.equal(node.kind, 'Collection');
    assert.equal(node.forEach[0]!.elementType.kind, 'int');
    assert.equal(node.celType.kind, 'list');
    assert.deepEqual(node.variables.map((v) => v.kind), ['iteration']);
    const d = oneError(await compile(app([each([{ port: '${schema.spec.ports}' }], { name: '${port}' })])), 'graph/type-mismatch');
    assert.match(d.message, /expression "port" returns type "int" but expected "string"/);
  });

  test('a non-list fails with upstream text', async () => {
    const d = oneError(await compile(app([each([{ r: '${schema.spec.name}' }], { name: '${r}' })])), 'graph/foreach-not-list', ['spec', 'resources', 0, 'forEach', 0, 'r']);
    assert.equal(d.message, 'failed to validate resource "cms": node "cms": forEach iterator "r" must return a list, got "string": type "string" is not a list type');
    // dyn is not a list either (upstream's ListElementType).
    oneError(await compile(app([each([{ r: '${schema.spec.obj.items}' }], { name: '${string(r)}' })])), 'graph/foreach-not-list');
  });

  test('iterators cannot read each other', async () => {
    const d = oneError(await compile(app([each([{ r: '${schema.spec.regions}' }, { z: '${[r]}' }], { name: '${r}-${z}' })])), 'graph/iterator-cross-reference');
    assert.equal(d.message, 'failed to build dependency graph: node "cms": forEach iterator "z" cannot reference other iterators [r] - forEach iterators are independent (cartesian product)');
  });

  test('behavior 5: every iterator must be in metadata.name (or namespace for namespaced kinds)', async () => {
    const forEach: Record<string, string>[] = [{ r: '${schema.spec.regions}' }, { p: '${schema.spec.ports}' }];
    const d = oneError(await compile(app([each(forEach, { name: '${r}' }, { p: '${string(p)}' })])), 'graph/iterator-not-in-identity');
    assert.equal(d.message, 'failed to build dependency graph: node "cms": all forEach dimensions must be used to produce a unique resource identity, missing: [p]');
    assertOk(await compile(app([each(forEach, { name: '${r}', namespace: 'ns-${string(p)}' })])));
    // A cluster-scoped kind has no namespace to make items unique.
    const ns: RgdResource = { id: 'nss', forEach, template: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: '${r}', labels: { p: '${string(p)}' } } } };
    oneError(await compile(app([ns])), 'graph/iterator-not-in-identity');
  });
});
