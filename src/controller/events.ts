// Kubernetes Events, the way client-go's record package writes them, so `kubectl describe` and
// `kubectl get events` show them as they show upstream kro's.
//
// Events are core/v1 Events (what client-go's EventRecorder, and so controller-runtime's GetEventRecorderFor,
// writes; `kubectl describe` lists core/v1 Events of the object). Cluster-scoped objects (RGDs) get their Events
// in the `default` namespace, as client-go does.
//
// Recording never blocks and never throws: `event()` puts the event on a bounded queue that one background loop
// writes out. Like client-go's EventCorrelator, repeats of the same event (same object, type, reason, message and
// source) are deduplicated: the existing Event's `count` and `lastTimestamp` are patched instead of creating a new
// one. A per-object token bucket (burst 25, one token per 5 minutes, client-go's spam filter) drops floods. Write
// failures are logged at debug level and dropped; an Event is never worth a retry loop.
import type { KubeObject } from '../api/index.js';
import { isNotFound, type KubeClient } from '../kube/index.js';
import type { Logger } from './logger.js';

export type EventType = 'Normal' | 'Warning';

/** The object an Event is about. */
export interface EventSubject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
}

/** The subject of an Event about this object (namespace only when it has one). */
export function eventSubject(obj: KubeObject): EventSubject {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name ?? '',
    ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
    ...(obj.metadata.uid ? { uid: obj.metadata.uid } : {}),
    ...(obj.metadata.resourceVersion ? { resourceVersion: obj.metadata.resourceVersion } : {}),
  };
}

export interface EventRecorder {
  event(subject: EventSubject, type: EventType, reason: string, message: string): void;
}

/** Recorders by component name, e.g. `kro/resourcegraphdefinition-controller` or `kro/<crd-name>-controller`. */
export type EventRecorderFactory = (component: string) => EventRecorder;

/** Where Events are written; the API server in production (`kubeEventSink`). */
export interface EventSink {
  create(event: KubeObject): Promise<KubeObject>;
  patch(namespace: string, name: string, patch: Record<string, unknown>): Promise<KubeObject>;
}

export function kubeEventSink(kube: KubeClient): EventSink {
  const gvr = { group: '', version: 'v1', resource: 'events' };
  return {
    create: (event) => kube.dynamic.create(event),
    patch: (namespace, name, patch) => kube.dynamic.patch({ gvr, namespace }, name, patch, { type: 'merge' }),
  };
}

export interface EventBroadcasterOptions {
  readonly sink: EventSink;
  readonly logger?: Logger;
  /** @default Date.now */
  readonly now?: () => number;
  /** Pod or host name in `source.host` / `reportingInstance`. */
  readonly host?: string;
  /** Events waiting to be written before new ones are dropped. @default 1000 */
  readonly maxQueued?: number;
  /** Spam filter burst per object. @default 25 */
  readonly burst?: number;
  /** Spam filter refill interval per token. @default 300000 (5 minutes) */
  readonly refillMs?: number;
  /** Deduplication cache entries. @default 4096 */
  readonly cacheSize?: number;
}

interface Pending {
  readonly subject: EventSubject;
  readonly type: EventType;
  readonly reason: string;
  readonly message: string;
  readonly component: string;
  readonly at: number;
}

interface Seen {
  readonly name: string;
  readonly namespace: string;
  count: number;
  readonly firstTimestamp: string;
}

interface Bucket {
  tokens: number;
  last: number;
}

export class EventBroadcaster {
  private readonly queue: Pending[] = [];
  private readonly seen = new Map<string, Seen>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private draining: Promise<void> | undefined;
  private stopped = false;
  dropped = 0;

  constructor(private readonly options: EventBroadcasterOptions) {
    this.now = options.now ?? Date.now;
  }

  recorderFor(component: string): EventRecorder {
    return { event: (subject, type, reason, message) => this.enqueue({ subject, type, reason, message, component, at: this.now() }) };
  }

