// How the libraries sit in an environment: every library registers under every option set, names are
// unique, omit() and runtime exist only behind their options, macros infer result types, and checks that
// upstream does at build time (literal format strings, literal regexes, newCondition keys) fail at check.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allLibraries } from '../../../../src/cel/libraries/index.js';
import { OMIT_GATE_MESSAGE } from '../../../../src/cel/libraries/kro-omit.js';
import { OMIT } from '../../../../src/cel/values.js';
import { firstLine, libraryEnv, outcome } from './support.js';

test('library names are unique', () => {
  const names = allLibraries.map((l) => l.name);
  assert.equal(new Set(names).size, names.length);
});

test('every option combination registers without conflicts', () => {
  for (const omitEnabled of [false, true]) for (const runtimeEnabled of [false, true]) assert.ok(libraryEnv({ omitEnabled, runtimeEnabled }));
});

test('omit() only exists behind the CELOmitFunction gate', () => {
  const off = { omitEnabled: false, runtimeEnabled: false };
  const on = { omitEnabled: true, runtimeEnabled: false };
  assert.ok('checkError' in outcome('omit()', {}, off));
  assert.equal(libraryEnv(on).evaluate('omit()'), OMIT);
  assert.deepEqual(outcome('omit() == 1', {}, on), { error: 'omit() is a field-removal sentinel and cannot be compared' });
  assert.equal(OMIT_GATE_MESSAGE, 'omit() requires the CELOmitFunction feature gate to be enabled');
});

test('runtime exists only for status.conditions environments', () => {
  const off = { omitEnabled: false, runtimeEnabled: false };
  assert.ok('checkError' in outcome('runtime.condition({}, "Ready")', {}, off));
  assert.deepEqual(outcome('runtime.condition({}, "Ready").status'), { value: '""' });
});

test('runtime.condition reads Map objects (JSON-converted resources) and Condition values', () => {
  const conditions = [new Map([['type', 'Ready'], ['status', 'True']])];
  const obj = new Map([['status', new Map([['conditions', conditions]])]]);
  assert.deepEqual(outcome('runtime.condition(x, "Ready").status', { x: obj }), { value: '"True"' });
  const built = 'runtime.condition({"status": {"conditions": [runtime.newCondition({type: "A", status: "False"})]}}, "A").status';
  assert.deepEqual(outcome(built), { value: '"False"' });
});

test('macros infer their result types', () => {
  const env = libraryEnv();
  const cases: readonly [string, string][] = [
    ['[1, 2].transformList(i, v, v * 2)', 'list<int>'],
    ['[1, 2].transformList(i, v, i > 0, "x")', 'list<string>'],
    ['{"a": 1}.transformMap(k, v, v > 0)', 'map<string, bool>'],
    ['[1].transformMap(i, v, "s")', 'map<int, string>'],
    ['{"a": 1}.transformMapEntry(k, v, {v: k})', 'map<int, string>'],
    ['{"a": 1}.all(k, v, v > 0)', 'bool'],
    ['[3, 1].sortBy(e, -e)', 'list<int>'],
    ['optional.of(1).optMap(v, "x")', 'optional<string>'],
    ['optional.of({"a": 1}).optFlatMap(m, m.?a)', 'optional<int>'],
    ['"%d".format([1])', 'string'],
    ['"a1".findAll("[0-9]")', 'list<string>'],
    ['runtime.newCondition({type: "A", status: "True"})', 'kro.run.Condition'],
    ['x.transformList(i, v, v)', 'list'],
  ];
  for (const [expr, type] of cases) {
    const c = env.check(expr);
    assert.ok(c.valid, `${expr}: ${c.error === undefined ? '' : firstLine(c.error)}`);
    assert.equal(c.type, type, expr);
  }
});

test('iteration variables do not leak and are typed inside the macro', () => {
  assert.deepEqual(outcome('{"a": "x"}.all(k, v, v.startsWith("x") && k == "a")'), { value: 'true' });
  assert.ok('checkError' in outcome('{"a": "x"}.all(k, v, v + 1 > 0)'));
  assert.ok('checkError' in outcome('[1].transformList(k, v, v) + [k]'));
});

test('build-time checks happen when the expression is checked', () => {
  assert.deepEqual(outcome('"%d".format(["a"])'), { checkError: 'error during formatting: decimal clause can only be used on ints, uints, and doubles, was given string' });
  assert.deepEqual(outcome('"%s %s".format(["a"])'), { checkError: 'index 1 out of range' });
  assert.deepEqual(outcome('"%s".format(["a", "b"])'), { checkError: 'too many arguments supplied to string.format (expected 1, got 2)' });
  assert.deepEqual(outcome('"x".find("(")'), { checkError: 'error parsing regexp: missing closing ): `(`' });
  assert.deepEqual(outcome('"a".find(x)', { x: '(' }), { error: 'Illegal regex: error parsing regexp: missing closing ): `(`' });
  assert.deepEqual(outcome('runtime.newCondition({"type": "X", status: "True"})'), {
    checkError: 'runtime.newCondition: keys must be bare identifiers (type, status, reason, message); quoted or computed keys are not allowed',
  });
});

test('format arguments that are only known at runtime are checked at runtime', () => {
  assert.deepEqual(outcome('"%d".format([x])', { x: 'a' }), { error: 'error during formatting: decimal clause can only be used on ints, uints, and doubles, was given string' });
  assert.deepEqual(outcome('x.format([1])', { x: '%s-%s' }), { error: 'index 1 out of range' });
  assert.deepEqual(outcome('"%s".format(x)', { x: [new Map([['k', 1n]])] }), { value: '"{k: 1}"' });
});

test('library values compare with == even when typed dyn', () => {
  const rows: readonly [string, string][] = [
    ['dyn(quantity("1k")) == quantity("1000")', 'true'],
    ['[ip("::1")] == [ip("::1")]', 'true'],
    ['semver("1.0.0") != semver("1.0.1")', 'true'],
    ['dyn(url("https://x/")) == url("https://x/")', 'true'],
  ];
  for (const [expr, want] of rows) assert.deepEqual(outcome(expr), { value: want }, expr);
});
