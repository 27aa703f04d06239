// The door of src/controller/instance: the instance controller (spec 3.1, 3.3) behind the registration seam.
// `dynamicInstanceControllers()` is the manager's factory; `DynamicInstanceControllers` exposes per-instance
// reconcile and API-call counters. See docs/instances.md.
export { DynamicInstanceControllers, dynamicInstanceControllers } from './registry.js';
export type { InstanceControllerSettings } from './registry.js';
export { InstanceReconciler } from './reconcile.js';
export type { InstanceReconcilerDeps } from './reconcile.js';
export { KubeClusterPort } from './cluster-port.js';
export type { InstanceIO, ParentIdentity } from './cluster-port.js';
export { planManagement } from './managed.js';
export type { ManagementPlan } from './managed.js';
export { resolveGraph } from './resolve.js';
export type { GraphResolution } from './resolve.js';
export { InstanceStatsBook } from './stats.js';
export type { ApiVerb, InstanceStats } from './stats.js';
export { WATCH_FAILED_REASON, WatchWarnings, watchProblemMessage } from './events.js';
export { ConditionDurations } from './condition-metrics.js';
