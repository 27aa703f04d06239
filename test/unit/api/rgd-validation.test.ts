// Structural checks of RGD documents: one passing and one failing case per check, asserting code and path.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateRgdStructure, type JsonObject, type JsonValue } from '../../../src/api/index.js';

function base(): JsonObject {
  return {
    apiVersion: 'kro.run/v1alpha1',
    kind: 'ResourceGraphDefinition',
    metadata: { name: 'app' },
    spec: {
      schema: { apiVersion: 'v1alpha1', kind: 'App', spec: { name: 'string' } },
      resources: [{ id: 'cm', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } }],
    },
  };
}

/** A copy of the base RGD with `value` set at `path` (undefined deletes). */
function withValue(path: (string | number)[], value: JsonValue | undefined): JsonObject {
  const doc = base();
  let node = doc as Record<string | number, JsonValue>;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, JsonValue>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return doc;
}

const resource = (r: JsonObject) => withValue(['spec', 'resources', 0], r);
const ext = (metadata: JsonObject): JsonObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata });

const rows: { name: string; good: JsonObject; bad: JsonObject; code: string; path: (string | number)[]; message?: string }[] = [
  {
    name: 'spec.schema is required',
    good: base(),
    bad: withValue(['spec', 'schema'], undefined),
    code: 'rgd/required',
    path: ['spec', 'schema'],
    message: 'spec.schema: Required value',
  },
  { name: 'schema.kind is required', good: base(), bad: withValue(['spec', 'schema', 'kind'], undefined), code: 'rgd/required', path: ['spec', 'schema', 'kind'] },
  { name: 'schema.apiVersion is required', good: base(), bad: withValue(['spec', 'schema', 'apiVersion'], undefined), code: 'rgd/required', path: ['spec', 'schema', 'apiVersion'] },
  {
    name: 'kind pattern (UpperCamelCase, max 63)',
    good: withValue(['spec', 'schema', 'kind'], 'WebApp2'),
    bad: withValue(['spec', 'schema', 'kind'], 'webApp'),
    code: 'rgd/pattern',
    path: ['spec', 'schema', 'kind'],
    message: `spec.schema.kind: Invalid value: "webApp": spec.schema.kind in body should match '^[A-Z][a-zA-Z0-9]{0,62}$'`,
  },
  { name: 'kind longer than 63', good: withValue(['spec', 'schema', 'kind'], `A${'b'.repeat(62)}`), bad: withValue(['spec', 'schema', 'kind'], `A${'b'.repeat(63)}`), code: 'rgd/pattern', path: ['spec', 'schema', 'kind'] },
  {
    name: 'apiVersion pattern',
    good: withValue(['spec', 'schema', 'apiVersion'], 'v2beta3'),
    bad: withValue(['spec', 'schema', 'apiVersion'], 'v1gamma1'),
    code: 'rgd/pattern',
    path: ['spec', 'schema', 'apiVersion'],
  },
  {
    name: 'scope enum',
    good: withValue(['spec', 'schema', 'scope'], 'Cluster'),
    bad: withValue(['spec', 'schema', 'scope'], 'Global'),
    code: 'rgd/enum',
    path: ['spec', 'schema', 'scope'],
    message: 'spec.schema.scope: Unsupported value: "Global": supported values: "Namespaced", "Cluster"',
  },
  { name: 'kind must be a string', good: base(), bad: withValue(['spec', 'schema', 'kind'], 5), code: 'rgd/type', path: ['spec', 'schema', 'kind'] },
  { name: 'shortNames item pattern', good: withValue(['spec', 'schema', 'shortNames'], ['ap', 'a-p']), bad: withValue(['spec', 'schema', 'shortNames'], ['Ap']), code: 'rgd/pattern', path: ['spec', 'schema', 'shortNames', 0] },
  { name: 'shortNames are a set', good: withValue(['spec', 'schema', 'shortNames'], ['a', 'b']), bad: withValue(['spec', 'schema', 'shortNames'], ['a', 'a']), code: 'rgd/duplicate', path: ['spec', 'schema', 'shortNames', 1], message: 'spec.schema.shortNames[1]: Duplicate value: "a"' },
  { name: 'shortNames at most 32', good: withValue(['spec', 'schema', 'shortNames'], Array.from({ length: 32 }, (_, i) => `s${i}`)), bad: withValue(['spec', 'schema', 'shortNames'], Array.from({ length: 33 }, (_, i) => `s${i}`)), code: 'rgd/max-items', path: ['spec', 'schema', 'shortNames'], message: 'spec.schema.shortNames: Too many: 33: must have at most 32 items' },
  { name: 'categories item at most 63 chars', good: withValue(['spec', 'schema', 'categories'], ['a'.repeat(63)]), bad: withValue(['spec', 'schema', 'categories'], ['a'.repeat(64)]), code: 'rgd/max-length', path: ['spec', 'schema', 'categories', 0] },
  { name: 'categories are a set', good: withValue(['spec', 'schema', 'categories'], ['kro']), bad: withValue(['spec', 'schema', 'categories'], ['kro', 'kro']), code: 'rgd/duplicate', path: ['spec', 'schema', 'categories', 1] },
  { name: 'resource id is required', good: base(), bad: resource({ template: {} }), code: 'rgd/required', path: ['spec', 'resources', 0, 'id'] },
  {
    name: 'exactly one of template or externalRef (neither)',
    good: resource({ id: 'cm', externalRef: ext({ name: 'x' }) }),
    bad: resource({ id: 'cm' }),
    code: 'rgd/template-xor-external-ref',
    path: ['spec', 'resources', 0],
    message: 'spec.resources[0]: Invalid value: exactly one of template or externalRef must be provided',
  },
  { name: 'exactly one of template or externalRef (both)', good: base(), bad: resource({ id: 'cm', template: {}, externalRef: ext({ name: 'x' }) }), code: 'rgd/template-xor-external-ref', path: ['spec', 'resources', 0] },
  {
    name: 'externalRef: exactly one of name or selector',
    good: resource({ id: 'cm', externalRef: ext({ selector: { matchLabels: { a: 'b' } } }) }),
    bad: resource({ id: 'cm', externalRef: ext({ name: 'x', selector: {} }) }),
    code: 'rgd/name-xor-selector',
    path: ['spec', 'resources', 0, 'externalRef', 'metadata'],
    message: 'spec.resources[0].externalRef.metadata: Invalid value: exactly one of name or selector must be provided',
  },
  { name: 'externalRef: name or selector missing', good: resource({ id: 'cm', externalRef: ext({ name: 'x' }) }), bad: resource({ id: 'cm', externalRef: ext({ namespace: 'n' }) }), code: 'rgd/name-xor-selector', path: ['spec', 'resources', 0, 'externalRef', 'metadata'] },
  { name: 'externalRef.metadata is required', good: resource({ id: 'cm', externalRef: ext({ name: 'x' }) }), bad: resource({ id: 'cm', externalRef: { apiVersion: 'v1', kind: 'ConfigMap' } }), code: 'rgd/required', path: ['spec', 'resources', 0, 'externalRef', 'metadata'] },
  { name: 'externalRef name not empty', good: resource({ id: 'cm', externalRef: ext({ name: 'x' }) }), bad: resource({ id: 'cm', externalRef: ext({ name: '' }) }), code: 'rgd/min-length', path: ['spec', 'resources', 0, 'externalRef', 'metadata', 'name'] },
  {
    name: 'forEach entries have exactly one key (two)',
    good: resource({ id: 'cm', template: {}, forEach: [{ region: '${schema.spec.regions}' }] }),
    bad: resource({ id: 'cm', template: {}, forEach: [{ a: '${x}', b: '${y}' }] }),
    code: 'rgd/max-properties',
    path: ['spec', 'resources', 0, 'forEach', 0],
    message: 'spec.resources[0].forEach[0]: Too many: 2: must have at most 1 item',
  },
  { name: 'forEach entries have exactly one key (none)', good: base(), bad: resource({ id: 'cm', template: {}, forEach: [{}] }), code: 'rgd/min-properties', path: ['spec', 'resources', 0, 'forEach', 0] },
  { name: 'forEach values are strings', good: base(), bad: resource({ id: 'cm', template: {}, forEach: [{ a: 1 }] }), code: 'rgd/type', path: ['spec', 'resources', 0, 'forEach', 0, 'a'] },
  {
    name: 'externalRef cannot be combined with forEach',
    good: resource({ id: 'cm', externalRef: ext({ name: 'x' }) }),
    bad: resource({ id: 'cm', externalRef: ext({ name: 'x' }), forEach: [{ a: '${x}' }] }),
    code: 'rgd/external-ref-with-for-each',
    path: ['spec', 'resources', 0, 'forEach'],
    message: 'resource "cm": cannot use externalRef with forEach',
  },
  { name: 'readyWhen entries are strings', good: resource({ id: 'cm', template: {}, readyWhen: ['${cm.data != null}'] }), bad: resource({ id: 'cm', template: {}, readyWhen: [true] }), code: 'rgd/type', path: ['spec', 'resources', 0, 'readyWhen', 0] },
  { name: 'unknown fields are rejected (kubectl strict validation)', good: base(), bad: resource({ id: 'cm', template: {}, readywhen: [] }), code: 'rgd/unknown-field', path: ['spec', 'resources', 0, 'readywhen'], message: 'unknown field "spec.resources[0].readywhen"' },
  { name: 'printer columns need name, type, jsonPath', good: withValue(['spec', 'schema', 'additionalPrinterColumns'], [{ name: 'A', type: 'string', jsonPath: '.a' }]), bad: withValue(['spec', 'schema', 'additionalPrinterColumns'], [{ name: 'A', type: 'string' }]), code: 'rgd/required', path: ['spec', 'schema', 'additionalPrinterColumns', 0, 'jsonPath'] },
  { name: 'metadata.name is required', good: base(), bad: withValue(['metadata'], {}), code: 'rgd/required', path: ['metadata', 'name'] },
  { name: 'apiVersion is kro.run/v1alpha1', good: base(), bad: withValue(['apiVersion'], 'kro.run/v1'), code: 'rgd/api-version', path: ['apiVersion'] },
];

