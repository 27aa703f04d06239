// The offline evaluation of an instance CRD's CEL rules (x-kubernetes-validations) against the real kube-apiserver:
// for each rule an instance breaks, the API server's error text after `<Kind>.<group> "<name>" is invalid: ` is
// exactly the message `kro render` reports offline. The CRD is generated from SimpleSchema `validation=` markers,
// with rules SimpleSchema cannot express (an object rule with fieldPath and reason, messageExpression, list items,
// map values) added by hand.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { validateStructural, type CustomResourceDefinition, type JSONSchemaProps, type JsonObject } from '../../../src/api/index.js';
import { createValidationRuleEvaluator } from '../../../src/cel/index.js';
import { generateInstanceCrd } from '../../../src/schema/index.js';
import { kubectl, uniqueName } from '../support.js';
import { apply, applyOk, deleteCrds, installCrdWithNamespace } from './helpers.js';

const group = `${uniqueName('celrules')}.kro-ts.test`;
const apiVersion = `${group}/v1alpha1`;
let crd: CustomResourceDefinition;
let specSchema: JSONSchemaProps;
let ns: string;

function nodeOf(schema: JSONSchemaProps, ...keys: string[]): JSONSchemaProps {
  let node = schema;
  for (const key of keys) {
    const next = key === '[]' ? node.items : key === '{}' ? node.additionalProperties : node.properties?.[key];
    if (typeof next !== 'object') throw new Error(`no schema at ${keys.join('.')}`);
    node = next;
  }
  return node;
}

before(async () => {
  const r = generateInstanceCrd(
    {
      apiVersion: 'v1alpha1',
      kind: 'RuleApp',
      group,
      spec: {
        even: 'integer | validation="self % 2 == 0"',
        name: `string | validation="self.startsWith('app')"`,
        ports: '[]integer | validation="self.size() <= 3"',
        sizes: 'map[string]integer',
        limits: { min: 'integer | default=5', max: 'integer | default=10' },
        secret: 'string',
        tier: 'string',
      },
    },
    { labels: { kroVersion: 'test', rgdUid: 'uid', rgdName: 'rule-app' } },
  );
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  crd = r.value;
  const root = crd.spec.versions[0]!.schema!.openAPIV3Schema;
  specSchema = nodeOf(root, 'spec');
  (specSchema['x-kubernetes-validations'] ??= []).push(
    { rule: "!has(self.secret) || self.secret == ''", message: 'secret must not be set here', reason: 'FieldValueForbidden', fieldPath: '.secret' },
    { rule: "!has(self.tier) || self.tier != 'gold' || has(self.sizes)", reason: 'FieldValueRequired', fieldPath: '.sizes', message: 'gold needs sizes' },
  );
  nodeOf(specSchema, 'limits')['x-kubernetes-validations'] = [{ rule: '!has(self.min) || !has(self.max) || self.min <= self.max', message: 'min must not exceed max' }];
  // Bounds keep the CRD under the API server's estimated cost limit for rules on items and values.
  nodeOf(specSchema, 'ports').maxItems = 10;
  nodeOf(specSchema, 'sizes').maxProperties = 10;
  nodeOf(specSchema, 'ports', '[]')['x-kubernetes-validations'] = [
    { rule: 'self > 0', messageExpression: "self == 0 ? 'port 0 is not allowed' : 'negative ports are not allowed'", message: 'ports must be positive' },
  ];
  nodeOf(specSchema, 'limits', 'max')['x-kubernetes-validations'] = [
    { rule: 'self != 13', message: 'unlucky', reason: 'FieldValueDuplicate' },
    { rule: 'self != 12', message: 'not twelve', reason: 'FieldValueInvalid' },
    { rule: 'self != 11', message: 'not eleven', messageExpression: 'string(1 / (self - 11))' },
    { rule: 'self != 9', message: '  not nine  ', messageExpression: "'  '" },
  ];
  nodeOf(specSchema, 'sizes')['x-kubernetes-validations'] = [{ rule: "!('dup' in self)", message: 'no dup key', reason: 'FieldValueDuplicate' }];
  nodeOf(specSchema, 'sizes', '{}')['x-kubernetes-validations'] = [{ rule: 'self < 100' }];
  ns = await installCrdWithNamespace(crd, 'schema-cel-rules');
});

