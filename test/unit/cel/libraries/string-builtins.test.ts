// cel-go semantics for the string built-ins cel-js already defines (indexOf, lastIndexOf, substring,
// split): code point indexes and cel-go's error texts, as STRING_BUILTIN_FIXES hands them to the core.
// Expected results were produced by cel-go v0.31.0 (through kro v0.9.4's environment).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STRING_BUILTIN_FIXES } from '../../../../src/cel/libraries/string-builtins.js';
import { libraryEnv } from './support.js';

const rows: readonly (readonly [string, string])[] = [
    ["'😀ab'.indexOf('a')", "1"],
    ["'😀ab'.lastIndexOf('b')", "2"],
    ["'😀ab'.substring(1)", "ab"],
    ["'😀ab'.substring(1, 2)", "a"],
    ["'😀ab'.indexOf('a', 1)", "1"],
    ["'abc'.indexOf('c', 3)", "-1"],
    ["'abc'.indexOf('', 5)", "3"],
    ["'abc'.indexOf('a', -1)", "ERR index out of range: -1"],
    ["''.indexOf('a')", "-1"],
    ["''.indexOf('')", "0"],
    ["'abc'.substring(4)", "ERR index out of range: 4"],
    ["'abc'.substring(2, 1)", "ERR invalid substring range. start: 2, end: 1"],
    ["'abc'.substring(-1)", "ERR index out of range: -1"],
    ["'abc'.substring(1, 4)", "ERR index out of range: 4"],
    ["'abc'.substring(3)", ""],
    ["'a😀b'.split('')", "[\"a\",\"😀\",\"b\"]"],
    ["'a,b,c'.split(',', 2)", "[\"a\",\"b,c\"]"],
    ["'a,b,c'.split(',', 0)", "[]"],
    ["'a,b,c'.split(',', -5)", "[\"a\",\"b\",\"c\"]"],
    ["''.split('')", "[]"],
    ["''.split(',')", "[\"\"]"],
    ["'hello mellow'.lastIndexOf('')", "12"],
    ["'hello mellow'.lastIndexOf('ello', -1)", "ERR index out of range: -1"],
    ["'hello mellow'.lastIndexOf('ello', 6)", "1"],
    ["'hello mellow'.lastIndexOf('ello', 100)", "-1"],
    ["'hello mellow'.lastIndexOf('', 100)", "12"],
    ["'hello mellow'.lastIndexOf('', 3)", "3"],
    ["'ab'.lastIndexOf('abc')", "-1"],
    ["'😀😀'.lastIndexOf('😀')", "1"],
    ["'é'.lastIndexOf('ée')", "-1"],
    ["'hello mellow'.indexOf('')", "0"],
    ["'hello mellow'.indexOf('ello')", "1"],
    ["'hello mellow'.indexOf('jello')", "-1"],
    ["'hello mellow'.indexOf('', 2)", "2"],
    ["'hello mellow'.indexOf('ello', 2)", "7"],
    ["'hello mellow'.indexOf('ello', 20)", "-1"],
    ["'hello mellow'.lastIndexOf('ello')", "7"],
    ["'hello mellow'.lastIndexOf('jello')", "-1"],
    ["'tacocat'.substring(4)", "cat"],
    ["'tacocat'.substring(0, 4)", "taco"],
    ["'hello hello hello'.split(' ')", "[\"hello\",\"hello\",\"hello\"]"],
    ["'hello hello hello'.split(' ', 1)", "[\"hello hello hello\"]"],
    ["'hello hello hello'.split(' ', 2)", "[\"hello\",\"hello hello\"]"],
];

const CALL = /^'(.*)'\.(\w+)\((.*)\)$/;

for (const [expr, want] of rows) {
  test(expr, () => {
    const [, receiver, name, args] = CALL.exec(expr) as RegExpExecArray;
    const argv = libraryEnv().evaluate(`[${args}]`) as unknown[];
    const fix = STRING_BUILTIN_FIXES[`${name}/${argv.length}`] as (s: string, ...a: unknown[]) => unknown;
    let got: string;
    try {
      const v = fix(receiver as string, ...argv);
      got = Array.isArray(v) ? JSON.stringify(v) : String(v);
    } catch (e) {
      got = `ERR ${(e as Error).message}`;
    }
    assert.equal(got, want);
  });
}
