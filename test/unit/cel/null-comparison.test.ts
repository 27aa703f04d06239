// cel-go lets objects, timestamps, durations and opaque values be compared with null (its legacy
// nullability); upstream kro's readiness scenario relies on `job.status.completionTime != null`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { activation, compile, compileError } from './helpers.js';

describe('comparisons with null', () => {
  const accepted: [string, string][] = [
    ['schema.spec.since != null', 'bool'],
    ['schema.spec.timeout == null', 'bool'],
    ['deployment != null', 'bool'],
    ['null != deployment.status', 'bool'],
    ['schema.spec.since == null ? "unset" : "set"', 'string'],
  ];
  for (const [expression, type] of accepted) {
    test(`accepts ${expression}`, () => assert.equal(compile(expression).outputType.kind, type));
  }

  const rejected = ['schema.spec.name != null', 'schema.spec.replicas == null', 'schema.spec.tags != null', 'schema.spec.env != null'];
  for (const expression of rejected) {
    test(`rejects ${expression} like cel-go`, () => {
      const [d] = compileError(expression);
      assert.match(d!.message, /no such overload/);
    });
  }

  test('evaluates as a null test', () => {
    const values = activation();
    const value = (expression: string) => {
      const r = compile(expression).evaluate(values);
      assert.ok(r.ok, expression);
      return r.value;
    };
    assert.equal(value('schema.spec.since != null'), true);
    assert.equal(value('deployment.status == null'), false);
    assert.equal(value('null != deployment'), true);
  });

  test('null unifies with nullable types in orValue, ternaries and lists, as in cel-go', () => {
    assert.equal(compile('schema.spec.?since.orValue(null)').outputType.kind, 'timestamp');
    assert.equal(compile('true ? schema.spec.since : null').outputType.kind, 'timestamp');
    assert.equal(compile('false ? null : deployment.status').outputType.kind, 'object');
    const [d] = compileError('schema.spec.?name.orValue(null)');
    assert.match(d!.message, /must be compatible type/);
    const absent = activation({ schema: { spec: {} }, deployment: { spec: {} } });
    const r = compile('schema.spec.?since.orValue(null) != null').evaluate(absent);
    assert.ok(r.ok && r.value === false, 'an absent optional field with a null default is not set');
    const present = compile('schema.spec.?since.orValue(null) != null').evaluate(activation());
    assert.ok(present.ok && present.value === true);
  });

  test('an absent field is data pending, as upstream', () => {
    const values = activation({ schema: { spec: {} }, deployment: { spec: {} } });
    const r = compile('deployment.status != null').evaluate(values);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.kind, 'data-pending');
  });
});
