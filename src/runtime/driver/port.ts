// The ClusterPort: everything the reconcile driver needs from a cluster, as an injected async interface. The
// instance controller implements it with real API calls (SSA with field manager `kro.run/applyset` and force,
// deletes with UID preconditions, watch registration); `kro render` implements it offline; tests implement it
// in memory. The driver never does I/O itself.
import type { GroupVersionKind, GroupVersionResource, KubeObject } from '../../api/index.js';
import type { ApplySetMetadata, GroupKind } from '../applyset/metadata.js';

/** Where a node's object lives. */
export interface ObjectTarget {
  readonly nodeId: string;
  readonly gvr: GroupVersionResource;
  readonly gvk: GroupVersionKind;
  readonly namespaced: boolean;
  /** '' for cluster-scoped objects. */
  readonly namespace: string;
  readonly name: string;
}

export interface ListRequest {
  readonly nodeId: string;
  readonly gvr: GroupVersionResource;
  readonly gvk: GroupVersionKind;
  readonly namespaced: boolean;
  /** undefined: all namespaces (or a cluster-scoped kind). */
  readonly namespace?: string;
  /** `labelSelector` as a LIST sends it; '' selects everything. */
  readonly labelSelector: string;
}

export interface ApplyRequest {
  /** `<nodeId>` or `<nodeId>-<index>` for collection items (60). */
  readonly id: string;
  readonly nodeId: string;
  readonly gvr: GroupVersionResource;
  readonly namespaced: boolean;
  /** The full object to server-side apply, kro's labels and `applyset.kubernetes.io/part-of` included. */
  readonly object: KubeObject;
}

/** The result of one apply: the object the API server returned, or why it was refused (webhook, invalid...). */
export type ApplyResult = { readonly ok: true; readonly object: KubeObject } | { readonly ok: false; readonly error: string };

export interface MemberListRequest {
  readonly groupKind: GroupKind;
  /** Namespaces to search when the kind is namespaced (ignored for cluster-scoped kinds). */
  readonly namespaces: readonly string[];
  readonly labelSelector: string;
}

export interface DeleteRequest {
  /** The live object (apiVersion, kind, namespace, name); deleted with a precondition on its UID. */
  readonly object: KubeObject;
}

/** `conflict`: the UID precondition failed (the object was replaced); `gone`: already not found. */
export type DeleteResult =
  | { readonly ok: true; readonly outcome: 'deleted' | 'gone' }
  | { readonly ok: false; readonly outcome: 'conflict' }
  | { readonly ok: false; readonly outcome: 'error'; readonly error: string };

export type WatchRequest =
  | { readonly kind: 'object'; readonly nodeId: string; readonly gvr: GroupVersionResource; readonly namespace: string; readonly name: string }
  | { readonly kind: 'selector'; readonly nodeId: string; readonly gvr: GroupVersionResource; readonly namespace?: string; readonly labelSelector: string };

export interface ClusterPort {
  /** GET; undefined when not found. Throws on any other failure. */
  get(target: ObjectTarget): Promise<KubeObject | undefined>;
  /** LIST with a label selector. Throws on failure. */
  list(request: ListRequest): Promise<KubeObject[]>;
  /** Server-side apply of independent objects (concurrently); one result per request, in order. Throws only when nothing could be applied. */
  apply(requests: readonly ApplyRequest[]): Promise<ApplyResult[]>;
  /** SSA of the parent's ApplySet label and annotations (field manager `kro.run/applyset-parent`). */
  patchApplySetParent(metadata: ApplySetMetadata): Promise<void>;
  /** Lists ApplySet members of a kind; [] when the kind is no longer served (44). Throws on other failures. */
  listApplySetMembers(request: MemberListRequest): Promise<KubeObject[]>;
  /** Deletes objects (concurrently) with UID preconditions; one result per request, in order. */
  delete(requests: readonly DeleteRequest[]): Promise<DeleteResult[]>;
  /** Registers interest in an object or selector before it is read, so no event is missed (N3). Optional. */
  watch?(request: WatchRequest): void;
}
