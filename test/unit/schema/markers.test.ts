// The marker parser on its own: quoting, escapes, brackets, upstream's quirks, and error spans.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMarkers } from '../../../src/schema/index.js';

const rows: { name: string; input: string; want: [string, string][] }[] = [
  { name: 'simple', input: 'required=true description="This is a description"', want: [['required', 'true'], ['description', 'This is a description']] },
  { name: 'leading and repeated whitespace is skipped', input: '  default=5   minimum=0', want: [['default', '5'], ['minimum', '0']] },
  { name: 'quotes are removed', input: 'default="5"', want: [['default', '5']] },
  { name: 'escaped quote and backslash are unescaped', input: 'description="A \\"b\\" c\\\\d"', want: [['description', 'A "b" c\\d']] },
  { name: 'other escapes stay verbatim with their backslash', input: 'description="a\\nb\\tc"', want: [['description', 'a\\nb\\tc']] },
  { name: 'a quoted value that is only \\"', input: 'default="\\"quoted\\""', want: [['default', '"quoted"']] },
  { name: 'brackets keep spaces', input: 'default=[1, 2, 3] required=true', want: [['default', '[1, 2, 3]'], ['required', 'true']] },
  { name: 'braces keep spaces and quotes', input: 'default={"key": "value"}', want: [['default', '{"key": "value"}']] },
  { name: 'nested brackets', input: 'default=[[1, 2], [3]]', want: [['default', '[[1, 2], [3]]']] },
  { name: 'brackets inside quotes do not count', input: 'pattern="^[a-z]+$"', want: [['pattern', '^[a-z]+$']] },
  { name: '= inside a value', input: 'validation="self == oldSelf"', want: [['validation', 'self == oldSelf']] },
  { name: '| inside a value', input: 'description="a | b"', want: [['description', 'a | b']] },
  { name: 'partially quoted value keeps its quotes', input: 'description=a"b c"', want: [['description', 'a"b c"']] },
  { name: 'repeatable keys are all kept', input: 'listMapKey=a listMapKey=b', want: [['listMapKey', 'a'], ['listMapKey', 'b']] },
  { name: 'quirk: spaces inside a key are dropped', input: 'max Length=3', want: [['maxLength', '3']] },
  { name: 'quirk: a space after = ends the marker', input: 'description= required=true', want: [['description', ''], ['required', 'true']] },
  { name: 'tabs and newlines separate', input: 'required=true\tdefault=a\ndescription=b', want: [['required', 'true'], ['default', 'a'], ['description', 'b']] },
];

for (const row of rows) {
  test(`parseMarkers: ${row.name}`, () => {
    const r = parseMarkers(row.input);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    if (r.ok) assert.deepEqual(r.markers.map((m) => [m.key, m.value]), row.want);
  });
}

test('parseMarkers: offsets of key and value', () => {
  const r = parseMarkers(' minimum=10 description="x y"');
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.deepEqual(
    r.markers.map((m) => [m.keyStart, m.valueStart, m.valueEnd]),
    [
      [1, 9, 11],
      [12, 24, 29],
    ],
  );
});

const errors: { input: string; code: string; message: string; start: number; end: number }[] = [
  { input: 'invalid=true', code: 'schema/unknown-marker', message: 'invalid marker key "invalid": unknown marker: invalid', start: 0, end: 7 },
  { input: '=value', code: 'schema/invalid-marker', message: 'empty marker key', start: 0, end: 1 },
  { input: 'optional', code: 'schema/invalid-marker', message: "marker key 'optional' without a value", start: 0, end: 8 },
  { input: 'default=5 optional', code: 'schema/invalid-marker', message: "marker key 'optional' without a value", start: 10, end: 18 },
  { input: '', code: 'schema/invalid-marker', message: "marker key '' without a value", start: 0, end: 0 },
  // Upstream quirk: whitespace after the last marker leaves an empty key behind.
  { input: 'required=true ', code: 'schema/invalid-marker', message: "marker key '' without a value", start: 14, end: 14 },
  { input: 'description="open', code: 'schema/invalid-marker', message: 'unclosed quote', start: 12, end: 17 },
  { input: 'default={"a": 1', code: 'schema/invalid-marker', message: 'unclosed bracket/brace', start: 15, end: 15 },
  { input: 'default=}', code: 'schema/invalid-marker', message: 'unmatched closing bracket/brace', start: 8, end: 9 },
  { input: 'description="', code: 'schema/invalid-marker', message: 'unclosed quote', start: 12, end: 13 },
];

for (const row of errors) {
  test(`parseMarkers error: ${JSON.stringify(row.input)}`, () => {
    const r = parseMarkers(row.input);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.error.code, row.code);
    assert.equal(r.error.message, row.message);
    assert.deepEqual([r.error.start, r.error.end], [row.start, row.end]);
  });
}
