// One metadata-only informer per GVR, shared by the parent watch of an instance kind ("parent") and by the child
// and external watches instances request ("coordinator"), started with its first owner and stopped with its last
// (upstream's pkg/dynamiccontroller WatchManager). Informers come from the process-wide InformerFactory, so a GVR
// another controller already watches the same way is not watched twice.
//
// Unlike upstream, `ensure` never waits for the informer's first list. Upstream blocks the caller for up to 30 s
// on every cache sync and retries it on every reconcile, so one watch that cannot sync (a missing `watch`
// permission, a kind whose API is down) stalls a worker for 30 s per reconcile (kubernetes-sigs/kro#1324).
// Reconciles read the API server, never this cache, so they do not need it synced. Instead each watch keeps its
// health: the last list/watch error until the informer shows it works again (it synced after the error, delivered
// an event, or moved its resourceVersion), or "not synced" once `syncTimeoutMs` passed without a first list.
// Errors that will not heal by themselves (403, 401, 404, 405) count at once; others (a CRD whose storage is
// still initializing, a timeout) only when they persist for `transientGraceMs`. Health changes are reported so the
// instances relying on the watch can be told.
import type { GroupVersionResource, KubeObject } from '../../api/index.js';
import { isForbidden, isNotFound, isUnauthorized, KubeError, type Informer, type InformerFactory, type InformerHandle } from '../../kube/index.js';
import type { KroMetrics } from '../metrics.js';
import { realClock, type Clock } from '../queue/index.js';
import { describeGvr, gvrId, metricGvr } from './keys.js';

export type WatchOwner = 'parent' | 'coordinator';

/** An informer event, normalized (upstream's dynamiccontroller.Event). */
export interface WatchedEvent {
  readonly type: 'add' | 'update' | 'delete';
  readonly gvr: GroupVersionResource;
  readonly object: KubeObject;
  /** The previous state, on updates. */
  readonly old?: KubeObject;
  /** Part of an informer's first list (or a replay to a late subscriber). */
  readonly initialList?: boolean;
}

export interface WatchManagerOptions {
  readonly informers: InformerFactory;
  /** Every event of every watched GVR. Must return quickly. */
  readonly onEvent: (event: WatchedEvent) => void;
  /** A watch became unhealthy (`problem` set) or healthy again (`problem` undefined). */
  readonly onHealthChange?: (gvr: GroupVersionResource, problem: string | undefined) => void;
  readonly metrics?: KroMetrics;
  /** A watch that has not listed after this long is reported. @default 30000 */
  readonly syncTimeoutMs?: number;
  /** How long a transient list/watch error must persist to be reported. @default 10000 */
  readonly transientGraceMs?: number;
  readonly clock?: Clock;
}

/** Errors a retry will not fix: missing permissions, a kind that is not served. */
function isLasting(err: unknown): boolean {
  return isForbidden(err) || isUnauthorized(err) || isNotFound(err) || (err instanceof KubeError && err.code === 405);
}

interface Watch {
  readonly gvr: GroupVersionResource;
  readonly owners: Set<WatchOwner>;
  readonly handle: InformerHandle;
  readonly startedAt: number;
  syncedAt?: number;
  /** Order of what happened (timestamps can tie): the informer's sync, its last event, its last error. */
  syncedSeq?: number;
  lastEventSeq?: number;
  lastErrorSeq?: number;
  lastError?: string;
  lastErrorAt?: number;
  lastErrorLasting?: boolean;
  /** The first error since the watch last worked. */
  failingSince?: number;
  versionAtError?: string | undefined;
  timer?: unknown;
  reported?: string | undefined;
}

export class WatchManager {
  private readonly watches = new Map<string, Watch>();
  private readonly clock: Clock;
  private stopped = false;
  private seq = 0;

  constructor(private readonly options: WatchManagerOptions) {
    this.clock = options.clock ?? realClock;
  }

  /** Adds `owner` to the GVR's watch, starting the informer if it is new. Returns at once. */
  ensure(gvr: GroupVersionResource, owner: WatchOwner): void {
    if (this.stopped) return;
    const id = gvrId(gvr);
    const existing = this.watches.get(id);
    if (existing) {
      existing.owners.add(owner);
      return;
    }
    const handle = this.options.informers.acquire({ gvr, metadataOnly: true }, { onError: (err) => this.failed(id, err) });
    const watch: Watch = { gvr, owners: new Set([owner]), handle, startedAt: this.clock.now() };
    this.watches.set(id, watch);
    this.options.metrics?.dynamicWatchCount.set(this.watches.size);
    const seen = () => {
      watch.lastEventSeq = ++this.seq;
      this.recheck(watch);
    };
    handle.addHandlers({
      onAdd: (object, initialList) => {
        seen();
        this.emit({ type: 'add', gvr, object, initialList });
      },
      onUpdate: (old, object) => {
        seen();
        this.emit({ type: 'update', gvr, object, old });
      },
      onDelete: (object) => {
        seen();
        this.emit({ type: 'delete', gvr, object });
      },
    });
    void handle.informer.waitForSync().then((synced) => {
      if (!synced || this.watches.get(id) !== watch) return;
      watch.syncedAt = this.clock.now();
      watch.syncedSeq = ++this.seq;
      this.options.metrics?.dynamicInformerSyncDuration.observe({ gvr: metricGvr(gvr) }, (watch.syncedAt - watch.startedAt) / 1000);
      this.recheck(watch);
    });
    watch.timer = this.clock.setTimeout(() => this.recheck(watch), this.options.syncTimeoutMs ?? 30_000);
  }

