// resource.Quantity as a pure module: the representation (int64 fast path vs decimal) decides
// isInteger, canonical strings follow apimachinery, arithmetic keeps its format rules. Expected values
// come from apimachinery v0.36.3 (through kro's CEL environment).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  QuantityError,
  addQuantities,
  compareQuantities,
  parseQuantity,
  quantityAsApproximateFloat,
  quantityAsInt64,
  quantityFromInt,
  quantitySign,
  subtractQuantities,
} from '../../../../src/cel/libraries/quantity.js';

// [input, String(), AsInt64() or undefined]
const parsed: readonly (readonly [string, string, bigint | undefined])[] = [
  ['0', '0', 0n],
  ['1Gi', '1Gi', 1073741824n],
  ['1.5', '1500m', undefined],
  ['100m', '100m', undefined],
  ['1e3', '1e3', 1000n],
  ['0.1Ki', '102400m', undefined],
  ['1.5Ki', '1536', undefined],
  ['1024', '1024', 1024n],
  ['2048Ki', '2Mi', 2097152n],
  ['1000m', '1', undefined],
  ['1500m', '1500m', undefined],
  ['1.024k', '1.024k', 1024n],
  ['12e6', '12e6', 12000000n],
  ['1.5e2', '150', 150n],
  ['-1.5Gi', '-1536Mi', undefined],
  ['0.0001n', '1n', undefined],
  ['1.1n', '2n', undefined],
  ['1E', '1E', 1000000000000000000n],
  ['1000E', '1', undefined],
  ['1e4294967297', '10', 10n],
  ['123456789012345678901', '123456789012345678901', undefined],
  ['8Ei', '9223372036854775807', undefined],
  ['+1', '+1', 1n],
  ['-0', '0', 0n],
  ['00100', '00100', 100n],
  ['1.0', '1', undefined],
  ['.', '0', 0n],
  ['Mi', '0', 0n],
];

for (const [input, canonical, asInt] of parsed) {
  test(`quantity ${JSON.stringify(input)} is ${canonical}`, () => {
    const q = parseQuantity(input);
    assert.equal(q.toString(), canonical);
    assert.equal(quantityAsInt64(q), asInt);
  });
}

test('invalid quantities fail with apimachinery messages', () => {
  const format = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  const cases: readonly [string, string][] = [
    ['', format],
    ['200K', "unable to parse quantity's suffix"],
    ['Three', format],
    ['1,3G', format],
    ['1e', "unable to parse quantity's suffix"],
    ['1e-', "unable to parse quantity's suffix"],
    ['1.2.3', format],
    ['1 ', format],
  ];
  for (const [input, message] of cases) assert.throws(() => parseQuantity(input), (e: unknown) => e instanceof QuantityError && e.message === message, input);
});

test('comparison is exact across representations and suffixes', () => {
  const cmp = (a: string, b: string): number => compareQuantities(parseQuantity(a), parseQuantity(b));
  assert.equal(cmp('200M', '0.2G'), 0);
  assert.equal(cmp('50M', '50Mi'), -1);
  assert.equal(cmp('50Mi', '50M'), 1);
  assert.equal(cmp('1Ki', '1024'), 0);
  assert.equal(cmp('1e3', '1k'), 0);
  assert.equal(cmp('1n', '0'), 1);
  assert.equal(cmp('123456789012345678901', '123456789012345678900'), 1);
});

test('add and sub keep apimachinery formats and fall back to decimals on int64 overflow', () => {
  const add = (a: string, b: string): string => addQuantities(parseQuantity(a), parseQuantity(b)).toString();
  assert.equal(add('1.5', '100m'), '1600m');
  assert.equal(add('1Gi', '1Mi'), '1025Mi');
  assert.equal(add('1Ki', '1'), '1025');
  assert.equal(add('0', '1Ki'), '1Ki');
  assert.equal(addQuantities(parseQuantity('0'), quantityFromInt(5000n)).toString(), '5e3');
  assert.equal(subtractQuantities(parseQuantity('1Gi'), parseQuantity('1Mi')).toString(), '1023Mi');
  assert.equal(subtractQuantities(parseQuantity('100m'), parseQuantity('100m')).toString(), '0');
  const big = addQuantities(parseQuantity('9223372036854775807'), quantityFromInt(1n));
  assert.equal(big.toString(), '9223372036854775808');
  assert.equal(quantityAsInt64(big), undefined);
});

test('asApproximateFloat reproduces Go float64 results', () => {
  const cases: readonly [string, number][] = [
    ['1', 1],
    ['1.5', 1.5],
    ['100m', 0.1],
    ['0.3', 0.30000000000000004],
    ['0.1Ki', 102.4],
    ['1.5Ki', 1536],
    ['1P', 1e15],
    ['1.23456789012345678901', 1.234567891],
    ['8Ei', 9.223372036854776e18],
  ];
  for (const [input, want] of cases) assert.equal(quantityAsApproximateFloat(parseQuantity(input)), want, input);
});

test('sign', () => {
  assert.equal(quantitySign(parseQuantity('-1')), -1);
  assert.equal(quantitySign(parseQuantity('0')), 0);
  assert.equal(quantitySign(parseQuantity('5m')), 1);
  assert.equal(quantitySign(parseQuantity('-1.5Gi')), -1);
});
