// The instance reconcile (spec 3.1), one instance at a time, level-triggered: load the instance; if it is being
// deleted, take it apart from its persisted inventory (3.3); resolve the latest graph revision; ensure finalizer
// and labels; honour suspension; run the runtime's reconcile driver over a real ClusterPort (it applies every
// layer whose dependencies are ready in this one reconcile, behavior 25 made faster); write the status when it
// changed; map the result to an InstanceOutcome with the requeue rules of 3.1's table.
//
// The reconciler knows nothing of events or queues. It declares what it reads through the scoped watcher, reports
// condition transitions as Events, and counts its reconciles and API calls.
import type { JsonObject, KubeObject } from '../../api/index.js';
import type { CompiledGraph } from '../../graph/index.js';
import { isNotFound, KRO_TS_VERSION, type KubeClient } from '../../kube/index.js';
import {
  computeGraphResolutionFailureStatus,
  computeManagementFailureStatus,
  computeSuspendedStatus,
  instanceApplySetId,
  isReconcileSuspended,
  reconcileInstance,
  wireConditions,
  type InstanceStatusResult,
  type ReconcileMode,
  type RequeueDecision,
} from '../../runtime/index.js';
import { describeInstance, goGvrString, instanceKey, isReconcileError, type InstanceHandler, type InstanceOutcome, type InstanceRef, type InstanceWatcher, type WatchProblem } from '../dynamic/index.js';
import type { EventRecorder } from '../events.js';
import type { Logger } from '../logger.js';
import type { KroMetrics } from '../metrics.js';
import type { ControllerOptions } from '../options.js';
import type { InstanceRegistration } from '../registration.js';
import type { RevisionResolver } from '../revisions/index.js';
import { errorMessage, KubeClusterPort, type InstanceIO } from './cluster-port.js';
import type { ConditionDurations } from './condition-metrics.js';
import { deleteInstance } from './deletion.js';
import { recordConditionEvents, WatchWarnings } from './events.js';
import { ensureManaged, planManagement } from './managed.js';
import { resolveGraph } from './resolve.js';
import type { InstanceStatsBook } from './stats.js';
import { replaceStatus } from './status-writer.js';

export interface InstanceReconcilerDeps {
  readonly kube: KubeClient;
  readonly registration: InstanceRegistration;
  readonly revisions: RevisionResolver;
  readonly options: ControllerOptions;
  readonly logger: Logger;
  readonly metrics?: KroMetrics;
  /** Condition-transition events; undefined when the InstanceConditionEvents gate is off. */
  readonly conditionEvents?: EventRecorder;
  /** Where WatchFailed warnings go (always on). */
  readonly warnings: EventRecorder;
  readonly stats: InstanceStatsBook;
  readonly watchProblems: (ref: InstanceRef) => WatchProblem[];
  /** `upstream`: one layer per reconcile, as upstream kro (for comparisons). @default converge */
  readonly mode?: ReconcileMode;
  /** `instance_condition_current_status_seconds`; undefined when the InstanceConditionMetrics gate is off. */
  readonly conditionDurations?: ConditionDurations;
}

/** What a reconcile step ended with: the outcome, and the instance as last written (for condition events). */
interface Step {
  readonly outcome: InstanceOutcome;
  readonly instance: KubeObject;
}

export class InstanceReconciler implements InstanceHandler {
  private readonly gvrLabel: string;
  private readonly watchWarnings = new WatchWarnings();
  /** The last graph served, for the author-conditions question while no revision is resolvable. */
  private lastGraph: CompiledGraph | undefined;

  constructor(private readonly deps: InstanceReconcilerDeps) {
    this.gvrLabel = goGvrString(deps.registration.gvr);
  }

  async reconcile(ref: InstanceRef, watcher: InstanceWatcher, signal: AbortSignal): Promise<InstanceOutcome> {
    const key = instanceKey(ref);
    const { metrics, stats } = this.deps;
    const started = performance.now();
    stats.reconciled(key);
    const io: InstanceIO = {
      kube: this.deps.kube,
      parent: { apiVersion: apiVersionOf(this.deps.registration), kind: this.deps.registration.gvk.kind, gvr: ref.gvr, namespace: ref.namespace, name: ref.name },
      count: (verb, n) => stats.called(key, verb, n),
      signal,
    };
    let outcome: InstanceOutcome;
    try {
      outcome = await this.load(io, ref, watcher);
    } catch (error) {
      outcome = { kind: 'retry', error };
    }
    metrics?.instanceReconcileTotal.inc({ gvr: this.gvrLabel });
    metrics?.instanceReconcileDuration.observe({ gvr: this.gvrLabel }, (performance.now() - started) / 1000);
    if (isReconcileError(outcome)) metrics?.instanceReconcileErrors.inc({ gvr: this.gvrLabel });
    return outcome;
  }

  private async load(io: InstanceIO, ref: InstanceRef, watcher: InstanceWatcher): Promise<InstanceOutcome> {
    let instance: KubeObject;
    io.count('get');
    try {
      instance = await io.kube.dynamic.get({ gvr: ref.gvr, namespace: ref.namespace || undefined }, ref.name, { signal: io.signal });
    } catch (err) {
      if (isNotFound(err)) {
        this.deps.conditionDurations?.forget(instanceKey(ref));
        return { kind: 'gone' };
      }
      return { kind: 'retry', error: err };
    }
    const step = instance.metadata.deletionTimestamp ? await this.deleting(io, watcher, instance) : await this.reconcileLive(io, ref, watcher, instance);
    if (this.deps.conditionEvents) recordConditionEvents(this.deps.conditionEvents, instance, step.instance);
    if (step.outcome.kind === 'gone') this.deps.conditionDurations?.forget(instanceKey(ref));
    else this.deps.conditionDurations?.observe(instanceKey(ref), { gvr: this.gvrLabel, namespace: ref.namespace, name: ref.name, conditions: wireConditions(step.instance) });
    return step.outcome;
  }

