// Rate limiters for the work queue, shaped like client-go's: a per-key exponential backoff for failures,
// a global token bucket, and the max of both (upstream kro's dynamic controller uses exactly that pair,
// 200ms..1000s per key and 10/s with a burst of 100).
import type { Clock } from './workqueue.js';

export interface RateLimiter<K> {
  /** The delay before `key` may be processed again; counts one more failure for it. */
  when(key: K): number;
  forget(key: K): void;
  numRequeues(key: K): number;
}

export class ExponentialBackoffRateLimiter<K> implements RateLimiter<K> {
  private readonly failures = new Map<K, number>();
  constructor(
    private readonly baseDelayMs: number,
    private readonly maxDelayMs: number,
  ) {}

  when(key: K): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    const delay = this.baseDelayMs * 2 ** n;
    return Number.isFinite(delay) ? Math.min(delay, this.maxDelayMs) : this.maxDelayMs;
  }

  forget(key: K): void {
    this.failures.delete(key);
  }

  numRequeues(key: K): number {
    return this.failures.get(key) ?? 0;
  }
}

/** A token bucket shared by all keys: `qps` tokens per second, at most `burst` saved up. */
export class TokenBucketRateLimiter<K> implements RateLimiter<K> {
  private tokens: number;
  private last: number;
  constructor(
    private readonly qps: number,
    private readonly burst: number,
    private readonly clock: Pick<Clock, 'now'>,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  when(_key: K): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.qps) * 1000);
  }

  forget(_key: K): void {}

  numRequeues(_key: K): number {
    return 0;
  }
}

export class MaxOfRateLimiter<K> implements RateLimiter<K> {
  private readonly limiters: readonly RateLimiter<K>[];
  constructor(...limiters: RateLimiter<K>[]) {
    this.limiters = limiters;
  }

  when(key: K): number {
    return Math.max(0, ...this.limiters.map((l) => l.when(key)));
  }

  forget(key: K): void {
    for (const l of this.limiters) l.forget(key);
  }

  numRequeues(key: K): number {
    return Math.max(0, ...this.limiters.map((l) => l.numRequeues(key)));
  }
}

export interface ControllerRateLimiterOptions {
  /** @default 200 */
  readonly minDelayMs?: number;
  /** @default 1_000_000 (1000 s) */
  readonly maxDelayMs?: number;
  /** @default 10 */
  readonly qps?: number;
  /** @default 100 */
  readonly burst?: number;
}

/** Upstream kro's dynamic controller limiter: max(per-key exponential backoff, global token bucket). */
export function controllerRateLimiter<K>(clock: Pick<Clock, 'now'>, options: ControllerRateLimiterOptions = {}): RateLimiter<K> {
  return new MaxOfRateLimiter<K>(
    new ExponentialBackoffRateLimiter<K>(options.minDelayMs ?? 200, options.maxDelayMs ?? 1_000_000),
    new TokenBucketRateLimiter<K>(options.qps ?? 10, options.burst ?? 100, clock),
  );
}
