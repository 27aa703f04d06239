// A work queue with client-go's semantics (util/workqueue): a key queued twice is processed once (the
// `dirty` set), a key is never handed to two workers at once (the `processing` set; re-adds during
// processing are parked and re-queued on done()), delayed adds, and rate-limited adds through a
// RateLimiter. Hand-written because no maintained npm package offers these guarantees; the whole thing is
// small and its time source is injected so tests advance time without sleeping.
import type { RateLimiter } from './rate-limiters.js';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface WorkQueueOptions<K> {
  readonly rateLimiter: RateLimiter<K>;
  /** @default realClock */
  readonly clock?: Clock;
  /** Called whenever the number of queued keys changes (for the queue-length metric). */
  readonly onLengthChange?: (length: number) => void;
}

export class WorkQueue<K> {
  private readonly queue: K[] = [];
  private readonly dirty = new Set<K>();
  private readonly processing = new Set<K>();
  /** Earliest pending delayed add per key. */
  private readonly waiting = new Map<K, { at: number; handle: unknown }>();
  private readonly getters: ((key: K | undefined) => void)[] = [];
  private readonly clock: Clock;
  private readonly rateLimiter: RateLimiter<K>;
  private readonly onLengthChange: ((length: number) => void) | undefined;
  private shuttingDown = false;

  constructor(options: WorkQueueOptions<K>) {
    this.clock = options.clock ?? realClock;
    this.rateLimiter = options.rateLimiter;
    this.onLengthChange = options.onLengthChange;
  }

  /** Queues `key` unless it is already queued; a key being processed is re-queued when done. */
  add(key: K): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    const getter = this.getters.shift();
    if (getter) {
      this.dirty.delete(key);
      this.processing.add(key);
      getter(key);
      return;
    }
    this.queue.push(key);
    this.onLengthChange?.(this.queue.length);
  }

  /** Queues `key` after `delayMs`; of several pending delays for one key the earliest wins. */
  addAfter(key: K, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const at = this.clock.now() + delayMs;
    const pending = this.waiting.get(key);
    if (pending && pending.at <= at) return;
    if (pending) this.clock.clearTimeout(pending.handle);
    const handle = this.clock.setTimeout(() => {
      this.waiting.delete(key);
      this.add(key);
    }, delayMs);
    this.waiting.set(key, { at, handle });
  }

  /** Queues `key` after the rate limiter's delay for it (backoff on repeated failures). */
  addRateLimited(key: K): void {
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** Clears the failure history of `key`; call after a successful reconcile. */
  forget(key: K): void {
    this.rateLimiter.forget(key);
  }

  numRequeues(key: K): number {
    return this.rateLimiter.numRequeues(key);
  }

  /** The next key to process, waiting for one; `undefined` once the queue is shut down. */
  get(): Promise<K | undefined> {
    const key = this.queue.shift();
    if (key !== undefined) {
      this.dirty.delete(key);
      this.processing.add(key);
      this.onLengthChange?.(this.queue.length);
      return Promise.resolve(key);
    }
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Marks `key` processed; if it was added meanwhile it goes back on the queue. */
  done(key: K): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.dirty.delete(key);
      this.add(key);
    }
  }

  get length(): number {
    return this.queue.length;
  }

  /** Stops handing out keys; waiting get() calls resolve with undefined. Pending delays are dropped. */
  shutDown(): void {
    this.shuttingDown = true;
    for (const { handle } of this.waiting.values()) this.clock.clearTimeout(handle);
    this.waiting.clear();
    for (const getter of this.getters.splice(0)) getter(undefined);
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }
}
