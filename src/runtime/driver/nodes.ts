// One evaluation pass over the nodes in topological order (upstream's processNodes, 3.1 step 9.2): inclusion,
// desired objects, then by kind: read externalRefs (never applied), LIST collection items, GET resources, and
// emit decorated objects for apply. A pending node does not stop the others; a hard error or a terminating
// object stops the pass before anything is applied (behaviors 26, 46).
import { Labels, NodeStates, type JsonObject, type KubeObject } from '../../api/index.js';
import type { GraphNode } from '../../graph/index.js';
import { namespacedName } from '../collection.js';
import { collectionItemSelector, decorateChild } from '../decorate.js';
import { q, type Issue, type PendingDetail } from '../issues.js';
import { labelSelectorString, parseLabelSelector } from '../selector.js';
import type { NodeStatus } from '../status/state.js';
import { stringAt } from '../template.js';
import type { DriverContext } from './context.js';
import type { ObjectTarget } from './port.js';

export interface EmittedItem {
  readonly id: string;
  readonly nodeId: string;
  readonly object: KubeObject;
  /** The live object before apply, if it exists. */
  readonly current: KubeObject | undefined;
}

export interface PassResult {
  readonly states: Map<string, NodeStatus>;
  readonly emitted: EmittedItem[];
  /** Decorated desired objects per node, and the resolved templates of externalRefs. */
  readonly desired: Map<string, readonly KubeObject[]>;
  readonly pending: Map<string, PendingDetail>;
  /** The error of the last pending node in topological order (upstream's unresolvedErr). */
  unresolved?: string;
  hardError?: string;
  deleting?: string;
}

/** Go's schema.GroupVersionResource.String(). */
function gvrString(node: GraphNode): string {
  return `${node.gvr.group}/${node.gvr.version}, Resource=${node.gvr.resource}`;
}

function notFoundMessage(node: GraphNode, name: string): string {
  const resource = node.gvr.group === '' ? node.gvr.resource : `${node.gvr.resource}.${node.gvr.group}`;
  return `${resource} ${q(name)} not found`;
}

function asKube(obj: JsonObject): KubeObject {
  return obj as unknown as KubeObject;
}

function targetOf(node: GraphNode, obj: JsonObject): ObjectTarget {
  return { nodeId: node.id, gvr: node.gvr, gvk: node.gvk, namespaced: node.namespaced, namespace: stringAt(obj, 'metadata', 'namespace'), name: stringAt(obj, 'metadata', 'name') };
}

function deletingMessage(nodeId: string, obj: KubeObject): string {
  const ns = obj.metadata.namespace ?? '';
  const ref = ns === '' ? (obj.metadata.name ?? '') : `${ns}/${obj.metadata.name ?? ''}`;
  return `resource ${q(ref)} for node ${q(nodeId)} is currently being deleted; waiting for deletion to complete before continuing reconciliation`;
}

/**
 * Runs the pass. Nodes are grouped by dependency depth: nodes of one depth never read each other, so their
 * reads (GET/LIST) run concurrently; their results are merged in topological order, and the pass stops at the
 * first node (in that order) with a hard error or a terminating object, as upstream's sequential walk does.
 */
export async function processNodes(ctx: DriverContext): Promise<PassResult> {
  const pass: PassResult = { states: new Map(), emitted: [], desired: new Map(), pending: new Map() };
  let unresolvedAt = -1;
  const order = ctx.graph.topologicalOrder;
  for (const layer of depthLayers(ctx)) {
    const locals = layer.map((id) => ({ id, local: emptyPass() }));
    await Promise.all(locals.map(({ id, local }) => processNode(ctx, ctx.run.node(id), local)));
    for (const { id, local } of locals) {
      const state = local.states.get(id);
      if (state) pass.states.set(id, state);
      pass.emitted.push(...local.emitted);
      for (const [k, v] of local.desired) pass.desired.set(k, v);
      for (const [k, v] of local.pending) pass.pending.set(k, v);
      if (local.unresolved !== undefined && order.indexOf(id) > unresolvedAt) {
        unresolvedAt = order.indexOf(id);
        pass.unresolved = local.unresolved;
      }
      if (local.hardError !== undefined || local.deleting !== undefined) {
        if (local.hardError !== undefined) pass.hardError = local.hardError;
        if (local.deleting !== undefined) pass.deleting = local.deleting;
        return pass;
      }
    }
  }
  return pass;
}

function emptyPass(): PassResult {
  return { states: new Map(), emitted: [], desired: new Map(), pending: new Map() };
}

