// A Clock for unit tests: sleeping advances time at once and records the delay, so schedules are
// asserted without waiting.
import type { Clock } from '../../../src/kube/index.js';

export class FakeClock implements Clock {
  time = 1_000_000;
  readonly sleeps: number[] = [];

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.time += ms;
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) throw signal.reason;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}
