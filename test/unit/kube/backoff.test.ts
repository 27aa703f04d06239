// Backoff schedule, its reset after a stable period, and Retry-After parsing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Backoff, parseRetryAfter } from '../../../src/kube/index.js';

test('doubles up to the cap, with no jitter when random() is 0', () => {
  const b = new Backoff({ initialMs: 100, maxMs: 1000, resetAfterMs: 10_000 }, () => 0);
  const delays = [0, 1, 2, 3, 4, 5].map((i) => b.next(i));
  assert.deepEqual(delays, [100, 200, 400, 800, 1000, 1000]);
});

test('jitter adds up to the given fraction', () => {
  const b = new Backoff({ initialMs: 1000, jitter: 0.5 }, () => 0.999);
  const d = b.next(0);
  assert.ok(d > 1000 && d <= 1500, String(d));
});

test('starts over after a stable period without failures', () => {
  const b = new Backoff({ initialMs: 100, maxMs: 10_000, resetAfterMs: 5_000 }, () => 0);
  assert.equal(b.next(0), 100);
  assert.equal(b.next(1_000), 200);
  assert.equal(b.next(2_000), 400);
  assert.equal(b.next(8_000), 100, 'six seconds without failure reset it');
  b.next(8_100);
  b.reset();
  assert.equal(b.next(8_200), 100);
});

test('Retry-After in seconds or as an HTTP date', () => {
  assert.equal(parseRetryAfter('3'), 3000);
  assert.equal(parseRetryAfter(['1']), 1000);
  assert.equal(parseRetryAfter(undefined), undefined);
  assert.equal(parseRetryAfter('soon'), undefined);
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5000);
});
