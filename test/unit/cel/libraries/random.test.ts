// random.seededString / seededInt must equal upstream bit for bit: checked against literal vectors
// produced by upstream's Go code (kro v0.9.4 random.go; its own random_test.go only asserts determinism)
// and against an independent, literal transcription of upstream's loop over many seeds.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { seededInt, seededString } from '../../../../src/cel/libraries/kro-random.js';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Upstream's generateDeterministicString, transcribed step by step (including its re-hash branch). */
function upstreamString(n: number, seed: string): string {
  let hash = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < n; i++) {
    let start = (i * 4) % hash.length;
    if (start + 4 > hash.length) {
      hash = createHash('sha256').update(Buffer.concat([hash, Buffer.from(out)])).digest();
      start = 0;
    }
    const idx = ((hash[start]! << 24) | (hash[start + 1]! << 16) | (hash[start + 2]! << 8) | hash[start + 3]!) >>> 0;
    out += ALPHABET[idx % 36];
  }
  return out;
}

/** Upstream's generateDeterministicInt: min + uint64(first 8 bytes) % uint64(max-min), Go int64 wrap-around. */
function upstreamInt(min: bigint, max: bigint, seed: string): bigint {
  const hash = createHash('sha256').update(seed).digest();
  let v = 0n;
  for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(hash[i]!);
  const range = BigInt.asUintN(64, max - min);
  return BigInt.asIntN(64, min + BigInt.asIntN(64, v % range));
}

test('seededString literal vectors from upstream', () => {
  const vectors: readonly [number, string, string][] = [
    [10, 'test-seed', '5czheg3o5c'],
    [20, 'test-seed', '5czheg3o5czheg3o5czh'],
    [1, 'a', '2'],
    [8, '', 'ew0w84jl'],
    [17, 'my-app', '8qejs8ek8qejs8ek8'],
    [10, 'héllo', 'dxvmhrhtdx'],
  ];
  for (const [n, seed, want] of vectors) assert.equal(seededString(BigInt(n), seed), want, `${n} ${seed}`);
});

test('seededInt literal vectors from upstream', () => {
  const vectors: readonly [bigint, bigint, string, bigint][] = [
    [0n, 100n, 'test-seed', 56n],
    [30000n, 32768n, 'my-service', 31247n],
    [5n, 6n, 'seed', 5n],
    [-100n, -50n, 'seed', -58n],
    [-9223372036854775808n, 9223372036854775807n, 'abc', 4213142463398924266n],
    [0n, 9223372036854775807n, 'x', 3274422879871479876n],
  ];
  for (const [min, max, seed, want] of vectors) assert.equal(seededInt(min, max, seed), want, `${min} ${max} ${seed}`);
});

test('seededString has period 8 and matches the transcribed algorithm for many seeds and lengths', () => {
  for (let k = 0; k < 200; k++) {
    const seed = `uid-${k}-${'x'.repeat(k % 7)}`;
    const n = 1 + ((k * 7) % 40);
    const got = seededString(BigInt(n), seed);
    assert.equal(got, upstreamString(n, seed), seed);
    for (let i = 8; i < n; i++) assert.equal(got[i], got[i - 8]);
  }
});

test('seededInt matches the transcribed algorithm, including ranges wider than int64', () => {
  const ranges: readonly [bigint, bigint][] = [
    [0n, 1n],
    [0n, 10n],
    [-5n, 5n],
    [30000n, 32768n],
    [-9223372036854775808n, 0n],
    [-9223372036854775808n, 9223372036854775807n],
    [-1n, 9223372036854775807n],
  ];
  for (let k = 0; k < 50; k++) {
    for (const [min, max] of ranges) {
      const seed = `seed-${k}`;
      const got = seededInt(min, max, seed);
      assert.equal(got, upstreamInt(min, max, seed));
      if (max - min <= 9223372036854775807n) assert.ok(got >= min && got < max);
    }
  }
});

test('invalid arguments fail with upstream messages', () => {
  assert.throws(() => seededString(0n, 's'), /^EvaluationError: random.seededString length must be positive$/);
  assert.throws(() => seededString(-3n, 's'), /length must be positive/);
  assert.throws(() => seededInt(5n, 5n, 's'), /random.seededInt min must be less than max/);
  assert.throws(() => seededInt(6n, 5n, 's'), /random.seededInt min must be less than max/);
});
