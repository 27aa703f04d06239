// The statuses of the reconcile's early exits (3.1 steps 3, 6, 8): graph revision not resolvable, management
// (finalizer/labels) failed, reconciliation suspended. Without node states the aggregate is ACTIVE, so a
// suspended instance reports `state: ACTIVE` with Ready False and only schema-backed status fields (34). Also
// the patch ensureManaged writes (step 6).
import { Annotations, Finalizers, InstanceStates, kubeNow, SUSPEND_VALUES, type KubeObject } from '../../api/index.js';
import type { CompiledGraph } from '../../graph/index.js';
import { hasAnyInventory, validateParentInventory } from '../applyset/inventory.js';
import { applySetMetadata, applySetParentAnnotations, applySetParentLabels } from '../applyset/metadata.js';
import { applySetTooling, instanceLabels, type RgdIdentity } from '../decorate.js';
import { instanceApplySetId } from './reconcile.js';
import { InstanceConditionMarks } from '../status/conditions.js';
import { computeInstanceStatus, computeResolutionFailureStatus, type InstanceStatusResult } from '../status/instance-status.js';

/** `kro.run/reconcile: suspended|disabled` (any case). */
export function isReconcileSuspended(instance: KubeObject): boolean {
  const value = instance.metadata.annotations?.[Annotations.reconcile];
  return value !== undefined && SUSPEND_VALUES.includes(value.toLowerCase());
}

/** Status of a reconcile that ended before any node was processed; `mark` sets the conditions that apply. */
export function computeEarlyExitStatus(
  graph: CompiledGraph,
  instance: KubeObject,
  mark: (marks: InstanceConditionMarks) => void,
  now: () => string = kubeNow,
): InstanceStatusResult {
  const marks = new InstanceConditionMarks(instance, now);
  mark(marks);
  return computeInstanceStatus({ graph, instance, marks, nodeState: InstanceStates.active, now });
}

export function computeSuspendedStatus(graph: CompiledGraph, instance: KubeObject, now: () => string = kubeNow): InstanceStatusResult {
  return computeEarlyExitStatus(
    graph,
    instance,
    (m) => {
      m.instanceManaged();
      m.graphResolved();
      m.reconciliationSuspended();
    },
    now,
  );
}

export function computeManagementFailureStatus(graph: CompiledGraph, instance: KubeObject, error: string, now: () => string = kubeNow): InstanceStatusResult {
  return computeEarlyExitStatus(graph, instance, (m) => m.instanceNotManaged(`finalizer/labeling failed: ${error}`), now);
}

/** 3.1 step 3: GraphResolved False with the resolution error, `state: ERROR`, other fields kept. */
export function computeGraphResolutionFailureStatus(
  instance: KubeObject,
  error: string,
  hasAuthorConditions: boolean,
  now: () => string = kubeNow,
): InstanceStatusResult {
  const marks = new InstanceConditionMarks(instance, now);
  marks.graphResolutionFailed(error);
  return computeResolutionFailureStatus(instance, marks, hasAuthorConditions);
}

export interface ManagedPatch {
  /** The instance already has the finalizer and kro's labels: nothing to write. */
  readonly needed: boolean;
  /** The minimal object to server-side apply with field manager `kro.run/labeller` (force). */
  readonly patch?: KubeObject;
  /** The instance carries an inventory that does not validate: management is blocked (3.1 step 6). */
  readonly error?: string;
}

/**
 * 3.1 step 6 (ensureManaged): the patch that adds `kro.run/finalizer` and kro's instance labels (J2) when either
 * is missing or different; an instance with no ApplySet metadata at all also gets an empty, valid inventory.
 */
export function managedPatch(graph: CompiledGraph, instance: KubeObject, kroVersion: string, rgd: RgdIdentity): ManagedPatch {
  const wantLabels = instanceLabels(kroVersion, rgd);
  const hasFinalizer = (instance.metadata.finalizers ?? []).includes(Finalizers.kro);
  const labelsOk = Object.entries(wantLabels).every(([k, v]) => instance.metadata.labels?.[k] === v);
  if (hasFinalizer && labelsOk) return { needed: false };
  const parent = { labels: instance.metadata.labels ?? {}, annotations: instance.metadata.annotations ?? {} };
  const id = instanceApplySetId(graph, instance);
  const labels: Record<string, string> = { ...wantLabels };
  const annotations: Record<string, string> = {};
  if (!hasAnyInventory(parent)) {
    const empty = applySetMetadata(id, applySetTooling(kroVersion), [], []);
    Object.assign(labels, applySetParentLabels(empty));
    Object.assign(annotations, applySetParentAnnotations(empty));
  } else if (!hasFinalizer) {
    const valid = validateParentInventory(parent, id);
    if (!valid.ok) return { needed: true, error: `validate inventory: ${valid.message}` };
  }
  const metadata: KubeObject['metadata'] = { name: instance.metadata.name ?? '', labels, finalizers: [Finalizers.kro] };
  if (graph.instance.namespaced && instance.metadata.namespace !== undefined) metadata.namespace = instance.metadata.namespace;
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  return { needed: true, patch: { apiVersion: instance.apiVersion, kind: instance.kind, metadata } };
}
