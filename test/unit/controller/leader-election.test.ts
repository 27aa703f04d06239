// Leader election timing with a fake clock and an in-memory Lease (client-go's rules): take a missing, released or
// expired lease; never take a lease renewed within its duration as observed locally; keep the acquire time and
// count transitions; give up after the renew deadline; release on shutdown.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatMicroTime, LeaderElector, type ElectionClock, type LeaseRecord, type LeaseStore, type StoredLease } from '../../../src/controller/leader-election.js';

class MemoryLease implements LeaseStore {
  stored: StoredLease | undefined;
  failing = false;
  private version = 0;

  get(): Promise<StoredLease | undefined> {
    if (this.failing) return Promise.reject(new Error('API server unreachable'));
    return Promise.resolve(this.stored);
  }
  create(record: LeaseRecord): Promise<StoredLease> {
    if (this.failing) return Promise.reject(new Error('API server unreachable'));
    if (this.stored) return Promise.reject(Object.assign(new Error('exists'), { reason: 'AlreadyExists' }));
    return Promise.resolve(this.write(record));
  }
  update(record: LeaseRecord, resourceVersion: string): Promise<StoredLease> {
    if (this.failing) return Promise.reject(new Error('API server unreachable'));
    if (this.stored?.resourceVersion !== resourceVersion) return Promise.reject(new Error('conflict'));
    return Promise.resolve(this.write(record));
  }
  private write(record: LeaseRecord): StoredLease {
    this.stored = { record, resourceVersion: String(++this.version) };
    return this.stored;
  }
}

class FakeClock implements ElectionClock {
  time = Date.UTC(2026, 0, 1);
  private sleepers: { until: number; resolve: () => void }[] = [];
  now(): number {
    return this.time;
  }
  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const entry = { until: this.time + ms, resolve };
      this.sleepers.push(entry);
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }
  /** Moves time forward in steps, letting woken tasks run between steps. */
  async advance(ms: number, step = 100): Promise<void> {
    const end = this.time + ms;
    while (this.time < end) {
      this.time = Math.min(end, this.time + step);
      const due = this.sleepers.filter((s) => s.until <= this.time);
      this.sleepers = this.sleepers.filter((s) => s.until > this.time);
      for (const s of due) s.resolve();
      for (let i = 0; i < 10; i++) await Promise.resolve();
      await new Promise((r) => setImmediate(r));
    }
  }
}

const timing = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

function elector(store: LeaseStore, clock: FakeClock, identity: string): LeaderElector {
  return new LeaderElector({ store, clock, identity, ...timing });
}

