// The dynamic controller (1.N): one rate-limited queue and N workers for the instances of every registered kind,
// a metadata-only parent watch per kind, and the child/external watches instances request, routed back to them.
// Kinds come and go at runtime as RGDs are served and deleted, which is why this is not a static controller
// (upstream's pkg/dynamiccontroller explains the same choice).
//
// The reconcile handler of a kind knows nothing of events or queues: it gets an instance reference and a scoped
// watcher and returns an InstanceOutcome; `toReconcileResult` and the shared ControllerLoop turn that into queue
// calls. Keys are deduplicated while queued and never processed by two workers at once.
import type { GroupVersionResource } from '../../api/index.js';
import { isNotFound, type InformerFactory } from '../../kube/index.js';
import type { WatchRequest } from '../../runtime/index.js';
import type { Logger } from '../logger.js';
import type { KroMetrics } from '../metrics.js';
import { ControllerLoop, WorkQueue, controllerRateLimiter, realClock, type Clock, type ReconcileOutcome } from '../queue/index.js';
import { WatchCoordinator, routeTargetOf, type InstanceWatcher } from './coordinator.js';
import { describeInstance, gvrId, instanceKey, instanceKeyPrefix, metricGvr, parseInstanceKey, type InstanceRef } from './keys.js';
import { commitsWatches, isReconcileError, outcomeText, requeueType, toReconcileResult, type InstanceOutcome } from './outcome.js';
import { parentUpdateTriggers } from './predicates.js';
import { WatchManager, type WatchedEvent } from './watch-manager.js';

export interface InstanceHandler {
  reconcile(ref: InstanceRef, watcher: InstanceWatcher, signal: AbortSignal): Promise<InstanceOutcome>;
}

export interface DynamicControllerOptions {
  readonly informers: InformerFactory;
  readonly logger: Logger;
  readonly metrics?: KroMetrics;
  /** `--dynamic-controller-concurrent-reconciles`. @default 1 */
  readonly workers?: number;
  /** Per-key backoff and global bucket (`--dynamic-controller-rate-limiter-*`). */
  readonly rateLimiter?: { readonly minDelayMs: number; readonly maxDelayMs: number; readonly qps: number; readonly burst: number };
  /** `--dynamic-controller-default-queue-max-retries`. @default 20 */
  readonly maxRetries?: number;
  /** `--dynamic-controller-default-resync-period`: every instance is queued this often. @default 36000000 (10h) */
  readonly resyncPeriodMs?: number;
  /** A watch that has not listed after this long is reported. @default 30000 */
  readonly watchSyncTimeoutMs?: number;
  readonly clock?: Clock;
}

/** A watch an instance relies on that does not work, and why. */
export interface WatchProblem {
  readonly request: WatchRequest;
  readonly problem: string;
}

interface Registered {
  readonly gvr: GroupVersionResource;
  readonly handler: InstanceHandler;
  resync?: unknown;
}

export class DynamicController {
  readonly queue: WorkQueue<string>;
  readonly watches: WatchManager;
  readonly coordinator: WatchCoordinator;
  private readonly handlers = new Map<string, Registered>();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private loop: ControllerLoop<string> | undefined;
  private gaugesDirty = false;
  private gaugeTimer: unknown;

  constructor(private readonly options: DynamicControllerOptions) {
    this.clock = options.clock ?? realClock;
    this.logger = options.logger;
    const rl = options.rateLimiter;
    this.queue = new WorkQueue<string>({
      rateLimiter: controllerRateLimiter(this.clock, rl ? { minDelayMs: rl.minDelayMs, maxDelayMs: rl.maxDelayMs, qps: rl.qps, burst: rl.burst } : {}),
      clock: this.clock,
      onLengthChange: (length) => options.metrics?.dynamicQueueLength.set(length),
    });
    this.watches = new WatchManager({
      informers: options.informers,
      onEvent: (event) => this.onEvent(event),
      onHealthChange: (gvr, problem) => this.onWatchHealth(gvr, problem),
      ...(options.metrics ? { metrics: options.metrics } : {}),
      ...(options.watchSyncTimeoutMs !== undefined ? { syncTimeoutMs: options.watchSyncTimeoutMs } : {}),
      clock: this.clock,
    });
    this.coordinator = new WatchCoordinator({
      ensure: (gvr) => this.watches.ensure(gvr, 'coordinator'),
      release: (gvr) => void this.watches.release(gvr, 'coordinator'),
      requeue: (key) => this.queue.add(key),
    });
  }

