// Child and external watches of instances (1.N N3; upstream's WatchCoordinator). An instance reconcile declares
// what it reads through a scoped `InstanceWatcher`: an object by GVR+namespace+name, registered before the GET so
// no change between the read and the watch is missed, or a collection by GVR+namespace+label selector. At the end
// of the reconcile `done(commit)` makes this cycle's requests the instance's watch set (requests not repeated are
// dropped), or, for a reconcile that failed, throws this cycle's new requests away and keeps the previous set.
//
// Reverse indexes route every informer event to the instances that asked: by name in O(1), by selector with a
// scan of that GVR's selector requests, matching the object's old labels too, so an object leaving a selector
// also triggers. Informers are shared per GVR through the WatchManager and released when no request needs them.
//
// kro-ts also remembers the resourceVersion of every object an instance's reconcile read or wrote. An event that
// carries exactly that version tells the instance nothing it did not act on (typically the echo of its own apply),
// so it is not routed to that instance; upstream reconciles once more on every such echo. Deletions always route.
// An event for an instance whose reconcile is running is held until that reconcile ends (the echo of an apply can
// arrive before the apply's own response), then routed only if the reconcile did not end up knowing that version.
import type { GroupVersionResource, KubeObject } from '../../api/index.js';
import { matchesLabelSelector, parseSelectorString, type SelectorRequirement, type WatchRequest } from '../../runtime/index.js';
import { gvrId } from './keys.js';

/** The handle one reconcile of one instance uses. */
export interface InstanceWatcher {
  /** Asks for events on an object or selector; call it before reading. Never blocks. */
  watch(request: WatchRequest): void;
  /** Ends the cycle: `true` keeps this cycle's requests (and drops the others), `false` discards them. */
  done(commit: boolean): void;
  /** The reconcile read or wrote this version of an object: an event carrying it is not news for the instance. */
  observed(gvr: GroupVersionResource, namespace: string, name: string, resourceVersion: string | undefined): void;
}

/** What the coordinator needs from the informers. */
export interface WatchSource {
  ensure(gvr: GroupVersionResource): void;
  release(gvr: GroupVersionResource): void;
  /** An event held during a reconcile turned out to be news for the instance. @default ignored */
  requeue?(instance: string): void;
}

interface RouteTarget {
  readonly gvr: GroupVersionResource;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>> | undefined;
  readonly oldLabels?: Readonly<Record<string, string>> | undefined;
  readonly resourceVersion?: string | undefined;
  readonly deleted?: boolean;
}

interface SelectorEntry {
  readonly instance: string;
  readonly request: string;
  readonly namespace: string | undefined;
  readonly requirements: readonly SelectorRequirement[];
}

interface InstanceState {
  committed: Map<string, WatchRequest>;
  current: Map<string, WatchRequest>;
}

/** Identity of a request, the node id included (two nodes reading one object are two requests). */
export function watchRequestKey(request: WatchRequest): string {
  return request.kind === 'object'
    ? JSON.stringify(['o', request.nodeId, gvrId(request.gvr), request.namespace, request.name])
    : JSON.stringify(['s', request.nodeId, gvrId(request.gvr), request.namespace ?? null, request.labelSelector]);
}

export class WatchCoordinator {
  private readonly instances = new Map<string, InstanceState>();
  /** gvr -> `ns/name` -> instance key -> number of its requests on that object. */
  private readonly byName = new Map<string, Map<string, Map<string, number>>>();
  private readonly bySelector = new Map<string, SelectorEntry[]>();
  /** Index entries per GVR, to release an informer nobody needs. */
  private readonly perGvr = new Map<string, { gvr: GroupVersionResource; entries: number }>();
  /** instance key -> object key -> the resourceVersion its last reconcile knew. */
  private readonly known = new Map<string, Map<string, string>>();
  /** Instances whose reconcile is running -> events held until it ends (object key -> version). */
  private readonly held = new Map<string, Map<string, string | undefined>>();

  constructor(private readonly source: WatchSource) {}

