// Value conversion both ways: JSON -> CEL by schema type (D10) and CEL result -> JSON (D9).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CelTypes,
  OMIT,
  celToJson,
  celTypeFromOpenApi,
  dynFromJson,
  formatGoDuration,
  jsonToCel,
  listType,
  mapType,
  optionalType,
  parseGoDuration,
  parseRfc3339,
  type JsonConversion,
} from '../../../src/cel/index.js';
import { CelStruct, Duration, Optional, TO_CEL_JSON, UnsignedInt } from '../../../src/cel/values.js';

test('ints become int64 bigints, doubles stay numbers', () => {
  assert.equal(jsonToCel(3, CelTypes.int), 3n);
  assert.equal(jsonToCel(9007199254740993n, CelTypes.int), 9007199254740993n);
  assert.equal(jsonToCel(2, CelTypes.double), 2);
  assert.equal(jsonToCel(2n, CelTypes.double), 2);
  assert.equal(jsonToCel(1.5, CelTypes.int), 1.5, 'a non-integral value is kept so reading it is a type error');
  assert.deepEqual(jsonToCel(5, CelTypes.uint), new UnsignedInt(5n));
});

test('format byte strings become bytes, invalid base64 stays a string', () => {
  assert.deepEqual(jsonToCel('aGVsbG8=', CelTypes.bytes), new TextEncoder().encode('hello'));
  assert.equal(jsonToCel('not base64!', CelTypes.bytes), 'not base64!');
});

test('date-time and date strings become timestamps, durations Go durations', () => {
  assert.equal((jsonToCel('2024-05-01T10:00:00Z', CelTypes.timestamp) as Date).toISOString(), '2024-05-01T10:00:00.000Z');
  assert.equal((jsonToCel('2024-05-01T12:00:00+02:00', CelTypes.timestamp) as Date).toISOString(), '2024-05-01T10:00:00.000Z');
  assert.equal((jsonToCel('2024-05-01', CelTypes.timestamp) as Date).toISOString(), '2024-05-01T00:00:00.000Z');
  assert.equal(jsonToCel('yesterday', CelTypes.timestamp), 'yesterday');
  const d = jsonToCel('1h30m', CelTypes.duration) as Duration;
  assert.ok(d instanceof Duration);
  assert.equal(d.seconds, 5400n);
});

test('maps become Maps; nulls in typed maps are dropped, kept in dyn maps', () => {
  const m = jsonToCel({ a: 1, b: null }, mapType(CelTypes.string, CelTypes.int)) as Map<string, unknown>;
  assert.deepEqual([...m], [['a', 1n]]);
  const d = jsonToCel({ a: 1, b: null }, mapType(CelTypes.string, CelTypes.dyn)) as Map<string, unknown>;
  assert.deepEqual([...d], [['a', 1n], ['b', null]]);
});

test('objects with properties become structs; null fields read as absent, unknown fields are kept', () => {
  const t = celTypeFromOpenApi({ type: 'object', properties: { n: { type: 'integer' }, s: { type: 'string' } } }, { typeName: 'ConvT' });
  const v = jsonToCel({ n: 7, s: null, extra: { x: 1 } }, t);
  assert.ok(v instanceof CelStruct);
  assert.equal(v.get('n'), 7n);
  assert.equal(v.has('s'), false);
  assert.deepEqual([...(v.get('extra') as Map<string, unknown>)], [['x', 1n]]);
});

test('lists convert element-wise; optional types wrap', () => {
  assert.deepEqual(jsonToCel([1, 2], listType(CelTypes.int)), [1n, 2n]);
  assert.equal((jsonToCel(null, optionalType(CelTypes.int)) as Optional).hasValue(), false);
  assert.equal((jsonToCel(4, optionalType(CelTypes.int)) as Optional).value(), 4n);
});

test('schema-less (dyn) conversion: integral numbers are ints, others doubles, objects Maps', () => {
  const v = dynFromJson({ i: 2, f: 2.5, l: [1, 'a', null], o: { t: true } }) as Map<string, unknown>;
  assert.equal(v.get('i'), 2n);
  assert.equal(v.get('f'), 2.5);
  assert.deepEqual(v.get('l'), [1n, 'a', null]);
  assert.deepEqual([...(v.get('o') as Map<string, unknown>)], [['t', true]]);
});

function value(c: JsonConversion): unknown {
  assert.ok(c.ok && !c.omit, JSON.stringify(c));
  return c.ok && !c.omit ? c.value : undefined;
}

function failure(c: JsonConversion): { message: string; hint?: string } {
  assert.ok(!c.ok, 'expected a conversion error');
  return c.ok ? { message: '' } : c;
}

