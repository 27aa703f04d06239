// The door of src/runtime: one instance against a CompiledGraph. `InstanceRun` evaluates inclusion, desired
// objects, readiness and status from what was observed; `reconcileInstance` is the I/O-free reconcile driver
// over an injected `ClusterPort` (the controller's real API calls, `kro render`'s offline cluster, tests' fakes)
// that applies layer after layer in one reconcile and returns node states, conditions, status, prune results and
// requeue decisions as data; `reconcileDeletion` deletes by apply-order waves from the persisted inventory.
// Pure ApplySet helpers (ids, inventory annotations and hash, prune and deletion ordering), kro's labels, and the
// early-exit statuses complete it. Pure: no I/O, no environment variables.

// Evaluation of one instance.
export { InstanceRun } from './run.js';
export type { InstanceRunOptions } from './run.js';
export type { Readiness } from './readiness.js';
export type { Issue, IssueKind, Outcome, PendingDetail } from './issues.js';
export { explainPending } from './explain.js';
export { DEFAULT_MAX_COLLECTION_SIZE, cartesianProduct, identityKey, orderedIntersection } from './collection.js';
export { resolveTemplate } from './template.js';
export type { FieldValue } from './template.js';

// The reconcile driver and its port.
export { reconcileInstance, instanceApplySetId } from './driver/reconcile.js';
export type { ReconcileInput } from './driver/reconcile.js';
export type { ReconcileMode, ReconcileOptions } from './driver/context.js';
export type {
  AppliedItem,
  NodeOutcome,
  PruneOutcome,
  ReconcileError,
  ReconcileOutcome,
  RequeueDecision,
} from './driver/outcome.js';
export type {
  ApplyRequest,
  ApplyResult,
  ClusterPort,
  DeleteRequest,
  DeleteResult,
  ListRequest,
  MemberListRequest,
  ObjectTarget,
  WatchRequest,
} from './driver/port.js';
export { reconcileDeletion } from './driver/deletion.js';
export type { DeletionInput, DeletionOutcome } from './driver/deletion.js';
export {
  computeEarlyExitStatus,
  computeGraphResolutionFailureStatus,
  computeManagementFailureStatus,
  computeSuspendedStatus,
  isReconcileSuspended,
  managedPatch,
} from './driver/lifecycle.js';
export type { ManagedPatch } from './driver/lifecycle.js';

// Status, conditions and states.
export { InstanceConditionMarks, BUILTIN_INSTANCE_CONDITIONS, conditionToWire, wireConditions } from './status/conditions.js';
export { computeInstanceStatus, computeDeletionStatus, computeResolutionFailureStatus } from './status/instance-status.js';
export type { InstanceStatusInput, InstanceStatusResult } from './status/instance-status.js';
export type { PendingStatusField } from './status/projection.js';
export { canonicalJson, sameStatus } from './status/projection.js';
export { aggregateInstanceState } from './status/state.js';
export type { NodeStatus } from './status/state.js';

// Metadata kro stamps.
export {
  applySetTooling,
  collectionItemSelector,
  decorateChild,
  instanceChildLabels,
  instanceLabels,
  kroMetaLabels,
  kroVersionLabelValue,
} from './decorate.js';
export type { ChildDecoration, RgdIdentity } from './decorate.js';
export { labelSelectorString, matchesLabelSelector, parseLabelSelector, parseSelectorString } from './selector.js';
export type { ParsedSelector, SelectorOperator, SelectorRequirement } from './selector.js';

// ApplySet (KEP-3659 as upstream kro uses it).
export {
  applySetId,
  applySetMemberSelector,
  applySetMetadata,
  applySetParentAnnotations,
  applySetParentLabels,
  groupKindString,
  groupKindsString,
  inventoryHash,
  namespacesString,
  parentHasMetadata,
  projectInventory,
} from './applyset/metadata.js';
export type { ApplySetMetadata, ApplySetParentRef, GroupKind, InventoryItem } from './applyset/metadata.js';
export { dns1123LabelProblems, dns1123SubdomainProblems, hasAnyInventory, readParentInventory, validateParentInventory } from './applyset/inventory.js';
export type { InventoryParent, InventorySets } from './applyset/inventory.js';
export {
  applySetConflict,
  conflictingTargets,
  goGvkString,
  highestDeletionWave,
  orderPruneCandidates,
  pruneCandidates,
} from './applyset/prune.js';
export type { DeletionWave } from './applyset/prune.js';

// An in-memory cluster (kro render, tests).
export { MemoryCluster } from './memory-cluster.js';
export type { CallCounts } from './memory-cluster.js';
