// Offline CEL rules (x-kubernetes-validations) through validateStructural's hook: a rule fails only when it
// evaluates to false, with the API server's wording (checked against kube-apiserver in
// test/integration/schema/cel-rules.test.ts); whatever cannot be evaluated exactly is skipped, never an error.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateStructural, type JSONSchemaProps, type JsonValue, type ValidationRule } from '../../../src/api/index.js';
import { createValidationRuleEvaluator, parseRuleFieldPath, type ValidationRuleEvaluatorOptions } from '../../../src/cel/index.js';

function check(value: JsonValue, schema: JSONSchemaProps, options: ValidationRuleEvaluatorOptions = {}) {
  const result = validateStructural(value, schema, { codePrefix: 'kube', evaluateRule: createValidationRuleEvaluator(options) }, ['spec']);
  return { messages: result.diagnostics.map((d) => d.message), paths: result.diagnostics.map((d) => d.path), skipped: result.skippedRules, defaulted: result.defaulted };
}

function withRules(schema: JSONSchemaProps, ...rules: ValidationRule[]): JSONSchemaProps {
  return { ...schema, 'x-kubernetes-validations': rules };
}

const object = (properties: Record<string, JSONSchemaProps>, ...rules: ValidationRule[]): JSONSchemaProps =>
  withRules({ type: 'object', properties }, ...rules);

