// The in-memory registry of compiled graph revisions (spec 3.4, upstream pkg/graph/revisions): one bucket per
// RGD name, one entry per revision number. The GraphRevision controller writes it (Pending, then Active with the
// compiled graph, or Failed); the RGD controller reads it to decide whether to serve, wait or issue; the instance
// controller reads only the latest revision of its RGD through a `RevisionResolver`.
//
// The API server stays the source of truth: the registry is memory-only and is rebuilt after a restart by
// recompiling every GraphRevision. Entries are keyed by RGD *name* (not uid) so a recreated RGD adopts the
// revisions of its predecessor.
import type { CompiledGraph } from '../../graph/index.js';

export type RevisionState = 'Pending' | 'Active' | 'Failed';

interface EntryBase {
  readonly rgdName: string;
  readonly revision: number;
  /** The spec hash of the snapshot (upstream's `kro.run/graph-revision-hash`). */
  readonly specHash: string;
}

/**
 * One revision as the registry knows it. Only Active entries carry a graph, so "Active without a graph" cannot be
 * written.
 */
export type RevisionEntry =
  | (EntryBase & { readonly state: 'Pending' })
  | (EntryBase & { readonly state: 'Active'; readonly graph: CompiledGraph })
  | (EntryBase & { readonly state: 'Failed'; readonly message: string });

/** What the instance controller needs: the latest revision of one RGD, whatever its state. */
export interface RevisionResolver {
  readonly rgdName: string;
  /** The highest revision number known for the RGD, or undefined when none is (yet) in memory. */
  latest(): RevisionEntry | undefined;
}

/** Observes registry changes (metrics, and waking the RGD controller when a revision settles). */
export interface RevisionRegistryListener {
  onTransition?(entry: RevisionEntry, from: RevisionState | undefined): void;
  onEvict?(rgdName: string, revision: number, state: RevisionState): void;
}

interface Bucket {
  readonly entries: Map<number, RevisionEntry>;
  latest: number | undefined;
}

export class RevisionRegistry {
  private readonly buckets = new Map<string, Bucket>();
  private readonly listeners = new Set<RevisionRegistryListener>();

  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: RevisionRegistryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Inserts or replaces the entry for (rgdName, revision); the latest pointer only moves forward. */
  put(entry: RevisionEntry): void {
    let bucket = this.buckets.get(entry.rgdName);
    if (!bucket) {
      bucket = { entries: new Map(), latest: undefined };
      this.buckets.set(entry.rgdName, bucket);
    }
    const previous = bucket.entries.get(entry.revision);
    bucket.entries.set(entry.revision, entry);
    if (bucket.latest === undefined || entry.revision > bucket.latest) bucket.latest = entry.revision;
    if (previous !== entry) this.emit((l) => l.onTransition?.(entry, previous?.state));
  }

  get(rgdName: string, revision: number): RevisionEntry | undefined {
    return this.buckets.get(rgdName)?.entries.get(revision);
  }

  latest(rgdName: string): RevisionEntry | undefined {
    const bucket = this.buckets.get(rgdName);
    return bucket?.latest === undefined ? undefined : bucket.entries.get(bucket.latest);
  }

  /** Removes one entry (idempotent); the bucket goes with its last entry. */
  delete(rgdName: string, revision: number): void {
    const bucket = this.buckets.get(rgdName);
    const entry = bucket?.entries.get(revision);
    if (!bucket || !entry) return;
    bucket.entries.delete(revision);
    this.emit((l) => l.onEvict?.(rgdName, revision, entry.state));
    if (bucket.entries.size === 0) this.buckets.delete(rgdName);
    else if (bucket.latest === revision) bucket.latest = Math.max(...bucket.entries.keys());
  }

  /** Drops every entry of an RGD name (no live or terminating revision is left for it). */
  deleteAll(rgdName: string): void {
    const bucket = this.buckets.get(rgdName);
    if (!bucket) return;
    for (const revision of [...bucket.entries.keys()]) this.delete(rgdName, revision);
  }

  /** The RGD names with at least one entry. */
  names(): string[] {
    return [...this.buckets.keys()];
  }

  /** Count of entries by state (for the `graph_revision_registry_entries` gauge). */
  countByState(): Record<RevisionState, number> {
    const counts: Record<RevisionState, number> = { Pending: 0, Active: 0, Failed: 0 };
    for (const bucket of this.buckets.values()) for (const e of bucket.entries.values()) counts[e.state]++;
    return counts;
  }

  /** A read-only view of one RGD's latest revision, for the instance controller. */
  resolverFor(rgdName: string): RevisionResolver {
    return { rgdName, latest: () => this.latest(rgdName) };
  }

  private emit(call: (listener: RevisionRegistryListener) => void): void {
    for (const listener of this.listeners) {
      try {
        call(listener);
      } catch {
        // A listener (metrics, a queue) must never break a registry write.
      }
    }
  }
}
