// The facade's fixes to cel-js's standard library (each found by the conformance suite), end to end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CelEnvironment, compileExpression } from '../../../src/cel/index.js';

const env = CelEnvironment.create();

function evaluate(expression: string): { ok: true; value: unknown } | { ok: false; code: string } {
  const r = compileExpression(env, expression);
  assert.ok(r.ok, r.ok ? '' : r.diagnostics[0].message);
  const v = r.value.evaluate({});
  return v.ok ? { ok: true, value: v.value } : { ok: false, code: v.error.code };
}

const values: [string, unknown][] = [
  ["b'a' < b'b' && b'' < b' ' && !(b'abc' < b'abc')", true],
  ['int(2u) + 1', 3n],
  ["int(timestamp('2009-02-13T23:31:30Z'))", 1234567890n],
  ["string(timestamp('2009-02-13T23:31:30Z'))", '2009-02-13T23:31:30Z'],
  ["string(duration('1m30.5s'))", '90.5s'],
  ["timestamp('2009-02-13T23:31:30Z').getHours('+11:00')", 10n],
  ["timestamp('2009-02-13T02:00:00Z').getDayOfMonth('-02:30')", 11n],
  ["timestamp('2009-02-13T23:31:30Z').getHours('Asia/Tokyo')", 8n],
  ["timestamp('2009-02-13T23:31:30Z').getDayOfYear()", 43n],
  ["duration('1.234s').getMilliseconds()", 234n],
  ["duration('120s') + timestamp('2009-02-13T23:01:00Z') == timestamp('2009-02-13T23:03:00Z')", true],
  ["'TacoCÆt'.lowerAscii()", 'tacocÆt'],
  ["'tacoCαt'.upperAscii()", 'TACOCαT'],
  ["'\\u0085\\u00a0 text\\t'.trim()", 'text'],
  ["'\\ufefftext'.trim()", '\ufefftext'],
  ["'😀ab'.indexOf('a')", 1n],
  ["'a😀b'.substring(2)", 'b'],
  ['{1u: "a", 2: "b"}[1] + {1u: "a", 2: "b"}[2.0]', 'ab'],
  ['dyn(3u) in [1, 2, 3]', true],
  ['2.0 in {1: "x", 2u: "y"}', true],
  ['[7, 8, 9][dyn(0u)]', 7n],
  ['[].all(e, e > 0) && [].exists(e, e > 0) == false', true],
  ['type(optional.none()) == optional_type', true],
  ['optional.of(1) == optional.of(1)', true],
  ['dyn(9223372036854775807) < 9223372036854775808.0', false],
];

for (const [expr, want] of values) {
  test(`stdlib: ${expr}`, () => assert.deepEqual(evaluate(expr), { ok: true, value: want }));
}

const failures: [string, string][] = [
  ['-(-9223372036854775808)', 'numeric_overflow'],
  ['(-9223372036854775808) / -1', 'numeric_overflow'],
  ['int(9223372036854775807.0)', 'numeric_overflow'],
  ['int(1e99)', 'numeric_overflow'],
  ["timestamp('9999-12-31T23:59:59Z') + duration('1s')", 'range_error'],
  ["timestamp('0001-01-01T00:00:00Z') - timestamp('9999-12-31T23:59:59Z')", 'range_error'],
  ["duration('320000000000s')", 'range_error'],
  ["string(b'\\000\\xff')", 'invalid_utf8'],
  ["timestamp('2009-02-13T23:31:30Z').getHours('Mars/Olympus')", 'invalid_time_zone'],
  ["{'k': dyn(null)}.?k.field.hasValue()", 'no_such_key'],
];

for (const [expr, code] of failures) {
  test(`stdlib error: ${expr}`, () => assert.deepEqual(evaluate(expr), { ok: false, code }));
}

test('== on library values goes through the library: quantities compare by value, omit() refuses', () => {
  const withOmit = CelEnvironment.create({ omitEnabled: true });
  const eq = compileExpression(withOmit, '[quantity("1Gi")] == [quantity("1024Mi")]');
  assert.ok(eq.ok);
  const result = eq.value.evaluate({});
  assert.ok(result.ok && result.value === true);
  for (const expr of ['omit() == 1', '1 == omit()', 'omit() == omit()']) {
    const r = compileExpression(withOmit, expr);
    assert.ok(r.ok);
    const v = r.value.evaluate({});
    assert.ok(!v.ok && v.error.kind === 'error', expr);
  }
});
