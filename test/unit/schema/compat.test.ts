// CRD compatibility diff: every schema pair of fixtures/compat-upstream.json is classified as upstream kro
// v0.9.4's compat.Compare does (as sets: upstream's order follows Go maps), facet changes upstream ignores are
// extra non-breaking changes (strict mode: breaking), and the version/names/metadata checks of diffCrds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { CustomResourceDefinition, JSONSchemaProps } from '../../../src/api/index.js';
import {
  breakingChangesMessage,
  compareSchemas,
  crdNeedsUpdate,
  diffCrds,
  summarizeBreakingChanges,
  type SchemaChange,
} from '../../../src/schema/index.js';

const root = new URL('../../../../', import.meta.url);

interface CompatCase {
  name: string;
  old: JSONSchemaProps;
  new: JSONSchemaProps;
  upstream: { breaking: SchemaChange[]; nonBreaking: SchemaChange[]; summary: string };
}

const cases = JSON.parse(readFileSync(new URL('test/unit/schema/fixtures/compat-upstream.json', root), 'utf8')) as CompatCase[];

const FACETS = new Set([
  'ENUM_CONSTRAINT_ADDED', 'ENUM_CONSTRAINT_REMOVED', 'ADDITIONAL_PROPERTIES_CHANGED', 'FORMAT_CHANGED', 'FORMAT_REMOVED',
  'NULLABLE_ADDED', 'NULLABLE_REMOVED', 'PRESERVE_UNKNOWN_FIELDS_ADDED', 'PRESERVE_UNKNOWN_FIELDS_REMOVED',
  'TOPOLOGY_CHANGED', 'VALIDATION_RULES_CHANGED', 'UNCLASSIFIED_SCHEMA_CHANGE',
]);

const key = (c: SchemaChange) => `${c.type} ${c.path} ${c.oldValue} -> ${c.newValue}`;
const keys = (list: readonly SchemaChange[]) => list.map(key).sort();
/** Changes found below a map's value schema, which upstream does not compare outside strict mode. */
const belowMapValue = (c: SchemaChange) => c.path.includes('.additionalProperties');

for (const c of cases) {
  test(`compat (as upstream): ${c.name}`, () => {
    const got = compareSchemas(c.old, c.new);
    assert.deepEqual(keys(got.breaking), keys(c.upstream.breaking), 'breaking changes');
    const extra = got.nonBreaking.filter((x) => FACETS.has(x.type) || belowMapValue(x));
    assert.deepEqual(keys(got.nonBreaking.filter((x) => !extra.includes(x))), keys(c.upstream.nonBreaking), 'non-breaking');
    // Upstream describes a new required property as "Optional property x was added" (it tests for the value
    // "required" but records "required=true"); kro-ts says "Required" (docs/compatibility.md).
    const summary = c.upstream.summary.replace(/^Optional (property \w+ was added)$/, (m, rest: string) =>
      c.upstream.breaking[0]?.newValue === 'required=true' ? `Required ${rest}` : m,
    );
    if (c.upstream.breaking.length <= 1) assert.equal(summarizeBreakingChanges(got.breaking), summary);
  });
}

const facetRows: { name: string; type: string; path: string }[] = [
  { name: 'validation rule added (facet)', type: 'VALIDATION_RULES_CHANGED', path: '.properties.a.x-kubernetes-validations' },
  { name: 'list type changed (facet)', type: 'TOPOLOGY_CHANGED', path: '.properties.l.x-kubernetes-list-type' },
  { name: 'map value property removed (facet)', type: 'PROPERTY_REMOVED', path: '.properties.m.additionalProperties.properties.b' },
  { name: 'map value type changed (facet)', type: 'TYPE_CHANGED', path: '.properties.m.additionalProperties.type' },
  { name: 'preserve unknown removed (facet)', type: 'PRESERVE_UNKNOWN_FIELDS_REMOVED', path: '.properties.o.x-kubernetes-preserve-unknown-fields' },
  { name: 'format added (facet)', type: 'FORMAT_CHANGED', path: '.properties.a.format' },
  { name: 'enum added where none', type: 'ENUM_CONSTRAINT_ADDED', path: '.properties.a.enum' },
];

for (const row of facetRows) {
  const c = cases.find((x) => x.name === row.name)!;
  test(`facet upstream ignores is non-breaking by default, breaking in strict mode: ${row.name}`, () => {
    const lenient = compareSchemas(c.old, c.new);
    assert.deepEqual(lenient.breaking, []);
    assert.ok(lenient.nonBreaking.some((x) => x.type === row.type && x.path === row.path), 'reported, so the CRD is updated');
    const strict = compareSchemas(c.old, c.new, { strict: true });
    assert.ok(strict.breaking.some((x) => x.type === row.type && x.path === row.path), 'strict: breaking');
  });
}

