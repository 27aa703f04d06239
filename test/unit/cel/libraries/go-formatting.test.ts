// Go's number and duration text as the libraries reproduce it: strconv 'f'/'e' shortest and fixed
// precision (round half to even on the exact binary value), json's float form, math.Pow10's bits and
// time.Duration.String. Expected strings were printed by Go 1.26.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatExponent, formatFixed, formatShortestExponent, formatShortestFixed, goPow10 } from '../../../../src/go/index.js';
import { formatGoDuration } from '../../../../src/cel/time.js';
import { goJsonMarshal } from '../../../../src/cel/libraries/go-json.js';

// [x, FormatFloat 'f' -1, FormatFloat 'e' -1, %.2f, %.3e, %e, json.Marshal]
const floats: readonly (readonly [number, string, string, string, string, string, string])[] = [
  [0, '0', '0e+00', '0.00', '0.000e+00', '0.000000e+00', '0'],
  [1, '1', '1e+00', '1.00', '1.000e+00', '1.000000e+00', '1'],
  [-1, '-1', '-1e+00', '-1.00', '-1.000e+00', '-1.000000e+00', '-1'],
  [2.5, '2.5', '2.5e+00', '2.50', '2.500e+00', '2.500000e+00', '2.5'],
  [0.125, '0.125', '1.25e-01', '0.12', '1.250e-01', '1.250000e-01', '0.125'],
  [-0.125, '-0.125', '-1.25e-01', '-0.12', '-1.250e-01', '-1.250000e-01', '-0.125'],
  [1e21, '1000000000000000000000', '1e+21', '1000000000000000000000.00', '1.000e+21', '1.000000e+21', '1e+21'],
  [1e20, '100000000000000000000', '1e+20', '100000000000000000000.00', '1.000e+20', '1.000000e+20', '100000000000000000000'],
  [123456789, '123456789', '1.23456789e+08', '123456789.00', '1.235e+08', '1.234568e+08', '123456789'],
  [1e-7, '0.0000001', '1e-07', '0.00', '1.000e-07', '1.000000e-07', '1e-7'],
  [1.5e-10, '0.00000000015', '1.5e-10', '0.00', '1.500e-10', '1.500000e-10', '1.5e-10'],
  [0.1, '0.1', '1e-01', '0.10', '1.000e-01', '1.000000e-01', '0.1'],
  [1 / 3, '0.3333333333333333', '3.333333333333333e-01', '0.33', '3.333e-01', '3.333333e-01', '0.3333333333333333'],
  [5e-324, `0.${'0'.repeat(323)}5`, '5e-324', '0.00', '4.941e-324', '4.940656e-324', '5e-324'],
  [100, '100', '1e+02', '100.00', '1.000e+02', '1.000000e+02', '100'],
  [3.14159, '3.14159', '3.14159e+00', '3.14', '3.142e+00', '3.141590e+00', '3.14159'],
  [2.675, '2.675', '2.675e+00', '2.67', '2.675e+00', '2.675000e+00', '2.675'],
];

for (const [x, f, e, f2, e3, e6, json] of floats) {
  test(`Go float text of ${x}`, () => {
    assert.equal(formatShortestFixed(x), f);
    assert.equal(formatShortestExponent(x), e);
    assert.equal(formatFixed(x, 2), f2);
    assert.equal(formatExponent(x, 3), e3);
    assert.equal(formatExponent(x, 6), e6);
    assert.equal(goJsonMarshal(x), json);
  });
}

test('fixed precision rounds exact ties to even, like Go and unlike toFixed', () => {
  assert.equal(formatFixed(0.5, 0), '0');
  assert.equal(formatFixed(1.5, 0), '2');
  assert.equal(formatFixed(2.5, 0), '2');
  assert.equal((2.5).toFixed(0), '3');
  assert.equal(formatFixed(-0, 1), '-0.0');
  assert.equal(formatExponent(9.9999, 2), '1.00e+01');
  assert.equal(formatFixed(1, 100), `1.${'0'.repeat(100)}`);
});

test('math.Pow10 keeps Go bits for large and small exponents', () => {
  const cases: readonly [number, number][] = [
    [0, 1],
    [1, 10],
    [-1, 0.1],
    [22, 1e22],
    [32, 1e32],
    [33, 1.0000000000000001e33],
    [308, 1e308],
    [-9, 1e-9],
    [-32, 1e-32],
    [-100, 9.999999999999999e-101],
    [-323, 1e-323],
    [309, Infinity],
    [-324, 0],
  ];
  for (const [n, want] of cases) assert.equal(goPow10(n), want, `Pow10(${n})`);
});

test('time.Duration.String (the core formatter json.marshal uses)', () => {
  const cases: readonly [bigint, string][] = [
    [0n, '0s'],
    [1n, '1ns'],
    [999n, '999ns'],
    [1000n, '1µs'],
    [1500n, '1.5µs'],
    [1_000_000n, '1ms'],
    [1_500_000n, '1.5ms'],
    [1_000_000_000n, '1s'],
    [1_500_000_000n, '1.5s'],
    [60_000_000_000n, '1m0s'],
    [5_400_000_000_000n, '1h30m0s'],
    [-3_602_000_000_000n, '-1h0m2s'],
    [360_000_000_000_001n, '100h0m0.000000001s'],
    [9223372036854775807n, '2562047h47m16.854775807s'],
    [-9223372036854775808n, '-2562047h47m16.854775808s'],
  ];
  for (const [ns, want] of cases) assert.equal(formatGoDuration(ns), want);
});
