// A small bounded cache for schema lookups: least-recently-used eviction, a time to live per entry, and one
// in-flight load per key (concurrent callers share it), like upstream's TTL/LRU resolver cache (500 entries, 5
// minutes; behavior 59). Pure: time comes from an injected clock.

export interface CacheClock {
  now(): number;
}

export interface LoadingCacheOptions {
  /** @default 500 */
  readonly maxEntries?: number;
  /** @default 300000 (5 minutes) */
  readonly ttlMs?: number;
  /** @default Date */
  readonly clock?: CacheClock;
}

export interface LoadingCacheStats {
  hits: number;
  misses: number;
  /** Callers that joined a load already in flight for their key. */
  deduplicated: number;
  evictions: number;
}

interface Entry<V> {
  readonly value: V;
  readonly expiresAt: number;
}

export class LoadingCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly inFlight = new Map<string, Promise<V>>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly clock: CacheClock;
  readonly stats: LoadingCacheStats = { hits: 0, misses: 0, deduplicated: 0, evictions: 0 };

  constructor(options: LoadingCacheOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 500);
    this.ttlMs = options.ttlMs ?? 300_000;
    this.clock = options.clock ?? Date;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The cached value for `key`, or the result of `load()`. `keep(value)` decides whether a loaded value is
   * cached (e.g. misses are not, so a CRD installed a moment later is found). A rejected load is not cached.
   */
  get(key: string, load: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    const entry = this.entries.get(key);
    if (entry) {
      if (entry.expiresAt > this.clock.now()) {
        // Re-insert to mark as most recently used.
        this.entries.delete(key);
        this.entries.set(key, entry);
        this.stats.hits++;
        return Promise.resolve(entry.value);
      }
      this.entries.delete(key);
    }
    const pending = this.inFlight.get(key);
    if (pending) {
      this.stats.deduplicated++;
      return pending;
    }
    this.stats.misses++;
    const loading = (async () => {
      try {
        const value = await load();
        if (keep(value)) this.store(key, value);
        return value;
      } finally {
        this.inFlight.delete(key);
      }
    })();
    this.inFlight.set(key, loading);
    return loading;
  }

  invalidate(key?: string): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }

  private store(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.clock.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
      this.stats.evictions++;
    }
  }
}