  /** Removes `owner`; the informer stops when no owner is left. */
  async release(gvr: GroupVersionResource, owner: WatchOwner): Promise<void> {
    const id = gvrId(gvr);
    const watch = this.watches.get(id);
    if (!watch) return;
    watch.owners.delete(owner);
    if (watch.owners.size > 0) return;
    this.watches.delete(id);
    this.options.metrics?.dynamicWatchCount.set(this.watches.size);
    if (watch.timer !== undefined) this.clock.clearTimeout(watch.timer);
    await watch.handle.release();
  }

  /** The informer of a watched GVR (its store holds the current objects' metadata). */
  informer(gvr: GroupVersionResource): Informer | undefined {
    return this.watches.get(gvrId(gvr))?.handle.informer;
  }

  has(gvr: GroupVersionResource, owner?: WatchOwner): boolean {
    const watch = this.watches.get(gvrId(gvr));
    return watch !== undefined && (owner === undefined || watch.owners.has(owner));
  }

  /** Why the GVR's watch cannot be relied on right now, or undefined when it works. */
  problem(gvr: GroupVersionResource): string | undefined {
    const watch = this.watches.get(gvrId(gvr));
    return watch ? this.diagnose(watch) : undefined;
  }

  get size(): number {
    return this.watches.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const all = [...this.watches.values()];
    this.watches.clear();
    this.options.metrics?.dynamicWatchCount.set(0);
    for (const w of all) if (w.timer !== undefined) this.clock.clearTimeout(w.timer);
    await Promise.all(all.map((w) => w.handle.release()));
  }

  private emit(event: WatchedEvent): void {
    this.options.metrics?.dynamicInformerEvents.inc({ gvr: metricGvr(event.gvr), event_type: event.type });
    this.options.onEvent(event);
  }

  private failed(id: string, err: unknown): void {
    const watch = this.watches.get(id);
    if (!watch) return;
    const now = this.clock.now();
    if (watch.failingSince === undefined || this.recovered(watch)) {
      watch.failingSince = now;
      const grace = this.options.transientGraceMs ?? 10_000;
      if (!isLasting(err)) this.clock.setTimeout(() => this.watches.get(id) === watch && this.recheck(watch), grace);
    }
    watch.lastError = err instanceof Error ? err.message : String(err);
    watch.lastErrorAt = now;
    watch.lastErrorSeq = ++this.seq;
    watch.lastErrorLasting = isLasting(err);
    watch.versionAtError = watch.handle.informer.lastSyncResourceVersion;
    this.options.metrics?.dynamicHandlerErrors.inc({ gvr: metricGvr(watch.gvr) });
    this.recheck(watch);
  }

  private diagnose(watch: Watch): string | undefined {
    const what = `watch of ${describeGvr(watch.gvr)}`;
    if (watch.lastErrorAt !== undefined && !this.recovered(watch)) {
      const lastedMs = this.clock.now() - (watch.failingSince ?? watch.lastErrorAt);
      if (watch.lastErrorLasting || lastedMs >= (this.options.transientGraceMs ?? 10_000)) return `${what} is failing: ${watch.lastError ?? 'unknown error'}`;
    }
    if (watch.syncedAt === undefined && !watch.handle.informer.hasSynced()) {
      const waited = this.clock.now() - watch.startedAt;
      if (waited >= (this.options.syncTimeoutMs ?? 30_000)) return `${what} has not synced after ${Math.round(waited / 1000)}s`;
    }
    return undefined;
  }

  /** The informer showed it works since the last error: it synced, delivered an event or moved on. */
  private recovered(watch: Watch): boolean {
    if (watch.lastErrorSeq === undefined) return true;
    return (
      (watch.syncedSeq ?? -1) > watch.lastErrorSeq ||
      (watch.lastEventSeq ?? -1) > watch.lastErrorSeq ||
      (watch.versionAtError !== undefined && watch.handle.informer.lastSyncResourceVersion !== watch.versionAtError)
    );
  }

  /** Reports a health change once per change. */
  private recheck(watch: Watch): void {
    const problem = this.diagnose(watch);
    if (problem === watch.reported) return;
    watch.reported = problem;
    this.options.onHealthChange?.(watch.gvr, problem);
  }
}
