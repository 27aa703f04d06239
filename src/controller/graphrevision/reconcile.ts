// The GraphRevision reconciler (spec 3.4, upstream pkg/controller/graphrevision): compile each revision's snapshot
// once with the controller's graph builder and publish the result in the in-memory revision registry.
//
//   deleting  -> remove the finalizer, then evict the registry entry (an entry outlives its object never)
//   otherwise -> finalizer; registry Pending (first time); compile; GraphVerified + status;
//                registry Active only after the status write succeeded (graph_revision_activation_deferred_total
//                counts the times it did not), or Failed.
//
// The registry is memory only, so after a restart every GraphRevision is compiled again (the informer's first list
// enqueues them all). A failed compilation is retried with backoff: a kind the snapshot uses may simply not be
// served yet right after a restart; the entry stays Failed meanwhile, as upstream's does.
import {
  ConditionSet,
  GraphRevisionConditions,
  GraphRevisionReasons,
  RGD_API_VERSION,
  RGD_KIND,
  type GraphRevision,
  type ResourceGraphDefinition,
} from '../../api/index.js';
import { specHash } from '../../graph/index.js';
import { isNotFound, type KubeClient } from '../../kube/index.js';
import { ensureFinalizer, removeFinalizer } from '../finalizers.js';
import { formatBuildErrors, onlySchemaUnavailable, type GraphBuilder } from '../graph-builder.js';
import type { Logger } from '../logger.js';
import type { KroMetrics } from '../metrics.js';
import type { ReconcileResult, Reconciler } from '../queue/index.js';
import type { RevisionRegistry } from '../revisions/index.js';
import { GRAPH_REVISION_GVR } from '../rgd/graph-revisions.js';

export interface GraphRevisionReconcilerDeps {
  readonly kube: KubeClient;
  readonly builder: GraphBuilder;
  readonly revisions: RevisionRegistry;
  readonly logger: Logger;
  readonly metrics?: KroMetrics;
  readonly now?: () => string;
}

interface Tracked {
  readonly rgdName: string;
  readonly revision: number;
}

export class GraphRevisionReconciler implements Reconciler<string> {
  /** Registry entries this controller wrote, by GraphRevision name, to evict them when the object vanishes. */
  private readonly tracked = new Map<string, Tracked>();

  constructor(private readonly deps: GraphRevisionReconcilerDeps) {}

  async reconcile(name: string, signal: AbortSignal): Promise<ReconcileResult> {
    const { kube, revisions } = this.deps;
    let gr: GraphRevision;
    try {
      gr = await kube.dynamic.get<GraphRevision>({ gvr: GRAPH_REVISION_GVR }, name, { signal });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      this.evict(name);
      return {};
    }
    const rgdName = gr.spec.snapshot.name;
    const revision = gr.spec.revision;
    if (gr.metadata.deletionTimestamp) {
      await removeFinalizer(kube, GRAPH_REVISION_GVR, gr);
      if (revisions.get(rgdName, revision)) this.deps.metrics?.revisionFinalizerEvictions.inc();
      this.evict(name, { rgdName, revision });
      return {};
    }
    gr = await ensureFinalizer(kube, GRAPH_REVISION_GVR, gr);
    this.tracked.set(name, { rgdName, revision });
    const hash = specHash(gr.spec.snapshot.spec);
    if (!revisions.get(rgdName, revision)) revisions.put({ rgdName, revision, specHash: hash, state: 'Pending' });

    const conditions = new ConditionSet(gr.metadata, gr.status?.conditions, {
      root: GraphRevisionConditions.ready,
      dependents: [GraphRevisionConditions.graphVerified],
      ...(this.deps.now ? { now: this.deps.now } : {}),
    });
    const started = performance.now();
    const built = await this.deps.builder.build(snapshotRgd(gr));
    const result = built.ok ? 'success' : 'failure';
    this.deps.metrics?.revisionCompileTotal.inc({ result });
    this.deps.metrics?.revisionCompileDuration.observe({ result }, (performance.now() - started) / 1000);

    if (!built.ok) {
      const message = `failed to compile graph revision "${name}": ${formatBuildErrors(built.diagnostics)}`;
      if (onlySchemaUnavailable(built.diagnostics)) {
        conditions.setUnknown(GraphRevisionConditions.graphVerified, GraphRevisionReasons.schemaUnavailable, message);
      } else {
        conditions.setFalse(GraphRevisionConditions.graphVerified, GraphRevisionReasons.invalidGraph, message);
      }
      revisions.put({ rgdName, revision, specHash: hash, state: 'Failed', message });
      await this.writeStatus(gr, { conditions: conditions.list() });
      throw new Error(message);
    }
    const graph = built.value;
    conditions.setTrue(GraphRevisionConditions.graphVerified, GraphRevisionReasons.verified, 'graph revision compiled and verified');
    try {
      await this.writeStatus(gr, {
        conditions: conditions.list(),
        topologicalOrder: [...graph.status.topologicalOrder],
        resources: structuredClone([...graph.status.resources]),
      });
    } catch (err) {
      this.deps.metrics?.revisionActivationDeferred.inc();
      throw err;
    }
    revisions.put({ rgdName, revision, specHash: hash, state: 'Active', graph });
    this.deps.logger.debug({ graphRevision: name, rgd: rgdName, revision }, 'graph revision compiled');
    return {};
  }

  private evict(name: string, known?: Tracked): void {
    const entry = known ?? this.tracked.get(name);
    this.tracked.delete(name);
    if (entry) this.deps.revisions.delete(entry.rgdName, entry.revision);
  }

  private async writeStatus(gr: GraphRevision, status: Record<string, unknown>): Promise<void> {
    const patch = { status: { topologicalOrder: null, resources: null, ...status } };
    try {
      await this.deps.kube.dynamic.patch({ gvr: GRAPH_REVISION_GVR }, gr.metadata.name ?? '', patch, { type: 'merge', subresource: 'status' });
    } catch (err) {
      this.deps.metrics?.revisionStatusUpdateErrors.inc();
      throw err;
    }
  }
}

/** The RGD a snapshot describes, as the builder takes it. */
export function snapshotRgd(gr: GraphRevision): ResourceGraphDefinition {
  const owner = (gr.metadata.ownerReferences ?? []).find((r) => r.kind === RGD_KIND && r.controller === true);
  return {
    apiVersion: RGD_API_VERSION,
    kind: RGD_KIND,
    metadata: { name: gr.spec.snapshot.name, ...(owner ? { uid: owner.uid } : {}), generation: gr.spec.snapshot.generation },
    spec: gr.spec.snapshot.spec,
  };
}
