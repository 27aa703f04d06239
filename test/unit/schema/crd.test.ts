// Instance CRD generation (spec 2.3): identity, names, scope, the single version, spec/status schemas with the
// status hook, printer columns, labels, determinism; and the ownership check (behavior 50).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JSONSchemaProps, RgdSchema } from '../../../src/api/index.js';
import {
  buildInstanceCrd,
  checkCrdOwnership,
  DEFAULT_CONDITIONS_SCHEMA,
  DEFAULT_PRINTER_COLUMNS,
  generateInstanceCrd,
  kroVersionLabelValue,
} from '../../../src/schema/index.js';

const schema: RgdSchema = {
  apiVersion: 'v1alpha1',
  kind: 'WebApp',
  group: 'apps.example.com',
  spec: { name: 'string | required=true', replicas: 'integer | default=1' },
};

function generate(s: RgdSchema, statusSchema?: JSONSchemaProps) {
  const r = generateInstanceCrd(s, { statusSchema, labels: { kroVersion: 'v0.9.4+dirty', rgdUid: 'uid-1', rgdName: 'webapp' } });
  if (!r.ok) assert.fail(r.diagnostics.map((d) => d.message).join('; '));
  return r.value;
}

test('identity, names, scope and the single version', () => {
  const crd = generate(schema);
  assert.equal(crd.metadata.name, 'webapps.apps.example.com');
  assert.deepEqual(crd.spec.names, { kind: 'WebApp', listKind: 'WebAppList', plural: 'webapps', singular: 'webapp' });
  assert.equal(crd.spec.group, 'apps.example.com');
  assert.equal(crd.spec.scope, 'Namespaced');
  assert.equal(crd.spec.versions.length, 1);
  const [version] = crd.spec.versions;
  assert.equal(version!.name, 'v1alpha1');
  assert.equal(version!.served, true);
  assert.equal(version!.storage, true);
  assert.deepEqual(version!.subresources, { status: {} });
  assert.equal(crd.metadata.ownerReferences, undefined);
});

test('cluster scope, short names and categories, irregular plurals', () => {
  const crd = generate({ ...schema, kind: 'Policy', scope: 'Cluster', shortNames: ['pol'], categories: ['kro'] });
  assert.equal(crd.metadata.name, 'policies.apps.example.com');
  assert.equal(crd.spec.scope, 'Cluster');
  assert.deepEqual(crd.spec.names.shortNames, ['pol']);
  assert.deepEqual(crd.spec.names.categories, ['kro']);
});

test('an empty group means kro.run', () => {
  assert.equal(generate({ ...schema, group: '' }).metadata.name, 'webapps.kro.run');
});

