// The loop between a work queue and a reconciler: N workers take keys, call reconcile, and one switch maps
// the outcome onto queue calls (controller-runtime's reconcileHandler). The reconciler knows nothing of
// events or queues; it returns when to look again, or throws.
//
//   returned {requeue: true}        -> forget failures, add now
//   returned {requeueAfterMs: d}    -> forget failures, add after d
//   returned {}                     -> forget failures
//   threw TerminalError / dropped   -> forget failures, report, no retry
//   threw anything else             -> add rate-limited, up to maxRetries, then drop and report
import { setMaxListeners } from 'node:events';
import type { WorkQueue } from './workqueue.js';

export interface ReconcileResult {
  readonly requeue?: boolean;
  readonly requeueAfterMs?: number;
}

export interface Reconciler<K> {
  reconcile(key: K, signal: AbortSignal): Promise<ReconcileResult>;
}

/** An error that retrying cannot fix: reported once, never retried. */
export class TerminalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TerminalError';
  }
}

export type ReconcileOutcome = 'success' | 'requeue' | 'requeue_after' | 'rate_limited' | 'dropped';

export interface ControllerLoopHooks<K> {
  /** After every reconcile. `error` is set when the reconcile threw. */
  onReconciled?(key: K, outcome: ReconcileOutcome, durationMs: number, error?: unknown): void;
}

export interface ControllerLoopOptions<K> {
  readonly queue: WorkQueue<K>;
  readonly reconciler: Reconciler<K>;
  /** @default 1 */
  readonly workers?: number;
  /** Retries of a failing key before it is dropped; <= 0 retries forever. @default 20 */
  readonly maxRetries?: number;
  /** Errors for which retrying makes no sense besides TerminalError, e.g. NotFound. */
  readonly isDroppable?: (error: unknown) => boolean;
  readonly hooks?: ControllerLoopHooks<K>;
}

export class ControllerLoop<K> {
  private readonly abort = new AbortController();
  private workers: Promise<void>[] = [];

  constructor(private readonly options: ControllerLoopOptions<K>) {
    // Every API call of every in-flight reconcile listens on this one signal (undici adds a listener per
    // request), so more than 10 at once is normal, not a leak.
    setMaxListeners(0, this.abort.signal);
  }

  start(): void {
    const count = Math.max(1, this.options.workers ?? 1);
    for (let i = 0; i < count; i++) this.workers.push(this.work());
  }

  /** Shuts the queue down, aborts in-flight reconciles' signal and waits for the workers to return. */
  async stop(): Promise<void> {
    this.options.queue.shutDown();
    this.abort.abort();
    await Promise.all(this.workers);
    this.workers = [];
  }

  private async work(): Promise<void> {
    const { queue } = this.options;
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      try {
        await this.processOne(key);
      } finally {
        queue.done(key);
      }
    }
  }

  /** Runs one reconcile and applies the outcome switch. Never throws. */
  private async processOne(key: K): Promise<void> {
    const { queue, reconciler, hooks } = this.options;
    const started = performance.now();
    let outcome: ReconcileOutcome;
    let error: unknown;
    try {
      const result = await reconciler.reconcile(key, this.abort.signal);
      queue.forget(key);
      if (result.requeue) {
        queue.add(key);
        outcome = 'requeue';
      } else if (result.requeueAfterMs !== undefined && result.requeueAfterMs > 0) {
        queue.addAfter(key, result.requeueAfterMs);
        outcome = 'requeue_after';
      } else {
        outcome = 'success';
      }
    } catch (err) {
      error = err;
      outcome = this.onError(key, err);
    }
    try {
      hooks?.onReconciled?.(key, outcome, performance.now() - started, error);
    } catch {
      // A failing hook (logging, metrics) must not stop the worker.
    }
  }

  private onError(key: K, err: unknown): ReconcileOutcome {
    const { queue, isDroppable } = this.options;
    const maxRetries = this.options.maxRetries ?? 20;
    if (err instanceof TerminalError || isDroppable?.(err) === true || queue.isShuttingDown) {
      queue.forget(key);
      return 'dropped';
    }
    if (maxRetries > 0 && queue.numRequeues(key) >= maxRetries) {
      queue.forget(key);
      return 'dropped';
    }
    queue.addRateLimited(key);
    return 'rate_limited';
  }
}
