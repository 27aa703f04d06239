// Discovery, REST mapping and OpenAPI v3 against the real kube-apiserver, plus the machine's kubectl with
// the test kubeconfig (what a user would run).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RECURSIVE_REF_EXTENSION } from '../../../src/api/index.js';
import { discoverApiResources, isNoKindMatch, type KubeClient } from '../../../src/kube/index.js';
import { eventually, kubectl } from '../support.js';
import { connectTestClient, deleteCrd, installWidgetCrd, type TestCrd } from './helpers.js';

let client: KubeClient;
const crds: TestCrd[] = [];

before(async () => {
  client = await connectTestClient();
});

after(async () => {
  for (const crd of crds) await deleteCrd(client, crd);
  await client.close();
});

test('aggregated discovery lists core, apps and apiextensions with scope and subresources', async () => {
  const snapshot = await discoverApiResources(client.http);
  assert.equal(snapshot.format, 'aggregated-v2');
  const deployments = snapshot.resources.find((r) => r.group === 'apps' && r.resource === 'deployments');
  assert.ok(deployments);
  assert.deepEqual([...deployments.subresources].sort(), ['scale', 'status']);
  assert.equal(deployments.namespaced, true);
  assert.ok(snapshot.groups.some((g) => g.name === '' && g.versions[0] === 'v1'));
});

test('the legacy discovery walk agrees with aggregated discovery', async () => {
  const [aggregated, legacy] = await Promise.all([
    discoverApiResources(client.http),
    discoverApiResources(client.http, { aggregated: false }),
  ]);
  assert.equal(legacy.format, 'legacy');
  assert.deepEqual(legacy.failedGroupVersions, []);
  // Only built-in groups: CRDs of test files running alongside come and go between the two reads.
  const builtIn = (r: { group: string }) => r.group === '' || r.group.endsWith('.k8s.io') || !r.group.includes('.');
  const summary = (rs: typeof legacy.resources) =>
    rs.filter(builtIn).map((r) => `${r.group}/${r.version}/${r.resource}:${r.kind}:${r.namespaced}:${[...r.subresources].sort().join('+')}`).sort();
  assert.deepEqual(summary(legacy.resources), summary(aggregated.resources));
  assert.deepEqual(
    legacy.groups.find((g) => g.name === 'autoscaling')?.versions,
    aggregated.groups.find((g) => g.name === 'autoscaling')?.versions,
    'same preferred-version order',
  );
});

test('REST mapping of a core and an apps kind, both ways', async () => {
  const cm = await client.mapper.mappingFor({ group: '', version: 'v1', kind: 'ConfigMap' });
  assert.deepEqual(cm.gvr, { group: '', version: 'v1', resource: 'configmaps' });
  assert.equal(cm.namespaced, true);
  assert.ok(cm.verbs.includes('watch'));
  const deploy = await client.mapper.mappingFor({ group: 'apps', version: 'v1', kind: 'Deployment' });
  assert.deepEqual(deploy.gvr, { group: 'apps', version: 'v1', resource: 'deployments' });
  assert.ok(deploy.subresources.includes('scale'));
  const ns = await client.mapper.mappingFor({ group: '', version: 'v1', kind: 'Namespace' });
  assert.equal(ns.namespaced, false);
  assert.deepEqual(await client.mapper.kindFor({ group: 'apps', version: 'v1', resource: 'deployments' }), {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
  });
  assert.equal((await client.mapper.mappingForGroupKind('apps', 'Deployment')).gvk.version, 'v1');
  await assert.rejects(client.mapper.mappingFor({ group: 'nope.example.com', version: 'v1', kind: 'Nothing' }), (err) => isNoKindMatch(err));
});

test('a CRD created after the first mapping is found without invalidate()', async () => {
  await client.mapper.mappingFor({ group: '', version: 'v1', kind: 'ConfigMap' });
  const crd = await installWidgetCrd(client, 'disco');
  crds.push(crd);
  const mapping = await eventually(
    () => client.mapper.mappingFor({ group: crd.group, version: 'v1', kind: 'Widget' }).catch(() => undefined),
    { message: 'Widget mapped' },
  );
  assert.deepEqual(mapping.gvr, { group: crd.group, version: 'v1', resource: 'widgets' });
  assert.equal(mapping.namespaced, true);
  assert.deepEqual(mapping.subresources, ['status']);
  assert.equal(mapping.singular, 'widget');
  assert.equal((await client.mapper.kindFor({ group: crd.group, version: 'v1', resource: 'widget' })).kind, 'Widget');
});

test('OpenAPI v3 schema of apps/v1 Deployment, fully resolved', async () => {
  const paths = await client.openapi.paths();
  assert.match(paths.get('apis/apps/v1') ?? '', /^\/openapi\/v3\/apis\/apps\/v1\?hash=/);
  const schema = await client.openapi.schemaFor({ group: 'apps', version: 'v1', kind: 'Deployment' });
  assert.ok(schema);
  const text = JSON.stringify(schema);
  assert.ok(!/"\$ref":/.test(text), 'no references left');
  const spec = (schema.properties as Record<string, { properties: Record<string, unknown> }>).spec!;
  assert.ok(spec.properties.replicas);
  const podSpec = (spec.properties.template as { properties: { spec: { properties: Record<string, { items?: { properties?: Record<string, unknown> } }> } } })
    .properties.spec;
  assert.ok(podSpec.properties.containers?.items?.properties?.image, 'containers[].image is inlined');
  // Cached by the hash-stamped URL: the same object comes back.
  assert.equal(await client.openapi.schemaFor({ group: 'apps', version: 'v1', kind: 'Deployment' }), schema);
});

test('OpenAPI v3 schema of the recursive CRD kind stays finite', async () => {
  const schema = await client.openapi.schemaFor({ group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' });
  assert.ok(schema);
  const text = JSON.stringify(schema);
  // JSONSchemaProps has a property literally named "$ref"; what must be gone are references.
  assert.ok(!/"\$ref":"#/.test(text), 'no references left');
  assert.ok(text.includes(RECURSIVE_REF_EXTENSION), 'JSONSchemaProps recursion was cut and marked');
});

test('OpenAPI v3 schema of a CRD kind created at runtime', async () => {
  const crd = await installWidgetCrd(client, 'oapi');
  crds.push(crd);
  const schema = await eventually(() => client.openapi.schemaFor({ group: crd.group, version: 'v1', kind: 'Widget' }), {
    message: 'Widget OpenAPI schema',
  });
  const spec = (schema.properties as Record<string, { properties: Record<string, { type: string }> }>).spec!;
  assert.equal(spec.properties.size?.type, 'integer');
});

test("the machine's kubectl reads the test kubeconfig", async () => {
  const r = await kubectl(['get', 'namespaces', '-o', 'name']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^namespace\/default$/m);
  assert.match(r.stdout, /^namespace\/kube-system$/m);
});
