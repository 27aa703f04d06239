// The door of src/controller: the controller process (Manager), the RGD and GraphRevision controllers, the seam to
// the instance controller (registration), the in-memory revision registry, events, leader election, logging,
// options, metrics and probes. See docs/controller.md.
export { Manager } from './manager.js';
export type { ManagerExit, ManagerOptions } from './manager.js';
export { DEFAULT_CONTROLLER_OPTIONS, DEFAULT_FEATURE_GATES, parseFeatureGates, parseGoDuration, resolveBindAddress } from './options.js';
export type { ControllerOptions, FeatureGates } from './options.js';
export { KroMetrics } from './metrics.js';
export { RecordingInstanceControllers, gvrKey } from './registration.js';
export type {
  InstanceControllerContext,
  InstanceControllerFactory,
  InstanceControllerRegistry,
  InstanceRegistration,
} from './registration.js';
export { RevisionRegistry, graphRevisionName, retentionFloor } from './revisions/index.js';
export type { RevisionEntry, RevisionResolver, RevisionState } from './revisions/index.js';
export { EventBroadcaster, conditionTransitionEvents, kubeEventSink } from './events.js';
export type { ConditionTransitionEvent, EventRecorder, EventRecorderFactory, EventSink, EventSubject, EventType } from './events.js';
export { LeaderElector, LEADER_ELECTION_ID, formatMicroTime, kubeLeaseStore } from './leader-election.js';
export type { ElectionClock, LeaseRecord, LeaseStore, LeaderElectorOptions } from './leader-election.js';
export { createLogger, silentLogger, zapLevelToPino } from './logger.js';
export type { Logger, LoggerOptions } from './logger.js';
export type { RgdScope } from './rgd/watches.js';
export { ControllerLoop, TerminalError, WorkQueue, controllerRateLimiter } from './queue/index.js';
export type { ReconcileResult, Reconciler } from './queue/index.js';