after(async () => {
  if (ns) await kubectl(['delete', 'namespace', ns, '--wait=false']);
  if (crd) await deleteCrds([crd]);
});

function instance(name: string, spec: JsonObject) {
  return { apiVersion, kind: 'RuleApp', metadata: { name, namespace: ns }, spec: { name: 'app', ...spec } };
}

function offlineMessages(spec: JsonObject): string[] {
  const checked = validateStructural({ name: 'app', ...spec }, specSchema, { codePrefix: 'kube', evaluateRule: createValidationRuleEvaluator() }, ['spec']);
  assert.deepEqual(checked.skippedRules, [], 'every rule is evaluated offline');
  return checked.diagnostics.map((d) => d.message);
}

test('an instance that passes every rule is accepted by both', async () => {
  const spec = { even: 2, ports: [80, 443], sizes: { a: 1 }, limits: { max: 7 }, tier: 'gold' };
  assert.deepEqual(offlineMessages(spec), []);
  await applyOk([instance('valid', spec)]);
});

const violations: { name: string; spec: JsonObject; expected: string }[] = [
  { name: 'scalar integer', spec: { even: 3 }, expected: 'spec.even: Invalid value: 3: validation failed' },
  { name: 'scalar string', spec: { name: 'web' }, expected: 'spec.name: Invalid value: "web": validation failed' },
  { name: 'list', spec: { ports: [1, 2, 3, 4] }, expected: 'spec.ports: Invalid value: validation failed' },
  { name: 'list items messageExpression', spec: { ports: [80, -1] }, expected: 'spec.ports[1]: Invalid value: -1: negative ports are not allowed' },
  { name: 'map values default message', spec: { sizes: { big: 500 } }, expected: 'spec.sizes[big]: Invalid value: 500: failed rule: self < 100' },
  { name: 'object after defaulting', spec: { limits: { max: 3 } }, expected: 'spec.limits: Invalid value: min must not exceed max' },
  { name: 'reason FieldValueDuplicate on a scalar', spec: { limits: { min: 1, max: 13 } }, expected: 'spec.limits.max: Duplicate value: 13' },
  { name: 'reason FieldValueDuplicate on a map', spec: { sizes: { dup: 1 } }, expected: 'spec.sizes: Duplicate value' },
  { name: 'reason FieldValueInvalid', spec: { limits: { min: 1, max: 12 } }, expected: 'spec.limits.max: Invalid value: 12: not twelve' },
  { name: 'messageExpression error falls back to message', spec: { limits: { min: 1, max: 11 } }, expected: 'spec.limits.max: Invalid value: 11: not eleven' },
  { name: 'empty messageExpression falls back to the trimmed message', spec: { limits: { min: 1, max: 9 } }, expected: 'spec.limits.max: Invalid value: 9: not nine' },
  { name: 'reason FieldValueForbidden with fieldPath', spec: { secret: 'x' }, expected: 'spec.secret: Forbidden: secret must not be set here' },
  { name: 'reason FieldValueRequired with fieldPath', spec: { tier: 'gold' }, expected: 'spec.sizes: Required value: gold needs sizes' },
];

for (const row of violations) {
  test(`a ${row.name} rule: the API server's message is the offline one`, async () => {
    const offline = offlineMessages(row.spec);
    const r = await apply([instance(`bad-${row.name.replace(/\W+/g, '-').toLowerCase()}`, row.spec)]);
    assert.notEqual(r.code, 0, 'rejected by the API server');
    const served = /is invalid: (.*)$/m.exec(r.stderr)?.[1];
    assert.equal(served, row.expected, r.stderr);
    assert.deepEqual(offline, [row.expected]);
  });
}

test('rules do not run on a spec with a type error, on the API server as offline', async () => {
  const spec = { even: 3, limits: { max: 'many' } };
  const offline = offlineMessages(spec);
  assert.deepEqual(offline, ['spec.limits.max: Invalid value: "string": spec.limits.max in body must be of type integer: "string"']);
  const r = await apply([instance('bad-type-and-rule', spec)], ['--validate=false']);
  assert.notEqual(r.code, 0, 'rejected by the API server');
  assert.ok(r.stderr.includes(offline[0]!), r.stderr);
  assert.match(r.stderr, /some validation rules were not checked because the object was invalid/);
  assert.doesNotMatch(r.stderr, /validation failed/);
});
