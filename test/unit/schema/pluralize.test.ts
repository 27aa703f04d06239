// Plurals must equal flect v1.0.3's (what upstream kro names CRDs and resources with): 574 kinds checked
// against Go's output (fixtures/flect-plurals.json), plus the kro-ts fix for plurals flect returns in capitals.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { flectPluralize, instanceCrdIdentity, pluralizeKind } from '../../../src/schema/index.js';

const root = new URL('../../../../', import.meta.url);
const plurals = JSON.parse(readFileSync(new URL('test/unit/schema/fixtures/flect-plurals.json', root), 'utf8')) as Record<string, string>;

test('the fixture is large and covers irregular nouns', () => {
  assert.ok(Object.keys(plurals).length >= 500);
  assert.equal(plurals.Person, 'people');
  assert.equal(plurals.Policy, 'policies');
});

for (const [kind, want] of Object.entries(plurals)) {
  test(`flect.Pluralize(lower(${kind})) = ${want}`, () => {
    assert.equal(flectPluralize(kind.toLowerCase()), want);
  });
}

const kindRows: [string, string][] = [
  ['WebApplication', 'webapplications'],
  ['Policy', 'policies'],
  ['Status', 'statuses'],
  ['Ox', 'oxen'],
  ['Data', 'data'],
  ['Index', 'indices'],
  ['Analysis', 'analyses'],
  ['Proxy', 'proxies'],
  ['Gateway', 'gateways'],
  ['API', 'apis'],
  // flect returns dnsDNSes (not a valid resource name); kro-ts lowercases the acronym's plural.
  ['DNS', 'dnses'],
  ['HTTPS', 'httpses'],
  ['IPS', 'ipses'],
];

for (const [kind, want] of kindRows) {
  test(`pluralizeKind(${kind}) = ${want}`, () => {
    assert.equal(pluralizeKind(kind), want);
  });
}

test('instanceCrdIdentity: <plural>.<group>, kro.run when the group is empty', () => {
  assert.deepEqual(instanceCrdIdentity({ kind: 'Policy', group: 'example.com' }), {
    group: 'example.com',
    plural: 'policies',
    singular: 'policy',
    crdName: 'policies.example.com',
  });
  assert.equal(instanceCrdIdentity({ kind: 'WebApp', group: '' }).crdName, 'webapps.kro.run');
  assert.equal(instanceCrdIdentity({ kind: 'WebApp' }).crdName, 'webapps.kro.run');
});