for (const row of rows) {
  test(`passes: ${row.name}`, () => {
    const r = validateRgdStructure(row.good);
    assert.deepEqual(r.diagnostics.map((d) => d.message), []);
    assert.ok(r.rgd);
  });
  test(`fails: ${row.name}`, () => {
    const r = validateRgdStructure(row.bad);
    const found = r.diagnostics.find((d) => d.code === row.code);
    assert.ok(found, `expected ${row.code}, got ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
    assert.deepEqual(found.path, row.path);
    if (row.message) assert.equal(found.message, row.message);
    assert.equal(r.rgd, undefined);
  });
}

test('all problems of a document are reported together', () => {
  const doc = withValue(['spec', 'schema'], { apiVersion: 'x', kind: 'y', scope: 'z' });
  const r = validateRgdStructure(doc);
  assert.deepEqual(r.diagnostics.map((d) => d.code).sort(), ['rgd/enum', 'rgd/pattern', 'rgd/pattern']);
});

test('templates, spec, types and status are free-form', () => {
  const doc = withValue(['spec', 'schema', 'status'], { anything: { nested: ['${x}'] } });
  (doc.spec as JsonObject).resources = [{ id: 'cm', template: { whatever: { deeply: [1, { a: null }] } } }];
  assert.deepEqual(validateRgdStructure(doc).diagnostics, []);
});