/** The topological order split by dependency depth (roots first), each group in topological order. */
function depthLayers(ctx: DriverContext): string[][] {
  const depth = new Map<string, number>();
  const layers: string[][] = [];
  for (const id of ctx.graph.topologicalOrder) {
    const node = ctx.graph.nodes.get(id);
    if (!node) continue;
    let d = 0;
    for (const dep of node.dependencies) if (depth.has(dep)) d = Math.max(d, depth.get(dep)! + 1);
    depth.set(id, d);
    (layers[d] ??= []).push(id);
  }
  return layers;
}

/** Returns true when the pass must stop (hard error or terminating object). */
async function processNode(ctx: DriverContext, node: GraphNode, pass: PassResult): Promise<boolean> {
  const id = node.id;
  const setState = (state: NodeStatus['state'], message?: string) => pass.states.set(id, message === undefined ? { state } : { state, message });
  const hard = (message: string) => {
    setState(NodeStates.error, message);
    pass.hardError = message;
    return true;
  };
  const unresolved = (issue: Issue) => {
    pass.unresolved = `gvr ${q(gvrString(node))}: ${issue.message}`;
    if (issue.detail) pass.pending.set(id, issue.detail);
    return false;
  };
  setState(NodeStates.inProgress);

  const ignored = ctx.run.isIgnored(id);
  if (!ignored.ok) return ignored.issue.kind === 'error' ? hard(ignored.issue.message) : unresolved(ignored.issue);
  if (ignored.value) {
    setState(NodeStates.skipped);
    return false;
  }
  const desired = ctx.run.desired(id);
  if (!desired.ok) return desired.issue.kind === 'error' ? hard(desired.issue.message) : unresolved(desired.issue);

  switch (node.kind) {
    case 'External':
      return processExternal(ctx, node, desired.value[0]!, pass, setState, hard);
    case 'ExternalCollection':
      return processExternalCollection(ctx, node, desired.value[0]!, pass, setState, hard);
    case 'Collection':
      return processCollection(ctx, node, desired.value, pass, setState, hard);
    case 'Resource':
      return processResource(ctx, node, desired.value[0]!, pass, hard);
  }
}

type SetState = (state: NodeStatus['state'], message?: string) => void;

async function processResource(ctx: DriverContext, node: GraphNode, desired: JsonObject, pass: PassResult, hard: (m: string) => boolean): Promise<boolean> {
  const target = targetOf(node, desired);
  ctx.watch({ kind: 'object', nodeId: node.id, gvr: node.gvr, namespace: target.namespace, name: target.name });
  let current: KubeObject | undefined;
  try {
    current = await ctx.get(target);
  } catch (e) {
    return hard(`failed to get current state for ${target.namespace}/${target.name}: ${errorText(e)}`);
  }
  if (current?.metadata.deletionTimestamp) {
    pass.states.set(node.id, { state: NodeStates.deleting });
    pass.deleting = deletingMessage(node.id, current);
    return true;
  }
  if (current && ctx.run.observed(node.id)?.[0] !== current) ctx.run.setObserved(node.id, [current]);
  const object = withPartOf(ctx, asKube(decorateChild(desired, decoration(ctx, node))));
  pass.desired.set(node.id, [object]);
  pass.emitted.push({ id: node.id, nodeId: node.id, object, current });
  return false;
}

async function processCollection(
  ctx: DriverContext,
  node: GraphNode,
  desired: readonly JsonObject[],
  pass: PassResult,
  setState: SetState,
  hard: (m: string) => boolean,
): Promise<boolean> {
  let existing: KubeObject[];
  try {
    existing = await ctx.list({
      nodeId: node.id,
      gvr: node.gvr,
      gvk: node.gvk,
      namespaced: node.namespaced,
      labelSelector: collectionItemSelector(ctx.instance.metadata.uid ?? '', node.id),
    });
  } catch (e) {
    return hard(`failed to list collection items: ${errorText(e)}`);
  }
  if (desired.length === 0) {
    ctx.run.setObserved(node.id, existing);
    pass.desired.set(node.id, []);
    setState(NodeStates.synced);
    return false;
  }
  const byName = new Map(existing.map((o) => [namespacedName(o), o]));
  for (const item of desired) {
    ctx.watch({ kind: 'object', nodeId: node.id, gvr: node.gvr, namespace: stringAt(item, 'metadata', 'namespace'), name: stringAt(item, 'metadata', 'name') });
  }
  for (const item of desired) {
    const current = byName.get(namespacedName(item));
    if (current?.metadata.deletionTimestamp) {
      pass.states.set(node.id, { state: NodeStates.deleting });
      pass.deleting = deletingMessage(node.id, current);
      return true;
    }
  }
  ctx.run.setObserved(node.id, existing);
  const objects: KubeObject[] = [];
  desired.forEach((item, index) => {
    const object = withPartOf(ctx, asKube(decorateChild(item, decoration(ctx, node, { index, size: desired.length }))));
    objects.push(object);
    pass.emitted.push({ id: `${node.id}-${index}`, nodeId: node.id, object, current: byName.get(namespacedName(item)) });
  });
  pass.desired.set(node.id, objects);
  return false;
}

