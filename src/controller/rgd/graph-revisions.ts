// The RGD controller's side of GraphRevisions (spec 3.2 steps 3, 5 and 7, J4): list them by the selectable field
// `spec.snapshot.name` (straight from the API server: a cache could miss one just created and issue a duplicate),
// adopt live revisions without a controller ownerReference to this RGD, create the next one, and delete those
// beyond retention. Revisions are grouped by RGD *name*, so a recreated RGD continues its predecessor's numbering.
import {
  FieldManagers,
  GRAPH_REVISION_API_VERSION,
  GRAPH_REVISION_KIND,
  GRAPH_REVISION_PLURAL,
  KRO_INTERNAL_GROUP,
  KRO_VERSION_V1ALPHA1,
  Labels,
  RGD_API_VERSION,
  RGD_KIND,
  type GraphRevision,
  type OwnerReference,
  type ResourceGraphDefinition,
} from '../../api/index.js';
import { isNotFound, KRO_TS_VERSION, type KubeClient } from '../../kube/index.js';
import { kroVersionLabelValue } from '../../schema/index.js';
import { graphRevisionName, retentionFloor } from '../revisions/index.js';

export const GRAPH_REVISION_GVR = { group: KRO_INTERNAL_GROUP, version: KRO_VERSION_V1ALPHA1, resource: GRAPH_REVISION_PLURAL } as const;

export interface ListedRevisions {
  /** Revisions not being deleted. */
  readonly live: GraphRevision[];
  readonly hasTerminating: boolean;
}

export async function listGraphRevisions(kube: KubeClient, rgdName: string): Promise<ListedRevisions> {
  const { items } = await kube.dynamic.listAll<GraphRevision>({ gvr: GRAPH_REVISION_GVR }, { fieldSelector: `spec.snapshot.name=${rgdName}` });
  const live = items.filter((gr) => !gr.metadata.deletionTimestamp);
  return { live, hasTerminating: live.length !== items.length };
}

export function rgdOwnerReference(rgd: ResourceGraphDefinition): OwnerReference {
  return {
    apiVersion: RGD_API_VERSION,
    kind: RGD_KIND,
    name: rgd.metadata.name ?? '',
    uid: rgd.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isOwnedBy(gr: GraphRevision, uid: string): boolean {
  return (gr.metadata.ownerReferences ?? []).some((r) => r.uid === uid && r.kind === RGD_KIND && r.controller === true);
}

/** Owner references with this RGD as controller: an RGD reference of an earlier RGD is replaced, others kept. */
export function withRgdOwner(refs: readonly OwnerReference[] | undefined, owner: OwnerReference): OwnerReference[] {
  const out = [...(refs ?? [])];
  const i = out.findIndex((r) => r.kind === RGD_KIND && r.apiVersion === RGD_API_VERSION);
  if (i >= 0) out[i] = owner;
  else out.push(owner);
  return out;
}

/** Stamps this RGD as controller owner of every live revision that lacks it; returns the names adopted. */
export async function adoptGraphRevisions(kube: KubeClient, rgd: ResourceGraphDefinition, live: readonly GraphRevision[]): Promise<string[]> {
  const owner = rgdOwnerReference(rgd);
  const adopted: string[] = [];
  for (const gr of live) {
    if (isOwnedBy(gr, owner.uid)) continue;
    const name = gr.metadata.name ?? '';
    const patch = { metadata: { resourceVersion: gr.metadata.resourceVersion, ownerReferences: withRgdOwner(gr.metadata.ownerReferences, owner) } };
    try {
      await kube.dynamic.patch({ gvr: GRAPH_REVISION_GVR }, name, patch, { type: 'merge' });
    } catch (err) {
      throw new Error(`adopting graph revision "${name}": ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    adopted.push(name);
  }
  return adopted;
}

/** The GraphRevision object for `revision` of `rgd` (J4), ready to create. */
export function buildGraphRevision(rgd: ResourceGraphDefinition, revision: number, specHash: string): GraphRevision {
  const rgdName = rgd.metadata.name ?? '';
  return {
    apiVersion: GRAPH_REVISION_API_VERSION,
    kind: GRAPH_REVISION_KIND,
    metadata: {
      name: graphRevisionName(rgdName, revision),
      labels: {
        [Labels.owned]: 'true',
        [Labels.kroVersion]: kroVersionLabelValue(KRO_TS_VERSION),
        [Labels.rgdName]: rgdName,
        [Labels.graphRevisionHash]: specHash,
      },
      ownerReferences: [rgdOwnerReference(rgd)],
    },
    spec: {
      revision,
      snapshot: { name: rgdName, generation: rgd.metadata.generation ?? 0, spec: structuredClone(rgd.spec) },
    },
  };
}

export async function createGraphRevision(kube: KubeClient, rgd: ResourceGraphDefinition, revision: number, specHash: string): Promise<GraphRevision> {
  const gr = buildGraphRevision(rgd, revision, specHash);
  try {
    return await kube.dynamic.create(gr, { fieldManager: FieldManagers.controller });
  } catch (err) {
    throw new Error(`creating graph revision "${gr.metadata.name ?? ''}": ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/**
 * Deletes live revisions below the newest `max` (retention, L4). The GraphRevision controller evicts their registry
 * entries when their finalizer goes. Returns how many deletions were issued.
 */
export async function collectGraphRevisions(kube: KubeClient, rgdName: string, max: number): Promise<number> {
  if (max <= 0) return 0;
  const { live } = await listGraphRevisions(kube, rgdName);
  const floor = retentionFloor(live.map((gr) => gr.spec.revision), max);
  if (floor === undefined) return 0;
  let deleted = 0;
  for (const gr of live) {
    if (gr.spec.revision >= floor) continue;
    try {
      await kube.dynamic.delete({ gvr: GRAPH_REVISION_GVR }, gr.metadata.name ?? '', { preconditions: { uid: gr.metadata.uid ?? '' } });
      deleted++;
    } catch (err) {
      if (!isNotFound(err)) throw new Error(`deleting graph revision "${gr.metadata.name ?? ''}": ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
  return deleted;
}

