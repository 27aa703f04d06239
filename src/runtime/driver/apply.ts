// The apply half of a pass (3.1 steps 9.4-9.6 and 9.8): refuse duplicate targets, write the ApplySet superset
// to the parent before anything is applied (42), refuse objects owned by another ApplySet (K3), server-side
// apply the rest concurrently through the port, then settle each applied node from the apply responses:
// SYNCED, WAITING_FOR_READINESS or ERROR. In later passes an object identical to what this reconcile already
// applied is not applied again; its earlier result stands.
import { NodeStates, type KubeObject } from '../../api/index.js';
import { applySetConflict, conflictingTargets } from '../applyset/prune.js';
import { applySetParentAnnotations, applySetParentLabels, parentHasMetadata, projectInventory, type ApplySetMetadata } from '../applyset/metadata.js';
import { applySetTooling } from '../decorate.js';
import { namespacedName } from '../collection.js';
import { q } from '../issues.js';
import { canonicalJson } from '../status/projection.js';
import type { DriverContext } from './context.js';
import { errorText, type EmittedItem, type PassResult } from './nodes.js';
import type { AppliedItem, ReconcileError } from './outcome.js';
import type { ApplyRequest } from './port.js';

export interface ApplyStep {
  readonly error?: ReconcileError;
  /** Some apply of this pass created or changed an object. */
  readonly changed: boolean;
  /** The result of every item emitted in the pass (applied now or earlier in this reconcile). */
  readonly results: ReadonlyMap<string, AppliedItem>;
}

export function supersetMetadata(ctx: DriverContext, emitted: Iterable<EmittedItem>): ApplySetMetadata {
  return projectInventory(ctx.applySetId, applySetTooling(ctx.options.kroVersion), ctx.parentNamespace, inventoryItems(ctx, emitted), ctx.memory);
}

export function batchMetadata(ctx: DriverContext, emitted: Iterable<EmittedItem>): ApplySetMetadata {
  return projectInventory(ctx.applySetId, applySetTooling(ctx.options.kroVersion), ctx.parentNamespace, inventoryItems(ctx, emitted));
}

function* inventoryItems(ctx: DriverContext, emitted: Iterable<EmittedItem>) {
  for (const item of emitted) yield { object: item.object, namespaced: ctx.run.node(item.nodeId).namespaced };
}

/** Patches the parent's ApplySet metadata unless it already holds exactly that. */
export async function writeParentMetadata(ctx: DriverContext, meta: ApplySetMetadata): Promise<boolean> {
  if (parentHasMetadata(ctx.parentLabels, ctx.parentAnnotations, meta)) return false;
  await ctx.port.patchApplySetParent(meta);
  Object.assign(ctx.parentLabels, applySetParentLabels(meta));
  Object.assign(ctx.parentAnnotations, applySetParentAnnotations(meta));
  return true;
}

export async function applyPass(ctx: DriverContext, pass: PassResult, passNumber: number, applyAll: boolean, everEmitted: Map<string, EmittedItem>): Promise<ApplyStep> {
  const results = new Map<string, AppliedItem>();
  const duplicate = conflictingTargets(pass.emitted);
  if (duplicate) return { error: { kind: 'error', message: duplicate }, changed: false, results };
  for (const item of pass.emitted) everEmitted.set(`${item.id}\u0000${namespacedName(item.object)}`, item);
  try {
    await writeParentMetadata(ctx, supersetMetadata(ctx, everEmitted.values()));
  } catch (e) {
    return { error: { kind: 'requeue', message: `failed to patch instance with applyset labels: ${errorText(e)}` }, changed: false, results };
  }

  const toApply: { item: EmittedItem; json: string; request: ApplyRequest }[] = [];
  for (const item of pass.emitted) {
    const json = canonicalJson(item.object);
    const previous = ctx.lastApplied.get(item.id);
    if (!applyAll && previous && previous.json === json) {
      results.set(item.id, previous);
      continue;
    }
    const conflict = applySetConflict(item.object, item.current, ctx.applySetId);
    if (conflict !== undefined) {
      const refused: AppliedItem = { id: item.id, nodeId: item.nodeId, object: item.object, result: { ok: false, error: conflict }, changed: false, pass: passNumber };
      results.set(item.id, refused);
      ctx.lastApplied.set(item.id, { ...refused, json });
      continue;
    }
    const node = ctx.run.node(item.nodeId);
    toApply.push({ item, json, request: { id: item.id, nodeId: item.nodeId, gvr: node.gvr, namespaced: node.namespaced, object: item.object } });
  }

  let changed = false;
  if (toApply.length > 0) {
    let responses;
    try {
      responses = await ctx.port.apply(toApply.map((t) => t.request));
    } catch (e) {
      return { error: { kind: 'requeue', message: `apply failed: ${errorText(e)}` }, changed: false, results };
    }
    toApply.forEach(({ item, json, request }, i) => {
      const result = responses[i] ?? { ok: false as const, error: 'no apply result' };
      const itemChanged = result.ok && (item.current === undefined || item.current.metadata.resourceVersion !== result.object.metadata.resourceVersion);
      const applied: AppliedItem = { id: item.id, nodeId: item.nodeId, object: item.object, result, changed: itemChanged, pass: passNumber };
      results.set(item.id, applied);
      ctx.lastApplied.set(item.id, { ...applied, json });
      if (result.ok) ctx.recordApplied(request.gvr, item.nodeId, ctx.run.node(item.nodeId).kind === 'Collection', result.object);
      changed ||= itemChanged;
    });
  }
  settleApplied(ctx, pass, results);
  return { changed, results };
}

/** upstream's processApplyResults: observed = apply responses, then readiness decides the node state. */
function settleApplied(ctx: DriverContext, pass: PassResult, results: ReadonlyMap<string, AppliedItem>): void {
  for (const id of ctx.graph.topologicalOrder) {
    const state = pass.states.get(id);
    if (state?.state !== NodeStates.inProgress) continue;
    const node = ctx.graph.nodes.get(id);
    if (!node) continue;
    if (node.kind === 'Resource') {
      const item = results.get(id);
      if (!item) continue;
      if (!item.result.ok) {
        pass.states.set(id, { state: NodeStates.error, message: item.result.error });
        continue;
      }
      if (ctx.run.observed(id)?.[0] !== item.result.object) ctx.run.setObserved(id, [item.result.object]);
    } else if (node.kind === 'Collection') {
      const desired = pass.desired.get(id) ?? [];
      const observed: KubeObject[] = [];
      let failedItem: string | undefined;
      for (let i = 0; i < desired.length && failedItem === undefined; i++) {
        const item = results.get(`${id}-${i}`);
        if (!item) continue;
        if (!item.result.ok) failedItem = `collection item ${i}: ${item.result.error}`;
        else observed.push(item.result.object);
      }
      if (failedItem !== undefined) {
        pass.states.set(id, { state: NodeStates.error, message: failedItem });
        continue;
      }
      ctx.run.setObserved(id, observed);
    } else continue;
    const readiness = ctx.run.checkReadiness(id);
    if (readiness.ready) pass.states.set(id, { state: NodeStates.synced });
    else if (readiness.issue.kind === 'error') pass.states.set(id, { state: NodeStates.error, message: readiness.issue.message });
    else {
      pass.states.set(id, { state: NodeStates.waitingForReadiness, message: `waiting for node ${q(id)}: ${readiness.issue.message}` });
      if (readiness.issue.detail) pass.pending.set(id, readiness.issue.detail);
    }
  }
}