async function processExternal(ctx: DriverContext, node: GraphNode, desired: JsonObject, pass: PassResult, setState: SetState, hard: (m: string) => boolean): Promise<boolean> {
  const target = targetOf(node, desired);
  pass.desired.set(node.id, [asKube(desired)]);
  ctx.watch({ kind: 'object', nodeId: node.id, gvr: node.gvr, namespace: target.namespace, name: target.name });
  let actual: KubeObject | undefined;
  try {
    actual = await ctx.get(target);
  } catch (e) {
    return hard(`external ref get ${node.gvk.group}/${node.gvk.version}, Kind=${node.gvk.kind} ${target.namespace}/${target.name}: ${errorText(e)}`);
  }
  if (!actual) {
    setState(NodeStates.waitingForReadiness, `waiting for external reference ${q(node.id)}: ${notFoundMessage(node, target.name)}`);
    pass.pending.set(node.id, { nodeId: node.id, reason: 'not-found', missing: `${target.namespace === '' ? '' : `${target.namespace}/`}${target.name}` });
    return false;
  }
  if (ctx.run.observed(node.id)?.[0] !== actual) ctx.run.setObserved(node.id, [actual]);
  return settleReadiness(ctx, node, pass, setState, hard, `waiting for external reference ${q(node.id)}: `);
}

async function processExternalCollection(
  ctx: DriverContext,
  node: GraphNode,
  desired: JsonObject,
  pass: PassResult,
  setState: SetState,
  hard: (m: string) => boolean,
): Promise<boolean> {
  pass.desired.set(node.id, [asKube(desired)]);
  const meta = desired.metadata;
  const selector = parseLabelSelector(typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? meta.selector : undefined);
  if (!selector.ok) return hard(`invalid label selector for ${node.id}: ${selector.message}`);
  const labelSelector = labelSelectorString(selector.requirements);
  const ns = stringAt(desired, 'metadata', 'namespace');
  const namespace = node.namespaced && ns !== '' ? ns : undefined;
  ctx.watch({ kind: 'selector', nodeId: node.id, gvr: node.gvr, ...(namespace !== undefined ? { namespace } : {}), labelSelector });
  let items: KubeObject[];
  try {
    items = await ctx.list({ nodeId: node.id, gvr: node.gvr, gvk: node.gvk, namespaced: node.namespaced, ...(namespace !== undefined ? { namespace } : {}), labelSelector });
  } catch (e) {
    return hard(`failed to list external collection ${node.id}: ${errorText(e)}`);
  }
  const observed = ctx.run.observed(node.id);
  if (!observed || observed.length !== items.length || observed.some((o, i) => o !== items[i])) ctx.run.setObserved(node.id, items);
  return settleReadiness(ctx, node, pass, setState, hard, `waiting for external collection ${q(node.id)}: `);
}

function settleReadiness(ctx: DriverContext, node: GraphNode, pass: PassResult, setState: SetState, hard: (m: string) => boolean, prefix: string): boolean {
  const readiness = ctx.run.checkReadiness(node.id);
  if (readiness.ready) {
    setState(NodeStates.synced);
    return false;
  }
  if (readiness.issue.kind === 'error') return hard(readiness.issue.message);
  setState(NodeStates.waitingForReadiness, `${prefix}${readiness.issue.message}`);
  if (readiness.issue.detail) pass.pending.set(node.id, readiness.issue.detail);
  return false;
}

function decoration(ctx: DriverContext, node: GraphNode, collection?: { index: number; size: number }) {
  return {
    instance: ctx.instance,
    instanceNamespaced: ctx.graph.instance.namespaced,
    kroVersion: ctx.options.kroVersion,
    nodeId: node.id,
    applyOrder: ctx.graph.applyOrder.get(node.id),
    ...(collection ? { collection } : {}),
  };
}

function withPartOf(ctx: DriverContext, obj: KubeObject): KubeObject {
  obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [Labels.applySetPartOf]: ctx.applySetId };
  return obj;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
