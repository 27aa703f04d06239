// Pruning (K4, 3.1 step 9.7): only after a reconcile with no pending node and no apply error, delete the
// ApplySet members in scope (recorded and current group-kinds x additional namespaces plus the instance's, or
// `default` for cluster-scoped instances, 44) that were not just applied, node by node in reverse topological
// order with UID preconditions. A UID conflict keeps the superset inventory for a retry; otherwise the parent's
// inventory shrinks to exactly what was applied (its failure is only reported).
import type { KubeObject } from '../../api/index.js';
import { applySetMemberSelector, type ApplySetMetadata } from '../applyset/metadata.js';
import { orderPruneCandidates, pruneCandidates } from '../applyset/prune.js';
import { writeParentMetadata } from './apply.js';
import type { DriverContext } from './context.js';
import { errorText } from './nodes.js';
import type { AppliedItem, ReconcileError } from './outcome.js';

export interface PruneStep {
  readonly error?: ReconcileError;
  readonly pruned: KubeObject[];
  readonly conflicts: boolean;
  readonly warnings: string[];
}

export async function pruneStep(ctx: DriverContext, results: ReadonlyMap<string, AppliedItem>, superset: ApplySetMetadata, batch: ApplySetMetadata): Promise<PruneStep> {
  const pruned: KubeObject[] = [];
  const warnings: string[] = [];
  const namespaces = [...new Set([...superset.additionalNamespaces, ctx.parentNamespace === '' ? 'default' : ctx.parentNamespace])];
  const labelSelector = applySetMemberSelector(ctx.applySetId);
  let members: KubeObject[];
  try {
    const lists = await Promise.all(superset.groupKinds.map((groupKind) => ctx.port.listApplySetMembers({ groupKind, namespaces, labelSelector })));
    members = lists.flat();
  } catch (e) {
    return { error: { kind: 'requeue', message: `prune failed: ${errorText(e)}` }, pruned, conflicts: false, warnings };
  }
  const keep = new Set<string>();
  for (const item of results.values()) if (item.result.ok && item.result.object.metadata.uid) keep.add(item.result.object.metadata.uid);
  let conflicts = false;
  for (const wave of orderPruneCandidates(pruneCandidates(members, keep), ctx.graph.topologicalOrder)) {
    const outcomes = await ctx.port.delete(wave.map((object) => ({ object })));
    for (let i = 0; i < wave.length; i++) {
      const outcome = outcomes[i];
      const obj = wave[i]!;
      if (!outcome) continue;
      if (outcome.ok) pruned.push(obj);
      else if (outcome.outcome === 'conflict') conflicts = true;
      else {
        const message = `prune failed: delete ${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}: ${outcome.error}`;
        return { error: { kind: 'requeue', message }, pruned, conflicts, warnings };
      }
    }
  }
  if (!conflicts) {
    try {
      await writeParentMetadata(ctx, batch);
    } catch (e) {
      warnings.push(`failed to shrink instance annotations: ${errorText(e)}`);
    }
  }
  return { pruned, conflicts, warnings };
}