  start(): void {
    if (this.loop) return;
    this.loop = new ControllerLoop<string>({
      queue: this.queue,
      reconciler: { reconcile: (key, signal) => this.reconcile(key, signal) },
      workers: this.options.workers ?? 1,
      maxRetries: this.options.maxRetries ?? 20,
      isDroppable: (err) => isNotFound(err),
      hooks: { onReconciled: (key, outcome, ms, error) => this.report(key, outcome, ms, error) },
    });
    this.loop.start();
  }

  /** Stops the workers (waiting for in-flight reconciles) and every watch. */
  async stop(): Promise<void> {
    if (this.loop) await this.loop.stop();
    else this.queue.shutDown();
    for (const r of this.handlers.values()) if (r.resync !== undefined) this.clock.clearTimeout(r.resync);
    this.handlers.clear();
    if (this.gaugeTimer !== undefined) this.clock.clearTimeout(this.gaugeTimer);
    await this.watches.stop();
  }

  /**
   * Serves `gvr` with `handler`: starts its parent watch if new, and queues every instance known so far (a
   * re-registration is how instances move to a newly active revision, behavior 39). Never waits for the watch.
   */
  register(gvr: GroupVersionResource, handler: InstanceHandler): void {
    const id = gvrId(gvr);
    const existing = this.handlers.get(id);
    const entry: Registered = { gvr, handler, ...(existing?.resync !== undefined ? { resync: existing.resync } : {}) };
    this.handlers.set(id, entry);
    if (!existing) {
      this.watches.ensure(gvr, 'parent');
      this.options.metrics?.dynamicGvrCount.set(this.handlers.size);
      this.options.metrics?.dynamicHandlerAttach.inc({ type: 'parent' });
      this.options.metrics?.dynamicHandlerCount.inc({ type: 'parent' });
      this.scheduleResync(entry);
    }
    this.enqueueAll(gvr);
  }

  /** Stops serving `gvr`: its queued keys are dropped when they come up, its watches released. */
  async deregister(gvr: GroupVersionResource): Promise<void> {
    const id = gvrId(gvr);
    const entry = this.handlers.get(id);
    if (!entry) return;
    this.handlers.delete(id);
    if (entry.resync !== undefined) this.clock.clearTimeout(entry.resync);
    this.coordinator.removeInstancesWithPrefix(instanceKeyPrefix(gvr));
    this.options.metrics?.dynamicGvrCount.set(this.handlers.size);
    this.options.metrics?.dynamicHandlerDetach.inc({ type: 'parent' });
    this.markGauges();
    await this.watches.release(gvr, 'parent');
  }

  isRegistered(gvr: GroupVersionResource): boolean {
    return this.handlers.has(gvrId(gvr));
  }

  enqueue(ref: InstanceRef): void {
    this.queue.add(instanceKey(ref));
  }

  /** Why the parent watch of `gvr` does not work, if it does not. */
  parentProblem(gvr: GroupVersionResource): string | undefined {
    return this.watches.problem(gvr);
  }

  /** The watches an instance relies on that do not work right now. */
  watchProblems(ref: InstanceRef): WatchProblem[] {
    const problems: WatchProblem[] = [];
    for (const request of this.coordinator.requestsOf(instanceKey(ref))) {
      const problem = this.watches.problem(request.gvr);
      if (problem !== undefined) problems.push({ request, problem });
    }
    return problems;
  }

  private async reconcile(key: string, signal: AbortSignal) {
    const ref = parseInstanceKey(key);
    const entry = this.handlers.get(gvrId(ref.gvr));
    if (!entry) return {};
    const watcher = this.coordinator.forInstance(key);
    const gvr = metricGvr(ref.gvr);
    const started = performance.now();
    let outcome: InstanceOutcome;
    try {
      outcome = await entry.handler.reconcile(ref, watcher, signal);
    } catch (error) {
      // Handlers return their failures; a throw is a bug. Like a recovered panic upstream: count it and retry.
      this.options.metrics?.dynamicReconcilePanics.inc({ gvr });
      this.logger.error({ instance: describeInstance(ref), err: error }, 'instance reconcile threw');
      outcome = { kind: 'retry', error };
    }
    if (outcome.kind === 'gone' || this.handlers.get(gvrId(ref.gvr)) !== entry) this.coordinator.removeInstance(key);
    else watcher.done(commitsWatches(outcome));
    const metrics = this.options.metrics;
    metrics?.dynamicReconcileTotal.inc({ gvr });
    metrics?.dynamicReconcileDuration.observe({ gvr }, (performance.now() - started) / 1000);
    const type = requeueType(outcome);
    if (type) metrics?.dynamicRequeueTotal.inc({ gvr, type });
    if (isReconcileError(outcome)) metrics?.dynamicHandlerErrors.inc({ gvr });
    this.markGauges();
    return toReconcileResult(outcome);
  }

