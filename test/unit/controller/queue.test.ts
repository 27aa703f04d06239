import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ControllerLoop,
  ExponentialBackoffRateLimiter,
  TerminalError,
  TokenBucketRateLimiter,
  WorkQueue,
  controllerRateLimiter,
  type Clock,
  type ReconcileOutcome,
  type ReconcileResult,
} from '../../../src/controller/queue/index.js';

/** A clock whose time only moves when the test says so. */
class FakeClock implements Clock {
  private time = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time).sort((a, b) => a.at - b.at);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) t.fn();
  }
  get pending(): number {
    return this.timers.length;
  }
}

function newQueue(clock = new FakeClock()) {
  return { clock, queue: new WorkQueue<string>({ rateLimiter: new ExponentialBackoffRateLimiter(10, 1000), clock }) };
}

describe('WorkQueue', () => {
  test('adding a queued key twice queues it once', async () => {
    const { queue } = newQueue();
    queue.add('a');
    queue.add('b');
    queue.add('a');
    assert.equal(queue.length, 2);
    assert.equal(await queue.get(), 'a');
    assert.equal(await queue.get(), 'b');
  });

  test('a key added while processing is re-queued on done, never handed out twice at once', async () => {
    const { queue } = newQueue();
    queue.add('a');
    const first = await queue.get();
    queue.add('a');
    assert.equal(queue.length, 0, 'parked while processing');
    queue.done(first!);
    assert.equal(queue.length, 1);
    assert.equal(await queue.get(), 'a');
  });

  test('get waits for an add', async () => {
    const { queue } = newQueue();
    const pending = queue.get();
    queue.add('x');
    assert.equal(await pending, 'x');
  });

  test('addAfter fires once the delay passed; the earliest of two delays wins', async () => {
    const { clock, queue } = newQueue();
    queue.addAfter('a', 100);
    queue.addAfter('a', 50);
    queue.addAfter('a', 200);
    assert.equal(clock.pending, 1);
    clock.advance(49);
    assert.equal(queue.length, 0);
    clock.advance(1);
    assert.equal(queue.length, 1);
    assert.equal(await queue.get(), 'a');
  });

  test('addRateLimited backs off exponentially until forget', () => {
    const { clock, queue } = newQueue();
    queue.addRateLimited('a');
    queue.addRateLimited('a');
    queue.addRateLimited('a');
    assert.equal(queue.numRequeues('a'), 3);
    clock.advance(9);
    assert.equal(queue.length, 0, 'first delay is 10 ms');
    clock.advance(1);
    assert.equal(queue.length, 1);
    queue.forget('a');
    assert.equal(queue.numRequeues('a'), 0);
  });

  test('shutDown releases waiting getters and drops pending delays', async () => {
    const { clock, queue } = newQueue();
    const waiting = queue.get();
    queue.addAfter('a', 10);
    queue.shutDown();
    assert.equal(await waiting, undefined);
    assert.equal(clock.pending, 0);
    queue.add('b');
    assert.equal(await queue.get(), undefined);
  });
});

describe('rate limiters', () => {
  test('exponential backoff doubles up to the maximum', () => {
    const rl = new ExponentialBackoffRateLimiter<string>(200, 1000);
    assert.deepEqual([1, 2, 3, 4, 5].map(() => rl.when('k')), [200, 400, 800, 1000, 1000]);
    assert.equal(rl.when('other'), 200);
  });

  test('token bucket allows the burst, then spaces requests by 1/qps', () => {
    const clock = new FakeClock();
    const rl = new TokenBucketRateLimiter<string>(10, 2, clock);
    assert.equal(rl.when('a'), 0);
    assert.equal(rl.when('b'), 0);
    assert.equal(rl.when('c'), 100);
    clock.advance(1000);
    assert.equal(rl.when('d'), 0);
  });

  test('the controller limiter is the max of both', () => {
    const clock = new FakeClock();
    const rl = controllerRateLimiter<string>(clock, { minDelayMs: 200, maxDelayMs: 1000, qps: 10, burst: 100 });
    assert.equal(rl.when('k'), 200);
    assert.equal(rl.when('k'), 400);
    rl.forget('k');
    assert.equal(rl.numRequeues('k'), 0);
  });
});

describe('ControllerLoop', () => {
  async function runOnce(
    result: () => Promise<ReconcileResult>,
    opts: { maxRetries?: number; isDroppable?: (e: unknown) => boolean } = {},
  ) {
    const { clock, queue } = newQueue();
    const outcomes: ReconcileOutcome[] = [];
    let calls = 0;
    const loop = new ControllerLoop<string>({
      queue,
      reconciler: {
        reconcile: () => {
          calls++;
          return result();
        },
      },
      ...opts,
      hooks: { onReconciled: (_k, outcome) => outcomes.push(outcome) },
    });
    loop.start();
    queue.add('k');
    await new Promise((r) => setImmediate(r));
    return { clock, queue, loop, outcomes, calls: () => calls };
  }

  test('success forgets the key and does not requeue', async () => {
    const { queue, loop, outcomes } = await runOnce(() => Promise.resolve({}));
    assert.deepEqual(outcomes, ['success']);
    assert.equal(queue.length, 0);
    await loop.stop();
  });

  test('requeueAfterMs schedules the key again', async () => {
    const { clock, queue, loop, outcomes } = await runOnce(() => Promise.resolve({ requeueAfterMs: 3000 }));
    assert.deepEqual(outcomes, ['requeue_after']);
    await loop.stop();
    assert.equal(queue.length, 0);
    assert.equal(clock.pending, 0, 'shutdown dropped the delayed add');
  });

  test('errors retry with backoff, then drop after maxRetries', async () => {
    const { clock, loop, outcomes, calls } = await runOnce(() => Promise.reject(new Error('boom')), { maxRetries: 2 });
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      await new Promise((r) => setImmediate(r));
    }
    assert.deepEqual(outcomes, ['rate_limited', 'rate_limited', 'dropped']);
    assert.equal(calls(), 3);
    await loop.stop();
  });

  test('TerminalError and droppable errors are not retried', async () => {
    const terminal = await runOnce(() => Promise.reject(new TerminalError('no')));
    assert.deepEqual(terminal.outcomes, ['dropped']);
    await terminal.loop.stop();
    const droppable = await runOnce(() => Promise.reject(new Error('gone')), { isDroppable: () => true });
    assert.deepEqual(droppable.outcomes, ['dropped']);
    await droppable.loop.stop();
  });

  test('one key is never reconciled by two workers at once', async () => {
    const { queue } = newQueue();
    let inFlight = 0;
    let maxInFlight = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const loop = new ControllerLoop<string>({
      queue,
      workers: 4,
      reconciler: {
        reconcile: async () => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await gate;
          inFlight--;
          return {};
        },
      },
    });
    loop.start();
    queue.add('k');
    await new Promise((r) => setImmediate(r));
    queue.add('k');
    queue.add('k');
    await new Promise((r) => setImmediate(r));
    release();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    assert.equal(maxInFlight, 1);
    await loop.stop();
  });
});
