// A varied set of generated CRDs on the real kube-apiserver: custom types nested through [] and maps,
// listType=map with listMapKeys, 16 levels of nesting, cluster scope with short names and categories, custom
// printer columns, an inferred status schema, and schema.metadata labels. Each must be accepted and
// Established, and what users see (`kubectl get` columns, short names, categories) must be right.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CustomResourceDefinition, RgdSchema } from '../../../src/api/index.js';
import { generateInstanceCrd } from '../../../src/schema/index.js';
import { createTestNamespace, eventually, kubectl, kubectlOk, uniqueName } from '../support.js';
import { applyOk, deleteCrds, waitEstablished } from './helpers.js';

const group = `${uniqueName('varied')}.kro-ts.test`;
const category = uniqueName('cat');
let ns: string;

const schemas: RgdSchema[] = [
  {
    apiVersion: 'v1alpha1',
    kind: 'Fleet',
    group,
    types: {
      Port: { name: 'string | required=true', port: 'integer | required=true', protocol: 'string | default=TCP enum="TCP,UDP"' },
      Server: { host: 'string | required=true', ports: '[]Port | listType=map listMapKey=name listMapKey=port' },
      Region: 'string | enum="eu,us" description="A region"',
    },
    spec: { servers: '[]Server', byRegion: 'map[string][]Server', primary: 'Region | required=true' },
  },
  {
    apiVersion: 'v2beta1',
    kind: 'Policy',
    group,
    scope: 'Cluster',
    shortNames: ['pol'],
    categories: [category],
    spec: { deep: `${'[]'.repeat(16)}string`, settings: { a: { b: { c: 'integer | default=3' } } } },
  },
  {
    apiVersion: 'v1',
    kind: 'Database',
    group,
    metadata: { labels: { team: 'data' }, annotations: { owner: 'dba' } },
    additionalPrinterColumns: [
      { name: 'Engine', type: 'string', jsonPath: '.spec.engine' },
      { name: 'Endpoint', type: 'string', jsonPath: '.status.endpoint', priority: 1 },
    ],
    spec: { engine: 'string | default=postgres', size: 'integer | minimum=1 default=10' },
  },
];

const statusSchema = {
  type: 'object',
  properties: {
    endpoint: { type: 'string' },
    replicas: { type: 'integer' },
    nodes: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
    raw: { 'x-kubernetes-preserve-unknown-fields': true },
  },
};

const crds: CustomResourceDefinition[] = schemas.map((schema) => {
  const r = generateInstanceCrd(schema, { statusSchema, labels: { kroVersion: 'v0.0.0+test', rgdUid: 'u', rgdName: schema.kind.toLowerCase() } });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.value;
});

before(async () => {
  ns = await createTestNamespace('schema-varied');
});

after(async () => {
  await kubectl(['delete', 'namespace', ns, '--wait=false']);
  await deleteCrds(crds);
});

test('every CRD is accepted and Established', { timeout: 120_000 }, async () => {
  assert.deepEqual(crds.map((c) => c.metadata.name), [`fleets.${group}`, `policies.${group}`, `databases.${group}`]);
  await applyOk(crds);
  await waitEstablished(crds.map((c) => c.metadata.name!));
});

test('listType=map: items are keyed by name+port, duplicates rejected', async () => {
  const fleet = (ports: object[]) => ({
    apiVersion: `${group}/v1alpha1`,
    kind: 'Fleet',
    metadata: { name: uniqueName('fleet'), namespace: ns },
    spec: { primary: 'eu', servers: [{ host: 'a', ports }] },
  });
  await eventually(async () => ((await kubectl(['get', `fleets.${group}`, '-n', ns])).code === 0 ? true : undefined), { message: 'Fleet served' });
  await applyOk([fleet([{ name: 'http', port: 80 }, { name: 'http', port: 8080 }])]);
  const dup = await kubectl(['apply', '-f', '-'], JSON.stringify(fleet([{ name: 'http', port: 80 }, { name: 'http', port: 80 }])));
  assert.notEqual(dup.code, 0);
  assert.match(dup.stderr, /Duplicate value/);
});

test('cluster scope, short name and category work with kubectl', async () => {
  const policy = { apiVersion: `${group}/v2beta1`, kind: 'Policy', metadata: { name: uniqueName('pol') }, spec: {} };
  await eventually(async () => ((await kubectl(['get', `pol.${group}`])).code === 0 ? true : undefined), { message: 'Policy served' });
  await applyOk([policy]);
  const got = JSON.parse(await kubectlOk(['get', `pol.${group}`, policy.metadata.name, '-o', 'json'])) as { spec: unknown; metadata: { namespace?: string } };
  assert.equal(got.metadata.namespace, undefined);
  assert.deepEqual(got.spec, { settings: { a: { b: { c: 3 } } } }, 'nested defaults through implicit default {}');
  const byCategory = await kubectlOk(['get', category, '-o', 'name']);
  assert.match(byCategory, new RegExp(`policy\\.${group.replaceAll('.', '\\.')}/${policy.metadata.name}`));
  await kubectlOk(['delete', `pol.${group}`, policy.metadata.name, '--wait=false']);
});

test('printer columns: State/Ready/Age by default, the RGD columns when given', async () => {
  await eventually(async () => ((await kubectl(['get', `databases.${group}`, '-n', ns])).code === 0 ? true : undefined), { message: 'Database served' });
  await applyOk([{ apiVersion: `${group}/v1`, kind: 'Database', metadata: { name: 'db', namespace: ns }, spec: {} }]);
  const header = (await kubectlOk(['get', `databases.${group}`, '-n', ns])).split('\n')[0]!;
  assert.match(header, /^NAME\s+ENGINE\s*$/);
  const wide = (await kubectlOk(['get', `databases.${group}`, '-n', ns, '-o', 'wide'])).split('\n')[0]!;
  assert.match(wide, /^NAME\s+ENGINE\s+ENDPOINT\s*$/);
  const fleets = (await kubectlOk(['get', `fleets.${group}`, '-n', ns])).split('\n')[0]!;
  assert.match(fleets, /^NAME\s+STATE\s+READY\s+AGE\s*$/);
});

test('status: inferred fields plus state and conditions are accepted on the status subresource', async () => {
  const status = { endpoint: 'db:5432', replicas: 2, nodes: [{ name: 'n1' }], raw: { any: ['thing'] }, state: 'ACTIVE', conditions: [{ type: 'Ready', status: 'True' }] };
  await kubectlOk(['patch', `databases.${group}`, 'db', '-n', ns, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
  const got = JSON.parse(await kubectlOk(['get', `databases.${group}`, 'db', '-n', ns, '-o', 'json'])) as { status: unknown };
  assert.deepEqual(got.status, status);
});

test('labels: schema.metadata labels and kro labels are on the CRD', async () => {
  const crd = JSON.parse(await kubectlOk(['get', 'crd', `databases.${group}`, '-o', 'json'])) as CustomResourceDefinition;
  assert.equal(crd.metadata.labels?.team, 'data');
  assert.equal(crd.metadata.labels?.['kro.run/owned'], 'true');
  assert.equal(crd.metadata.labels?.['kro.run/kro-version'], 'v0.0.0-test');
  assert.equal(crd.metadata.annotations?.owner, 'dba');
});
