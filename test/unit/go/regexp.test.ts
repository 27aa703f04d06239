// Go regexp (RE2) on JavaScript RegExp: what the translation accepts, what it rejects with Go's messages,
// what it matches (fixtures/go-regexp-match.json: Go's own FindString and FindAllString for 62 patterns
// against 18 inputs), and Go's FindAllString iteration (no empty match right after a match).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { checkGoRegexp, compileGoRegexp, goFindAll, goFindFirst, goMatchString, parseGoRegexp, translateGoRegexp } from '../../../src/go/index.js';
import { foldOrbit } from '../../../src/go/regexp-unicode.js';

interface MatchFixture {
  readonly inputs: readonly string[];
  readonly results: readonly { readonly pattern: string; readonly error?: string; readonly matches?: readonly [string, string[]][] }[];
}

const matchFixture = JSON.parse(readFileSync(new URL('../../../../test/unit/go/fixtures/go-regexp-match.json', import.meta.url), 'utf8')) as MatchFixture;

for (const { pattern, error, matches } of matchFixture.results) {
  test(`finds what Go finds: ${JSON.stringify(pattern)}`, () => {
    assert.equal(checkGoRegexp(pattern) ?? '', error ?? '');
    const re = translateGoRegexp(pattern);
    matchFixture.inputs.forEach((input, i) => {
      const [first, all] = matches![i]!;
      assert.equal(goFindFirst(re, input), first, `FindString ${JSON.stringify(input)}`);
      assert.deepEqual(goFindAll(re, input, -1), all, `FindAllString ${JSON.stringify(input)}`);
    });
  });
}

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

test('what Go accepts and JavaScript cannot repeat or range is translated, not rejected', () => {
  // Repeated empty-width assertions, and a Perl class followed by a literal `-` in a class.
  assert.equal(goFindFirst(compileGoRegexp('^*abc'), 'abc'), 'abc');
  assert.deepEqual(goFindAll(compileGoRegexp('$*'), 'ab', -1), ['', '', '']);
  assert.equal(goFindFirst(compileGoRegexp('\\b+x'), 'a x'), 'x');
  assert.deepEqual(goFindAll(compileGoRegexp('[\\d-z]'), '5-zy', -1), ['5', '-', 'z']);
});

test('flags may change anywhere and last until the end of their group', () => {
  const cases: readonly [pattern: string, input: string, first: string][] = [
    ['a(?i)bc', 'aBC', 'aBC'],
    ['a(?i)bc', 'ABC', ''],
    ['^(?i:abc)def$', 'ABCdef', 'ABCdef'],
    ['^(?i:abc)def$', 'abcDEF', ''],
    ['(?i)a(?-i)b', 'AB', ''],
    ['(?i)a(?-i)b', 'Ab', 'Ab'],
    ['((?i)a)b', 'AB', ''],
    ['(?s:a.)b.', 'a\nb\n', ''],
    ['(?s:a.)b.', 'a\nbc', 'a\nbc'],
    ['x(?m:$)', 'x\ny', 'x'],
    ['x$', 'x\ny', ''],
    ['a+(?U)a+', 'aaaa', 'aaaa'],
    ['(?U:a+)a', 'aaaa', 'aa'],
  ];
  for (const [pattern, input, first] of cases) assert.equal(goFindFirst(compileGoRegexp(pattern), input), first, `${pattern} on ${JSON.stringify(input)}`);
});

test('(?i) folds as Go does: whole orbits (k K KELVIN SIGN, s S LONG S), ASCII \\b, negation after folding', () => {
  assert.deepEqual(goFindAll(compileGoRegexp('(?i)k'), 'kK\u212a', -1), ['k', 'K', '\u212a']);
  assert.deepEqual(goFindAll(compileGoRegexp('(?i)[r-t]+'), 'sS\u017f', -1), ['sS\u017f']);
  assert.equal(goFindFirst(compileGoRegexp('(?i)[[:^upper:]]+'), 'ab12'), '12');
  assert.equal(goFindFirst(compileGoRegexp('(?i)\\P{Lu}+'), 'ab12'), '12');
  // \b stays ASCII under (?i): the Kelvin sign is not a word character.
  assert.deepEqual(goFindAll(compileGoRegexp('(?i)\\b\\pL'), 'kK\u212a', -1), ['k', '\u212a']);
  assert.deepEqual(goFindAll(compileGoRegexp('(?i)σ'), 'σΣς', -1), ['σ', 'Σ', 'ς']);
});

