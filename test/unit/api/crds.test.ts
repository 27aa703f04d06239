// kro-ts's own CRDs against upstream kro's generated ones (../shared/reference/upstream-crds, read at runtime):
// the same names, scope, versions, printer columns, selectable fields and schema — every type, format, pattern,
// enum, default, bound, required list, list/map type and validation rule with its message. Descriptions are
// kro-ts's own wording, so only their presence is compared.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { graphRevisionCrd, isJsonObject, resourceGraphDefinitionCrd, type JsonValue } from '../../../src/api/index.js';

const reference = new URL('../../../../../shared/reference/upstream-crds/', import.meta.url);

function upstream(file: string): JsonValue {
  return parse(readFileSync(new URL(file, reference), 'utf8')) as JsonValue;
}

/** A copy without `description` keys, plus the paths where descriptions were. */
function splitDescriptions(value: JsonValue, path = '', found: string[] = []): { value: JsonValue; found: string[] } {
  if (Array.isArray(value)) return { value: value.map((v, i) => splitDescriptions(v, `${path}[${i}]`, found).value), found };
  if (!isJsonObject(value)) return { value, found };
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(value)) {
    // A property named "description" (printer column schema) is data, not documentation.
    if (k === 'description' && typeof v === 'string' && !path.endsWith('.properties')) {
      found.push(path);
      continue;
    }
    out[k] = splitDescriptions(v, `${path}.${k}`, found).value;
  }
  return { value: out, found };
}

const pairs = [
  { name: 'resourcegraphdefinitions.kro.run', ours: resourceGraphDefinitionCrd(), file: 'kro.run_resourcegraphdefinitions.yaml' },
  { name: 'graphrevisions.internal.kro.run', ours: graphRevisionCrd(), file: 'internal.kro.run_graphrevisions.yaml' },
];

for (const pair of pairs) {
  const theirs = upstream(pair.file) as Record<string, JsonValue>;
  const ours = JSON.parse(JSON.stringify(pair.ours)) as Record<string, JsonValue>;

  test(`${pair.name}: apiVersion, kind and name`, () => {
    assert.equal(ours.apiVersion, theirs.apiVersion);
    assert.equal(ours.kind, theirs.kind);
    assert.equal((ours.metadata as Record<string, JsonValue>).name, (theirs.metadata as Record<string, JsonValue>).name);
    assert.equal((ours.metadata as Record<string, JsonValue>).name, pair.name);
  });

  test(`${pair.name}: spec equal to upstream's apart from description wording`, () => {
    const a = splitDescriptions(ours.spec!);
    const b = splitDescriptions(theirs.spec!);
    assert.deepEqual(a.value, b.value);
    assert.deepEqual(a.found.sort(), b.found.sort(), 'the same fields are documented');
  });
}

test('the comparison sees the details it claims to compare', () => {
  const spec = JSON.stringify(resourceGraphDefinitionCrd().spec);
  for (const needle of ['kind is immutable', 'exactly one of template or externalRef must be provided', '^v[0-9]+(alpha[0-9]+|beta[0-9]+)?$', '"maxProperties":1', '"shortNames":["rgd"]', '"scope":"Cluster"']) {
    assert.ok(spec.includes(needle), needle);
  }
  assert.ok(JSON.stringify(graphRevisionCrd().spec).includes('"selectableFields":[{"jsonPath":".spec.snapshot.name"}]'));
});