test('status schema changes are gated too (spec behavior 49)', () => {
  const removed = cases.find((x) => x.name === 'status field removed')!;
  assert.deepEqual(keys(compareSchemas(removed.old, removed.new).breaking), ['PROPERTY_REMOVED .properties.status.properties.url  -> ']);
});

test('summary: three changes then "and N more changes"', () => {
  const c = cases.find((x) => x.name === 'many breaking changes summary')!;
  const got = compareSchemas(c.old, c.new);
  assert.equal(got.breaking.length, 5);
  assert.equal(
    summarizeBreakingChanges(got.breaking),
    'Property a was removed; Property b was removed; Property c was removed; and 2 more changes',
  );
});

function crd(overrides: { version?: string; schema?: JSONSchemaProps; served?: boolean; status?: boolean; columns?: boolean; labels?: Record<string, string>; shortNames?: string[] } = {}): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'webapps.example.com', labels: overrides.labels ?? { 'kro.run/owned': 'true' } },
    spec: {
      group: 'example.com',
      names: { kind: 'WebApp', listKind: 'WebAppList', plural: 'webapps', singular: 'webapp', ...(overrides.shortNames ? { shortNames: overrides.shortNames } : {}) },
      scope: 'Namespaced',
      versions: [
        {
          name: overrides.version ?? 'v1alpha1',
          served: overrides.served ?? true,
          storage: true,
          schema: { openAPIV3Schema: overrides.schema ?? { type: 'object', properties: { spec: { type: 'object' } } } },
          ...(overrides.status === false ? {} : { subresources: { status: {} } }),
          ...(overrides.columns ? { additionalPrinterColumns: [{ name: 'X', type: 'string', jsonPath: '.spec.x' }] } : {}),
        },
      ],
    },
  };
}

const crdRows: { name: string; existing: CustomResourceDefinition; desired: CustomResourceDefinition; breaking: string[]; nonBreaking: string[]; names?: boolean; update: boolean }[] = [
  { name: 'identical CRDs need no update', existing: crd(), desired: crd(), breaking: [], nonBreaking: [], update: false },
  { name: 'version renamed', existing: crd(), desired: crd({ version: 'v1' }), breaking: ['TYPE_CHANGED version'], nonBreaking: [], update: true },
  { name: 'served -> false', existing: crd(), desired: crd({ served: false }), breaking: ['TYPE_CHANGED version.served'], nonBreaking: [], update: true },
  { name: 'status subresource removed', existing: crd(), desired: crd({ status: false }), breaking: ['PROPERTY_REMOVED version.subresources.status'], nonBreaking: [], update: true },
  { name: 'printer columns changed', existing: crd(), desired: crd({ columns: true }), breaking: [], nonBreaking: ['ADDITIONAL_PRINTER_COLUMNS_CHANGED version.additionalPrinterColumns'], update: true },
  { name: 'short names changed: names only', existing: crd(), desired: crd({ shortNames: ['wa'] }), breaking: [], nonBreaking: [], names: true, update: true },
  { name: 'desired label missing on the CRD', existing: crd(), desired: crd({ labels: { 'kro.run/owned': 'true', team: 'a' } }), breaking: [], nonBreaking: ['METADATA_CHANGED metadata.labels'], update: true },
  { name: 'extra labels on the CRD are fine', existing: crd({ labels: { 'kro.run/owned': 'true', other: 'x' } }), desired: crd(), breaking: [], nonBreaking: [], update: false },
];

for (const row of crdRows) {
  test(`diffCrds: ${row.name}`, () => {
    const r = diffCrds(row.existing, row.desired);
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.deepEqual(r.diff.breaking.map((c) => `${c.type} ${c.path}`), row.breaking);
    assert.deepEqual(r.diff.nonBreaking.map((c) => `${c.type} ${c.path}`), row.nonBreaking);
    assert.equal(r.diff.namesChanged, row.names ?? false);
    assert.equal(crdNeedsUpdate(r.diff), row.update);
  });
}

test('diffCrds: the gate message names the CRD and the changes', () => {
  const r = diffCrds(crd(), crd({ version: 'v1' }));
  assert.ok(r.ok);
  if (r.ok) assert.equal(breakingChangesMessage('webapps.example.com', r.diff), 'cannot update CRD webapps.example.com: breaking changes detected: Type changed from v1alpha1 to v1');
});

test('diffCrds: more than one version is an error with upstream text', () => {
  const two = crd();
  two.spec.versions.push({ ...two.spec.versions[0]!, name: 'v2' });
  const r = diffCrds(two, crd());
  assert.deepEqual(r, { ok: false, error: 'expected exactly one version in each CRD, got 2 old and 1 new versions' });
});
