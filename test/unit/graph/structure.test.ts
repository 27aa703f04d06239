// F2 object structure, F3 kinds from the schema source (strict and lenient), F4 scope/namespace rules, F5 reserved
// metadata keys (literal only, behavior 7), resource field combinations and externalRef selectors.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject, RgdResource } from '../../../src/api/index.js';
import { assertOk, compile, configMap, errors, oneError, rgd } from './helpers.js';

const template = (id: string, object: JsonObject, extra: Partial<RgdResource> = {}): RgdResource => ({ id, template: object, ...extra });

describe('F2 object structure', () => {
  const cases: [JsonObject, string, (string | number)[]][] = [
    [{ kind: 'ConfigMap', metadata: {} }, 'apiVersion field not found', ['spec', 'resources', 0, 'template']],
    [{ apiVersion: 1, kind: 'ConfigMap', metadata: {} }, 'apiVersion field is not a string', ['spec', 'resources', 0, 'template', 'apiVersion']],
    [{ apiVersion: 'v1', metadata: {} }, 'kind field not found', ['spec', 'resources', 0, 'template']],
    [{ apiVersion: 'v1', kind: 'ConfigMap' }, 'metadata field not found', ['spec', 'resources', 0, 'template']],
    [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: 'x' }, 'metadata field is not a map', ['spec', 'resources', 0, 'template', 'metadata']],
  ];
  for (const [object, problem, path] of cases) {
    test(problem, async () => {
      const d = oneError(await compile(rgd({ resources: [template('cm', object)] })), 'graph/invalid-object', path);
      assert.equal(d.message, `failed to build resource "cm": resource cm is not a valid Kubernetes object: ${problem}`);
    });
  }

  test('apiVersion must be a GroupVersion and the kind a DNS-1035 label', async () => {
    let d = oneError(await compile(rgd({ resources: [template('cm', { apiVersion: 'a/b/c', kind: 'ConfigMap', metadata: {} })] })), 'graph/invalid-gvk');
    assert.equal(d.message, 'failed to build resource "cm": failed to extract GVK from resource cm: unexpected GroupVersion string: a/b/c');
    d = oneError(await compile(rgd({ resources: [template('cm', { apiVersion: 'v1', kind: 'Config_Map', metadata: {} })] })), 'graph/invalid-gvk');
    assert.match(d.message, /^failed to build resource "cm": failed to extract GVK from resource cm: invalid kind "Config_Map": a DNS-1035 label/);
  });

  test('exactly one of template and externalRef', async () => {
    const both = { id: 'x', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }, externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } } };
    let d = oneError(await compile(rgd({ resources: [both] })), 'graph/invalid-resource-fields');
    assert.equal(d.message, 'failed to build resource "x": invalid combination of resource fields: resource "x": cannot use externalRef with template');
    d = oneError(await compile(rgd({ resources: [{ id: 'x' }] })), 'graph/invalid-resource-fields');
    assert.equal(d.message, 'failed to build resource "x": invalid combination of resource fields: resource "x": exactly one of template or externalRef must be provided');
  });

  test('an externalRef cannot have forEach, and needs exactly one of name and selector', async () => {
    const ref = (metadata: JsonObject, extra: Partial<RgdResource> = {}): RgdResource => ({ id: 'ext', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata }, ...extra });
    let d = oneError(await compile(rgd({ schema: { spec: { l: '[]string' } }, resources: [ref({ name: 'a' }, { forEach: [{ x: '${schema.spec.l}' }] })] })), 'graph/invalid-resource-fields');
    assert.equal(d.message, 'failed to build resource "ext": invalid combination of resource fields: resource "ext": cannot use externalRef with forEach');
    d = oneError(await compile(rgd({ resources: [ref({ name: 'a', selector: {} })] })), 'graph/invalid-external-ref');
    assert.equal(d.message, 'failed to build resource "ext": invalid external ref metadata for resource ext: exactly one of name or selector must be provided');
    assertOk(await compile(rgd({ resources: [ref({ name: 'a' })] })));
    assertOk(await compile(rgd({ resources: [ref({ selector: { matchLabels: { app: 'x' } } })] })));
  });

  test('a literal selector is validated like a LabelSelector; one with expressions is left to runtime', async () => {
    const ref = (selector: JsonObject | string): RgdResource => ({ id: 'ext', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { selector } } as never });
    const d = oneError(await compile(rgd({ resources: [ref({ matchExpressions: [{ key: 'app', operator: 'Within', values: ['a'] }] })] })), 'graph/invalid-selector');
    assert.match(d.message, /invalid label selector: \[metadata\.selector\.matchExpressions\[0\]\.operator: Invalid value: "Within": not a valid selector operator\]$/);
    assertOk(await compile(rgd({ resources: [ref({ matchExpressions: [{ key: 'app', operator: 'In', values: ['${schema.spec.name}'] }] })] })));
    assertOk(await compile(rgd({ schema: { spec: { sel: 'object' } }, resources: [ref('${schema.spec.sel}')] })));
    oneError(await compile(rgd({ resources: [ref('team=a')] })), 'graph/invalid-selector');
  });
});

