// Declared watches for the RGD and GraphRevision controllers (controller-runtime's For/Owns/Watches builder,
// style.md §7.8): a `ControllerDefinition` lists the informers to watch, how each event maps to reconcile keys,
// and the reconciler. This file turns the definition into shared informers, a work queue and a ControllerLoop,
// and owns logging and metrics of reconcile outcomes, so the reconcilers themselves know nothing of events,
// queues or metrics.
import type { KubeObject } from '../api/index.js';
import type { InformerFactory, InformerHandle, InformerKey } from '../kube/index.js';
import type { Logger } from './logger.js';
import { ControllerLoop, WorkQueue, controllerRateLimiter, realClock, type Reconciler, type ReconcileOutcome } from './queue/index.js';
import type { ControllerRuntimeMetrics } from './runtime-metrics.js';

/** An informer event as a watch's mapping function sees it. */
export type WatchEvent =
  | { readonly type: 'add'; readonly object: KubeObject; readonly initialList: boolean }
  | { readonly type: 'update'; readonly old: KubeObject; readonly object: KubeObject }
  | { readonly type: 'delete'; readonly object: KubeObject };

export interface WatchDefinition {
  readonly informer: InformerKey;
  /** The reconcile keys an event maps to; [] to ignore it. Predicates live here, each with its reason. */
  readonly toKeys: (event: WatchEvent) => readonly string[];
}

export interface ControllerDefinition {
  /** Controller name in logs and metrics (`ResourceGraphDefinition`, `GraphRevision`). */
  readonly name: string;
  readonly watches: readonly WatchDefinition[];
  readonly reconciler: Reconciler<string>;
  /** @default 1 */
  readonly workers?: number;
  /** Retries before a failing key is dropped; 0 retries forever (controller-runtime). @default 0 */
  readonly maxRetries?: number;
}

export interface ControllerDeps {
  readonly informers: InformerFactory;
  readonly logger: Logger;
  readonly metrics?: ControllerRuntimeMetrics;
}

/** A running controller: its informers, queue and workers. */
export class Controller {
  readonly queue: WorkQueue<string>;
  private readonly handles: InformerHandle[] = [];
  private loop: ControllerLoop<string> | undefined;
  private watching = false;
  private readonly logger: Logger;

  constructor(
    private readonly definition: ControllerDefinition,
    private readonly deps: ControllerDeps,
  ) {
    this.logger = deps.logger.child({ controller: definition.name });
    const labels = { name: definition.name, controller: definition.name };
    // controller-runtime's default limiter: 5 ms .. 1000 s per key, and 10/s with a burst of 100 overall.
    this.queue = new WorkQueue<string>({
      rateLimiter: controllerRateLimiter(realClock, { minDelayMs: 5, maxDelayMs: 1_000_000, qps: 10, burst: 100 }),
      onLengthChange: (length) => deps.metrics?.queueDepth.set(labels, length),
    });
    deps.metrics?.queueDepth.set(labels, 0);
    deps.metrics?.activeWorkers.set({ controller: definition.name }, 0);
  }

  /** Queues a key from outside the declared watches (e.g. the revision registry settling). */
  enqueue(key: string): void {
    this.deps.metrics?.queueAdds.inc({ name: this.definition.name, controller: this.definition.name });
    this.queue.add(key);
  }

  /** Acquires the informers and subscribes; resolves true once every informer has listed. */
  async startWatches(signal?: AbortSignal): Promise<boolean> {
    if (this.watching) return this.waitForSync(signal);
    this.watching = true;
    for (const watch of this.definition.watches) {
      const handle = this.deps.informers.acquire(watch.informer, {
        onError: (err) => this.logger.debug({ err, informer: watch.informer.gvr.resource }, 'watch error'),
      });
      this.handles.push(handle);
      const dispatch = (event: WatchEvent) => {
        for (const key of watch.toKeys(event)) this.enqueue(key);
      };
      handle.addHandlers({
        onAdd: (object, initialList) => dispatch({ type: 'add', object, initialList }),
        onUpdate: (old, object) => dispatch({ type: 'update', old, object }),
        onDelete: (object) => dispatch({ type: 'delete', object }),
      });
    }
    return this.waitForSync(signal);
  }

  private async waitForSync(signal?: AbortSignal): Promise<boolean> {
    const synced = await Promise.all(this.handles.map((h) => h.informer.waitForSync(signal)));
    return synced.every(Boolean);
  }

  hasSynced(): boolean {
    return this.watching && this.handles.every((h) => h.informer.hasSynced());
  }

  startWorkers(): void {
    if (this.loop) return;
    const workers = this.definition.workers ?? 1;
    this.deps.metrics?.maxConcurrentReconciles.set({ controller: this.definition.name }, workers);
    this.loop = new ControllerLoop<string>({
      queue: this.queue,
      reconciler: this.instrumented(this.definition.reconciler),
      workers,
      maxRetries: this.definition.maxRetries ?? 0,
      hooks: { onReconciled: (key, outcome, ms, error) => this.report(key, outcome, ms, error) },
    });
    this.loop.start();
  }

  /** Stops taking keys, waits up to `timeoutMs` for in-flight reconciles, then releases the informers. */
  async stop(timeoutMs: number): Promise<boolean> {
    let drained = true;
    if (this.loop) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      drained = await Promise.race([this.loop.stop().then(() => true as const), timeout]);
      clearTimeout(timer);
      if (!drained) this.logger.warn({ timeoutMs }, 'workers did not finish within the graceful shutdown timeout');
    } else {
      this.queue.shutDown();
    }
    await Promise.all(this.handles.splice(0).map((h) => h.release()));
    return drained;
  }

  private instrumented(reconciler: Reconciler<string>): Reconciler<string> {
    const metrics = this.deps.metrics;
    const controller = this.definition.name;
    return {
      reconcile: async (key, signal) => {
        metrics?.activeWorkers.inc({ controller });
        try {
          return await reconciler.reconcile(key, signal);
        } finally {
          metrics?.activeWorkers.dec({ controller });
        }
      },
    };
  }

  private report(key: string, outcome: ReconcileOutcome, ms: number, error: unknown): void {
    const controller = this.definition.name;
    const metrics = this.deps.metrics;
    metrics?.reconcileTime.observe({ controller }, ms / 1000);
    const result = error ? 'error' : outcome === 'requeue_after' ? 'requeue_after' : outcome === 'requeue' ? 'requeue' : 'success';
    metrics?.reconcileTotal.inc({ controller, result });
    if (error && this.queue.isShuttingDown) {
      this.logger.debug({ name: key, err: errorText(error) }, 'reconcile interrupted by shutdown');
    } else if (error) {
      metrics?.reconcileErrors.inc({ controller });
      if (outcome === 'rate_limited') metrics?.queueRetries.inc({ name: controller, controller });
      this.logger.error({ name: key, err: errorText(error), outcome }, 'reconcile failed');
    } else {
      this.logger.debug({ name: key, outcome, durationMs: Math.round(ms) }, 'reconciled');
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