  /** Resolves once every queued event was written (or dropped). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Writes what is queued, then refuses new events. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.flush();
  }

  private enqueue(event: Pending): void {
    if (this.stopped) return;
    if (this.queue.length >= (this.options.maxQueued ?? 1000) || !this.allow(event)) {
      this.dropped++;
      return;
    }
    this.queue.push(event);
    // Started on a later tick, so not even the request set-up happens on the caller's time.
    this.draining ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.draining = undefined;
      });
  }

  /** client-go's EventSourceObjectSpamFilter: a token bucket per source and object. */
  private allow(event: Pending): boolean {
    const key = `${event.component}\u0000${subjectKey(event.subject)}`;
    const burst = this.options.burst ?? 25;
    const refillMs = this.options.refillMs ?? 300_000;
    const bucket = this.buckets.get(key) ?? { tokens: burst, last: event.at };
    bucket.tokens = Math.min(burst, bucket.tokens + (event.at - bucket.last) / refillMs);
    bucket.last = event.at;
    this.buckets.set(key, bucket);
    if (this.buckets.size > (this.options.cacheSize ?? 4096)) this.buckets.delete(this.buckets.keys().next().value as string);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private async drain(): Promise<void> {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      try {
        await this.write(next);
      } catch (err) {
        this.dropped++;
        this.options.logger?.debug({ err, reason: next.reason, object: next.subject.name }, 'could not write event');
      }
    }
  }

  private async write(event: Pending): Promise<void> {
    const key = [event.component, subjectKey(event.subject), event.type, event.reason, event.message].join('\u0000');
    const timestamp = kubeTime(event.at);
    const previous = this.seen.get(key);
    if (previous) {
      previous.count++;
      try {
        await this.options.sink.patch(previous.namespace, previous.name, { count: previous.count, lastTimestamp: timestamp });
        this.remember(key, previous);
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    const created = await this.options.sink.create(this.buildEvent(event, timestamp));
    this.remember(key, {
      name: created.metadata.name ?? '',
      namespace: created.metadata.namespace ?? '',
      count: 1,
      firstTimestamp: timestamp,
    });
  }

  private remember(key: string, seen: Seen): void {
    this.seen.delete(key);
    this.seen.set(key, seen);
    if (this.seen.size > (this.options.cacheSize ?? 4096)) this.seen.delete(this.seen.keys().next().value as string);
  }

  private buildEvent(event: Pending, timestamp: string): KubeObject {
    const { subject } = event;
    const namespace = subject.namespace || 'default';
    const host = this.options.host ?? '';
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${subject.name}.${(BigInt(event.at) * 1_000_000n + BigInt(process.hrtime()[1] % 1_000_000)).toString(16)}`, namespace },
      involvedObject: {
        apiVersion: subject.apiVersion,
        kind: subject.kind,
        name: subject.name,
        ...(subject.namespace ? { namespace: subject.namespace } : {}),
        ...(subject.uid ? { uid: subject.uid } : {}),
        ...(subject.resourceVersion ? { resourceVersion: subject.resourceVersion } : {}),
      },
      type: event.type,
      reason: event.reason,
      message: event.message,
      source: { component: event.component, ...(host ? { host } : {}) },
      reportingComponent: event.component,
      reportingInstance: host,
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      count: 1,
    };
  }
}

function subjectKey(s: EventSubject): string {
  return [s.apiVersion, s.kind, s.namespace ?? '', s.name, s.uid ?? ''].join('/');
}

/** metav1.Time: RFC 3339 in whole seconds. */
function kubeTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** One condition whose status changed between two condition lists (spec I7). */
export interface ConditionTransitionEvent {
  readonly type: EventType;
  /** The condition type. */
  readonly reason: string;
  /** `<old status> -> <new status>: <new reason>`; `none` when the condition is new. */
  readonly message: string;
}

/**
 * The Events upstream records for condition transitions (instance I7; kro-ts uses the same shape for RGDs):
 * one per condition whose status changed, reason = condition type, Normal iff the new status is True.
 */
export function conditionTransitionEvents(
  before: readonly { type: string; status: string; reason?: string }[] | undefined,
  after: readonly { type: string; status: string; reason?: string }[] | undefined,
): ConditionTransitionEvent[] {
  const old = new Map((before ?? []).map((c) => [c.type, c.status]));
  const events: ConditionTransitionEvent[] = [];
  for (const c of after ?? []) {
    const previous = old.get(c.type);
    if (previous === c.status) continue;
    events.push({
      type: c.status === 'True' ? 'Normal' : 'Warning',
      reason: c.type,
      message: `${previous ?? 'none'} -> ${c.status}: ${c.reason ?? ''}`,
    });
  }
  return events;
}