  forInstance(instance: string): InstanceWatcher {
    this.held.set(instance, new Map());
    return {
      watch: (request) => this.add(instance, request),
      done: (commit) => {
        if (commit) this.commit(instance);
        else this.rollback(instance);
        this.release(instance);
      },
      observed: (gvr, namespace, name, resourceVersion) => this.observe(instance, gvr, namespace, name, resourceVersion),
    };
  }

  /** The reconcile ended: events held meanwhile that it did not account for queue the instance again. */
  private release(instance: string): void {
    const held = this.held.get(instance);
    this.held.delete(instance);
    if (!held || held.size === 0) return;
    const versions = this.known.get(instance);
    for (const [key, version] of held) {
      if (version === undefined || versions?.get(key) !== version) {
        this.source.requeue?.(instance);
        return;
      }
    }
  }

  private observe(instance: string, gvr: GroupVersionResource, namespace: string, name: string, resourceVersion: string | undefined): void {
    if (!resourceVersion) return;
    let versions = this.known.get(instance);
    if (!versions) {
      versions = new Map();
      this.known.set(instance, versions);
    }
    // Bounded: an instance touches its children; a runaway map only costs an extra reconcile when cleared.
    if (versions.size >= 10_000) versions.clear();
    versions.set(objectKey(gvr, namespace, name), resourceVersion);
  }

  /** The instance is gone: drop every request it holds. */
  removeInstance(instance: string): void {
    this.known.delete(instance);
    this.held.delete(instance);
    const state = this.instances.get(instance);
    if (!state) return;
    this.instances.delete(instance);
    for (const [key, request] of new Map([...state.committed, ...state.current])) this.unindex(instance, key, request);
  }

  /** Drops the requests of every instance whose key starts with `prefix` (a deregistered kind). */
  removeInstancesWithPrefix(prefix: string): void {
    for (const instance of new Set([...this.instances.keys(), ...this.known.keys()])) if (instance.startsWith(prefix)) this.removeInstance(instance);
  }

  /** The instances an event on an object concerns. */
  route(target: RouteTarget): string[] {
    const id = gvrId(target.gvr);
    const matched = new Set<string>();
    for (const instance of this.byName.get(id)?.get(`${target.namespace}/${target.name}`)?.keys() ?? []) matched.add(instance);
    for (const entry of this.bySelector.get(id) ?? []) {
      if (matched.has(entry.instance)) continue;
      if (entry.namespace !== undefined && entry.namespace !== target.namespace) continue;
      if (matchesLabelSelector(entry.requirements, target.labels) || (target.oldLabels !== undefined && matchesLabelSelector(entry.requirements, target.oldLabels))) {
        matched.add(entry.instance);
      }
    }
    const key = objectKey(target.gvr, target.namespace, target.name);
    return [...matched].filter((instance) => {
      const versions = this.known.get(instance);
      if (target.deleted) {
        versions?.delete(key);
        return true;
      }
      const held = this.held.get(instance);
      if (held) {
        held.set(key, target.resourceVersion);
        return false;
      }
      return target.resourceVersion === undefined || versions?.get(key) !== target.resourceVersion;
    });
  }

  /** The requests an instance holds (committed and in the current cycle). */
  requestsOf(instance: string): WatchRequest[] {
    const state = this.instances.get(instance);
    return state ? [...new Map([...state.committed, ...state.current]).values()] : [];
  }

  /** Instances holding a request on `gvr`. */
  instancesWatching(gvr: GroupVersionResource): string[] {
    const id = gvrId(gvr);
    return [...this.instances.entries()].filter(([, s]) => [...s.committed.values(), ...s.current.values()].some((r) => gvrId(r.gvr) === id)).map(([k]) => k);
  }

  instanceKeys(): string[] {
    return [...this.instances.keys()];
  }

