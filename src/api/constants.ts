// Names that are part of kro's contract with users and with existing clusters: API groups, labels,
// annotations, finalizers, field managers, condition types and reasons, states. Changing any of these
// breaks compatibility with objects upstream kro (or an earlier kro-ts) already wrote.

export const KRO_GROUP = 'kro.run';
export const KRO_INTERNAL_GROUP = 'internal.kro.run';
export const KRO_VERSION_V1ALPHA1 = 'v1alpha1';
export const RGD_API_VERSION = 'kro.run/v1alpha1';
export const RGD_KIND = 'ResourceGraphDefinition';
export const RGD_PLURAL = 'resourcegraphdefinitions';
export const RGD_CRD_NAME = 'resourcegraphdefinitions.kro.run';
export const GRAPH_REVISION_API_VERSION = 'internal.kro.run/v1alpha1';
export const GRAPH_REVISION_KIND = 'GraphRevision';
export const GRAPH_REVISION_PLURAL = 'graphrevisions';
export const GRAPH_REVISION_CRD_NAME = 'graphrevisions.internal.kro.run';

/** The default group of generated instance CRDs when `spec.schema.group` is empty. */
export const DEFAULT_INSTANCE_GROUP = 'kro.run';

export const Finalizers = {
  kro: 'kro.run/finalizer',
} as const;

export const Labels = {
  owned: 'kro.run/owned',
  kroVersion: 'kro.run/kro-version',
  rgdId: 'kro.run/resource-graph-definition-id',
  rgdName: 'kro.run/resource-graph-definition-name',
  graphRevisionHash: 'kro.run/graph-revision-hash',
  instanceId: 'kro.run/instance-id',
  instanceName: 'kro.run/instance-name',
  instanceNamespace: 'kro.run/instance-namespace',
  instanceGroup: 'kro.run/instance-group',
  instanceVersion: 'kro.run/instance-version',
  instanceKind: 'kro.run/instance-kind',
  nodeId: 'kro.run/node-id',
  collectionIndex: 'kro.run/collection-index',
  collectionSize: 'kro.run/collection-size',
  managedBy: 'app.kubernetes.io/managed-by',
  applySetId: 'applyset.kubernetes.io/id',
  applySetPartOf: 'applyset.kubernetes.io/part-of',
} as const;

/** Value of app.kubernetes.io/managed-by on children (and the legacy ownership label of CRDs). */
export const MANAGED_BY_KRO = 'kro';

export const Annotations = {
  allowBreakingChanges: 'kro.run/allow-breaking-changes',
  reconcile: 'kro.run/reconcile',
  applyOrder: 'internal.kro.run/apply-order',
  applySetTooling: 'applyset.kubernetes.io/tooling',
  applySetContainsGroupKinds: 'applyset.kubernetes.io/contains-group-kinds',
  applySetAdditionalNamespaces: 'applyset.kubernetes.io/additional-namespaces',
  applySetInventoryHash: 'internal.kro.run/applyset-inventory-hash',
  cliVersion: 'kro.run/cli-version',
  version: 'kro.run/version',
} as const;

/** Values of the kro.run/reconcile annotation that suspend an instance (compared case-insensitively). */
export const SUSPEND_VALUES: readonly string[] = ['suspended', 'disabled'];

/** Label/annotation key prefixes templates may not set literally. */
export const RESERVED_METADATA_PREFIXES: readonly string[] = ['kro.run/', 'internal.kro.run/'];

export const FieldManagers = {
  applySet: 'kro.run/applyset',
  applySetParent: 'kro.run/applyset-parent',
  labeller: 'kro.run/labeller',
  controller: 'kro-ts',
} as const;

export const ConditionStatus = {
  True: 'True',
  False: 'False',
  Unknown: 'Unknown',
} as const;
export type ConditionStatusValue = (typeof ConditionStatus)[keyof typeof ConditionStatus];

/** The initial reason of every condition that has not been computed yet. */
export const REASON_AWAITING_RECONCILIATION = 'AwaitingReconciliation';

export const RgdConditions = {
  ready: 'Ready',
  graphRevisionsResolved: 'GraphRevisionsResolved',
  graphAccepted: 'GraphAccepted',
  kindReady: 'KindReady',
  controllerReady: 'ControllerReady',
  /** Legacy, pruned when found. */
  resourceGraphAccepted: 'ResourceGraphAccepted',
} as const;

export const RgdReasons = {
  resolved: 'Resolved',
  waitingForSettlement: 'WaitingForGraphRevisionSettlement',
  waitingForWarmup: 'WaitingForGraphRevisionWarmup',
  waitingForCompilation: 'WaitingForGraphRevisionCompilation',
  failed: 'Failed',
  valid: 'Valid',
  invalidResourceGraph: 'InvalidResourceGraph',
  /** kro-ts: the schemas could not be fetched (API server unreachable, OpenAPI failing); retried, not the RGD's fault. */
  schemaUnavailable: 'SchemaUnavailable',
  ready: 'Ready',
  running: 'Running',
  failedToStart: 'FailedToStart',
  failedLabelerSetup: 'FailedLabelerSetup',
} as const;

export const RgdStates = {
  active: 'Active',
  inactive: 'Inactive',
} as const;

export const GraphRevisionConditions = {
  ready: 'Ready',
  graphVerified: 'GraphVerified',
} as const;

export const GraphRevisionReasons = {
  verified: 'Verified',
  invalidGraph: 'InvalidGraph',
  /** kro-ts: see RgdReasons.schemaUnavailable. */
  schemaUnavailable: 'SchemaUnavailable',
} as const;

export const InstanceConditions = {
  ready: 'Ready',
  instanceManaged: 'InstanceManaged',
  graphResolved: 'GraphResolved',
  resourcesReady: 'ResourcesReady',
} as const;

export const InstanceReasons = {
  ready: 'Ready',
  managed: 'Managed',
  managementFailed: 'ManagementFailed',
  resolved: 'Resolved',
  resolutionFailed: 'ResolutionFailed',
  allResourcesReady: 'AllResourcesReady',
  notReady: 'NotReady',
  resourceDeleting: 'ResourceDeleting',
  reconciliationSuspended: 'ReconciliationSuspended',
  underDeletion: 'UnderDeletion',
} as const;

/** Instance `status.state`. FAILED is declared upstream but never written. */
export const InstanceStates = {
  active: 'ACTIVE',
  inProgress: 'IN_PROGRESS',
  failed: 'FAILED',
  deleting: 'DELETING',
  error: 'ERROR',
} as const;
export type InstanceState = (typeof InstanceStates)[keyof typeof InstanceStates];

/** Per-node states inside one instance reconcile. */
export const NodeStates = {
  inProgress: 'IN_PROGRESS',
  deleting: 'DELETING',
  skipped: 'SKIPPED',
  error: 'ERROR',
  synced: 'SYNCED',
  deleted: 'DELETED',
  waitingForReadiness: 'WAITING_FOR_READINESS',
} as const;
export type NodeState = (typeof NodeStates)[keyof typeof NodeStates];

/** Feature gates upstream kro knows, with their defaults there. kro-ts turns the events gate on by default. */
export const FeatureGateNames = {
  celOmitFunction: 'CELOmitFunction',
  instanceConditionEvents: 'InstanceConditionEvents',
  instanceConditionMetrics: 'InstanceConditionMetrics',
} as const;
