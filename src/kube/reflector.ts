// The reflector keeps a sink (the informer's store) equal to the server's state of one list: it lists
// (paginated) and then watches from the list's resourceVersion with bookmarks, or, where the server allows
// it, does both in one streaming-list watch (sendInitialEvents). It resumes from the last seen
// resourceVersion after a disconnect, relists after 410 Gone, and backs off with jitter on failures (slowly
// on 403/404: RBAC or a CRD that is gone). It never throws out of its loop: failures go to `onError`.
// Hand-written after client-go's reflector because client-node's ListWatch has no bookmarks, no streaming
// list and stops on the first non-410 error (../shared/reference/kube-client.md §1 rows 10-12).
import type { KubeObject } from '../api/index.js';
import { Backoff, systemClock, type BackoffOptions, type Clock } from './backoff.js';
import type { KubeList } from './client.js';
import { KubeError, isForbidden, isGone, isNotFound } from './errors.js';
import { INITIAL_EVENTS_END_ANNOTATION, type KubeWatch, type WatchEvent } from './watch.js';

export interface ListerWatcher {
  list(options: { limit: number; continue?: string; signal: AbortSignal }): Promise<KubeList>;
  watch(options: {
    resourceVersion?: string;
    allowWatchBookmarks: true;
    timeoutSeconds: number;
    sendInitialEvents?: true;
    resourceVersionMatch?: 'NotOlderThan';
    signal: AbortSignal;
  }): Promise<KubeWatch>;
}

export interface ReflectorSink {
  /** The complete state as of `resourceVersion` (after a list, or at the end of a streaming list's initial events). */
  replace(items: KubeObject[], resourceVersion: string): void;
  /** One ADDED, MODIFIED or DELETED event after the state was replaced. */
  apply(event: WatchEvent): void;
}

/** Remembers which group-versions of one server refused streaming lists, so they are not asked again. */
export class StreamingListMemory {
  private readonly refused = new Set<string>();
  isRefused(key: string): boolean {
    return this.refused.has(key);
  }
  refuse(key: string): void {
    this.refused.add(key);
  }
}

/** Raised when a server accepted a sendInitialEvents watch but evidently ignored it. */
export class StreamingListIgnoredError extends Error {
  constructor(detail: string) {
    super(`the server ignored sendInitialEvents (${detail})`);
    this.name = 'StreamingListIgnoredError';
  }
}

/**
 * Whether a failed streaming-list watch means "not supported here": 400/422 (WatchList feature off or an
 * old server validating the parameters), the storage refusing it (etcd without RequestWatchProgress), or a
 * server that ignored the parameters.
 */
export function isStreamingListRefusal(err: unknown): boolean {
  if (err instanceof StreamingListIgnoredError) return true;
  if (!(err instanceof KubeError)) return false;
  if (err.code === 400 || err.code === 422 || err.code === 405) return true;
  // The storage layer reports this one as a plain server error; its text is the only signal there is.
  return err.message.includes('RequestWatchProgress');
}

export interface ReflectorOptions {
  readonly listerWatcher: ListerWatcher;
  readonly sink: ReflectorSink;
  /** Names the list in errors, e.g. `apps/v1 deployments in ns x`. */
  readonly description: string;
  /** 'auto' tries a streaming list first and falls back; 'off' always lists then watches. @default 'auto' */
  readonly streamingList?: 'auto' | 'off';
  readonly streamingListMemory?: StreamingListMemory;
  /** Key in `streamingListMemory` (the group-version). */
  readonly streamingListKey?: string;
  /** @default 500 */
  readonly pageSize?: number;
  /** @default { initialMs: 800, maxMs: 30000, resetAfterMs: 120000 } */
  readonly backoff?: BackoffOptions;
  /** Backoff after 403/404, which will not heal quickly. @default { initialMs: 5000, maxMs: 300000 } */
  readonly slowBackoff?: BackoffOptions;
  /** Server-side watch timeout is drawn from [min, max] so many watches do not end together. @default [300, 600] */
  readonly watchTimeoutSeconds?: readonly [number, number];
  /** Longest wait for the end of a streaming list's initial events before giving up on it. @default 120000 */
  readonly initialEventsTimeoutMs?: number;
  readonly onError?: (err: unknown) => void;
  readonly clock?: Clock;
  readonly random?: () => number;
}

export class Reflector {
  /** The resourceVersion to resume from; undefined means "list again". */
  resourceVersion: string | undefined;
  private readonly options: ReflectorOptions;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly backoff: Backoff;
  private readonly slowBackoff: Backoff;
  /** This reflector saw a refusal (kept even without a shared memory). */
  private refusedHere = false;

  constructor(options: ReflectorOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.backoff = new Backoff(options.backoff ?? {}, this.random);
    this.slowBackoff = new Backoff(options.slowBackoff ?? { initialMs: 5_000, maxMs: 300_000 }, this.random);
  }

