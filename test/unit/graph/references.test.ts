// F7 references (unknown identifiers/functions, self references, cycles), the variables in scope per context (D7,
// behavior 16), dependency edges (G1, behavior 4), `runtime` and `omit()` rules (E19, E20).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RgdResource } from '../../../src/api/index.js';
import { assertOk, compile, configMap, errors, oneError, rgd } from './helpers.js';

const spec = { name: 'string', replicas: 'integer | default=1', regions: '[]string', enabled: 'boolean | default=true' };
const app = (resources: RgdResource[], schema = {}) => rgd({ schema: { spec, ...schema }, resources });
const collection = (id: string, extra: Partial<RgdResource> = {}): RgdResource => ({
  id,
  forEach: [{ region: '${schema.spec.regions}' }],
  template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.name}-${region}' }, data: { region: '${region}' } },
  ...extra,
});

describe('F7 unknown identifiers and functions', () => {
  test('known resources and schema pass', async () => {
    assertOk(await compile(app([configMap('a', { x: '${schema.spec.name}' }), configMap('b', { x: '${a.data.x}' })])));
  });

  test('an unknown identifier fails at its span', async () => {
    const d = oneError(await compile(app([configMap('a', { x: 'v-${nope.data.x}' })])), 'graph/unknown-identifier', ['spec', 'resources', 0, 'template', 'data', 'x']);
    assert.equal(d.message, 'failed to build dependency graph: failed to extract dependencies: references unknown identifiers: [nope]');
    assert.deepEqual(d.span, { start: 4, end: 8 });
    assert.equal(d.expression, 'v-${nope.data.x}');
  });

  test('an unknown function fails', async () => {
    const d = oneError(await compile(app([configMap('a', { x: '${nosuch(schema.spec.name)}' })])), 'graph/unknown-function');
    assert.equal(d.message, 'failed to build dependency graph: failed to extract dependencies: uses unknown functions: [nosuch]');
  });

  test('every unknown name in one expression is reported', async () => {
    const r = await compile(app([configMap('a', { x: '${x.y + z.w}' })]));
    assert.deepEqual(errors(r).map((d) => d.found), ['x', 'z']);
  });
});

describe('F7 self references and cycles (behavior 4)', () => {
  test('a resource reading itself fails, also from includeWhen', async () => {
    const d = oneError(await compile(app([configMap('a', { x: '${a.data.y}' })])), 'graph/self-reference', ['spec', 'resources', 0, 'template', 'data', 'x']);
    assert.equal(d.message, 'failed to build dependency graph: self references are not allowed');
    oneError(await compile(app([configMap('a', {}, { includeWhen: ['${a.data.y == "1"}'] })])), 'graph/self-reference', ['spec', 'resources', 0, 'includeWhen', 0]);
  });

  test('readyWhen may read the node itself', async () => {
    assertOk(await compile(app([configMap('a', {}, { readyWhen: ['${a.data.y == "1"}'] })])));
  });

  test('a cycle fails with its path', async () => {
    const d = oneError(await compile(app([configMap('a', { x: '${b.data.y}' }), configMap('b', { x: '${c.data.y}' }), configMap('c', { x: '${a.data.y}' })])), 'graph/cycle');
    assert.equal(d.message, 'failed to build dependency graph: graph contains a cycle: a -> b -> c -> a');
  });
});

describe('G1 dependency edges', () => {
  test('template, forEach and includeWhen references are edges; readyWhen and schema are not', async () => {
    const graph = assertOk(
      await compile(
        app([
          configMap('base', { x: '${schema.spec.name}' }),
          configMap('gate', {}),
          configMap('watched', {}),
          collection('workers', { forEach: [{ region: '${base.data.x.split(",")}' }], includeWhen: ['${gate.data.on == "yes"}'], readyWhen: ['${each.data.region != ""}'] }),
          configMap('user', { x: '${workers[0].data.region}', y: '${watched.data.x}' }, { readyWhen: ['${user.data.x != ""}'] }),
        ]),
      ),
    );
    assert.deepEqual(graph.nodes.get('workers')!.dependencies, ['base', 'gate']);
    assert.deepEqual(graph.nodes.get('user')!.dependencies, ['workers', 'watched']);
    assert.deepEqual(graph.nodes.get('base')!.dependencies, []);
    assert.deepEqual(graph.status.resources, [
      { id: 'workers', dependencies: [{ id: 'base' }, { id: 'gate' }] },
      { id: 'user', dependencies: [{ id: 'workers' }, { id: 'watched' }] },
    ]);
  });
});

