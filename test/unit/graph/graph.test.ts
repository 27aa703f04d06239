// The compiled graph as a whole: its shape, orders and waves (G2, G3, behaviors 1 and 3), freezing, the CRD, errors
// in upstream's phase order with file:line:col, and several RGDs using each other's kinds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadRgdDocuments, type JsonObject, type RgdResource } from '../../../src/api/index.js';
import { jsonToCel } from '../../../src/cel/index.js';
import { compileGraphs, locateGraphDiagnostics } from '../../../src/graph/index.js';
import { assertOk, compile, configMap, errors, offlineSchemas, rgd } from './helpers.js';

const deployment = (id: string, name: string, extra: JsonObject = {}): RgdResource => ({
  id,
  template: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx', ...extra }] } } },
  },
});
const serviceAccount = (id: string, name: string): RgdResource => ({ id, template: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } } });
const service = (id: string, name: string): RgdResource => ({ id, template: { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: 80 }] } } });

describe('orders', () => {
  test("behavior 1: upstream include_when_test's RGD gives its topological order", async () => {
    const b = deployment('deploymentB', '${schema.spec.name}-b');
    ((((b.template!.spec as JsonObject).template as JsonObject).spec as JsonObject).serviceAccountName = '${serviceAccountA.metadata.name + schema.spec.name}');
    const graph = assertOk(
      await compile(
        rgd({
          resources: [
            { ...deployment('deploymentA', '${schema.spec.name}'), includeWhen: ['${schema.spec.replicas > 0}'] },
            b,
            serviceAccount('serviceAccountA', '${schema.spec.name}-a'),
            serviceAccount('serviceAccountB', '${serviceA.metadata.name}'),
            service('serviceA', '${deploymentA.metadata.name}'),
            service('serviceB', '${deploymentB.metadata.name + deploymentA.metadata.name}'),
          ],
        }),
      ),
    );
    assert.deepEqual(graph.topologicalOrder, ['deploymentA', 'serviceAccountA', 'deploymentB', 'serviceA', 'serviceAccountB', 'serviceB']);
    assert.deepEqual(graph.status.topologicalOrder, graph.topologicalOrder);
    assert.deepEqual(Object.fromEntries(graph.applyOrder), { deploymentA: 1, serviceAccountA: 1, deploymentB: 2, serviceA: 2, serviceAccountB: 3, serviceB: 3 });
  });

  test('behavior 3: an externalRef root gets wave 1, its dependent wave 2', async () => {
    const graph = assertOk(
      await compile(rgd({ resources: [{ id: 'extcm', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } } }, configMap('managedcm', { v: '${extcm.data.x}' })] })),
    );
    assert.deepEqual(Object.fromEntries(graph.applyOrder), { extcm: 1, managedcm: 2 });
    assert.equal(graph.nodes.get('extcm')!.kind, 'External');
  });
});

describe('the compiled graph', () => {
  test('nodes carry kind, GVR, scope, compiled expressions and the instance', async () => {
    const graph = assertOk(
      await compile(
        rgd({
          schema: { group: 'apps.example.com', spec: { name: 'string', replicas: 'integer | default=2' }, status: { ready: '${web.status.availableReplicas}' } },
          resources: [deployment('web', '${schema.metadata.name}', { image: '${schema.spec.name}' })],
        }),
      ),
    );
    const web = graph.nodes.get('web')!;
    assert.equal(web.kind, 'Resource');
    assert.deepEqual(web.gvr, { group: 'apps', version: 'v1', resource: 'deployments' });
    assert.equal(web.namespaced, true);
    assert.deepEqual(web.variables.map((v) => [v.fieldPath, v.kind, v.expression.outputType.kind, v.expectedType.kind]), [
      [['metadata', 'name'], 'static', 'string', 'string'],
      [['spec', 'template', 'spec', 'containers', 0, 'image'], 'static', 'string', 'string'],
    ]);
    assert.deepEqual(web.variables[1]!.expression.path, ['spec', 'resources', 0, 'template', 'spec', 'template', 'spec', 'containers', 0, 'image']);
    assert.deepEqual(graph.instance.gvr, { group: 'apps.example.com', version: 'v1alpha1', resource: 'apps' });
    assert.equal(graph.crd.metadata.name, 'apps.apps.example.com');
    assert.ok(graph.resourceSchemas.get('web'));
    assert.ok(graph.resourceSchemas.get('instance'));
    assert.match(graph.specHash, /^[0-9a-f]{16}$/);
    // The compiled program evaluates.
    const schema = jsonToCel({ apiVersion: 'apps.example.com/v1alpha1', kind: 'App', metadata: { name: 'a' }, spec: { name: 'nginx', replicas: 2 } }, graph.variables.get('schema')!);
    const result = web.variables[1]!.expression.program.evaluateToJson({ schema });
    assert.ok(result.ok && !result.omit);
    assert.equal(result.value, 'nginx');
  });

  test('is deeply frozen and does not freeze the caller’s RGD', async () => {
    const input = rgd({ resources: [configMap('cm', { a: '${schema.spec.name}' })] });
    const graph = assertOk(await compile(input));
    assert.ok(Object.isFrozen(graph) && Object.isFrozen(graph.nodes.get('cm')!.template) && Object.isFrozen(graph.crd.spec));
    assert.throws(() => (graph.nodes as Map<string, unknown>).set('x', {}), TypeError);
    assert.throws(() => (graph.applyOrder as Map<string, number>).delete('cm'), TypeError);
    assert.equal(Object.isFrozen(input.spec.resources![0]!.template), false);
  });
});