  /** Runs until `signal` aborts. Resolves then; never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        if (this.resourceVersion === undefined && this.useStreamingList()) {
          await this.streamingListAndWatch(signal);
        } else {
          if (this.resourceVersion === undefined) await this.listAll(signal);
          await this.watch(signal);
        }
      } catch (err) {
        if (signal.aborted) break;
        if (isGone(err)) {
          // Our resourceVersion is older than the server keeps: start over from a fresh list.
          this.resourceVersion = undefined;
          continue;
        }
        if (this.resourceVersion === undefined && isStreamingListRefusal(err) && this.useStreamingList()) {
          this.options.streamingListMemory?.refuse(this.streamingKey());
          this.refusedHere = true;
          continue;
        }
        this.report(err);
        const slow = isForbidden(err) || isNotFound(err);
        const delay = (slow ? this.slowBackoff : this.backoff).next(this.clock.now());
        await this.clock.sleep(delay, signal).catch(() => undefined);
      }
    }
  }

  private streamingKey(): string {
    return this.options.streamingListKey ?? this.options.description;
  }

  private useStreamingList(): boolean {
    if ((this.options.streamingList ?? 'auto') === 'off' || this.refusedHere) return false;
    return !this.options.streamingListMemory?.isRefused(this.streamingKey());
  }

  private timeoutSeconds(): number {
    const [min, max] = this.options.watchTimeoutSeconds ?? [300, 600];
    return Math.floor(min + (max - min) * this.random());
  }

  private async listAll(signal: AbortSignal): Promise<void> {
    const items: KubeObject[] = [];
    let resourceVersion = '';
    let token: string | undefined;
    do {
      const page = await this.options.listerWatcher.list({
        limit: this.options.pageSize ?? 500,
        ...(token ? { continue: token } : {}),
        signal,
      });
      items.push(...page.items);
      resourceVersion = page.metadata.resourceVersion ?? resourceVersion;
      token = page.metadata.continue || undefined;
    } while (token);
    this.options.sink.replace(items, resourceVersion);
    this.resourceVersion = resourceVersion;
  }

  /** Watches from `resourceVersion` until the server ends the watch; a clean end resolves. */
  private async watch(signal: AbortSignal): Promise<void> {
    const startedAt = this.clock.now();
    const watch = await this.options.listerWatcher.watch({
      ...(this.resourceVersion ? { resourceVersion: this.resourceVersion } : {}),
      allowWatchBookmarks: true,
      timeoutSeconds: this.timeoutSeconds(),
      signal,
    });
    let events = 0;
    for await (const event of watch) {
      events++;
      this.handle(event);
    }
    if (events === 0 && this.clock.now() - startedAt < 1000) {
      // A watch the server ends at once, over and over, would spin: treat it as a failure (client-go does too).
      throw new KubeError({ code: 0, reason: 'Unknown', message: `watch of ${this.options.description} closed immediately` });
    }
  }

  private async streamingListAndWatch(signal: AbortSignal): Promise<void> {
    const watch = await this.options.listerWatcher.watch({
      sendInitialEvents: true,
      resourceVersionMatch: 'NotOlderThan',
      allowWatchBookmarks: true,
      timeoutSeconds: this.timeoutSeconds(),
      signal,
    });
    const initial = new Map<string, KubeObject>();
    let synced = false;
    let timedOut = false;
    const timer = setTimeout(() => {
      if (synced) return;
      timedOut = true;
      watch.close();
    }, this.options.initialEventsTimeoutMs ?? 120_000);
    try {
      for await (const event of watch) {
        if (synced) {
          this.handle(event);
          continue;
        }
        const key = `${event.object.metadata.namespace ?? ''}/${event.object.metadata.name ?? ''}`;
        if (event.type === 'BOOKMARK') {
          if (event.object.metadata.annotations?.[INITIAL_EVENTS_END_ANNOTATION] !== 'true') {
            throw new StreamingListIgnoredError('a bookmark came before the initial-events-end bookmark');
          }
          const rv = event.object.metadata.resourceVersion ?? '';
          this.options.sink.replace([...initial.values()], rv);
          this.resourceVersion = rv;
          synced = true;
        } else if (event.type === 'DELETED') {
          initial.delete(key);
        } else {
          initial.set(key, event.object);
        }
      }
    } catch (err) {
      if (timedOut && !signal.aborted) throw new StreamingListIgnoredError('no initial-events-end bookmark in time');
      throw err;
    } finally {
      clearTimeout(timer);
    }
    if (!synced && !signal.aborted) {
      throw new StreamingListIgnoredError('the watch ended before the initial-events-end bookmark');
    }
  }

  private handle(event: WatchEvent): void {
    const rv = event.object.metadata.resourceVersion;
    if (event.type !== 'BOOKMARK') this.options.sink.apply(event);
    if (rv) this.resourceVersion = rv;
  }

  private report(err: unknown): void {
    try {
      this.options.onError?.(err);
    } catch {
      // an error handler that throws must not stop the reflector
    }
  }
}
