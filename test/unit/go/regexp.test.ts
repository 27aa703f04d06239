// RE2 (Go regexp) syntax on JavaScript RegExp: what the translation accepts, what it rejects with Go's
// messages, and Go's FindAllString iteration (no empty match right after a match).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileGoRegexp, goFindAll, goFindFirst, goMatchString, translateGoRegexp } from '../../../src/go/index.js';

test('matches like Go regexp', () => {
  const cases: readonly [pattern: string, input: string, first: string][] = [
    ['[0-9]+', 'abc 123', '123'],
    ['(?i)y', 'XYZ', 'Y'],
    ['a.b', 'a\rb', 'a\rb'],
    ['a.b', 'a\nb', ''],
    ['(?s)a.b', 'a\nb', 'a\nb'],
    ['a\\sb', 'a\vb', ''],
    ['a\\sb', 'a\tb', 'a\tb'],
    ['[[:upper:]]+', 'abCDe', 'CD'],
    ['[[:^alpha:]]+', 'ab12c', '12'],
    ['\\pL+', 'héllo!', 'héllo'],
    ['\\p{Greek}+', 'xΩμy', 'Ωμ'],
    ['a{b', 'a{b', 'a{b'],
    ['a{2}', 'aaa', 'aa'],
    ['\\Qa.c\\E', 'abc a.c', 'a.c'],
    ['\\x{41}\\101\\x41', 'AAA', 'AAA'],
    ['\\Aab\\z', 'ab', 'ab'],
    ['(?P<k>\\w+)=', 'name=x', 'name='],
    ['(?U)a+', 'aaa', 'a'],
    ['(?U)a+?', 'aaa', 'aaa'],
    ['x\\-y', 'x-y', 'x-y'],
  ];
  for (const [pattern, input, first] of cases) assert.equal(goFindFirst(compileGoRegexp(pattern), input), first, pattern);
});

test('rejects what RE2 rejects, with Go messages', () => {
  const cases: readonly [string, string][] = [
    ['(', 'error parsing regexp: missing closing ): `(`'],
    [')', 'error parsing regexp: unexpected ): `)`'],
    ['a(?=b)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ['(?<=a)b', 'error parsing regexp: invalid named capture: `(?<=a)b`'],
    ['(a)\\1', 'error parsing regexp: invalid escape sequence: `\\1`'],
    ['a**', 'error parsing regexp: invalid nested repetition operator: `**`'],
    ['*a', 'error parsing regexp: missing argument to repetition operator: `*`'],
    ['a{1001}', 'error parsing regexp: invalid repeat count: `{1001}`'],
    ['[a', 'error parsing regexp: missing closing ]: `[a`'],
    ['\\i', 'error parsing regexp: invalid escape sequence: `\\i`'],
  ];
  for (const [pattern, message] of cases) assert.throws(() => translateGoRegexp(pattern), { message }, pattern);
});

test('findAll skips an empty match right after a match, and honours the limit', () => {
  assert.deepEqual(goFindAll(compileGoRegexp('a*'), 'baaab', -1), ['', 'aaa', '']);
  assert.deepEqual(goFindAll(compileGoRegexp(''), 'héllo', -1), ['', '', '', '', '', '']);
  assert.deepEqual(goFindAll(compileGoRegexp('[0-9]+'), 'a1b22c333', 2), ['1', '22']);
  assert.deepEqual(goFindAll(compileGoRegexp('[0-9]+'), 'a1b22c333', 0), []);
});

test('compiled patterns are cached', () => {
  assert.equal(compileGoRegexp('x+y'), compileGoRegexp('x+y'));
});

test('goMatchString is Go MatchString (unanchored, RE2 syntax) for the core\'s `matches`', () => {
  assert.equal(goMatchString('xAy', '(?i)a'), true);
  assert.equal(goMatchString('xyz', '^y'), false);
  assert.equal(goMatchString('a\rb', 'a.b'), true);
  assert.throws(() => goMatchString('a', '(a)\\1'), { message: 'error parsing regexp: invalid escape sequence: `\\1`' });
});