  private async deleting(io: InstanceIO, watcher: InstanceWatcher, instance: KubeObject): Promise<Step> {
    const { outcome, released } = await deleteInstance(io, watcher, instance, this.hasAuthorConditions());
    if (released) return { outcome: { kind: 'gone' }, instance };
    const written = await this.writeStatus(io, instance, outcome.status);
    return { outcome: this.requeueOutcome(outcome.requeue), instance: written.instance };
  }

  private async reconcileLive(io: InstanceIO, ref: InstanceRef, watcher: InstanceWatcher, loaded: KubeObject): Promise<Step> {
    const { metrics, options } = this.deps;
    const resolution = resolveGraph(this.deps.revisions);
    if (!resolution.ok) {
      if (resolution.reason === 'pending') metrics?.instanceGraphResolutionPending.inc({ gvr: this.gvrLabel });
      else metrics?.instanceGraphResolutionFailures.inc({ gvr: this.gvrLabel, reason: resolution.reason });
      const status = computeGraphResolutionFailureStatus(loaded, resolution.message, this.hasAuthorConditions());
      const written = await this.writeStatus(io, loaded, status).catch(() => ({ instance: loaded }));
      const outcome: InstanceOutcome = resolution.retry ? this.afterInterval(resolution.message) : { kind: 'no-requeue', reason: resolution.message };
      return { outcome, instance: written.instance };
    }
    metrics?.instanceGraphResolutionSuccess.inc({ gvr: this.gvrLabel });
    const graph = resolution.graph;
    this.lastGraph = graph;

    const rgd = { uid: this.deps.registration.rgdUid, name: this.deps.registration.rgdName };
    let instance: KubeObject;
    try {
      instance = await ensureManaged(io, loaded, planManagement(loaded, KRO_TS_VERSION, rgd, instanceApplySetId(graph, loaded)));
    } catch (error) {
      const status = computeManagementFailureStatus(graph, loaded, errorMessage(error));
      const written = await this.writeStatus(io, loaded, status).catch(() => ({ instance: loaded }));
      return { outcome: { kind: 'retry', error }, instance: written.instance };
    }

    if (isReconcileSuspended(instance)) {
      const written = await this.writeStatus(io, instance, computeSuspendedStatus(graph, instance));
      return { outcome: { kind: 'done' }, instance: written.instance };
    }

    const port = new KubeClusterPort(io, watcher);
    const result = await reconcileInstance({
      graph,
      instance,
      port,
      options: { kroVersion: KRO_TS_VERSION, mode: this.deps.mode ?? 'converge', maxCollectionSize: options.rgdMaxCollectionSize },
    });
    for (const warning of result.warnings) this.deps.logger.warn({ instance: describeInstance(ref), warning }, 'instance reconcile warning');
    let written: { instance: KubeObject };
    try {
      written = await this.writeStatus(io, instance, result.status);
    } catch (error) {
      return { outcome: { kind: 'retry', error }, instance };
    }
    let outcome = this.requeueOutcome(result.requeue);
    const problems = this.deps.watchProblems(ref);
    if (problems.length > 0) {
      this.watchWarnings.record(this.deps.warnings, written.instance, instanceKey(ref), problems, options.instanceRequeueIntervalMs);
      // A watch that does not work cannot bring the next reconcile: poll instead until it does.
      if (outcome.kind === 'done') outcome = this.afterInterval(`watch not working: ${problems[0]!.problem}`);
    }
    return { outcome, instance: written.instance };
  }

  /** Writes the status when it changed; counts state transitions. Returns the instance as now on the server. */
  private async writeStatus(io: InstanceIO, instance: KubeObject, result: InstanceStatusResult): Promise<{ instance: KubeObject }> {
    if (!result.status || !result.changed) return { instance };
    const written = await replaceStatus(io, result.status);
    const from = stateOf(instance.status);
    const to = result.state ?? '';
    if (from !== to) this.deps.metrics?.instanceStateTransitions.inc({ gvr: this.gvrLabel, from_state: from, to_state: to });
    return { instance: written };
  }

  private requeueOutcome(decision: RequeueDecision): InstanceOutcome {
    switch (decision.kind) {
      case 'none':
        return { kind: 'done' };
      case 'after-interval':
        return this.afterInterval(decision.reason);
      case 'backoff':
        return { kind: 'retry', error: new Error(decision.error) };
    }
  }

  /** `--instance-requeue-interval`; 0 turns delayed requeues off (upstream makes them NoRequeue). */
  private afterInterval(reason: string): InstanceOutcome {
    const delayMs = this.deps.options.instanceRequeueIntervalMs;
    return delayMs > 0 ? { kind: 'requeue-after', delayMs, reason } : { kind: 'done' };
  }

  private hasAuthorConditions(): boolean {
    const latest = this.deps.revisions.latest();
    const graph = latest?.state === 'Active' ? latest.graph : this.lastGraph;
    return (graph?.instance.conditions.length ?? 0) > 0;
  }
}

function apiVersionOf(registration: InstanceRegistration): string {
  const { group, version } = registration.gvk;
  return group === '' ? version : `${group}/${version}`;
}

function stateOf(status: unknown): string {
  if (typeof status !== 'object' || status === null || Array.isArray(status)) return '';
  const state = (status as JsonObject).state;
  return typeof state === 'string' ? state : '';
}

