// CEL's `matches` is Go's regexp (RE2) in cel-go; cel-js's built-in receiver form uses JavaScript RegExp,
// so the facade replaces it (src/cel/libraries/string-builtins.ts). Both forms must agree with Go.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CelEnvironment, compileExpression } from '../../../src/cel/index.js';

const env = CelEnvironment.create({});

function run(expression: string): { value?: unknown; error?: string } {
  const compiled = compileExpression(env, expression);
  assert.ok(compiled.ok, expression);
  const r = compiled.value.evaluate({});
  return r.ok ? { value: r.value } : { error: r.error.message };
}

const cases: [string, { value?: unknown; error?: string }][] = [
  ['"ABC".matches("(?i)^abc$")', { value: true }],
  ['matches("ABC", "(?i)^abc$")', { value: true }],
  ['"abc".matches("b")', { value: true }],
  ['"héllo".matches("^\\\\pL+$")', { value: true }],
  ['"a\\nb".matches("a.b")', { value: false }],
  ['"aa".matches("(a)\\\\1")', { error: 'error parsing regexp: invalid escape sequence: `\\1`' }],
  ['"abc".matches("a(?=b)")', { error: 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`' }],
];

for (const [expression, want] of cases) {
  test(expression, () => {
    const got = run(expression);
    if (want.error === undefined) assert.deepEqual(got, want);
    else assert.ok(got.error?.includes(want.error), `${got.error ?? 'no error'} should include ${want.error}`);
  });
}
