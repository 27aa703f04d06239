// The reconcile driver (3.1 step 9, then steps 10-11 as data): evaluate, apply, and in `converge` mode evaluate
// again with the apply responses as observed, applying whatever became resolvable or changed, until a pass
// changes nothing. Each pass is exactly what an upstream reconcile would do next against the same cluster, so
// the end state is upstream's, reached in one reconcile instead of one reconcile (and a requeue) per dependency
// layer (behavior 25). Pending nodes never stop independent ones; a hard error or a terminating object stops
// applying; anything pending or any apply error disables pruning.
import { kubeNow, type KubeObject } from '../../api/index.js';
import type { CompiledGraph } from '../../graph/index.js';
import { readParentInventory } from '../applyset/inventory.js';
import { applySetId } from '../applyset/metadata.js';
import type { PendingDetail } from '../issues.js';
import { InstanceRun } from '../run.js';
import { InstanceConditionMarks } from '../status/conditions.js';
import { computeInstanceStatus } from '../status/instance-status.js';
import { aggregateInstanceState, joinedErrorStates, joinedNodeErrors } from '../status/state.js';
import { applyPass, batchMetadata, supersetMetadata, type ApplyStep } from './apply.js';
import { DriverContext, type ReconcileOptions } from './context.js';
import { processNodes, type EmittedItem, type PassResult } from './nodes.js';
import { markResources, requeueFor, type AppliedItem, type NodeOutcome, type ReconcileError, type ReconcileOutcome } from './outcome.js';
import type { ClusterPort } from './port.js';
import { pruneStep, type PruneStep } from './prune.js';

export interface ReconcileInput {
  readonly graph: CompiledGraph;
  /** The instance as loaded and labelled (after ensureManaged: finalizer, labels, ApplySet id). */
  readonly instance: KubeObject;
  readonly port: ClusterPort;
  readonly options: ReconcileOptions;
}

function prunedLeftovers(pass: PassResult, run: InstanceRun, pruned: readonly KubeObject[]): boolean {
  if (pruned.length === 0) return false;
  const uids = new Set(pruned.map((p) => p.metadata.uid));
  for (const [id, desired] of pass.desired) {
    if (desired.length > 0 || run.node(id).kind !== 'Collection') continue;
    if ((run.observed(id) ?? []).some((o) => uids.has(o.metadata.uid))) return true;
  }
  return false;
}

/** The ApplySet id of an instance of `graph`. */
export function instanceApplySetId(graph: CompiledGraph, instance: KubeObject): string {
  return applySetId({
    name: instance.metadata.name ?? '',
    namespace: graph.instance.namespaced ? (instance.metadata.namespace ?? '') : '',
    kind: graph.instance.gvk.kind,
    group: graph.instance.gvk.group,
  });
}

export async function reconcileInstance(input: ReconcileInput): Promise<ReconcileOutcome> {
  const { graph, instance, port, options } = input;
  const run = new InstanceRun(graph, instance, options.maxCollectionSize !== undefined ? { maxCollectionSize: options.maxCollectionSize } : {});
  const ctx = new DriverContext({
    graph,
    instance,
    port,
    run,
    options,
    applySetId: instanceApplySetId(graph, instance),
    memory: readParentInventory(instance.metadata.annotations),
  });
  const converge = (options.mode ?? 'converge') === 'converge';
  const maxPasses = options.maxPasses ?? graph.nodes.size + 2;
  const everEmitted = new Map<string, EmittedItem>();
  let pass: PassResult | undefined;
  let step: ApplyStep | undefined;
  let error: ReconcileError | undefined;
  let passes = 0;
  let mutated = false;
  let exhausted = false;

  for (;;) {
    passes++;
    run.beginPass();
    pass = await processNodes(ctx);
    step = undefined;
    if (pass.hardError !== undefined) {
      error = { kind: 'error', message: pass.hardError };
      break;
    }
    if (pass.deleting !== undefined) {
      error = { kind: 'deleting', message: pass.deleting };
      break;
    }
    step = await applyPass(ctx, pass, passes, !converge || passes === 1, everEmitted);
    mutated ||= step.changed;
    if (step.error) {
      error = step.error;
      break;
    }
    if (!converge || !step.changed) break;
    if (passes >= maxPasses) {
      exhausted = true;
      break;
    }
  }

  const states = pass.states;
  const results: ReadonlyMap<string, AppliedItem> = step?.results ?? new Map<string, AppliedItem>();
  const superset = supersetMetadata(ctx, everEmitted.values());
  const batch = batchMetadata(ctx, pass.emitted);
  let prune: PruneStep = { pruned: [], conflicts: false, warnings: [] };
  const itemErrors = [...results.values()].some((r) => !r.result.ok);
  const prunable = error === undefined && pass.unresolved === undefined && !itemErrors && !exhausted && options.prune !== false;
  if (prunable) {
    prune = await pruneStep(ctx, results, superset, batch);
    if (prune.pruned.length > 0) mutated = true;
  }

  const order = graph.topologicalOrder;
  const state = aggregateInstanceState(states.values());
  if (error === undefined) {
    const errorStates = joinedErrorStates(states, order);
    if (prune.error) error = prune.error;
    else if (errorStates !== undefined) error = { kind: 'requeue', message: `apply results contain errors: ${errorStates}` };
    else if (pass.unresolved !== undefined) error = { kind: 'requeue', message: `waiting for unresolved resource: ${pass.unresolved}` };
    else if (prune.conflicts) error = { kind: 'requeue', message: 'prune encountered UID conflicts; retrying' };
    else if (exhausted) error = { kind: 'requeue', message: 'cluster mutated' };
    else if (mutated && !converge) error = { kind: 'requeue', message: 'cluster mutated' };
  }
  // Pruned leftovers of a collection that became empty were visible to its dependents this reconcile (31); only
  // the next reconcile sees them gone, so it must come (upstream's "cluster mutated" requeue, without the failure).
  const refresh = error === undefined && converge && prunedLeftovers(pass, run, prune.pruned);

  const marks = new InstanceConditionMarks(instance, options.now);
  marks.instanceManaged();
  marks.graphResolved();
  markResources(marks, error, state, joinedNodeErrors(states, order));
  const status = computeInstanceStatus({ graph, instance, marks, nodeState: state, run, now: options.now ?? kubeNow });

  const nodes = new Map<string, NodeOutcome>();
  const pending: PendingDetail[] = [];
  for (const id of order) {
    const nodeState = states.get(id);
    if (!nodeState) continue;
    const detail = pass.pending.get(id);
    if (detail) pending.push(detail);
    const desired = pass.desired.get(id);
    const observed = run.observed(id);
    nodes.set(id, {
      id,
      status: nodeState,
      ...(desired ? { desired } : {}),
      ...(observed ? { observed } : {}),
      ...(detail ? { pending: detail } : {}),
    });
  }
  for (const field of status.pendingFields) pending.push(field.detail);

  return {
    passes,
    nodes,
    state,
    ...(error ? { error } : {}),
    requeue: refresh && status.error === undefined ? { kind: 'after-interval', reason: 'pruned collection items were visible to dependents' } : requeueFor(error, status.error),
    applied: [...results.values()],
    mutated,
    prune: { ran: prunable, pruned: prune.pruned, conflicts: prune.conflicts },
    applySet: { id: ctx.applySetId, superset, batch },
    pending,
    status,
    watches: ctx.watches,
    warnings: prune.warnings,
  };
}
