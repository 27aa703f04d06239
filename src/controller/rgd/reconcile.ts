// The ResourceGraphDefinition reconciler (spec 3.2, upstream pkg/controller/resourcegraphdefinition): read the RGD,
// handle deletion, ensure the finalizer, decide what to do about GraphRevisions, issue or serve, collect old
// revisions, and write the status. It reads the RGD from the API server (not a cache) so `lastIssuedRevision` is
// never stale, and it knows nothing of watches, queues or events: the wiring in controller.ts does.
import { isNotFound } from '../../kube/index.js';
import type { GraphRevision, ResourceGraphDefinition, ResourceInformation } from '../../api/index.js';
import { specHash } from '../../graph/index.js';
import { ensureFinalizer } from '../finalizers.js';
import { formatBuildErrors, onlySchemaUnavailable } from '../graph-builder.js';
import type { ReconcileResult, Reconciler } from '../queue/index.js';
import { cleanupRgd } from './cleanup.js';
import { RgdConditionMarker } from './conditions.js';
import { decideRevisionAction, type LatestRevisionView, type RevisionDecision } from './decide.js';
import type { RevisionEntry } from '../revisions/index.js';
import type { RgdReconcilerDeps, ServedRegistration } from './deps.js';
import { adoptGraphRevisions, collectGraphRevisions, createGraphRevision, listGraphRevisions } from './graph-revisions.js';
import { asError, registerInstances, serveRevision } from './serve.js';
import { RGD_GVR, rgdStatusOf, writeRgdStatus } from './status.js';

interface GraphOutcome {
  readonly result: ReconcileResult;
  readonly error?: Error;
  readonly topologicalOrder?: readonly string[];
  readonly resources?: readonly ResourceInformation[];
  readonly lastIssuedRevision: number;
}

export class RgdReconciler implements Reconciler<string> {
  /** Kinds this process registered with the instance controller, by RGD name. */
  readonly served = new Map<string, ServedRegistration>();

  constructor(private readonly deps: RgdReconcilerDeps) {}

  async reconcile(name: string, signal: AbortSignal): Promise<ReconcileResult> {
    const { kube } = this.deps;
    let rgd: ResourceGraphDefinition;
    try {
      rgd = await kube.dynamic.get<ResourceGraphDefinition>({ gvr: RGD_GVR }, name, { signal });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await this.forget(name);
      return {};
    }
    if (rgd.metadata.deletionTimestamp) return cleanupRgd(this.deps, this.served, rgd);
    rgd = await ensureFinalizer(kube, RGD_GVR, rgd);

    const mark = new RgdConditionMarker(rgd.metadata, rgd.status?.conditions, this.deps.now);
    let outcome: GraphOutcome;
    try {
      outcome = await this.reconcileGraph(rgd, mark, signal);
    } catch (err) {
      outcome = { result: {}, error: asError(err), ...this.previousGraphStatus(rgd) };
    }
    const status = rgdStatusOf({
      state: mark.state(),
      conditions: mark.list(),
      ...(outcome.topologicalOrder ? { topologicalOrder: outcome.topologicalOrder } : {}),
      ...(outcome.resources ? { resources: outcome.resources } : {}),
      lastIssuedRevision: outcome.lastIssuedRevision,
    });
    const previousState = rgd.status?.state ?? '';
    if (previousState !== '' && previousState !== status.state) {
      this.deps.metrics?.rgdStateTransitions.inc({ name, from: previousState, to: status.state ?? '' });
    }
    try {
      await writeRgdStatus(kube, rgd, status);
    } catch (err) {
      const statusError = new Error(`failed to update status: ${asError(err).message}`, { cause: err });
      throw outcome.error ? new AggregateError([outcome.error, statusError], `${outcome.error.message}; ${statusError.message}`) : statusError;
    }
    if (outcome.error) throw outcome.error;
    return outcome.result;
  }

