// Exponential backoff with jitter, shared by request retries and the reflector's reconnect loop. A clock
// and a random source are injectable so the schedule is unit-tested without sleeping. Hand-written: it is
// a dozen lines and must match client-go's reflector behavior (reset after a stable period).

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface BackoffOptions {
  /** @default 800 */
  readonly initialMs?: number;
  /** @default 30000 */
  readonly maxMs?: number;
  /** @default 2 */
  readonly factor?: number;
  /** Fraction of the delay added at random, so many clients do not reconnect in step. @default 0.5 */
  readonly jitter?: number;
  /** After this long without a failure the next failure starts again from `initialMs`. @default 120000 */
  readonly resetAfterMs?: number;
}

export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly resetAfterMs: number;
  private current = 0;
  private lastFailureAt: number | undefined;

  constructor(options: BackoffOptions = {}, private readonly random: () => number = Math.random) {
    this.initialMs = options.initialMs ?? 800;
    this.maxMs = options.maxMs ?? 30_000;
    this.factor = options.factor ?? 2;
    this.jitter = options.jitter ?? 0.5;
    this.resetAfterMs = options.resetAfterMs ?? 120_000;
  }

  /** The delay before the next attempt after a failure at `now`. */
  next(now: number): number {
    if (this.lastFailureAt !== undefined && now - this.lastFailureAt >= this.resetAfterMs) this.current = 0;
    this.lastFailureAt = now;
    this.current = this.current === 0 ? this.initialMs : Math.min(this.maxMs, this.current * this.factor);
    return Math.round(this.current * (1 + this.jitter * this.random()));
  }

  reset(): void {
    this.current = 0;
    this.lastFailureAt = undefined;
  }
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds, or undefined. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
