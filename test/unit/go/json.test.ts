// goJsonString against what Go's encoding/json printed for the same JSON text after decoding it (go1.26.8:
// json.Unmarshal into a string, then json.Marshal). JSON.parse keeps lone surrogates where Go's decoder
// already wrote U+FFFD, so the expected texts show what a Go program (kro, the API server) ends up writing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goJsonString } from '../../../src/go/index.js';

const GO_OUTPUT: readonly (readonly [json: string, marshaled: string])[] = [
  ['"plain"', '"plain"'],
  ['"a<b>&c"', '"a\\u003cb\\u003e\\u0026c"'],
  ['"quote\\" back\\\\ slash"', '"quote\\" back\\\\ slash"'],
  ['"\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f"', '"\\b\\f\\n\\r\\t\\u0001\\u001f\u007f"'],
  ['"\\u2028\\u2029"', '"\\u2028\\u2029"'],
  ['"😀é\\u0301"', '"😀é\u0301"'],
  ['"\\ud800"', '"\ufffd"'],
  ['"x\\udc00y"', '"x\ufffdy"'],
  ['"\\ud83d\\ude00"', '"😀"'],
  ['"\\udbff\\udbff\\udc00"', '"\ufffd\udbff\udc00"'],
  ['"\\ufffd"', '"\ufffd"'],
];

test('goJsonString writes what Go writes for the same decoded JSON string', () => {
  for (const [json, marshaled] of GO_OUTPUT) {
    assert.equal(goJsonString(JSON.parse(json) as string), marshaled, json);
  }
});