describe('offline CEL rules', () => {
  test('a scalar rule passes, or fails with its message and the value', () => {
    const schema = object({ replicas: withRules({ type: 'integer' }, { rule: 'self % 2 == 1', message: '  must be odd ' }) });
    assert.deepEqual(check({ replicas: 3 }, schema).messages, []);
    assert.deepEqual(check({ replicas: 4 }, schema).messages, ['spec.replicas: Invalid value: 4: must be odd']);
    assert.deepEqual(check({ replicas: 4 }, schema).paths, [['spec', 'replicas']]);
  });

  test('without a message the detail is `failed rule: <rule>`; strings are quoted', () => {
    const schema = object({ name: withRules({ type: 'string' }, { rule: " self.startsWith('app') " }) });
    assert.deepEqual(check({ name: 'web' }, schema).messages, [`spec.name: Invalid value: "web": failed rule: self.startsWith('app')`]);
  });

  test('objects and lists omit the value, as the API server does', () => {
    const schema = object(
      { items: withRules({ type: 'array', items: { type: 'string' } }, { rule: 'self.size() <= 1', message: 'at most one' }) },
      { rule: "!has(self.items) || self.items.size() == 0 || self.items[0] != 'x'", message: 'no x first' },
    );
    assert.deepEqual(check({ items: ['x', 'y'] }, schema).messages, ['spec: Invalid value: no x first', 'spec.items: Invalid value: at most one']);
  });

  test('messageExpression is the detail; on an error, an empty or multi-line result, the message is', () => {
    const rule = (messageExpression: string): JSONSchemaProps =>
      object({ port: withRules({ type: 'integer' }, { rule: 'self > 0', message: 'must be positive', messageExpression }) });
    assert.deepEqual(check({ port: -2 }, rule("'port ' + string(self) + ' is not positive'")).messages, ['spec.port: Invalid value: -2: port -2 is not positive']);
    assert.deepEqual(check({ port: -2 }, rule("'  padded  '")).messages, ['spec.port: Invalid value: -2: padded']);
    for (const fallback of ["string(1 / (self + 2))", "'  '", "'two\\nlines'", 'self']) {
      assert.deepEqual(check({ port: -2 }, rule(fallback)).messages, ['spec.port: Invalid value: -2: must be positive'], fallback);
    }
  });

  test('fieldPath moves the error below the node; map keys are shown in brackets', () => {
    const schema = object(
      { limits: { type: 'object', additionalProperties: { type: 'integer' } }, min: { type: 'integer' } },
      { rule: '!has(self.min) || self.min < 5', message: 'min too large', fieldPath: '.min' },
      { rule: "!has(self.limits) || !('cpu' in self.limits) || self.limits['cpu'] < 8", message: 'too much cpu', fieldPath: ".limits['cpu']" },
    );
    const r = check({ min: 7, limits: { cpu: 9 } }, schema);
    assert.deepEqual(r.messages, ['spec.min: Invalid value: min too large', 'spec.limits[cpu]: Invalid value: too much cpu']);
    assert.deepEqual(r.paths, [['spec', 'min'], ['spec', 'limits', 'cpu']]);
  });

  test('reason picks the error type: Forbidden, Required, Duplicate (no detail), Invalid', () => {
    const field = (reason: string): JSONSchemaProps => object({ n: withRules({ type: 'integer' }, { rule: 'self < 0', message: 'neg', reason }) });
    assert.deepEqual(check({ n: 1 }, field('FieldValueForbidden')).messages, ['spec.n: Forbidden: neg']);
    assert.deepEqual(check({ n: 1 }, field('FieldValueRequired')).messages, ['spec.n: Required value: neg']);
    assert.deepEqual(check({ n: 1 }, field('FieldValueDuplicate')).messages, ['spec.n: Duplicate value: 1']);
    assert.deepEqual(check({ n: 1 }, field('FieldValueInvalid')).messages, ['spec.n: Invalid value: 1: neg']);
  });

  test('list items and map values run their own rules, each at its path', () => {
    const schema = object({
      ports: { type: 'array', items: withRules({ type: 'integer' }, { rule: 'self > 0' }) },
      sizes: { type: 'object', additionalProperties: withRules({ type: 'integer' }, { rule: 'self < 100' }) },
    });
    const r = check({ ports: [1, -1, 0], sizes: { small: 1, big: 500 } }, schema);
    assert.deepEqual(r.messages, [
      'spec.ports[1]: Invalid value: -1: failed rule: self > 0',
      'spec.ports[2]: Invalid value: 0: failed rule: self > 0',
      'spec.sizes[big]: Invalid value: 500: failed rule: self < 100',
    ]);
    assert.deepEqual(r.paths[2], ['spec', 'sizes', 'big']);
  });

  test('rules see the value after defaulting', () => {
    const schema = object({
      limits: object({ min: { type: 'integer', default: 5 }, max: { type: 'integer' } }, { rule: 'self.min <= self.max', message: 'min > max' }),
    });
    assert.deepEqual(check({ limits: { max: 3 } }, schema).messages, ['spec.limits: Invalid value: min > max']);
    assert.deepEqual(check({ limits: { max: 6 } }, schema).messages, []);
  });

  test('int-or-string and schemaless preserve-unknown-fields nodes are dyn', () => {
    const schema = object({
      port: withRules({ 'x-kubernetes-int-or-string': true }, { rule: "type(self) == string ? self.endsWith('%') : self >= 0", message: 'bad port' }),
      extra: withRules({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, { rule: 'has(self.owner)', message: 'owner required' }),
    });
    assert.deepEqual(check({ port: '50%', extra: { owner: 'me' } }, schema).messages, []);
    assert.deepEqual(check({ port: -1, extra: { team: 'x' } }, schema).messages, ['spec.port: Invalid value: -1: bad port', 'spec.extra: Invalid value: owner required']);
  });

  test('a rule that does not compile offline is skipped, not an error', () => {
    const schema = object({ name: withRules({ type: 'string' }, { rule: 'noSuchFunction(self)' }) });
    const r = check({ name: 'x' }, schema);
    assert.deepEqual(r.messages, []);
    assert.equal(r.skipped.length, 1);
    assert.deepEqual(r.skipped[0]!.path, ['spec', 'name']);
    assert.match(r.skipped[0]!.reason, /^does not compile offline: .*noSuchFunction/);
  });

  test('a runtime error skips the rule (the API server may word or decide it differently)', () => {
    const schema = object({ port: withRules({ type: 'string' }, { rule: 'int(self) > 0' }) });
    assert.deepEqual(check({ port: '80' }, schema).skipped, []);
    const r = check({ port: 'http' }, schema);
    assert.deepEqual(r.messages, []);
    assert.match(r.skipped[0]!.reason, /^evaluation failed: /);
  });

  test('running out of the cost budget skips the rule', () => {
    const schema = object({ items: withRules({ type: 'array', items: { type: 'integer' } }, { rule: 'self.all(x, self.all(y, x != y || x < 0))' }) });
    const value = { items: Array.from({ length: 50 }, (_, i) => -i - 1) };
    assert.deepEqual([check(value, schema).messages, check(value, schema).skipped], [[], []], 'passes with the default budget');
    const r = check(value, schema, { costLimit: 100 });
    assert.deepEqual(r.messages, []);
    assert.match(r.skipped[0]!.reason, /cost budget exceeded/);
  });

  test('a rule that is not a bool is skipped', () => {
    const schema = object({ n: withRules({ type: 'integer' }, { rule: 'self + 1' }) });
    assert.match(check({ n: 1 }, schema).skipped[0]!.reason, /does not evaluate to a bool/);
  });

  test('transition rules (oldSelf) do not run on create, optionalOldSelf ones neither', () => {
    const schema = object({
      id: withRules({ type: 'string' }, { rule: 'self == oldSelf', message: 'immutable' }, { rule: 'oldSelf.hasValue()', optionalOldSelf: true }),
    });
    const r = check({ id: 'a' }, schema);
    assert.deepEqual([r.messages, r.skipped], [[], []]);
  });

  test('null values are not validated', () => {
    const schema = object({ note: withRules({ type: 'string', nullable: true }, { rule: 'self.size() > 3' }) });
    assert.deepEqual(check({ note: null }, schema).messages, []);
  });

  test('errors that block CEL on the API server (type, required, enum, ...) keep rules from running', () => {
    const schema = withRules({ type: 'object', required: ['name'], properties: { name: { type: 'string' }, n: { type: 'integer' } } }, { rule: 'false', message: 'never' });
    assert.deepEqual(check({ n: 1 }, schema).messages, ['spec.name: Required value']);
    assert.deepEqual(check({ name: 'a', n: 'x' }, schema).messages.length, 1);
    assert.deepEqual(check({ name: 'a' }, schema).messages, ['spec: Invalid value: never']);
  });
});

describe('parseRuleFieldPath', () => {
  test('dotted names and single-quoted keys with escapes', () => {
    assert.deepEqual(parseRuleFieldPath('.spec.replicas'), ['spec', 'replicas']);
    assert.deepEqual(parseRuleFieldPath(".labels['app.kubernetes.io/name']"), ['labels', 'app.kubernetes.io/name']);
    assert.deepEqual(parseRuleFieldPath("['it\\'s'].x"), ["it's", 'x']);
  });

  test('anything else is not a field path', () => {
    for (const bad of ['', 'spec', '.a[0]', ".a['b'", '.a..b']) assert.equal(parseRuleFieldPath(bad), undefined, bad);
  });
});