  private report(key: string, outcome: ReconcileOutcome, ms: number, error: unknown): void {
    const instance = describeInstance(parseInstanceKey(key));
    if (this.queue.isShuttingDown) this.logger.debug({ instance, outcome }, 'instance reconcile ended by shutdown');
    else if (error === undefined) this.logger.debug({ instance, outcome, durationMs: Math.round(ms) }, 'reconciled instance');
    else if (outcome === 'dropped') this.logger.error({ instance, err: outcomeText({ kind: 'retry', error }) }, 'instance reconcile failed; not retrying');
    else this.logger.info({ instance, err: outcomeText({ kind: 'retry', error }), outcome }, 'instance reconcile failed; retrying');
  }

  private onEvent(event: WatchedEvent): void {
    const id = gvrId(event.gvr);
    if (this.handlers.has(id)) this.onParentEvent(event);
    const metrics = this.options.metrics;
    const gvr = metricGvr(event.gvr);
    metrics?.dynamicRouteTotal.inc({ gvr });
    const matched = this.coordinator.route(routeTargetOf(event.gvr, event.object, event.old, event.type === 'delete'));
    if (matched.length > 0) metrics?.dynamicRouteMatchTotal.inc({ gvr });
    for (const key of matched) this.queue.add(key);
  }

  private onParentEvent(event: WatchedEvent): void {
    if (event.type === 'update' && event.old && !parentUpdateTriggers(event.old.metadata, event.object.metadata)) return;
    this.enqueue({ gvr: event.gvr, namespace: event.object.metadata.namespace ?? '', name: event.object.metadata.name ?? '' });
  }

  /** A watch broke or healed: the instances relying on it reconcile, to report it or to catch up. */
  private onWatchHealth(gvr: GroupVersionResource, problem: string | undefined): void {
    if (problem !== undefined) this.logger.warn({ gvr: metricGvr(gvr), problem }, 'watch is not working; instances relying on it fall back to periodic requeues');
    else this.logger.info({ gvr: metricGvr(gvr) }, 'watch works again');
    for (const key of this.coordinator.instancesWatching(gvr)) this.queue.add(key);
    if (this.handlers.has(gvrId(gvr))) this.enqueueAll(gvr);
  }

  private enqueueAll(gvr: GroupVersionResource): void {
    for (const object of this.watches.informer(gvr)?.list() ?? []) {
      this.enqueue({ gvr, namespace: object.metadata.namespace ?? '', name: object.metadata.name ?? '' });
    }
  }

  private scheduleResync(entry: Registered): void {
    const period = this.options.resyncPeriodMs ?? 36_000_000;
    if (period <= 0) return;
    entry.resync = this.clock.setTimeout(() => {
      if (this.handlers.get(gvrId(entry.gvr)) === undefined) return;
      this.enqueueAll(entry.gvr);
      this.scheduleResync(this.handlers.get(gvrId(entry.gvr)) ?? entry);
    }, period);
  }

  /** Watch gauges are recomputed at most once a second: counting walks every request. */
  private markGauges(): void {
    const metrics = this.options.metrics;
    if (!metrics || this.gaugesDirty) return;
    this.gaugesDirty = true;
    this.gaugeTimer = this.clock.setTimeout(() => {
      this.gaugesDirty = false;
      this.gaugeTimer = undefined;
      const counts = this.coordinator.counts();
      metrics.dynamicWatchRequestCount.reset();
      for (const [gvr, c] of counts.byGvr) {
        metrics.dynamicWatchRequestCount.set({ gvr, type: 'scalar' }, c.object);
        metrics.dynamicWatchRequestCount.set({ gvr, type: 'collection' }, c.selector);
      }
      metrics.dynamicInstanceWatchCount.reset();
      const perParent = new Map<string, number>();
      for (const key of this.coordinator.instanceKeys()) {
        const parent = metricGvr(parseInstanceKey(key).gvr);
        perParent.set(parent, (perParent.get(parent) ?? 0) + 1);
      }
      for (const [parent_gvr, n] of perParent) metrics.dynamicInstanceWatchCount.set({ parent_gvr }, n);
    }, 1000);
  }
}
