// The instance status a reconcile writes (3.1 step 11, 3.3 step 6): kro's built-in conditions and `state`, plus
// every resolved status field (`state`/`conditions` from the projection ignored, C6). With author conditions
// only those reach the wire (behavior 33). `changed` tells whether it differs from the wire status (37).
import { InstanceStates, kubeNow, type Condition, type InstanceState, type JsonObject, type KubeObject } from '../../api/index.js';
import type { CompiledGraph } from '../../graph/index.js';
import { InstanceRun } from '../run.js';
import { conditionToWire, wireConditions, type InstanceConditionMarks } from './conditions.js';
import { evaluateAuthorConditions, stampAuthorConditions } from './custom-conditions.js';
import { projectStatusFields, sameStatus, type PendingStatusField } from './projection.js';

export interface InstanceStatusInput {
  readonly graph: CompiledGraph;
  /** The instance; its `status` is the wire status the result is compared with. */
  readonly instance: KubeObject;
  /** The built-in conditions as marked this reconcile. */
  readonly marks: InstanceConditionMarks;
  /** The node aggregate (state.ts); ACTIVE when no node was processed. */
  readonly nodeState: InstanceState;
  /** Observations to project from; without it only `schema`-backed fields resolve (suspended instances). */
  readonly run?: InstanceRun;
  /** RFC 3339 "now" for new transition times. @default the current time */
  readonly now?: () => string;
}

export interface InstanceStatusResult {
  /** The status to write; undefined when projecting failed (upstream then writes nothing and retries). */
  readonly status?: JsonObject;
  /** True when `status` differs from the wire status (write it). */
  readonly changed: boolean;
  readonly state?: string;
  /** kro's built-in conditions as computed (also when author conditions own the wire). */
  readonly builtins: readonly Condition[];
  /** A projection error (a status expression failed with something other than missing data). */
  readonly error?: string;
  /** Author conditions degraded (failed entries or duplicate types): state is ERROR. */
  readonly degraded?: string;
  /** Status fields left out because their data is pending. */
  readonly pendingFields: readonly PendingStatusField[];
}

export function wireStatusOf(instance: KubeObject): unknown {
  return instance.status ?? null;
}

export function computeInstanceStatus(input: InstanceStatusInput): InstanceStatusResult {
  const { graph, instance, marks } = input;
  const now = input.now ?? kubeNow;
  const builtins = marks.builtins();
  const state: string = marks.isRootReady() ? InstanceStates.active : input.nodeState;
  const status: JsonObject = { conditions: builtins.map(conditionToWire), state };
  const run = input.run ?? new InstanceRun(graph, instance);
  const projection = projectStatusFields(run);
  if (!projection.ok) return { changed: false, builtins, error: projection.message, pendingFields: [] };
  for (const [key, value] of Object.entries(projection.fields)) {
    if (key === 'conditions' || key === 'state') continue;
    status[key] = value;
  }
  let degraded: string | undefined;
  if (graph.instance.conditions.length > 0) {
    const authored = evaluateAuthorConditions(run, builtins);
    const stamped = stampAuthorConditions(authored, wireConditions(instance), instance.metadata.generation ?? 0, now());
    status.conditions = stamped.map(conditionToWire);
    if (authored.degraded !== undefined) {
      degraded = authored.degraded;
      status.state = InstanceStates.error;
    }
  }
  return {
    status,
    changed: !sameStatus(wireStatusOf(instance), status),
    state: status.state as string,
    builtins,
    ...(degraded !== undefined ? { degraded } : {}),
    pendingFields: projection.pending,
  };
}

/**
 * The status written when the graph revision cannot be resolved (3.1 step 3): `state: ERROR`, the built-in
 * conditions only when the RGD has no author conditions, every other wire field kept.
 */
export function computeResolutionFailureStatus(instance: KubeObject, marks: InstanceConditionMarks, hasAuthorConditions: boolean): InstanceStatusResult {
  const wire = instance.status;
  const status: JsonObject = typeof wire === 'object' && wire !== null && !Array.isArray(wire) ? { ...(wire as JsonObject) } : {};
  const builtins = marks.builtins();
  if (!hasAuthorConditions) status.conditions = builtins.map(conditionToWire);
  status.state = InstanceStates.error;
  return { status, changed: !sameStatus(wireStatusOf(instance), status), state: InstanceStates.error, builtins, pendingFields: [] };
}

/**
 * The status written while deleting (3.3 step 6): state DELETING, every other wire field kept; the built-in
 * conditions, or with author conditions the previous author conditions plus kro's ResourcesReady.
 */
export function computeDeletionStatus(instance: KubeObject, marks: InstanceConditionMarks, hasAuthorConditions: boolean): InstanceStatusResult {
  const wire = instance.status;
  const status: JsonObject = typeof wire === 'object' && wire !== null && !Array.isArray(wire) ? { ...(wire as JsonObject) } : {};
  const builtins = marks.builtins();
  if (hasAuthorConditions) {
    const resourcesReady = builtins.find((c) => c.type === 'ResourcesReady');
    const previous = wireConditions(instance).filter((c) => c.type !== 'ResourcesReady');
    status.conditions = [...previous, ...(resourcesReady ? [resourcesReady] : [])].map(conditionToWire);
  } else {
    status.conditions = builtins.map(conditionToWire);
  }
  status.state = InstanceStates.deleting;
  return { status, changed: !sameStatus(wireStatusOf(instance), status), state: InstanceStates.deleting, builtins, pendingFields: [] };
}
