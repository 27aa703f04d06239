// The runtime driver's ClusterPort over the real API server: GET/LIST of what instances read (each watched before
// it is read), server-side apply of children (field manager `kro.run/applyset`, force, all objects of a call
// concurrently), the ApplySet parent metadata (field manager `kro.run/applyset-parent`), member listing for prune
// and deletion, and deletes with UID preconditions. Every call is counted for the instance.
//
// Objects are addressed by GVR, never through the REST mapper, except ApplySet members, which the parent records
// by group-kind only. List items get their apiVersion and kind stamped (the API server leaves them out of the
// items of built-in lists; client-go's unstructured lists set them, and CEL may read them).
import { FieldManagers, gvkOf, type GroupVersionResource, type KubeObject } from '../../api/index.js';
import { isConflict, isNoKindMatch, isNotFound, type KubeClient } from '../../kube/index.js';
import {
  applySetParentAnnotations,
  applySetParentLabels,
  type ApplyRequest,
  type ApplyResult,
  type ApplySetMetadata,
  type ClusterPort,
  type DeleteRequest,
  type DeleteResult,
  type ListRequest,
  type MemberListRequest,
  type ObjectTarget,
  type WatchRequest,
} from '../../runtime/index.js';
import type { InstanceWatcher } from '../dynamic/index.js';
import type { ApiVerb } from './stats.js';

/** The instance a port works for. */
export interface ParentIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly gvr: GroupVersionResource;
  readonly namespace: string;
  readonly name: string;
}

export interface InstanceIO {
  readonly kube: KubeClient;
  readonly parent: ParentIdentity;
  readonly count: (verb: ApiVerb, n?: number) => void;
  readonly signal: AbortSignal;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function apiVersionOf(gvr: { group: string; version: string }): string {
  return gvr.group === '' ? gvr.version : `${gvr.group}/${gvr.version}`;
}

function stamp(items: KubeObject[], apiVersion: string, kind: string): KubeObject[] {
  return items.map((o) => ({ ...o, apiVersion, kind }));
}

/** SSA of the parent's ApplySet label and annotations. Exported for the labeller's first inventory as well. */
export async function applyParentMetadata(io: InstanceIO, fieldManager: string, metadata: { labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] }): Promise<KubeObject> {
  const { parent } = io;
  io.count('patch');
  const body: KubeObject = {
    apiVersion: parent.apiVersion,
    kind: parent.kind,
    metadata: { name: parent.name, ...(parent.namespace ? { namespace: parent.namespace } : {}), ...metadata },
  };
  return io.kube.dynamic.patch({ gvr: parent.gvr, namespace: parent.namespace || undefined }, parent.name, body, {
    type: 'apply',
    fieldManager,
    force: true,
    signal: io.signal,
  });
}

export class KubeClusterPort implements ClusterPort {
  /** The GVR of every member listed, for the deletion path's watches. */
  readonly memberGvrs = new WeakMap<KubeObject, GroupVersionResource>();

  constructor(
    private readonly io: InstanceIO,
    private readonly watcher: InstanceWatcher,
  ) {}

  async get(target: ObjectTarget): Promise<KubeObject | undefined> {
    this.io.count('get');
    try {
      const found = await this.io.kube.dynamic.get({ gvr: target.gvr, namespace: target.namespaced ? target.namespace : undefined }, target.name, { signal: this.io.signal });
      this.observed(target.gvr, found);
      return found;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async list(request: ListRequest): Promise<KubeObject[]> {
    this.io.count('list');
    const { items } = await this.io.kube.dynamic.listAll(
      { gvr: request.gvr, namespace: request.namespaced ? request.namespace : undefined },
      { ...(request.labelSelector ? { labelSelector: request.labelSelector } : {}), signal: this.io.signal },
    );
    for (const item of items) this.observed(request.gvr, item);
    return stamp(items, apiVersionOf(request.gvk), request.gvk.kind);
  }

  apply(requests: readonly ApplyRequest[]): Promise<ApplyResult[]> {
    this.io.count('apply', requests.length);
    return Promise.all(
      requests.map(async (request): Promise<ApplyResult> => {
        const namespace = request.namespaced ? request.object.metadata.namespace : undefined;
        try {
          const object = await this.io.kube.dynamic.patch({ gvr: request.gvr, namespace }, request.object.metadata.name ?? '', request.object, {
            type: 'apply',
            fieldManager: FieldManagers.applySet,
            force: true,
            signal: this.io.signal,
          });
          this.observed(request.gvr, object);
          return { ok: true, object };
        } catch (err) {
          return { ok: false, error: errorMessage(err) };
        }
      }),
    );
  }

  async patchApplySetParent(metadata: ApplySetMetadata): Promise<void> {
    await applyParentMetadata(this.io, FieldManagers.applySetParent, {
      labels: applySetParentLabels(metadata),
      annotations: applySetParentAnnotations(metadata),
    });
  }

  async listApplySetMembers(request: MemberListRequest): Promise<KubeObject[]> {
    let mapping;
    try {
      mapping = await this.io.kube.mapper.mappingForGroupKind(request.groupKind.group, request.groupKind.kind);
    } catch (err) {
      // A kind no longer served (its CRD was deleted) has no members left to prune or delete (44).
      if (isNoKindMatch(err)) return [];
      throw err;
    }
    const namespaces: (string | undefined)[] = mapping.namespaced ? [...request.namespaces] : [undefined];
    const lists = await Promise.all(
      namespaces.map(async (namespace) => {
        this.io.count('list');
        try {
          const { items } = await this.io.kube.dynamic.listAll({ gvr: mapping.gvr, namespace }, { labelSelector: request.labelSelector, metadataOnly: true, signal: this.io.signal });
          return items;
        } catch (err) {
          if (isNotFound(err)) return [];
          throw err;
        }
      }),
    );
    const members = stamp(lists.flat(), apiVersionOf(mapping.gvk), mapping.gvk.kind);
    for (const m of members) this.memberGvrs.set(m, mapping.gvr);
    return members;
  }

  delete(requests: readonly DeleteRequest[]): Promise<DeleteResult[]> {
    this.io.count('delete', requests.length);
    return Promise.all(
      requests.map(async ({ object }): Promise<DeleteResult> => {
        try {
          const gvr = this.memberGvrs.get(object) ?? (await this.io.kube.mapper.mappingFor(gvkOf(object))).gvr;
          await this.io.kube.dynamic.delete({ gvr, namespace: object.metadata.namespace || undefined }, object.metadata.name ?? '', {
            preconditions: { uid: object.metadata.uid ?? '' },
            signal: this.io.signal,
          });
          return { ok: true, outcome: 'deleted' };
        } catch (err) {
          if (isNotFound(err)) return { ok: true, outcome: 'gone' };
          if (isConflict(err)) return { ok: false, outcome: 'conflict' };
          return { ok: false, outcome: 'error', error: errorMessage(err) };
        }
      }),
    );
  }

  watch(request: WatchRequest): void {
    this.watcher.watch(request);
  }

  private observed(gvr: GroupVersionResource, object: KubeObject): void {
    this.watcher.observed(gvr, object.metadata.namespace ?? '', object.metadata.name ?? '', object.metadata.resourceVersion);
  }
}
