// One offline dry run: the runtime's reconcile driver (the same code the controller runs) against the offline
// cluster, in converge mode so every layer that can resolve offline is applied in this one run, with pruning off.
// The outcome becomes a RenderReport: the objects the controller would apply (as sent: kro's labels, annotations
// and ApplySet membership included), in apply order, every node that did not render and why, and the instance's
// projected status.
import { NodeStates, type JsonObject, type KubeObject } from '../../api/index.js';
import type { CompiledGraph } from '../../graph/index.js';
import { explainPending, reconcileInstance, type PendingDetail } from '../../runtime/index.js';
import { OfflineCluster } from './offline-cluster.js';

/** Stands in for the uid the API server would give the instance (children carry it in kro.run/instance-id). */
export const PLACEHOLDER_INSTANCE_UID = '00000000-0000-0000-0000-000000000000';

export interface RenderedObject {
  readonly nodeId: string;
  /** The node's apply-order wave (internal.kro.run/apply-order). */
  readonly applyOrder: number;
  readonly object: JsonObject;
}

/** A node that produced no object to apply, or one that is not done. */
export interface RenderedNodeNote {
  readonly nodeId: string;
  readonly kind: string;
  readonly state: string;
  /** One sentence: what it waits for, or why it was skipped or failed. */
  readonly explanation: string;
  readonly pending?: PendingDetail;
}

export interface RenderReport {
  readonly resourceGraphDefinition: string;
  /** apiVersion, kind, name and namespace of the instance, and the status the controller would write. */
  readonly instance: JsonObject;
  readonly objects: readonly RenderedObject[];
  readonly notes: readonly RenderedNodeNote[];
  /** Status fields left out because their data is unknown offline. */
  readonly pendingStatus: readonly string[];
  /** A hard failure (a CEL evaluation error, conflicting targets...). */
  readonly error?: string;
}

function kindOf(graph: CompiledGraph, id: string): string {
  const node = graph.nodes.get(id);
  if (!node) return '';
  return `${node.gvk.group === '' ? node.gvk.version : `${node.gvk.group}/${node.gvk.version}`} ${node.gvk.kind}`;
}

function skippedExplanation(graph: CompiledGraph, id: string): string {
  const node = graph.nodes.get(id);
  const conditions = node?.includeWhen.map((e) => (e.template ? e.display : `\${${e.display}}`)) ?? [];
  return conditions.length > 0 ? `skipped: includeWhen ${conditions.join(', ')} is false` : 'skipped: a resource it depends on was skipped';
}

/** Drops what would differ on every run (transition times) from the status. */
function stableStatus(status: JsonObject | undefined): JsonObject | undefined {
  if (!status) return undefined;
  const conditions = Array.isArray(status.conditions)
    ? status.conditions.map((c) => {
        if (typeof c !== 'object' || c === null || Array.isArray(c)) return c;
        const { lastTransitionTime: _t, ...rest } = c;
        return rest;
      })
    : undefined;
  return conditions ? { ...status, conditions } : status;
}

export async function renderInstance(graph: CompiledGraph, instance: KubeObject, observed: readonly KubeObject[], kroVersion: string): Promise<RenderReport> {
  const namespace = graph.instance.namespaced ? (instance.metadata.namespace ?? 'default') : '';
  const admitted: KubeObject = {
    ...instance,
    metadata: { ...instance.metadata, uid: instance.metadata.uid ?? PLACEHOLDER_INSTANCE_UID, generation: instance.metadata.generation ?? 1 },
  };
  const cluster = new OfflineCluster(observed, namespace || 'default');
  const outcome = await reconcileInstance({ graph, instance: admitted, port: cluster, options: { kroVersion, prune: false, now: () => '1970-01-01T00:00:00Z' } });

  const objects: RenderedObject[] = [];
  const notes: RenderedNodeNote[] = [];
  for (const id of graph.topologicalOrder) {
    for (const item of outcome.applied) {
      if (item.nodeId === id) objects.push({ nodeId: id, applyOrder: graph.applyOrder.get(id) ?? 0, object: item.object as unknown as JsonObject });
    }
    const node = outcome.nodes.get(id);
    if (!node || node.status.state === NodeStates.synced) continue;
    const state = node.status.state;
    let explanation: string;
    if (node.pending) explanation = explainPending(node.pending);
    else if (state === NodeStates.skipped) explanation = skippedExplanation(graph, id);
    else explanation = node.status.message ?? state.toLowerCase().replaceAll('_', ' ');
    notes.push({ nodeId: id, kind: kindOf(graph, id), state, explanation, ...(node.pending ? { pending: node.pending } : {}) });
  }
  const pendingStatus = outcome.status.pendingFields.map((f) => explainPending(f.detail));
  const status = stableStatus(outcome.status.status);
  const meta: JsonObject = { name: instance.metadata.name ?? '', ...(namespace !== '' ? { namespace } : {}) };
  const hard = outcome.error?.kind === 'error' ? outcome.error.message : outcome.status.error;
  return {
    resourceGraphDefinition: graph.name,
    instance: { apiVersion: instance.apiVersion, kind: instance.kind, metadata: meta, ...(status ? { status } : {}) },
    objects,
    notes,
    pendingStatus,
    ...(hard !== undefined ? { error: hard } : {}),
  };
}
