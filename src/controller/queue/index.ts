// The work queue, its rate limiters and the reconcile loop shared by every kro-ts controller.
export { WorkQueue, realClock } from './workqueue.js';
export type { Clock, WorkQueueOptions } from './workqueue.js';
export {
  ExponentialBackoffRateLimiter,
  MaxOfRateLimiter,
  TokenBucketRateLimiter,
  controllerRateLimiter,
} from './rate-limiters.js';
export type { ControllerRateLimiterOptions, RateLimiter } from './rate-limiters.js';
export { ControllerLoop, TerminalError } from './controller-loop.js';
export type {
  ControllerLoopHooks,
  ControllerLoopOptions,
  ReconcileOutcome,
  ReconcileResult,
  Reconciler,
} from './controller-loop.js';