describe('errors', () => {
  test('independent errors all come out, in upstream phase order, with file:line:col', async () => {
    const text = [
      'apiVersion: kro.run/v1alpha1',
      'kind: ResourceGraphDefinition',
      'metadata:',
      '  name: broken',
      'spec:',
      '  schema:',
      '    apiVersion: v1alpha1',
      '    kind: Broken',
      '    spec:',
      '      name: string',
      '    status:',
      '      literal: TCP',
      '  resources:',
      '    - id: cm',
      '      template:',
      '        apiVersion: v1',
      '        kind: ConfigMap',
      '        metadata:',
      '          name: ${schema.spec.name}',
      '        data:',
      '          a: "x-${schema.spec.nme}"',
      '          b: ${nope.x}',
      '    - id: bad-id',
      '      template: {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}',
    ].join('\n');
    const loaded = loadRgdDocuments(text, 'broken.yaml');
    assert.equal(loaded.rgds.length, 1);
    const result = await compile(loaded.rgds[0]!.rgd);
    const all = locateGraphDiagnostics(errors(result), loaded.rgds[0]!.document);
    assert.deepEqual(all.map((d) => d.code), ['graph/invalid-id', 'graph/unknown-identifier', 'graph/cel-error', 'graph/status-literal']);
    const cel = all[2]!;
    assert.match(cel.message, /undefined field 'nme'/);
    // `nme` is at column 31 of line 21 (inside "x-${schema.spec.nme}"), not at a column of the generated CEL text.
    assert.deepEqual(cel.location, { file: 'broken.yaml', line: 21, column: 31 });
    assert.deepEqual(all[1]!.location, { file: 'broken.yaml', line: 22, column: 16 });
    assert.deepEqual(all[3]!.location, { file: 'broken.yaml', line: 12, column: 16 });
  });
});

describe('compileGraphs: RGDs using each other’s kinds', () => {
  test('an RGD kind is typed by the RGD that defines it, including its inferred status', async () => {
    const inner = rgd({
      name: 'inner',
      schema: { kind: 'Database', spec: { size: 'integer' }, status: { endpoint: '${svc.metadata.name}' } },
      resources: [service('svc', 'db')],
    });
    const outer = rgd({
      name: 'outer',
      schema: { kind: 'Stack', spec: { name: 'string' } },
      resources: [
        { id: 'db', template: { apiVersion: 'kro.run/v1alpha1', kind: 'Database', metadata: { name: 'db' }, spec: { size: 3 } } },
        configMap('cm', { endpoint: '${db.status.endpoint}' }),
      ],
    });
    const [o, i] = await compileGraphs([{ rgd: outer }, { rgd: inner }], { schemas: await offlineSchemas() });
    assert.ok(i!.result.ok);
    assert.ok(o!.result.ok, o!.result.ok ? '' : o!.result.diagnostics.map((d) => d.message).join('\n'));
    assert.deepEqual(o!.result.value.nodes.get('db')!.gvr, { group: 'kro.run', version: 'v1alpha1', resource: 'databases' });

    const wrong = rgd({ name: 'wrong', schema: { kind: 'Stack2' }, resources: [{ id: 'db', template: { apiVersion: 'kro.run/v1alpha1', kind: 'Database', metadata: { name: 'db' }, spec: { size: 'big' } } }] });
    const [, w] = await compileGraphs([{ rgd: inner }, { rgd: wrong }], { schemas: await offlineSchemas() });
    assert.equal(w!.result.ok, false);
  });
});
