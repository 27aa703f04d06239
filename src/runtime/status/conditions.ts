// kro's built-in instance conditions (I3) with upstream's reasons and messages, over the shared condition-set
// semantics of src/api (I4: observedGeneration, stable transition times, Ready computed from InstanceManaged,
// GraphResolved and ResourcesReady, root last), and their wire form (Go's v1alpha1.Condition JSON: reason and
// message kept even when empty, observedGeneration omitted when 0).
import { ConditionSet, InstanceConditions, InstanceReasons, type Condition, type JsonObject, type KubeObject } from '../../api/index.js';

export const BUILTIN_INSTANCE_CONDITIONS: readonly string[] = [
  InstanceConditions.instanceManaged,
  InstanceConditions.graphResolved,
  InstanceConditions.resourcesReady,
  InstanceConditions.ready,
];

/** Upstream's ConditionsMarker: the ways a reconcile sets the built-in conditions. */
export class InstanceConditionMarks {
  readonly #set: ConditionSet;

  constructor(instance: KubeObject, now?: () => string) {
    const existing = wireConditions(instance);
    this.#set = new ConditionSet(
      {
        ...(instance.metadata.generation !== undefined ? { generation: instance.metadata.generation } : {}),
        ...(instance.metadata.creationTimestamp !== undefined ? { creationTimestamp: instance.metadata.creationTimestamp } : {}),
        ...(instance.metadata.deletionTimestamp !== undefined ? { deletionTimestamp: instance.metadata.deletionTimestamp } : {}),
      },
      existing,
      { root: InstanceConditions.ready, dependents: [InstanceConditions.instanceManaged, InstanceConditions.graphResolved, InstanceConditions.resourcesReady], ...(now ? { now } : {}) },
    );
    this.#set.initialize();
  }

  instanceManaged(): void {
    this.#set.setTrue(InstanceConditions.instanceManaged, InstanceReasons.managed, 'instance is properly managed with finalizers and labels');
  }

  instanceNotManaged(message: string): void {
    this.#set.setFalse(InstanceConditions.instanceManaged, InstanceReasons.managementFailed, message);
  }

  graphResolved(): void {
    this.#set.setTrue(InstanceConditions.graphResolved, InstanceReasons.resolved, 'runtime graph created and all resources resolved');
  }

  graphResolutionFailed(message: string): void {
    this.#set.setFalse(InstanceConditions.graphResolved, InstanceReasons.resolutionFailed, message);
  }

  resourcesReady(): void {
    this.#set.setTrue(InstanceConditions.resourcesReady, InstanceReasons.allResourcesReady, 'all resources are created and ready');
  }

  resourcesNotReady(message: string): void {
    this.#set.setFalse(InstanceConditions.resourcesReady, InstanceReasons.notReady, message);
  }

  resourcesDeleting(message: string): void {
    this.#set.setFalse(InstanceConditions.resourcesReady, InstanceReasons.resourceDeleting, message);
  }

  resourcesUnderDeletion(message: string): void {
    this.#set.setUnknown(InstanceConditions.resourcesReady, InstanceReasons.underDeletion, message);
  }

  reconciliationSuspended(): void {
    this.#set.setFalse(InstanceConditions.resourcesReady, InstanceReasons.reconciliationSuspended, 'reconciliation suspended via kro.run/reconcile annotation');
  }

  /** Ready is True at the instance's current generation. */
  isRootReady(): boolean {
    return this.#set.isRootReady();
  }

  /** The built-in conditions as computed, in the set's order. */
  builtins(): Condition[] {
    return this.#set.list().filter((c) => BUILTIN_INSTANCE_CONDITIONS.includes(c.type));
  }

  get(type: string): Condition | undefined {
    return this.#set.get(type);
  }
}

/** The conditions on the wire status, decoded (malformed entries skipped). */
export function wireConditions(instance: KubeObject): Condition[] {
  const status = instance.status;
  if (typeof status !== 'object' || status === null || Array.isArray(status)) return [];
  const list = (status as Record<string, unknown>).conditions;
  if (!Array.isArray(list)) return [];
  const out: Condition[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
    const c = item as Record<string, unknown>;
    if (typeof c.type !== 'string' || typeof c.status !== 'string') continue;
    const condition: Condition = { type: c.type, status: c.status };
    if (typeof c.reason === 'string') condition.reason = c.reason;
    if (typeof c.message === 'string') condition.message = c.message;
    if (typeof c.lastTransitionTime === 'string') condition.lastTransitionTime = c.lastTransitionTime;
    if (typeof c.observedGeneration === 'number') condition.observedGeneration = c.observedGeneration;
    out.push(condition);
  }
  return out;
}

/** A condition as Go serializes v1alpha1.Condition. */
export function conditionToWire(c: Condition): JsonObject {
  const out: JsonObject = { type: c.type, status: c.status };
  if (c.lastTransitionTime !== undefined) out.lastTransitionTime = c.lastTransitionTime;
  if (c.reason !== undefined) out.reason = c.reason;
  if (c.message !== undefined) out.message = c.message;
  if (c.observedGeneration !== undefined && c.observedGeneration !== 0) out.observedGeneration = c.observedGeneration;
  return out;
}
