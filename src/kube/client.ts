// The dynamic client: CRUD, patch, server-side apply, list and watch on any kind as plain JSON objects.
// Targets are named by GVR (no discovery needed) or by GVK (mapped through the RESTMapper), objects carry
// their own apiVersion/kind/namespace. Hand-written because client-node runs objects through typed models
// that drop unknown fields and turn timestamps into Dates (../shared/reference/kube-client.md §1 row 5).
import type { GroupVersionKind, GroupVersionResource, KubeObject } from '../api/index.js';
import { gvkOf } from '../api/index.js';
import type { KubeStatus } from './errors.js';
import { isGone } from './errors.js';
import type { KubeHttp, QueryValue } from './http.js';
import { resourcePath } from './paths.js';
import type { RestMapper } from './rest-mapper.js';
import { openWatch, type KubeWatch } from './watch.js';

/** What to operate on: a resource by GVR, or a kind by GVK; namespace omitted = cluster-wide or all namespaces. */
export type ResourceTarget =
  | { readonly gvr: GroupVersionResource; readonly namespace?: string | undefined }
  | { readonly gvk: GroupVersionKind; readonly namespace?: string | undefined };

export interface KubeList<T extends KubeObject = KubeObject> {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  readonly items: T[];
}

/** PartialObjectMetadata(List) content negotiation; the trailing application/json lets servers that cannot convert answer in full. */
export const METADATA_ACCEPT_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
export const METADATA_ACCEPT = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

export interface SelectorOptions {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Ask for PartialObjectMetadata only (metadata, no spec/status). */
  readonly metadataOnly?: boolean;
}

export interface ListOptions extends SelectorOptions {
  readonly limit?: number;
  readonly continue?: string;
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: 'NotOlderThan' | 'Exact';
  readonly signal?: AbortSignal;
}

export interface WatchOptions extends SelectorOptions {
  readonly resourceVersion?: string;
  readonly allowWatchBookmarks?: boolean;
  /** Streaming list: initial state as ADDED events, then a BOOKMARK annotated k8s.io/initial-events-end. */
  readonly sendInitialEvents?: boolean;
  readonly resourceVersionMatch?: 'NotOlderThan';
  /** Server-side end of the watch. */
  readonly timeoutSeconds?: number;
  readonly signal?: AbortSignal;
}

export interface WriteOptions {
  readonly dryRun?: boolean;
  readonly fieldManager?: string;
  readonly fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  readonly subresource?: string;
  readonly signal?: AbortSignal;
}

export interface ApplyOptions extends WriteOptions {
  readonly fieldManager: string;
  /** Take ownership of fields other managers own instead of failing with a Conflict. */
  readonly force?: boolean;
}

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

export interface PatchOptions extends WriteOptions {
  readonly type: PatchType;
  readonly force?: boolean;
}

export interface DeleteOptions {
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  readonly propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  readonly gracePeriodSeconds?: number;
  readonly dryRun?: boolean;
  readonly signal?: AbortSignal;
}

const PATCH_CONTENT_TYPES: Readonly<Record<PatchType, string>> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

interface Resolved {
  readonly gvr: GroupVersionResource;
  readonly namespace: string | undefined;
}

/** Reduces a full object to its PartialObjectMetadata, for servers that ignored the metadata Accept. */
export function toPartialObjectMetadata(obj: KubeObject): KubeObject {
  if (obj.kind === 'PartialObjectMetadata') return obj;
  return { apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: obj.metadata };
}

function writeQuery(options: WriteOptions): Record<string, QueryValue> {
  return {
    dryRun: options.dryRun ? 'All' : undefined,
    fieldManager: options.fieldManager,
    fieldValidation: options.fieldValidation,
  };
}

export class DynamicClient {
  constructor(readonly http: KubeHttp, readonly mapper: RestMapper) {}