  /** The RGD disappeared without this process seeing its deletion: stop serving its kind. */
  private async forget(name: string): Promise<void> {
    const registration = this.served.get(name);
    if (!registration) return;
    await this.deps.instances.deregister(registration.gvr);
    this.served.delete(name);
  }

  private previousGraphStatus(rgd: ResourceGraphDefinition): Omit<GraphOutcome, 'result'> {
    return {
      ...(rgd.status?.topologicalOrder ? { topologicalOrder: rgd.status.topologicalOrder } : {}),
      ...(rgd.status?.resources ? { resources: rgd.status.resources } : {}),
      lastIssuedRevision: rgd.status?.lastIssuedRevision ?? 0,
    };
  }

  private async reconcileGraph(rgd: ResourceGraphDefinition, mark: RgdConditionMarker, signal: AbortSignal): Promise<GraphOutcome> {
    const { kube, revisions, metrics, settings } = this.deps;
    const name = rgd.metadata.name ?? '';
    const currentHash = specHash(rgd.spec);
    const listed = await listGraphRevisions(kube, name).catch((err: unknown) => {
      throw new Error(`listing graph revisions: ${asError(err).message}`, { cause: err });
    });
    const adopted = await adoptGraphRevisions(kube, rgd, listed.live);
    if (adopted.length > 0) this.deps.logger.info({ name, adopted }, 'adopted graph revisions');
    if (listed.live.length === 0 && !listed.hasTerminating) revisions.deleteAll(name);

    const latest = latestRevision(listed.live);
    const view: LatestRevisionView | undefined = latest && withEntry(latest.spec.revision, revisions.get(name, latest.spec.revision));
    const decision = decideRevisionAction({
      hasTerminating: listed.hasTerminating,
      ...(view ? { latest: view } : {}),
      currentSpecHash: currentHash,
      lastIssuedRevision: rgd.status?.lastIssuedRevision ?? 0,
    });
    const kept = { ...this.previousGraphStatus(rgd), lastIssuedRevision: decision.lastIssuedRevision };
    const progress = { requeueAfterMs: settings.progressRequeueDelayMs };

    switch (decision.action) {
      case 'wait':
        this.markWait(decision, mark);
        metrics?.rgdRevisionResolution.inc({ result: 'wait' });
        return { result: progress, ...kept };
      case 'failed':
        mark.revisionsUnresolved(decision.message);
        mark.graphInvalid(decision.message);
        metrics?.rgdRevisionResolution.inc({ result: 'failed' });
        return { result: {}, error: new Error(decision.message), ...kept };
      case 'issue':
        return this.issue(rgd, decision, currentHash, mark, kept.lastIssuedRevision);
      case 'serve': {
        mark.revisionsResolved(decision.revision);
        mark.graphValid();
        const entry = revisions.get(name, decision.revision);
        if (entry?.state !== 'Active') throw new Error(`graph revision ${decision.revision} is no longer active`);
        const error = await serveRevision(this.deps, this.served, rgd, entry.graph, mark, signal);
        await this.collectGarbage(name);
        metrics?.rgdRevisionResolution.inc({ result: error ? 'failed' : 'serve' });
        return {
          result: {},
          ...(error ? { error } : {}),
          topologicalOrder: entry.graph.status.topologicalOrder,
          resources: entry.graph.status.resources,
          lastIssuedRevision: kept.lastIssuedRevision,
        };
      }
    }
  }

  private markWait(decision: Extract<RevisionDecision, { action: 'wait' }>, mark: RgdConditionMarker): void {
    const metrics = this.deps.metrics;
    metrics?.rgdRevisionWait.inc({ reason: decision.reason });
    if (decision.reason === 'settling') mark.revisionsSettling();
    else if (decision.reason === 'warming_up') {
      metrics?.rgdRevisionRegistryMiss.inc({ reason: 'latest_not_warmed' });
      mark.revisionsWarmingUp();
    } else mark.revisionCompiling(decision.revision ?? 0);
  }

