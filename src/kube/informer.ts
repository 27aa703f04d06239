// A shared informer for one list (GVR, namespace, selectors): a reflector feeding an ObjectStore, and event
// handlers called with add / update(old, new) / delete. Objects pass a transform first (by default dropping
// managedFields and the last-applied annotation: about 70% of a cached object's memory, measured in
// ../shared/reference/kube-client.md). Handlers run synchronously in event order; one that throws is
// reported through onError and never stops the informer. Hand-written: client-node's informer has no old
// object on update, no transform, no hasSynced and stops on errors.
import type { KubeObject } from '../api/index.js';
import { ObjectStore, type StoreDelta } from './store.js';
import { Reflector, type ListerWatcher, type ReflectorOptions } from './reflector.js';
import type { WatchEvent } from './watch.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** The default transform: drop what controllers never read but that dominates memory. */
export function stripManagedFields(obj: KubeObject): KubeObject {
  const { managedFields: _managed, ...metadata } = obj.metadata;
  const annotations = metadata.annotations;
  if (annotations && LAST_APPLIED_ANNOTATION in annotations) {
    const { [LAST_APPLIED_ANNOTATION]: _lastApplied, ...rest } = annotations;
    metadata.annotations = rest;
  }
  return { ...obj, metadata };
}

export interface InformerHandlers {
  /** `initialList` is true for objects of the first list (and replays to late subscribers). */
  onAdd?(obj: KubeObject, initialList: boolean): void;
  onUpdate?(oldObj: KubeObject, newObj: KubeObject): void;
  /** The last state the informer knew. */
  onDelete?(obj: KubeObject): void;
}

export interface InformerOptions
  extends Omit<ReflectorOptions, 'listerWatcher' | 'sink' | 'description' | 'onError'> {
  /** Applied to every object before it is stored. @default stripManagedFields */
  readonly transform?: (obj: KubeObject) => KubeObject;
  /** Failures of the list/watch loop and exceptions thrown by handlers. */
  readonly onError?: (err: unknown) => void;
}

export class Informer {
  readonly store = new ObjectStore();
  readonly description: string;
  private readonly handlers = new Set<InformerHandlers>();
  private readonly transform: (obj: KubeObject) => KubeObject;
  private readonly reflector: Reflector;
  private readonly onError: ((err: unknown) => void) | undefined;
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;
  private synced = false;
  private syncWaiters: Array<(synced: boolean) => void> = [];

  constructor(listerWatcher: ListerWatcher, description: string, options: InformerOptions = {}) {
    this.description = description;
    this.transform = options.transform ?? stripManagedFields;
    this.onError = options.onError;
    this.reflector = new Reflector({
      ...options,
      listerWatcher,
      description,
      sink: { replace: (items) => this.replace(items), apply: (event) => this.apply(event) },
      onError: (err) => this.report(err),
    });
  }

  /** Starts listing and watching in the background; returns at once. Idempotent. */
  start(): void {
    if (this.controller) return;
    this.controller = new AbortController();
    this.running = this.reflector.run(this.controller.signal);
  }

  /** Stops the watch; waiters of waitForSync get false. The store keeps its last content. */
  async stop(): Promise<void> {
    if (!this.controller) return;
    this.controller.abort();
    await this.running;
    this.controller = undefined;
    this.running = undefined;
    for (const resolve of this.syncWaiters.splice(0)) resolve(false);
  }

  get isRunning(): boolean {
    return this.controller !== undefined;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves true once the first list is in the store; false if the informer stops or `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (!this.controller || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (value: boolean) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      };
      const onAbort = () => {
        this.syncWaiters = this.syncWaiters.filter((w) => w !== done);
        resolve(false);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncWaiters.push(done);
    });
  }

  /** Subscribes; objects already in the store are replayed as adds. Returns the unsubscribe function. */
  addHandlers(handlers: InformerHandlers): () => void {
    this.handlers.add(handlers);
    if (this.synced) for (const obj of this.store.list()) this.call(() => handlers.onAdd?.(obj, true));
    return () => this.handlers.delete(handlers);
  }

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(namespace, name);
  }

  list(namespace?: string): KubeObject[] {
    return this.store.list(namespace);
  }

  /** The resourceVersion the informer has seen up to. */
  get lastSyncResourceVersion(): string | undefined {
    return this.reflector.resourceVersion;
  }

  private replace(items: KubeObject[]): void {
    const initial = !this.synced;
    const deltas = this.store.replace(items.map((o) => this.transform(o)));
    if (initial) {
      this.synced = true;
      for (const resolve of this.syncWaiters.splice(0)) resolve(true);
    }
    for (const d of deltas) this.dispatch(d, initial);
  }

  private apply(event: WatchEvent): void {
    const obj = this.transform(event.object);
    this.dispatch(event.type === 'DELETED' ? this.store.remove(obj) : this.store.upsert(obj), false);
  }

  private dispatch(delta: StoreDelta, initialList: boolean): void {
    for (const h of this.handlers) {
      if (delta.type === 'add') this.call(() => h.onAdd?.(delta.object, initialList));
      else if (delta.type === 'update') this.call(() => h.onUpdate?.(delta.old, delta.object));
      else this.call(() => h.onDelete?.(delta.object));
    }
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.report(err);
    }
  }

  private report(err: unknown): void {
    try {
      this.onError?.(err);
    } catch {
      // never let an error callback break the loop
    }
  }
}