test('root schema: apiVersion, kind, metadata, spec from SimpleSchema, status', () => {
  const root = generate(schema).spec.versions[0]!.schema!.openAPIV3Schema;
  assert.equal(root.type, 'object');
  assert.equal(root.required, undefined);
  assert.deepEqual(Object.keys(root.properties ?? {}), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  assert.deepEqual(root.properties?.metadata, { type: 'object' });
  assert.deepEqual(root.properties?.spec, {
    properties: { name: { type: 'string' }, replicas: { default: 1, type: 'integer' } },
    required: ['name'],
    type: 'object',
  });
});

test('status without inferred fields: state and kro conditions', () => {
  const status = generate(schema).spec.versions[0]!.schema!.openAPIV3Schema.properties?.status;
  assert.deepEqual(status, { properties: { conditions: DEFAULT_CONDITIONS_SCHEMA, state: { type: 'string' } }, type: 'object' });
});

test('status hook: inferred fields kept, state/conditions added unless the user defined them', () => {
  const inferred: JSONSchemaProps = {
    type: 'object',
    properties: { url: { type: 'string' }, state: { type: 'integer' }, ready: { type: 'boolean' } },
  };
  const status = generate(schema, inferred).spec.versions[0]!.schema!.openAPIV3Schema.properties?.status;
  assert.deepEqual(status?.properties?.url, { type: 'string' });
  assert.deepEqual(status?.properties?.state, { type: 'integer' }, "the user's state wins");
  assert.deepEqual(status?.properties?.conditions, DEFAULT_CONDITIONS_SCHEMA);
  assert.equal(inferred.properties?.conditions, undefined, 'the input is not changed');
});

test('printer columns: State/Ready/Age by default, the user list replaces them', () => {
  assert.deepEqual(generate(schema).spec.versions[0]!.additionalPrinterColumns, DEFAULT_PRINTER_COLUMNS);
  assert.deepEqual(
    DEFAULT_PRINTER_COLUMNS.map((c) => [c.name, c.type, c.jsonPath]),
    [
      ['State', 'string', '.status.state'],
      ['Ready', 'string', '.status.conditions[?(@.type=="Ready")].status'],
      ['Age', 'date', '.metadata.creationTimestamp'],
    ],
  );
  const custom = [{ name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' }];
  assert.deepEqual(generate({ ...schema, additionalPrinterColumns: custom }).spec.versions[0]!.additionalPrinterColumns, custom);
});

test('labels: schema.metadata labels, then kro labels winning; annotations from schema.metadata', () => {
  const crd = generate({
    ...schema,
    metadata: { labels: { team: 'web', 'kro.run/owned': 'false' }, annotations: { note: 'x' } },
  });
  assert.deepEqual(crd.metadata.labels, {
    'kro.run/kro-version': 'v0.9.4-dirty',
    'kro.run/owned': 'true',
    'kro.run/resource-graph-definition-id': 'uid-1',
    'kro.run/resource-graph-definition-name': 'webapp',
    team: 'web',
  });
  assert.deepEqual(crd.metadata.annotations, { note: 'x' });
});

test('kro version label value: + replaced only when the version is not a valid label value', () => {
  assert.equal(kroVersionLabelValue('v0.9.4'), 'v0.9.4');
  assert.equal(kroVersionLabelValue('v0.9.4+dirty'), 'v0.9.4-dirty');
  assert.equal(kroVersionLabelValue('devel'), 'devel');
});

test('output is deterministic (stable key order) for golden files', () => {
  const a = generate({ ...schema, spec: { b: 'string', a: { y: 'integer', x: 'string' } }, metadata: { labels: { z: '1', a: '2' } } });
  const b = generate({ metadata: { labels: { a: '2', z: '1' } }, spec: { a: { x: 'string', y: 'integer' }, b: 'string' }, group: 'apps.example.com', kind: 'WebApp', apiVersion: 'v1alpha1' });
  assert.equal(JSON.stringify(a), JSON.stringify(b));
  assert.deepEqual(Object.keys(a), ['apiVersion', 'kind', 'metadata', 'spec']);
});

test('SimpleSchema errors come back as diagnostics under spec.schema.spec', () => {
  const r = generateInstanceCrd({ ...schema, spec: { a: 'int' } });
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual([r.diagnostics[0].code, r.diagnostics[0].path], ['schema/unknown-type', ['spec', 'schema', 'spec', 'a']]);
});

test('buildInstanceCrd takes an already converted spec schema (the graph builder path)', () => {
  const crd = buildInstanceCrd(schema, { specSchema: { type: 'object', properties: { x: { type: 'string' } } } });
  assert.deepEqual(crd.spec.versions[0]!.schema!.openAPIV3Schema.properties?.spec, { properties: { x: { type: 'string' } }, type: 'object' });
  assert.equal(crd.metadata.labels, undefined, 'no kro labels without label values');
});

const ownershipRows: { name: string; existing: Record<string, string>; ok: boolean; adopt?: boolean; message?: string }[] = [
  { name: 'same RGD', existing: { 'kro.run/owned': 'true', 'kro.run/resource-graph-definition-name': 'webapp', 'kro.run/resource-graph-definition-id': 'uid-1' }, ok: true, adopt: false },
  { name: 'same name, new uid: adopted', existing: { 'kro.run/owned': 'true', 'kro.run/resource-graph-definition-name': 'webapp', 'kro.run/resource-graph-definition-id': 'old' }, ok: true, adopt: true },
  { name: 'legacy managed-by label', existing: { 'app.kubernetes.io/managed-by': 'kro', 'kro.run/resource-graph-definition-name': 'webapp' }, ok: true, adopt: true },
  { name: 'not kro-owned', existing: { team: 'x' }, ok: false, message: 'failed to update CRD webapps.example.com: CRD already exists and is not owned by KRO' },
  { name: 'owned=false wins over managed-by', existing: { 'kro.run/owned': 'false', 'app.kubernetes.io/managed-by': 'kro' }, ok: false, message: 'failed to update CRD webapps.example.com: CRD already exists and is not owned by KRO' },
  { name: 'another RGD', existing: { 'kro.run/owned': 'true', 'kro.run/resource-graph-definition-name': 'other' }, ok: false, message: 'failed to update CRD webapps.example.com: CRD is owned by another ResourceGraphDefinition other' },
];

for (const row of ownershipRows) {
  test(`ownership: ${row.name}`, () => {
    const desired = { labels: { 'kro.run/owned': 'true', 'kro.run/resource-graph-definition-name': 'webapp', 'kro.run/resource-graph-definition-id': 'uid-1' } };
    const r = checkCrdOwnership('webapps.example.com', { labels: row.existing }, desired);
    assert.equal(r.ok, row.ok);
    if (r.ok) assert.equal(r.adopt, row.adopt);
    else assert.equal(r.message, row.message);
  });
}
