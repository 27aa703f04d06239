// The client-side token bucket: burst, sustained rate, and reservation order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TokenBucket } from '../../../src/kube/index.js';
import { FakeClock } from './fake-clock.js';

test('a burst passes at once, then requests are spaced at 1/qps', () => {
  const clock = new FakeClock();
  const bucket = new TokenBucket({ qps: 10, burst: 3 }, clock);
  assert.deepEqual([bucket.reserve(), bucket.reserve(), bucket.reserve()], [0, 0, 0]);
  assert.deepEqual([bucket.reserve(), bucket.reserve()], [100, 200], 'later callers wait longer (reserved in order)');
});

test('tokens refill with time, up to the burst', () => {
  const clock = new FakeClock();
  const bucket = new TokenBucket({ qps: 100, burst: 150 }, clock);
  for (let i = 0; i < 150; i++) assert.equal(bucket.reserve(), 0);
  assert.equal(bucket.reserve(), 10);
  clock.advance(60_000);
  for (let i = 0; i < 150; i++) assert.equal(bucket.reserve(), 0, 'refilled to the burst, not beyond');
  assert.ok(bucket.reserve() > 0);
});

test('qps 0 disables limiting; acquire waits on the clock', async () => {
  const clock = new FakeClock();
  const off = new TokenBucket({ qps: 0, burst: 1 }, clock);
  for (let i = 0; i < 1000; i++) assert.equal(off.reserve(), 0);
  const on = new TokenBucket({ qps: 2, burst: 1 }, clock);
  await on.acquire();
  await on.acquire();
  assert.deepEqual(clock.sleeps, [500]);
});

test('an aborted wait returns its token', async () => {
  const clock = new FakeClock();
  const bucket = new TokenBucket({ qps: 1, burst: 1 }, clock);
  bucket.reserve();
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(bucket.acquire(controller.signal));
  assert.equal(bucket.reserve(), 1000, 'only one token owed, not two');
});
