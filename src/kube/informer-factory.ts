// Shares informers between controllers: one informer (one watch) per distinct {GVR, namespace, label
// selector, field selector, metadataOnly}, reference-counted so watches start with the first acquire() and
// stop with the last release(), at runtime, as kro's dynamic controllers come and go. One factory serves one
// API server, so it also holds that server's memory of which group-versions refuse streaming lists.
import type { GroupVersionResource, KubeObject } from '../api/index.js';
import type { DynamicClient } from './client.js';
import { Informer, type InformerHandlers, type InformerOptions } from './informer.js';
import { formatGvr } from './paths.js';
import { StreamingListMemory, type ListerWatcher } from './reflector.js';

export interface InformerKey {
  readonly gvr: GroupVersionResource;
  /** Omitted: all namespaces (or a cluster-scoped resource). */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly metadataOnly?: boolean;
}

/** A caller's share of an informer. Handlers added through it are removed on release. */
export interface InformerHandle {
  readonly informer: Informer;
  addHandlers(handlers: InformerHandlers): void;
  /** Gives the share back; the informer stops when no share is left. Idempotent. */
  release(): Promise<void>;
}

export function informerKeyString(key: InformerKey): string {
  return JSON.stringify([key.gvr.group, key.gvr.version, key.gvr.resource, key.namespace ?? '', key.labelSelector ?? '',
    key.fieldSelector ?? '', key.metadataOnly === true]);
}

export function describeInformerKey(key: InformerKey): string {
  const parts = [formatGvr(key.gvr)];
  if (key.namespace) parts.push(`namespace=${key.namespace}`);
  if (key.labelSelector) parts.push(`labels=${key.labelSelector}`);
  if (key.fieldSelector) parts.push(`fields=${key.fieldSelector}`);
  if (key.metadataOnly) parts.push('metadata-only');
  return parts.join(' ');
}

/** List and watch calls of the dynamic client for one informer key. */
export function listerWatcherFor(client: DynamicClient, key: InformerKey): ListerWatcher {
  const target = { gvr: key.gvr, namespace: key.namespace };
  const selectors = {
    ...(key.labelSelector ? { labelSelector: key.labelSelector } : {}),
    ...(key.fieldSelector ? { fieldSelector: key.fieldSelector } : {}),
    ...(key.metadataOnly ? { metadataOnly: true } : {}),
  };
  return {
    list: (options) => client.list(target, { ...selectors, ...options }),
    watch: (options) => client.watch<KubeObject>(target, { ...selectors, ...options }),
  };
}

interface Entry {
  readonly informer: Informer;
  refs: number;
}

export class InformerFactory {
  private readonly entries = new Map<string, Entry>();
  readonly streamingListMemory = new StreamingListMemory();

  constructor(private readonly client: DynamicClient, private readonly defaults: InformerOptions = {}) {}

  /**
   * A share of the informer for `key`, started if it is new. `options` apply only when this call creates
   * the informer (the first sharer decides the transform and error callback).
   */
  acquire(key: InformerKey, options: InformerOptions = {}): InformerHandle {
    const id = informerKeyString(key);
    let entry = this.entries.get(id);
    if (!entry) {
      const informer = new Informer(listerWatcherFor(this.client, key), describeInformerKey(key), {
        streamingListMemory: this.streamingListMemory,
        streamingListKey: `${key.gvr.group}/${key.gvr.version}`,
        ...this.defaults,
        ...options,
      });
      entry = { informer, refs: 0 };
      this.entries.set(id, entry);
      informer.start();
    }
    entry.refs++;
    const owned = entry;
    const unsubscribes: Array<() => void> = [];
    let released = false;
    return {
      informer: owned.informer,
      addHandlers: (handlers) => {
        if (released) throw new Error('informer handle already released');
        unsubscribes.push(owned.informer.addHandlers(handlers));
      },
      release: async () => {
        if (released) return;
        released = true;
        for (const unsubscribe of unsubscribes) unsubscribe();
        owned.refs--;
        if (owned.refs === 0 && this.entries.get(id) === owned) {
          this.entries.delete(id);
          await owned.informer.stop();
        }
      },
    };
  }

  /** Number of running informers (distinct keys with at least one share). */
  get size(): number {
    return this.entries.size;
  }

  /** Stops every informer regardless of shares (shutdown). */
  async stopAll(): Promise<void> {
    const informers = [...this.entries.values()].map((e) => e.informer);
    this.entries.clear();
    await Promise.all(informers.map((i) => i.stop()));
  }
}
