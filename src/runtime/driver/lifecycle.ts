// The statuses of the reconcile's early exits (3.1 steps 3, 6, 8): graph revision not resolvable, management
// (finalizer/labels) failed, reconciliation suspended. Without node states the aggregate is ACTIVE, so a
// suspended instance reports `state: ACTIVE` with Ready False and only schema-backed status fields (34).
import { InstanceStates, kubeNow, SUSPEND_VALUES, Annotations, type KubeObject } from '../../api/index.js';
import type { CompiledGraph } from '../../graph/index.js';
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
