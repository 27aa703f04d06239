// NDJSON splitting of watch bodies cut at arbitrary byte boundaries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NdjsonSplitter, parseNdjson } from '../../../src/kube/ndjson.js';

test('lines split across chunks, blank lines dropped, last line without newline flushed', () => {
  const s = new NdjsonSplitter();
  assert.deepEqual(s.push('{"a":1}\n{"b"'), ['{"a":1}']);
  assert.deepEqual(s.push(':2}\n\n\r\n{"c":'), ['{"b":2}']);
  assert.deepEqual(s.push('3}'), []);
  assert.deepEqual(s.flush(), ['{"c":3}']);
});

test('a multi-byte character cut between chunks survives', () => {
  const bytes = new TextEncoder().encode('{"name":"zoë ✓"}\n');
  const cut = bytes.indexOf(0xc3) + 1;
  const s = new NdjsonSplitter();
  assert.deepEqual(s.push(bytes.slice(0, cut)), []);
  assert.deepEqual(s.push(bytes.slice(cut)), ['{"name":"zoë ✓"}']);
});

test('parseNdjson yields parsed values from a byte stream', async () => {
  async function* body() {
    await Promise.resolve();
    yield new TextEncoder().encode('{"type":"ADDED"}\n{"ty');
    yield new TextEncoder().encode('pe":"DELETED"}\n');
  }
  const out: unknown[] = [];
  for await (const v of parseNdjson(body())) out.push(v);
  assert.deepEqual(out, [{ type: 'ADDED' }, { type: 'DELETED' }]);
});