describe('D7 variables in scope', () => {
  test('schema never has status (behavior 16)', async () => {
    const d = oneError(await compile(app([configMap('a', { x: '${schema.status.foo}' })])), 'graph/cel-error');
    assert.match(d.message, /undefined field 'status'/);
    assertOk(await compile(app([configMap('a', { x: '${schema.metadata.name + schema.metadata.namespace + schema.kind + schema.apiVersion}' })])));
  });

  test('cluster-scoped instances have no schema.metadata.namespace', async () => {
    const cm = configMap('a', { x: '${schema.metadata.namespace}' });
    (cm.template!.metadata as Record<string, string>).namespace = 'default';
    const d = oneError(await compile(app([cm], { scope: 'Cluster' })), 'graph/cel-error');
    assert.match(d.message, /undefined field 'namespace'/);
  });

  test('collections and selector externalRefs are lists', async () => {
    const external: RgdResource = { id: 'found', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { selector: { matchLabels: { app: 'x' } } } } };
    assertOk(await compile(app([collection('workers'), external, configMap('a', { n: '${string(size(workers) + size(found))}', first: '${found[0].metadata.name}' })])));
    const d = oneError(await compile(app([collection('workers'), configMap('a', { n: '${workers.metadata.name}' })])), 'graph/cel-error');
    assert.match(d.message, /^failed to validate resource "a": failed to compile template expression/);
  });

  test('iterators exist only in their own node', async () => {
    const d = oneError(await compile(app([collection('workers'), configMap('a', { r: '${region}' })])), 'graph/unknown-identifier');
    assert.equal(d.message, 'failed to build dependency graph: failed to extract dependencies: references unknown identifiers: [region]');
  });

  test('each exists only in a collection readyWhen', async () => {
    assertOk(await compile(app([collection('workers', { readyWhen: ['${each.data.region == "x"}'] })])));
    let d = oneError(await compile(app([configMap('a', {}, { readyWhen: ['${each.data.x == "1"}'] })])), 'graph/unknown-identifier');
    assert.equal(d.message, 'failed to validate resource "a": resource "a" readyWhen: references unknown identifiers: [each]');
    oneError(await compile(app([configMap('a', { x: '${each.data.x}' })])), 'graph/unknown-identifier');
    // A collection's readyWhen reads items through `each`, not its id.
    d = oneError(await compile(app([collection('workers', { readyWhen: ['${size(workers) > 0}'] })])), 'graph/out-of-scope');
    assert.equal(d.message, 'failed to validate resource "workers": resource "workers" readyWhen: references unknown identifiers: [workers]');
  });

  test('readyWhen reads only its own node', async () => {
    const r = await compile(app([configMap('a', {}, { readyWhen: ['${b.data.x == "1" && schema.spec.enabled}'] }), configMap('b', {})]));
    assert.deepEqual(errors(r).map((d) => d.message), [
      'failed to validate resource "a": resource "a" readyWhen: references unknown identifiers: [b]',
      'failed to validate resource "a": resource "a" readyWhen: references unknown identifiers: [schema]',
    ]);
  });

  test('runtime only in status.conditions', async () => {
    const d = oneError(await compile(app([configMap('a', { x: '${runtime.foo}' })])), 'graph/runtime-outside-conditions');
    assert.equal(d.message, 'failed to build dependency graph: failed to extract dependencies: runtime is only available in status.conditions expressions');
  });
});

describe('E19 omit()', () => {
  const withOmit = (resources: RgdResource[]) => app(resources);
  const on = { features: { celOmitFunction: true } };

  test('needs the feature gate', async () => {
    const d = oneError(await compile(withOmit([configMap('a', { x: '${schema.spec.name == "" ? omit() : schema.spec.name}' })])), 'graph/omit-disabled');
    assert.equal(d.message, 'failed to build dependency graph: failed to extract dependencies: omit() requires the CELOmitFunction feature gate to be enabled');
    assertOk(await compile(withOmit([configMap('a', { x: '${schema.spec.name == "" ? omit() : schema.spec.name}' })]), on));
  });

  test('is refused outside templates', async () => {
    let d = oneError(await compile(withOmit([configMap('a', {}, { includeWhen: ['${omit() == omit()}'] })]), on), 'graph/omit-not-allowed');
    assert.equal(d.message, 'failed to build dependency graph: failed to extract dependencies from includeWhen: omit() can only be used in resource template expressions');
    d = oneError(await compile(withOmit([configMap('a', {}, { readyWhen: ['${a.data.x == omit()}'] })]), on), 'graph/omit-not-allowed');
    assert.equal(d.message, 'failed to validate resource "a": resource "a" readyWhen: omit() can only be used in resource template expressions');
    d = oneError(await compile(withOmit([collection('c', { forEach: [{ region: '${[omit()]}' }] })]), on), 'graph/omit-not-allowed');
    assert.equal(d.message, 'failed to validate resource "c": node "c": forEach iterator "region": omit() can only be used in resource template expressions');
  });

  test('is refused on identity fields', async () => {
    const cm: RgdResource = { id: 'a', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${omit()}' } } };
    const d = oneError(await compile(withOmit([cm]), on), 'graph/omit-identity-field');
    assert.equal(d.message, 'resource "a": omit() cannot be used at path "metadata.name" — the field is required and must resolve to a concrete value');
  });
});
