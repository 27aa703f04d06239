// Go behavior kro-ts reproduces: strconv parsing with its error texts, strconv.Quote, and RE2 pattern syntax
// errors, checked against fixtures produced by Go itself (test/unit/schema/fixtures/README.md). Every
// regexp row goes through both the syntax check and the translation to a JavaScript RegExp, which must
// accept what Go accepts and fail with Go's text where Go fails.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { checkGoRegexp, goQuote, GoRegexpError, parseGoBool, parseGoFloat64, parseGoInt64, translateGoRegexp } from '../../../src/go/index.js';

const root = new URL('../../../../', import.meta.url);
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`test/unit/schema/fixtures/${name}`, root), 'utf8'));

interface StrconvRow {
  In: string;
  Bool: string;
  Int: string;
  Float: string;
}

const describe = (r: { ok: true; value: unknown } | { ok: false; error: string }, format: (v: never) => string): string =>
  r.ok ? format(r.value as never) : `ERR ${r.error}`;

/** Go's strconv.FormatFloat(f, 'g', -1, 64) for the values in the fixture. */
function goFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Object.is(v, -0)) return '-0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  // Shortest 'g' formatting switches to an exponent below 1e-4 and from 1e6 (eprec = 6).
  if (v !== 0 && (exp < -4 || exp >= 6)) {
    const [m, e] = v.toExponential().split('e');
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return String(v);
}

for (const row of fixture('go-strconv.json') as StrconvRow[]) {
  test(`strconv ${JSON.stringify(row.In)}`, () => {
    assert.equal(describe(parseGoBool(row.In), (v: boolean) => String(v)), row.Bool);
    assert.equal(describe(parseGoInt64(row.In), (v: number | bigint) => String(v)), row.Int);
    assert.equal(describe(parseGoFloat64(row.In), goFloat), row.Float);
  });
}

for (const [pattern, want] of Object.entries(fixture('go-regexp.json') as Record<string, string>)) {
  test(`regexp ${JSON.stringify(pattern)}`, () => {
    assert.equal(checkGoRegexp(pattern) ?? '', want, 'syntax check');
    if (want === '') assert.ok(translateGoRegexp(pattern) instanceof RegExp, 'translation');
    else assert.throws(() => translateGoRegexp(pattern), (e) => e instanceof GoRegexpError && e.message === want, 'translation');
  });
}

test('goQuote escapes like strconv.Quote (outputs printed by Go 1.26)', () => {
  const cases: readonly [string, string][] = [
    ['a"b\\c\n\t\x01é', '"a\\"b\\\\c\\n\\t\\x01é"'],
    ['\u0085', '"\\u0085"'],
    ['\u200b', '"\\u200b"'],
    ['\u00a0', '"\\u00a0"'],
    ['x\u2028y', '"x\\u2028y"'],
    ['\x7f', '"\\x7f"'],
    ['\u{e0001}', '"\\U000e0001"'],
    ['😀\u0301\ufffd', '"😀\u0301\ufffd"'],
  ];
  for (const [input, quoted] of cases) assert.equal(goQuote(input), quoted, JSON.stringify(input));
});