  async get<T extends KubeObject = KubeObject>(
    target: ResourceTarget,
    name: string,
    options: { subresource?: string; metadataOnly?: boolean; signal?: AbortSignal } = {},
  ): Promise<T> {
    const r = await this.resolve(target, true);
    const obj = await this.http.request<T>({
      method: 'GET',
      path: resourcePath(r.gvr, { namespace: r.namespace, name, subresource: options.subresource }),
      ...(options.metadataOnly ? { accept: METADATA_ACCEPT } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return options.metadataOnly ? (toPartialObjectMetadata(obj) as T) : obj;
  }

  /** One page of a list (pass `limit` and the previous page's `metadata.continue` to paginate). */
  async list<T extends KubeObject = KubeObject>(target: ResourceTarget, options: ListOptions = {}): Promise<KubeList<T>> {
    const r = await this.resolve(target);
    const list = await this.http.request<KubeList<T>>({
      method: 'GET',
      path: resourcePath(r.gvr, { namespace: r.namespace }),
      query: {
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
        limit: options.limit,
        continue: options.continue,
        // The server refuses a resourceVersion together with a continue token.
        resourceVersion: options.continue ? undefined : options.resourceVersion,
        resourceVersionMatch: options.continue ? undefined : options.resourceVersionMatch,
      },
      ...(options.metadataOnly ? { accept: METADATA_ACCEPT_LIST } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    // The server writes `items: null` for an empty PartialObjectMetadataList (Go's nil slice).
    const items = list.items ?? [];
    if (!options.metadataOnly || list.kind === 'PartialObjectMetadataList') return { ...list, items };
    return { ...list, items: items.map((o) => toPartialObjectMetadata(o) as T) };
  }

  /** Yields list pages of `pageSize` items until the server has no more. */
  async *listPages<T extends KubeObject = KubeObject>(
    target: ResourceTarget,
    options: ListOptions & { pageSize?: number } = {},
  ): AsyncGenerator<KubeList<T>> {
    let token: string | undefined;
    do {
      const page = await this.list<T>(target, { ...options, limit: options.pageSize ?? 500, ...(token ? { continue: token } : {}) });
      yield page;
      token = page.metadata.continue || undefined;
    } while (token);
  }

  /**
   * Every item, paginated, with the list's resourceVersion (to start a watch from). When a continue token
   * expires mid-way (410), it lists again in one unpaginated request, as client-go's pager does.
   */
  async listAll<T extends KubeObject = KubeObject>(
    target: ResourceTarget,
    options: ListOptions & { pageSize?: number } = {},
  ): Promise<{ items: T[]; resourceVersion: string }> {
    const items: T[] = [];
    let resourceVersion = '';
    try {
      for await (const page of this.listPages<T>(target, options)) {
        items.push(...page.items);
        resourceVersion = page.metadata.resourceVersion ?? resourceVersion;
      }
    } catch (err) {
      if (!isGone(err) || items.length === 0) throw err;
      const whole = await this.list<T>(target, { ...options, limit: undefined, continue: undefined });
      return { items: whole.items, resourceVersion: whole.metadata.resourceVersion ?? '' };
    }
    return { items, resourceVersion };
  }

  /** Opens a watch; resolves once the server accepted it. */
  async watch<T extends KubeObject = KubeObject>(target: ResourceTarget, options: WatchOptions = {}): Promise<KubeWatch<T>> {
    const r = await this.resolve(target);
    const watch = await openWatch<T>(this.http, {
      path: resourcePath(r.gvr, { namespace: r.namespace }),
      query: {
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
        resourceVersion: options.resourceVersion,
        resourceVersionMatch: options.resourceVersionMatch,
        allowWatchBookmarks: options.allowWatchBookmarks,
        sendInitialEvents: options.sendInitialEvents,
        timeoutSeconds: options.timeoutSeconds,
      },
      ...(options.metadataOnly ? { accept: METADATA_ACCEPT } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!options.metadataOnly) return watch;
    return {
      close: () => watch.close(),
      [Symbol.asyncIterator]: async function* () {
        for await (const e of watch) yield { type: e.type, object: toPartialObjectMetadata(e.object) as T };
      },
    };
  }

  async create<T extends KubeObject>(obj: T, options: WriteOptions = {}): Promise<T> {
    const r = await this.resolve(this.targetOf(obj), true);
    return this.http.request<T>({
      method: 'POST',
      path: resourcePath(r.gvr, { namespace: r.namespace, subresource: undefined }),
      query: writeQuery(options),
      body: obj,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /** PUT of the whole object (optimistic concurrency through metadata.resourceVersion). */
  async replace<T extends KubeObject>(obj: T, options: WriteOptions = {}): Promise<T> {
    const r = await this.resolve(this.targetOf(obj), true);
    return this.http.request<T>({
      method: 'PUT',
      path: resourcePath(r.gvr, { namespace: r.namespace, name: obj.metadata.name ?? '', subresource: options.subresource }),
      query: writeQuery(options),
      body: obj,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /** PUT to the status subresource: only status changes are kept by the server. */
  updateStatus<T extends KubeObject>(obj: T, options: Omit<WriteOptions, 'subresource'> = {}): Promise<T> {
    return this.replace(obj, { ...options, subresource: 'status' });
  }

  async patch<T extends KubeObject = KubeObject>(target: ResourceTarget, name: string, patch: unknown, options: PatchOptions): Promise<T> {
    const r = await this.resolve(target, true);
    return this.http.request<T>({
      method: 'PATCH',
      path: resourcePath(r.gvr, { namespace: r.namespace, name, subresource: options.subresource }),
      query: { ...writeQuery(options), force: options.type === 'apply' && options.force ? true : undefined },
      body: patch,
      contentType: PATCH_CONTENT_TYPES[options.type],
      idempotent: options.type === 'apply' || options.type === 'merge',
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /**
   * Server-side apply: the object is the field manager's whole intent (JSON is valid YAML, so it is sent
   * as is). Pass `subresource: 'status'` to apply status.
   */
  apply<T extends KubeObject>(obj: KubeObject, options: ApplyOptions): Promise<T> {
    return this.patch<T>(this.targetOf(obj), obj.metadata.name ?? '', obj, { ...options, type: 'apply' });
  }

  applyStatus<T extends KubeObject>(obj: KubeObject, options: Omit<ApplyOptions, 'subresource'>): Promise<T> {
    return this.apply<T>(obj, { ...options, subresource: 'status' });
  }

  /** Deletes; returns the object (when it lingers on finalizers) or the server's Status. */
  async delete(target: ResourceTarget, name: string, options: DeleteOptions = {}): Promise<KubeObject | KubeStatus> {
    const r = await this.resolve(target, true);
    return this.http.request<KubeObject | KubeStatus>({
      method: 'DELETE',
      path: resourcePath(r.gvr, { namespace: r.namespace, name }),
      query: { dryRun: options.dryRun ? 'All' : undefined },
      body: {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        ...(options.preconditions ? { preconditions: options.preconditions } : {}),
        ...(options.propagationPolicy ? { propagationPolicy: options.propagationPolicy } : {}),
        ...(options.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: options.gracePeriodSeconds } : {}),
      },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /** The target an object names through its apiVersion, kind and namespace. */
  targetOf(obj: KubeObject): ResourceTarget {
    if (!obj.apiVersion || !obj.kind) throw new Error(`object ${obj.metadata?.name ?? ''} has no apiVersion/kind`);
    return { gvk: gvkOf(obj), namespace: obj.metadata?.namespace };
  }

  /** `oneObject`: the call addresses a single object, so a namespaced kind needs its namespace. */
  private async resolve(target: ResourceTarget, oneObject = false): Promise<Resolved> {
    if ('gvr' in target) return { gvr: target.gvr, namespace: target.namespace || undefined };
    const mapping = await this.mapper.mappingFor(target.gvk);
    if (oneObject && mapping.namespaced && !target.namespace) {
      throw new Error(`${target.gvk.kind} is namespaced: set metadata.namespace (or the target's namespace)`);
    }
    // Cluster-scoped kinds ignore a namespace, as kubectl does; a namespaced kind without one lists all namespaces.
    return { gvr: mapping.gvr, namespace: mapping.namespaced ? target.namespace || undefined : undefined };
  }
}
