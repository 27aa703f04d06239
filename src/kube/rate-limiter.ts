// Client-side token bucket limiting requests per second, like client-go's `--kube-api-qps/--kube-api-burst`
// (kro's `--client-qps/--client-burst`, defaults 100/150). It reserves tokens ahead, so waiters are served in
// arrival order without polling. Hand-written: the logic is small and must not pull a dependency.
import { systemClock, type Clock } from './backoff.js';

export interface RateLimiterOptions {
  /** Sustained requests per second; 0 or less disables limiting. @default 100 */
  readonly qps?: number;
  /** Requests allowed at once after an idle period. @default 150 */
  readonly burst?: number;
}

export class TokenBucket {
  readonly qps: number;
  readonly burst: number;
  private tokens: number;
  private updatedAt: number;

  constructor(options: RateLimiterOptions = {}, private readonly clock: Clock = systemClock) {
    this.qps = options.qps ?? 100;
    this.burst = Math.max(1, options.burst ?? 150);
    this.tokens = this.burst;
    this.updatedAt = clock.now();
  }

  /** Takes a token now and returns how long the caller must wait before using it (0 = go). */
  reserve(): number {
    if (this.qps <= 0) return 0;
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.qps);
    this.updatedAt = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.qps) * 1000);
  }

  /** Waits for a token. An abort while waiting gives the reserved token back. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const waitMs = this.reserve();
    if (waitMs === 0) return;
    try {
      await this.clock.sleep(waitMs, signal);
    } catch (err) {
      this.tokens = Math.min(this.burst, this.tokens + 1);
      throw err;
    }
  }
}
