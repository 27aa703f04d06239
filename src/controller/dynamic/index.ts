// The door of src/controller/dynamic: the dynamic controller that serves instance kinds registered at runtime
// (one shared queue, parent watches, child/external watch routing) and its parts. See docs/instances.md.
export { DynamicController } from './controller.js';
export type { DynamicControllerOptions, InstanceHandler, WatchProblem } from './controller.js';
export { WatchCoordinator, routeTargetOf, watchRequestKey } from './coordinator.js';
export type { InstanceWatcher, WatchSource } from './coordinator.js';
export { WatchManager } from './watch-manager.js';
export type { WatchedEvent, WatchManagerOptions, WatchOwner } from './watch-manager.js';
export { commitsWatches, isReconcileError, outcomeText, requeueType, toReconcileResult } from './outcome.js';
export type { InstanceOutcome, RequeueType } from './outcome.js';
export { parentUpdateTriggers } from './predicates.js';
export { describeGvr, describeInstance, goGvrString, gvrId, instanceKey, instanceKeyPrefix, metricGvr, parseInstanceKey } from './keys.js';
export type { InstanceRef } from './keys.js';
