// CEL's `matches` is Go's regexp (RE2) in cel-go; cel-js's built-in receiver form uses JavaScript RegExp,
// so the facade replaces it (src/cel/libraries/string-builtins.ts). Both forms must agree with Go.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

// `matches` must agree with Go's regexp.Compile on every pattern of the syntax fixture: valid patterns
// evaluate, invalid ones fail with Go's own text (test/unit/schema/fixtures/go-regexp.json).
const syntaxRows = JSON.parse(readFileSync(new URL('../../../../test/unit/schema/fixtures/go-regexp.json', import.meta.url), 'utf8')) as Record<string, string>;
for (const [pattern, goError] of Object.entries(syntaxRows)) {
  test(`matches compiles like Go: ${JSON.stringify(pattern)}`, () => {
    const got = run(`"".matches(${JSON.stringify(pattern)})`);
    if (goError === '') assert.equal(typeof got.value, 'boolean', got.error);
    else assert.ok(got.error?.includes(goError), `${got.error ?? 'no error'} should include ${goError}`);
  });
}

// Patterns Go accepts that a plain JavaScript RegExp rejects, and flags scoped to part of a pattern
// (results checked with Go 1.26's regexp.MatchString).
const behaviors: [string, boolean][] = [
  ['"abc".matches("^*abc")', true],
  ['"x".matches("$*")', true],
  ['"a b".matches("\\\\b+b")', true],
  ['"-".matches("[\\\\d-z]")', true],
  ['"5".matches("[\\\\d-z]")', true],
  ['"z".matches("^[\\\\d-z]$")', true],
  ['"y".matches("^[\\\\d-z]$")', false],
  ['"ABCdef".matches("^(?i:abc)def$")', true],
  ['"abcDEF".matches("^(?i:abc)def$")', false],
  ['matches("aBC", "^a(?i)bc$")', true],
  ['"\\u212a".matches("(?i)^k$")', true],
];
for (const [expression, value] of behaviors) test(expression, () => assert.deepEqual(run(expression), { value }));