const toJson: { name: string; cel: unknown; json: unknown }[] = [
  { name: 'int', cel: 42n, json: 42 },
  { name: 'negative int', cel: -7n, json: -7 },
  { name: 'int exactly representable above 2^53', cel: 2n ** 60n, json: 2 ** 60 },
  { name: 'uint within int64', cel: new UnsignedInt(9n), json: 9 },
  { name: 'double', cel: 1.5, json: 1.5 },
  { name: 'string', cel: 'x', json: 'x' },
  { name: 'bool', cel: true, json: true },
  { name: 'null', cel: null, json: null },
  { name: 'timestamp as RFC 3339 (whole seconds, like metav1.Time)', cel: new Date('2024-05-01T10:00:00.250Z'), json: '2024-05-01T10:00:00Z' },
  { name: 'duration in Go syntax', cel: new Duration(3600n, 0), json: '1h0m0s' },
  { name: 'fractional duration', cel: new Duration(1n, 500_000_000), json: '1.5s' },
  { name: 'zero duration', cel: new Duration(0n, 0), json: '0s' },
  { name: 'optional none is null', cel: Optional.none(), json: null },
  { name: 'optional value unwraps', cel: Optional.of(3n), json: 3 },
  { name: 'list', cel: [1n, 'a', [true]], json: [1, 'a', [true]] },
  { name: 'Map', cel: new Map<string, unknown>([['a', 1n], ['b', new Map([['c', null]])]]), json: { a: 1, b: { c: null } } },
  { name: 'plain object map', cel: { a: 1n }, json: { a: 1 } },
  { name: 'omit removes a list element', cel: [1n, OMIT, 2n], json: [1, 2] },
  { name: 'omit removes a map entry', cel: new Map<string, unknown>([['keep', 1n], ['drop', OMIT]]), json: { keep: 1 } },
];
for (const c of toJson) test(`cel -> json: ${c.name}`, () => assert.deepEqual(value(celToJson(c.cel)), c.json));

test('cel -> json: omit at the top removes the field', () => {
  assert.deepEqual(celToJson(OMIT), { ok: true, omit: true });
});

test('cel -> json: bytes are an error telling how to encode them', () => {
  const f = failure(celToJson(new Map([['data', new Uint8Array([1])]])));
  assert.match(f.message, /bytes/);
  assert.match(f.message, /\.data/);
  assert.equal(f.hint, 'encode it explicitly, e.g. base64.encode(...)');
});

test('cel -> json: uint above MaxInt64 is an error', () => {
  const f = failure(celToJson(new UnsignedInt(2n ** 63n)));
  assert.match(f.message, /exceeds the int64 range/);
  assert.ok(f.hint);
});

test('cel -> json: a map with a non-string key, NaN and an inexact big int are errors', () => {
  assert.match(failure(celToJson(new Map([[1n, 'a']]))).message, /map key must be string, got int/);
  assert.match(failure(celToJson(Number.NaN)).message, /cannot be represented/);
  assert.match(failure(celToJson(2n ** 60n + 1n)).message, /cannot be represented exactly/);
});

const durations: [string, bigint][] = [
  ['0s', 0n],
  ['1ns', 1n],
  ['1.5µs', 1500n],
  ['300ms', 300_000_000n],
  ['1.5s', 1_500_000_000n],
  ['1m30s', 90_000_000_000n],
  ['1h0m0s', 3_600_000_000_000n],
  ['-1m30.25s', -90_250_000_000n],
  ['2562047h47m16.854775807s', 9223372036854775807n],
];
for (const [text, nanos] of durations) {
  test(`Go duration ${text} formats and parses back`, () => {
    assert.equal(formatGoDuration(nanos), text);
    assert.equal(parseGoDuration(text), nanos);
  });
}

test('Go duration parsing accepts Go input forms and rejects garbage', () => {
  assert.equal(parseGoDuration('1h30m'), 5_400_000_000_000n);
  assert.equal(parseGoDuration('0'), 0n);
  assert.equal(parseGoDuration('+2us'), 2000n);
  assert.equal(parseGoDuration('.5s'), 500_000_000n);
  for (const bad of ['', '1', 'h', '1x', '1h-2m', '3000000h']) assert.equal(parseGoDuration(bad), undefined, bad);
});

test('RFC 3339 parsing', () => {
  assert.equal(parseRfc3339('2024-02-29T23:59:59.999999Z')?.toISOString(), '2024-02-29T23:59:59.999Z');
  assert.equal(parseRfc3339('2024-02-29t01:00:00-01:30')?.toISOString(), '2024-02-29T02:30:00.000Z');
  assert.equal(parseRfc3339('2024-13-01T00:00:00Z'), undefined);
  assert.equal(parseRfc3339('May 1 2024'), undefined);
});

test('cel -> json: library values with a JSON form convert through it', () => {
  class Point {
    [TO_CEL_JSON](): unknown {
      return new Map<string, unknown>([['x', 1n], ['when', new Date('2024-01-01T00:00:00Z')]]);
    }
  }
  assert.deepEqual(value(celToJson([new Point()])), [{ x: 1, when: '2024-01-01T00:00:00Z' }]);
  class Opaque {}
  assert.match(failure(celToJson(new Opaque())).message, /unsupported type: Opaque/);
});