describe('LeaderElector', () => {
  test('MicroTime has six fractional digits', () => {
    assert.equal(formatMicroTime(Date.UTC(2026, 0, 2, 3, 4, 5, 678)), '2026-01-02T03:04:05.678000Z');
  });

  test('rejects timings client-go rejects', () => {
    const store = new MemoryLease();
    assert.throws(() => new LeaderElector({ store, leaseDurationMs: 10, renewDeadlineMs: 10, retryPeriodMs: 1 }), /renew deadline/);
    assert.throws(() => new LeaderElector({ store, leaseDurationMs: 10, renewDeadlineMs: 5, retryPeriodMs: 5 }), /retry period/);
  });

  test('takes a missing lease, then renews it keeping acquireTime', async () => {
    const store = new MemoryLease();
    const clock = new FakeClock();
    const a = elector(store, clock, 'a');
    assert.equal(await a.tryAcquireOrRenew(), true);
    const first = store.stored!.record;
    assert.deepEqual([first.holderIdentity, first.leaseDurationSeconds, first.leaseTransitions], ['a', 15, 0]);
    clock.time += 2000;
    assert.equal(await a.tryAcquireOrRenew(), true);
    assert.equal(store.stored!.record.acquireTime, first.acquireTime);
    assert.notEqual(store.stored!.record.renewTime, first.renewTime);
    assert.equal(store.stored!.record.leaseTransitions, 0);
  });

  test('a lease held by another is taken only after a whole lease duration without changes, observed locally', async () => {
    const store = new MemoryLease();
    const clock = new FakeClock();
    const a = elector(store, clock, 'a');
    const b = elector(store, clock, 'b');
    await a.tryAcquireOrRenew();
    assert.equal(await b.tryAcquireOrRenew(), false, 'b observes the record now');
    clock.time += 14_000;
    assert.equal(await b.tryAcquireOrRenew(), false, 'not yet expired');
    await a.tryAcquireOrRenew();
    clock.time += 14_000;
    assert.equal(await b.tryAcquireOrRenew(), false, 'a renewed: the 15 s start again when b sees the change');
    clock.time += 15_001;
    assert.equal(await b.tryAcquireOrRenew(), true, 'expired');
    assert.deepEqual([store.stored!.record.holderIdentity, store.stored!.record.leaseTransitions], ['b', 1]);
  });

  test('a released lease (empty holder) is taken at once', async () => {
    const store = new MemoryLease();
    const clock = new FakeClock();
    const a = elector(store, clock, 'a');
    const b = elector(store, clock, 'b');
    await a.tryAcquireOrRenew();
    await b.tryAcquireOrRenew();
    await a.release();
    assert.deepEqual([store.stored!.record.holderIdentity, store.stored!.record.leaseDurationSeconds], ['', 1]);
    assert.equal(a.isLeader, false);
    assert.equal(await b.tryAcquireOrRenew(), true);
  });

  test('acquire retries every retry period until the lease frees up', async () => {
    const store = new MemoryLease();
    const clock = new FakeClock();
    const a = elector(store, clock, 'a');
    const b = elector(store, clock, 'b');
    await a.tryAcquireOrRenew();
    const abort = new AbortController();
    let acquired = false;
    const waiting = b.acquire(abort.signal).then((ok) => (acquired = ok));
    await clock.advance(10_000);
    assert.equal(acquired, false);
    await clock.advance(8_000);
    await waiting;
    assert.equal(acquired, true, 'taken within a retry period (with jitter) after expiry');
  });

  test('keepRenewing reports a lost lease after the renew deadline without a successful renewal', async () => {
    const store = new MemoryLease();
    const clock = new FakeClock();
    const a = elector(store, clock, 'a');
    await a.tryAcquireOrRenew();
    const abort = new AbortController();
    let outcome: string | undefined;
    const renewing = a.keepRenewing(abort.signal).then((o) => (outcome = o));
    await clock.advance(6_000);
    assert.equal(outcome, undefined, 'renewing fine');
    store.failing = true;
    await clock.advance(8_000);
    assert.equal(outcome, undefined, 'failures shorter than the renew deadline are tolerated');
    await clock.advance(4_000);
    await renewing;
    assert.equal(outcome, 'lost');
    assert.equal(a.isLeader, false);
  });

  test('keepRenewing stops cleanly when aborted', async () => {
    const store = new MemoryLease();
    const clock = new FakeClock();
    const a = elector(store, clock, 'a');
    await a.tryAcquireOrRenew();
    const abort = new AbortController();
    const renewing = a.keepRenewing(abort.signal);
    abort.abort();
    assert.equal(await renewing, 'stopped');
  });

  test('a renewal that failed under load does not keep the held lease from being released', async () => {
    const store = new MemoryLease();
    const clock = new FakeClock();
    const a = elector(store, clock, 'a');
    await a.tryAcquireOrRenew();
    store.failing = true;
    assert.equal(await a.tryAcquireOrRenew(), false, 'one failed renewal');
    store.failing = false;
    await a.release();
    assert.equal(store.stored?.record.holderIdentity, '', 'released although the last renewal failed');
  });

  test('release waits for a renewal in flight, and nothing renews after it', async () => {
    const store = new MemoryLease();
    const clock = new FakeClock();
    const a = elector(store, clock, 'a');
    await a.tryAcquireOrRenew();
    let unblock: () => void = () => undefined;
    const slowGet = store.get.bind(store);
    store.get = () => new Promise((resolve) => (unblock = () => resolve(slowGet())));
    const renewal = a.tryAcquireOrRenew();
    const releasing = a.release();
    store.get = slowGet;
    unblock();
    await Promise.all([renewal, releasing]);
    assert.equal(store.stored?.record.holderIdentity, '', 'the release landed after the renewal, not before it');
    assert.equal(await a.tryAcquireOrRenew(), false, 'a released elector does not take the lease back');
    assert.equal(store.stored?.record.holderIdentity, '');
  });
});
