// The instance controller behind the registration seam (src/controller/registration.ts): the RGD controller
// registers each served kind here, on every reconcile that reaches serving; this turns a registration into an
// InstanceReconciler served by the one DynamicController. Re-registering a kind queues all its instances again
// (behavior 39); a registration for a recreated RGD (new uid) replaces the reconciler, so new children get the
// new RGD's identity.
import type { GroupVersionResource } from '../../api/index.js';
import type { ReconcileMode } from '../../runtime/index.js';
import { DynamicController, gvrId, instanceKey, type InstanceRef } from '../dynamic/index.js';
import type { InstanceControllerContext, InstanceControllerFactory, InstanceControllerRegistry, InstanceRegistration } from '../registration.js';
import { ConditionDurations } from './condition-metrics.js';
import { InstanceReconciler } from './reconcile.js';
import { InstanceStatsBook, type InstanceStats } from './stats.js';

export interface InstanceControllerSettings {
  /** `upstream`: one dependency layer per reconcile, exactly like upstream kro (comparisons, benchmarks). @default converge */
  readonly mode?: ReconcileMode;
  /** A watch that has not listed after this long is reported on the instances relying on it. @default 30000 */
  readonly watchSyncTimeoutMs?: number;
}

interface Served {
  readonly registration: InstanceRegistration;
  readonly reconciler: InstanceReconciler;
}

export class DynamicInstanceControllers implements InstanceControllerRegistry {
  readonly controller: DynamicController;
  readonly stats = new InstanceStatsBook();
  private readonly served = new Map<string, Served>();
  private readonly conditionDurations: ConditionDurations | undefined;

  constructor(
    private readonly context: InstanceControllerContext,
    private readonly settings: InstanceControllerSettings = {},
  ) {
    const o = context.options;
    this.conditionDurations = o.featureGates.instanceConditionMetrics ? new ConditionDurations(context.metrics.registry) : undefined;
    this.controller = new DynamicController({
      informers: context.kube.informers,
      logger: context.logger,
      metrics: context.metrics,
      workers: o.dynamicControllerConcurrentReconciles,
      rateLimiter: {
        minDelayMs: o.dynamicControllerRateLimiterMinDelayMs,
        maxDelayMs: o.dynamicControllerRateLimiterMaxDelayMs,
        qps: o.dynamicControllerRateLimiterRateLimit,
        burst: o.dynamicControllerRateLimiterBurstLimit,
      },
      maxRetries: o.dynamicControllerDefaultQueueMaxRetries,
      resyncPeriodMs: o.dynamicControllerDefaultResyncPeriodMs,
      ...(settings.watchSyncTimeoutMs !== undefined ? { watchSyncTimeoutMs: settings.watchSyncTimeoutMs } : {}),
    });
  }

  register(registration: InstanceRegistration): Promise<void> {
    const id = gvrId(registration.gvr);
    const current = this.served.get(id);
    const same = current !== undefined && current.registration.rgdUid === registration.rgdUid && current.registration.rgdName === registration.rgdName && current.registration.namespaced === registration.namespaced;
    const reconciler = same ? current.reconciler : this.reconcilerFor(registration);
    this.served.set(id, { registration, reconciler });
    this.controller.register(registration.gvr, reconciler);
    // Registering never waits for the watch (kubernetes-sigs/kro#1324); a watch already known to fail is
    // reported to the RGD controller (ControllerReady False) while instances stay served.
    const problem = this.controller.parentProblem(registration.gvr);
    return problem === undefined ? Promise.resolve() : Promise.reject(new Error(`instances of ${registration.gvk.kind} cannot be watched: ${problem}`));
  }

  async deregister(gvr: GroupVersionResource): Promise<void> {
    this.served.delete(gvrId(gvr));
    await this.controller.deregister(gvr);
  }

  start(): Promise<void> {
    this.controller.start();
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  /** Reconciles and API calls made for one instance so far (kept for the 10,000 most recent instances). */
  statsFor(ref: InstanceRef): InstanceStats | undefined {
    return this.stats.get(instanceKey(ref));
  }

  private reconcilerFor(registration: InstanceRegistration): InstanceReconciler {
    const { context } = this;
    const crdName = `${registration.gvr.resource}.${registration.gvr.group}`;
    const recorder = context.events(`kro/${crdName}-controller`);
    return new InstanceReconciler({
      kube: context.kube,
      registration,
      revisions: context.revisions.resolverFor(registration.rgdName),
      options: context.options,
      logger: context.logger.child({ kind: registration.gvk.kind }),
      metrics: context.metrics,
      ...(context.options.featureGates.instanceConditionEvents ? { conditionEvents: recorder } : {}),
      warnings: recorder,
      stats: this.stats,
      watchProblems: (ref) => this.controller.watchProblems(ref),
      ...(this.settings.mode ? { mode: this.settings.mode } : {}),
      ...(this.conditionDurations ? { conditionDurations: this.conditionDurations } : {}),
    });
  }
}

/** The manager's factory for the dynamic instance controller. */
export function dynamicInstanceControllers(settings: InstanceControllerSettings = {}): InstanceControllerFactory {
  return (context) => new DynamicInstanceControllers(context, settings);
}