  private async issue(
    rgd: ResourceGraphDefinition,
    decision: Extract<RevisionDecision, { action: 'issue' }>,
    hash: string,
    mark: RgdConditionMarker,
    lastIssuedRevision: number,
  ): Promise<GraphOutcome> {
    const { metrics } = this.deps;
    const name = rgd.metadata.name ?? '';
    if (decision.previous !== undefined) mark.revisionsResolved(decision.previous);
    this.deps.logger.debug({ name, reason: decision.reason }, 'building resource graph definition');
    const started = performance.now();
    const built = await this.deps.builder.build(rgd);
    metrics?.rgdGraphBuildDuration.observe({ name }, (performance.now() - started) / 1000);
    metrics?.rgdGraphBuildTotal.inc({ name });
    if (!built.ok) {
      metrics?.rgdGraphBuildErrors.inc({ name });
      metrics?.rgdRevisionResolution.inc({ result: 'failed' });
      const message = formatBuildErrors(built.diagnostics);
      if (onlySchemaUnavailable(built.diagnostics)) mark.graphUndecided(message);
      else mark.graphInvalid(message);
      await this.keepServing(rgd, decision.previous, mark);
      return { result: {}, error: new Error(message), lastIssuedRevision };
    }
    mark.graphValid();
    let created: GraphRevision;
    try {
      created = await createGraphRevision(this.deps.kube, rgd, decision.revision, hash);
    } catch (err) {
      // The graph is valid; issuing its revision failed (an API error), which the retry will redo.
      const error = new Error(`issuing graph revision ${decision.revision}: ${asError(err).message}`, { cause: err });
      mark.revisionsUnresolved(error.message);
      metrics?.rgdRevisionResolution.inc({ result: 'failed' });
      return { result: {}, error, lastIssuedRevision };
    }
    mark.revisionIssued(created.spec.revision);
    metrics?.rgdRevisionIssue.inc({ reason: decision.reason });
    metrics?.rgdRevisionResolution.inc({ result: 'issue' });
    this.deps.logger.info({ name, revision: created.spec.revision, graphRevision: created.metadata.name }, 'issued graph revision');
    return {
      result: { requeueAfterMs: this.deps.settings.progressRequeueDelayMs },
      ...this.previousGraphStatus(rgd),
      lastIssuedRevision: created.spec.revision,
    };
  }

  /**
   * The new spec is invalid, so the previous revision keeps serving. If this process has not registered that
   * revision's kind yet (it just restarted), register it now; otherwise instances would stop being served until
   * the spec is fixed (kro-ts improvement; upstream leaves them unserved after a restart).
   */
  private async keepServing(rgd: ResourceGraphDefinition, previous: number | undefined, mark: RgdConditionMarker): Promise<void> {
    const name = rgd.metadata.name ?? '';
    if (previous === undefined || this.served.get(name)?.uid === rgd.metadata.uid) return;
    const entry = this.deps.revisions.get(name, previous);
    if (entry?.state !== 'Active') return;
    const error = await registerInstances(this.deps, this.served, rgd, entry.graph, mark);
    if (error) this.deps.logger.error({ name, err: error.message }, 'could not keep serving the previous revision');
  }

  private async collectGarbage(name: string): Promise<void> {
    const { metrics } = this.deps;
    try {
      const deleted = await collectGraphRevisions(this.deps.kube, name, this.deps.settings.maxGraphRevisions);
      if (deleted > 0) metrics?.rgdRevisionGcDeleted.inc(deleted);
    } catch (err) {
      metrics?.rgdRevisionGcErrors.inc();
      this.deps.logger.error({ name, err: asError(err).message }, 'failed to garbage collect graph revisions');
    }
  }
}

function latestRevision(live: readonly GraphRevision[]): GraphRevision | undefined {
  let latest: GraphRevision | undefined;
  for (const gr of live) if (!latest || gr.spec.revision > latest.spec.revision) latest = gr;
  return latest;
}

function withEntry(revision: number, entry: RevisionEntry | undefined): LatestRevisionView {
  return entry ? { revision, entry: { state: entry.state, specHash: entry.specHash } } : { revision };
}
