// CEL syntax the facade adds or repairs over cel-js's parser, checked end to end through compile/evaluate.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CelEnvironment, compileExpression } from '../../../src/cel/index.js';

const env = CelEnvironment.create();

function run(expression: string): unknown {
  const r = compileExpression(env, expression);
  assert.ok(r.ok, r.ok ? '' : r.diagnostics[0].message);
  const v = r.value.evaluateToJson({});
  assert.ok(v.ok, v.ok ? '' : v.error.message);
  return v.ok && !v.omit ? v.value : 'OMIT';
}

const cases: [string, unknown][] = [
  ['{?"a": optional.of(1), ?"b": optional.none(), "c": 3}', { a: 1, c: 3 }],
  ['[?optional.of(1), ?optional.none(), 2]', [1, 2]],
  ['[? optional.none()]', []],
  ['{"k": [?optional.of("x")]}', { k: ['x'] }],
  ['[1, 2][?1].orValue(0)', 2],
  ['true ? [1] : [2]', [1]],
  ["b'ÿ' == b'\\303\\277'", true],
  ["size(b'ÿ')", 2],
  ["br'\\x00' == b'\\\\x00'", true],
  ['.5 + 0.25', 0.75],
  ['-.5e1', -5],
  ["{'content-type': 1}.`content-type`", 1],
  ["has({'a.b': 1}.`a.b`)", true],
  ['{1: "int key"}[1]', 'int key'],
  ['{1u: "a"}[dyn(1)]', 'a'],
  ['"?" + \'{?\'', '?{?'],
];

for (const [expr, want] of cases) test(`syntax: ${expr}`, () => assert.deepEqual(run(expr), want));

test('a map literal with a repeated key is an error', () => {
  const r = compileExpression(env, '{"a": 1, "a": 2}');
  assert.ok(r.ok);
  const v = r.value.evaluate({});
  assert.ok(!v.ok && v.error.code === 'repeated_key');
});

test('offsets after a rewritten literal still point into the original text', () => {
  const expr = "{?'a': optional.of(b'ÿ')}.b + x";
  const r = compileExpression(env, expr);
  assert.ok(!r.ok);
  const d = r.ok ? undefined : r.diagnostics[0];
  assert.ok(d?.span);
  assert.equal(expr.slice(d.span.start, d.span.end), 'x');
});

test('optional entries must hold optionals', () => {
  const r = compileExpression(env, '{?"a": 1}');
  assert.ok(!r.ok && r.diagnostics[0].code === 'cel/type-error');
});
