// CEL equality and ordering as the libraries apply them (indexOf, distinct, sort, min/max): numeric
// kinds compare by value exactly, containers deeply, strings by code point like Go.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Duration, Optional, UnsignedInt } from '../../../../src/cel/values.js';
import { celCompare, celEquals, celTypeName, compareStrings } from '../../../../src/cel/libraries/value-ops.js';

test('celEquals', () => {
  const equal: readonly [unknown, unknown][] = [
    [1n, 1],
    [1n, new UnsignedInt(1n)],
    [9007199254740993n, 9007199254740993n],
    ['a', 'a'],
    [[1n, [2n]], [1, [2n]]],
    [new Map([['a', 1n]]), { a: 1 }],
    [new Uint8Array([1, 2]), new Uint8Array([1, 2])],
    [new Date(5), new Date(5)],
    [new Duration(1n, 5), new Duration(1n, 5)],
    [Optional.of(1n), Optional.of(1)],
    [Optional.none(), Optional.none()],
    [null, null],
  ];
  for (const [a, b] of equal) assert.ok(celEquals(a, b) && celEquals(b, a), `${String(a)} == ${String(b)}`);
  const different: readonly [unknown, unknown][] = [
    [9007199254740993n, 9007199254740992],
    [NaN, NaN],
    [1n, '1'],
    [[1n], [1n, 2n]],
    [new Map([['a', 1n]]), new Map([['b', 1n]])],
    [Optional.of(1n), Optional.none()],
    [null, 0n],
  ];
  for (const [a, b] of different) assert.ok(!celEquals(a, b), `${String(a)} != ${String(b)}`);
});

test('celCompare', () => {
  assert.equal(celCompare(1n, 2.5), -1);
  assert.equal(celCompare(3n, 2.5), 1);
  assert.equal(celCompare(new UnsignedInt(2n), 2n), 0);
  assert.equal(celCompare(9007199254740993n, 9007199254740992), 1);
  assert.equal(celCompare(false, true), -1);
  assert.equal(celCompare(new Uint8Array([1]), new Uint8Array([1, 0])), -1);
  assert.equal(celCompare(new Duration(1n, 0), new Duration(0n, 999)), 1);
  assert.equal(celCompare(1n, 'a'), undefined);
  assert.equal(celCompare(NaN, 1), undefined);
});

test('strings order by code point, as Go orders UTF-8', () => {
  assert.ok(compareStrings('\uffff', '\u{10000}') < 0);
  assert.ok('\uffff' > '\u{10000}');
  assert.ok(compareStrings('a', 'ab') < 0);
  assert.equal(compareStrings('é', 'é'), 0);
});

test('cel-go type names', () => {
  assert.deepEqual(
    [1n, 1.5, 'a', true, null, [], new Map(), new UnsignedInt(1n), new Uint8Array(), new Date(0), new Duration(0n), Optional.none()].map(celTypeName),
    ['int', 'double', 'string', 'bool', 'null_type', 'list', 'map', 'uint', 'bytes', 'google.protobuf.Timestamp', 'google.protobuf.Duration', 'optional_type'],
  );
});