  counts(): { instances: number; object: number; selector: number; byGvr: Map<string, { object: number; selector: number }> } {
    let object = 0;
    let selector = 0;
    const byGvr = new Map<string, { object: number; selector: number }>();
    const bump = (id: string, kind: 'object' | 'selector', n: number) => {
      const c = byGvr.get(id) ?? { object: 0, selector: 0 };
      c[kind] += n;
      byGvr.set(id, c);
    };
    for (const [id, names] of this.byName) {
      for (const holders of names.values()) {
        const n = [...holders.values()].reduce((a, b) => a + b, 0);
        object += n;
        bump(id, 'object', n);
      }
    }
    for (const [id, entries] of this.bySelector) {
      selector += entries.length;
      bump(id, 'selector', entries.length);
    }
    return { instances: this.instances.size, object, selector, byGvr };
  }

  private add(instance: string, request: WatchRequest): void {
    let state = this.instances.get(instance);
    if (!state) {
      state = { committed: new Map(), current: new Map() };
      this.instances.set(instance, state);
    }
    const key = watchRequestKey(request);
    if (state.current.has(key)) return;
    state.current.set(key, request);
    if (!state.committed.has(key)) this.index(instance, key, request);
  }

  private commit(instance: string): void {
    const state = this.instances.get(instance);
    if (!state) return;
    for (const [key, request] of state.committed) if (!state.current.has(key)) this.unindex(instance, key, request);
    state.committed = state.current;
    state.current = new Map();
    if (state.committed.size === 0) this.instances.delete(instance);
  }

  private rollback(instance: string): void {
    const state = this.instances.get(instance);
    if (!state) return;
    for (const [key, request] of state.current) if (!state.committed.has(key)) this.unindex(instance, key, request);
    state.current = new Map();
    if (state.committed.size === 0) this.instances.delete(instance);
  }

  private index(instance: string, key: string, request: WatchRequest): void {
    const id = gvrId(request.gvr);
    if (request.kind === 'object') {
      const names = this.byName.get(id) ?? new Map<string, Map<string, number>>();
      this.byName.set(id, names);
      const objectKey = `${request.namespace}/${request.name}`;
      const holders = names.get(objectKey) ?? new Map<string, number>();
      names.set(objectKey, holders);
      holders.set(instance, (holders.get(instance) ?? 0) + 1);
    } else {
      const entries = this.bySelector.get(id) ?? [];
      this.bySelector.set(id, entries);
      entries.push({ instance, request: key, namespace: request.namespace, requirements: parseSelectorString(request.labelSelector) });
    }
    const counter = this.perGvr.get(id);
    if (counter) counter.entries++;
    else {
      this.perGvr.set(id, { gvr: request.gvr, entries: 1 });
      this.source.ensure(request.gvr);
    }
  }

  private unindex(instance: string, key: string, request: WatchRequest): void {
    const id = gvrId(request.gvr);
    if (request.kind === 'object') {
      const names = this.byName.get(id);
      const objectKey = `${request.namespace}/${request.name}`;
      const holders = names?.get(objectKey);
      const n = holders?.get(instance);
      if (!names || !holders || n === undefined) return;
      if (n > 1) holders.set(instance, n - 1);
      else holders.delete(instance);
      if (holders.size === 0) names.delete(objectKey);
      if (names.size === 0) this.byName.delete(id);
    } else {
      const entries = this.bySelector.get(id);
      const i = entries?.findIndex((e) => e.instance === instance && e.request === key) ?? -1;
      if (!entries || i < 0) return;
      entries.splice(i, 1);
      if (entries.length === 0) this.bySelector.delete(id);
    }
    const counter = this.perGvr.get(id);
    if (!counter) return;
    counter.entries--;
    if (counter.entries <= 0) {
      this.perGvr.delete(id);
      this.source.release(counter.gvr);
    }
  }
}

function objectKey(gvr: GroupVersionResource, namespace: string, name: string): string {
  return `${gvrId(gvr)}/${namespace}/${name}`;
}

/** What routing needs of an informer event: identity, labels (and the previous labels), version. */
export function routeTargetOf(gvr: GroupVersionResource, object: KubeObject, old?: KubeObject, deleted = false): RouteTarget {
  return {
    gvr,
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name ?? '',
    labels: object.metadata.labels,
    ...(old ? { oldLabels: old.metadata.labels ?? {} } : {}),
    resourceVersion: object.metadata.resourceVersion,
    deleted,
  };
}