describe('F3 kinds come from the schema source', () => {
  const widget = template('widget', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: '${schema.spec.name}' } });

  test('an unknown kind fails with upstream text and a hint', async () => {
    const d = oneError(await compile(rgd({ resources: [widget] })), 'graph/unknown-kind', ['spec', 'resources', 0, 'template', 'kind']);
    assert.match(d.message, /^failed to build resource "widget": failed to get schema for resource widget: schema not found for example\.com\/v1, Kind=Widget in /);
    assert.ok(d.hint?.includes('--crds'));
  });

  test('lenient mode types it as dyn and warns', async () => {
    const r = await compile(rgd({ resources: [widget, configMap('cm', { size: '${string(widget.spec.size)}' })] }), { lenientUnknownKinds: true });
    const graph = assertOk(r);
    assert.equal(graph.warnings.length, 1);
    assert.equal(graph.warnings[0]!.code, 'graph/unknown-kind');
    assert.equal(graph.warnings[0]!.severity, 'warning');
    assert.deepEqual(graph.nodes.get('widget')!.gvr, { group: 'example.com', version: 'v1', resource: 'widgets' });
    assert.equal(graph.nodes.get('widget')!.celType.kind, 'dyn');
  });

  test('expressions of a CRD template may only be under metadata', async () => {
    const crd = (spec: JsonObject) =>
      template('crd', { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: '${schema.spec.name}' }, spec });
    assertOk(await compile(rgd({ resources: [crd({ group: 'x.io' })] })));
    const d = oneError(await compile(rgd({ resources: [crd({ group: '${schema.spec.name}' })] })), 'graph/crd-expression-outside-metadata');
    assert.equal(d.message, 'failed to build resource "crd": CEL expressions in CRDs are only supported for metadata fields, found in path "spec.group", resource crd');
  });
});

describe('F4 scope and namespace', () => {
  test('a cluster-scoped kind must not set metadata.namespace', async () => {
    const ns = (metadata: JsonObject) => template('ns', { apiVersion: 'v1', kind: 'Namespace', metadata });
    assertOk(await compile(rgd({ resources: [ns({ name: 'x' })] })));
    const d = oneError(await compile(rgd({ resources: [ns({ name: 'x', namespace: 'y' })] })), 'graph/namespace-not-allowed', ['spec', 'resources', 0, 'template', 'metadata', 'namespace']);
    assert.equal(d.message, 'failed to build resource "ns": resource "ns" is cluster-scoped and must not set metadata.namespace');
  });

  test('with a cluster-scoped instance, namespaced kinds must set a namespace (selector externalRefs excepted)', async () => {
    const cluster = (resources: RgdResource[]) => rgd({ schema: { scope: 'Cluster' }, resources });
    const cm = (metadata: JsonObject) => template('cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata });
    assertOk(await compile(cluster([cm({ name: 'a', namespace: '${schema.spec.name}' })])));
    for (const metadata of [{ name: 'a' }, { name: 'a', namespace: '  ' }] as JsonObject[]) {
      const d = oneError(await compile(cluster([cm(metadata)])), 'graph/namespace-required');
      assert.equal(d.message, 'failed to build resource "cm": resource "cm" is namespaced and must set metadata.namespace when the instance CRD is cluster-scoped');
    }
    assertOk(await compile(cluster([{ id: 'all', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { selector: {} } } }])));
  });
});

describe('F5 reserved labels and annotations (literal keys only)', () => {
  const cm = (metadata: JsonObject) => template('cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', ...metadata } });

  test('kro.run/ and internal.kro.run/ keys are refused', async () => {
    let d = oneError(await compile(rgd({ resources: [cm({ labels: { 'kro.run/owned': 'x' } })] })), 'graph/reserved-label', ['spec', 'resources', 0, 'template', 'metadata', 'labels', 'kro.run/owned']);
    assert.equal(d.message, 'failed to build resource "cm": invalid label for resource "cm". labels with prefix "kro.run/" are reserved for internal use');
    d = oneError(await compile(rgd({ resources: [cm({ annotations: { 'internal.kro.run/apply-order': '1' } })] })), 'graph/reserved-annotation');
    assert.equal(d.message, 'failed to build resource "cm": invalid annotation for resource "cm". annotations with prefix "internal.kro.run/" are reserved for internal use');
  });

  test('other keys, and whole-map expressions, pass (behavior 7)', async () => {
    assertOk(await compile(rgd({ resources: [cm({ labels: { 'app.kubernetes.io/name': 'x', 'example.com/kro.run': 'y' } })] })));
    const copy = rgd({ schema: { spec: { labels: 'map[string]string' } }, resources: [cm({ labels: '${schema.spec.labels}' })] });
    assertOk(await compile(copy));
  });
});

describe('several independent errors are all reported', () => {
  test('one per resource, in declaration order', async () => {
    const r = await compile(
      rgd({
        resources: [
          template('a', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', namespace: 'y' } }),
          template('b', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { 'kro.run/x': 'y' } } }),
          template('c', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { k: 1 } }),
        ],
      }),
    );
    assert.deepEqual(errors(r).map((d) => d.code), ['graph/namespace-not-allowed', 'graph/reserved-label', 'graph/literal-type-mismatch']);
  });
});
