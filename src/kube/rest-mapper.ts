// REST mapping: GVK -> resource (plural, scope, verbs, subresources) and GVR -> GVK, from discovery.
// The index is pure data; the RESTMapper around it caches one snapshot and, on a miss, refreshes discovery
// (single-flight, at most once per `minRefreshIntervalMs`) so a CRD created a moment ago is found, while a
// kind that does not exist cannot hammer the server. `invalidate()` is for callers that watch CRDs.
import type { GroupVersionKind, GroupVersionResource } from '../api/index.js';
import { systemClock, type Clock } from './backoff.js';
import type { ApiResource, DiscoverySnapshot } from './discovery.js';
import { NoKindMatchError } from './errors.js';

export interface RestMapping {
  readonly gvk: GroupVersionKind;
  readonly gvr: GroupVersionResource;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  readonly subresources: readonly string[];
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
}

const gvKey = (group: string, version: string) => `${group}/${version}`;

function toMapping(r: ApiResource): RestMapping {
  return {
    gvk: { group: r.group, version: r.version, kind: r.kind },
    gvr: { group: r.group, version: r.version, resource: r.resource },
    namespaced: r.namespaced,
    verbs: r.verbs,
    subresources: r.subresources,
    singular: r.singular,
    shortNames: r.shortNames,
    categories: r.categories,
  };
}

/** Immutable lookup tables over one discovery snapshot. */
export class RestMappingIndex {
  private readonly byGvk = new Map<string, RestMapping>();
  private readonly byGvr = new Map<string, RestMapping>();
  private readonly versionsByGroup = new Map<string, readonly string[]>();

  constructor(readonly snapshot: DiscoverySnapshot) {
    for (const g of snapshot.groups) this.versionsByGroup.set(g.name, g.versions);
    for (const r of snapshot.resources) {
      const m = toMapping(r);
      const gv = gvKey(r.group, r.version);
      // Several resources can share a kind in one GV (rare; e.g. legacy aliases): client-go prefers the first.
      if (!this.byGvk.has(`${gv}/${r.kind}`)) this.byGvk.set(`${gv}/${r.kind}`, m);
      this.byGvr.set(`${gv}/${r.resource}`, m);
      if (!this.byGvr.has(`${gv}/${r.singular}`)) this.byGvr.set(`${gv}/${r.singular}`, m);
    }
  }

  forKind(gvk: GroupVersionKind): RestMapping | undefined {
    return this.byGvk.get(`${gvKey(gvk.group, gvk.version)}/${gvk.kind}`);
  }

  forResource(gvr: GroupVersionResource): RestMapping | undefined {
    return this.byGvr.get(`${gvKey(gvr.group, gvr.version)}/${gvr.resource.toLowerCase()}`);
  }

  /** The mapping of a kind in its group's most preferred version that serves it. */
  forGroupKind(group: string, kind: string): RestMapping | undefined {
    for (const version of this.versionsByGroup.get(group) ?? []) {
      const m = this.forKind({ group, version, kind });
      if (m) return m;
    }
    return undefined;
  }

  versions(group: string): readonly string[] {
    return this.versionsByGroup.get(group) ?? [];
  }
}

export interface RestMapperOptions {
  /** Least time between two discovery refreshes caused by misses. @default 1000 */
  readonly minRefreshIntervalMs?: number;
  readonly clock?: Clock;
}

export class RestMapper {
  private index: RestMappingIndex | undefined;
  private loading: Promise<RestMappingIndex> | undefined;
  private lastLoadStartedAt = Number.NEGATIVE_INFINITY;
  private readonly minRefreshIntervalMs: number;
  private readonly clock: Clock;

  constructor(private readonly discover: () => Promise<DiscoverySnapshot>, options: RestMapperOptions = {}) {
    this.minRefreshIntervalMs = options.minRefreshIntervalMs ?? 1000;
    this.clock = options.clock ?? systemClock;
  }

  /** GVK -> resource. Throws NoKindMatchError when discovery (refreshed once) does not know the kind. */
  mappingFor(gvk: GroupVersionKind): Promise<RestMapping> {
    return this.lookup((i) => i.forKind(gvk), () => new NoKindMatchError(gvk.group, gvk.version, gvk.kind));
  }

  /** Group + kind in the preferred version the server serves it in. */
  mappingForGroupKind(group: string, kind: string): Promise<RestMapping> {
    return this.lookup((i) => i.forGroupKind(group, kind), () => new NoKindMatchError(group, undefined, kind));
  }

  /** GVR (plural or singular resource) -> mapping, including its kind. */
  mappingForResource(gvr: GroupVersionResource): Promise<RestMapping> {
    return this.lookup((i) => i.forResource(gvr), () => new NoKindMatchError(gvr.group, gvr.version, gvr.resource));
  }

  async kindFor(gvr: GroupVersionResource): Promise<GroupVersionKind> {
    return (await this.mappingForResource(gvr)).gvk;
  }

  /** The current discovery data (loaded if needed). */
  async snapshot(): Promise<DiscoverySnapshot> {
    return (this.index ?? (await this.refresh(false))).snapshot;
  }

  /** Forget the cached discovery data; the next lookup reloads it. */
  invalidate(): void {
    this.index = undefined;
    this.lastLoadStartedAt = Number.NEGATIVE_INFINITY;
  }

  private async lookup(find: (i: RestMappingIndex) => RestMapping | undefined, miss: () => Error): Promise<RestMapping> {
    const first = this.index ?? (await this.refresh(false));
    const hit = find(first);
    if (hit) return hit;
    const again = find(await this.refresh(true));
    if (again) return again;
    throw miss();
  }

  private refresh(rateLimited: boolean): Promise<RestMappingIndex> {
    if (this.loading) return this.loading;
    this.loading = (async () => {
      try {
        const wait = this.lastLoadStartedAt + this.minRefreshIntervalMs - this.clock.now();
        if (rateLimited && wait > 0) await this.clock.sleep(wait);
        this.lastLoadStartedAt = this.clock.now();
        const index = new RestMappingIndex(await this.discover());
        this.index = index;
        return index;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }
}