test('Unicode class names resolve as in Go 1.26: categories, aliases, loose matching, reachable scripts', () => {
  for (const name of ['L', 'Lu', 'LC', 'Letter', 'lowercase_letter', 'Greek', 'greek', 'ASCII', 'Any', 'Assigned', 'Cn']) {
    assert.equal(checkGoRegexp(`\\p{${name}}`), undefined, name);
  }
  for (const name of ['Grek', 'Old_Italic', 'SignWriting', 'Foo', '']) {
    assert.equal(checkGoRegexp(`\\p{${name}}`), `error parsing regexp: invalid character class range: \`\\p{${name}}\``, name);
  }
  assert.equal(goFindFirst(compileGoRegexp('\\p{greek}+'), 'xΩμy'), 'Ωμ');
  assert.equal(goFindFirst(compileGoRegexp('\\p{^L}+'), 'ab12cd'), '12');
});

test('matches never start between the halves of a surrogate pair', () => {
  // V8 tries empty-width matches there even in `u` mode; Go's positions are whole characters.
  const s = '\u{1F600}a\u{1F600}';
  assert.equal(goFindAll(compileGoRegexp('\\B'), s, -1).length, 2);
  assert.equal(goFindAll(compileGoRegexp('(?m)$'), s, -1).length, 1);
  assert.equal(goMatchString(s, '(?m)^$'), false);
});

test('the parse tree records Go\'s flags on each node; non-capturing groups leave no node', () => {
  const parsed = parseGoRegexp('a(?i:b)(c)');
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.node, {
    op: 'concat',
    subs: [
      { op: 'literal', cp: 0x61, fold: false },
      { op: 'literal', cp: 0x62, fold: true },
      { op: 'capture', sub: { op: 'literal', cp: 0x63, fold: false } },
    ],
  });
});

test('nesting follows Go\'s limit of 1000 levels, measured on Go\'s tree', () => {
  const nested = (open: string, depth: number, inner = 'a'): string => open.repeat(depth) + inner + ')'.repeat(depth);
  assert.equal(checkGoRegexp(nested('(', 999)), undefined);
  assert.equal(checkGoRegexp(nested('(', 999, 'abc')), undefined);
  assert.match(checkGoRegexp(nested('(', 1000)) ?? '', /^error parsing regexp: expression nests too deeply: `\(\(\(/);
  // Non-capturing groups dissolve into their parent, so any depth of them is fine (and translates).
  assert.equal(goFindFirst(compileGoRegexp(nested('(?:', 20000)), 'xa'), 'a');
  assert.equal(goFindFirst(compileGoRegexp(nested('(?:b', 20000)), 'b'.repeat(20000) + 'a'), 'b'.repeat(20000) + 'a');
  assert.equal(goFindFirst(compileGoRegexp('(?:a|b)c|(?:d)*'), 'bc'), 'bc');
});

test('case folding orbits are Go\'s unicode.SimpleFold orbits (values printed by Go 1.26)', () => {
  const orbits: readonly (readonly number[])[] = [
    [0x4b, 0x6b, 0x212a],
    [0x53, 0x73, 0x17f],
    [0xc5, 0xe5, 0x212b],
    [0x398, 0x3b8, 0x3d1, 0x3f4],
    [0x345, 0x399, 0x3b9, 0x1fbe],
    [0xb5, 0x39c, 0x3bc],
    [0xdf, 0x1e9e],
    [0x1c4, 0x1c5, 0x1c6],
    [0x3a9, 0x3c9, 0x2126],
    [0x3a3, 0x3c2, 0x3c3],
  ];
  for (const orbit of orbits) for (const cp of orbit) assert.deepEqual([...foldOrbit(cp)].sort((a, b) => a - b), orbit, cp.toString(16));
  assert.deepEqual(foldOrbit(0x31), [0x31]);
  assert.deepEqual(foldOrbit(0x131), [0x131]);
});
