// The controller process (what `kro controller` runs): connect, serve /healthz /readyz /metrics, install kro-ts's
// CRDs, optionally win the leader lease, then run the GraphRevision and RGD controllers and the instance controller
// behind the registration seam, until stopped. Start order follows controller-runtime: informers first, wait for
// their first list, then workers; /readyz turns ready only after that. Shutdown reverses it within the graceful
// shutdown timeout: stop taking work, drain in-flight reconciles, stop informers, release the lease.
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import type { GraphRevision } from '../api/index.js';
import { isInCluster, connectKube, type KubeClient, type InformerHandle } from '../kube/index.js';
import { EventBroadcaster, kubeEventSink } from './events.js';
import { clusterGraphBuilder } from './graph-builder.js';
import { GraphRevisionReconciler } from './graphrevision/reconcile.js';
import { createGraphRevisionController } from './graphrevision/controller.js';
import { installKroCrds } from './kro-crds.js';
import { kubeLeaseStore, LeaderElector } from './leader-election.js';
import { createLogger, type Logger } from './logger.js';
import { KroMetrics } from './metrics.js';
import { DEFAULT_CONTROLLER_OPTIONS, resolveBindAddress, type ControllerOptions } from './options.js';
import { startProbeServers, type ProbeServers } from './probes.js';
import { dynamicInstanceControllers } from './instance/index.js';
import type { InstanceControllerFactory, InstanceControllerRegistry } from './registration.js';
import { recordRegistryMetrics, RevisionRegistry } from './revisions/index.js';
import { recordRgdConditionEvents, RGD_EVENT_COMPONENT } from './rgd/condition-events.js';
import { createRgdController, CRD_INFORMER, GRAPH_REVISION_INFORMER } from './rgd/controller.js';
import { CrdManager } from './rgd/crd.js';
import { RgdReconciler } from './rgd/reconcile.js';
import { allRgds, type RgdScope } from './rgd/watches.js';
import { ControllerRuntimeMetrics } from './runtime-metrics.js';
import type { Controller } from './wiring.js';

export interface ManagerOptions {
  readonly options?: ControllerOptions;
  /** Where credentials come from: `--kubeconfig`, `--context`; KUBECONFIG and in-cluster otherwise. */
  readonly kubeconfig?: { readonly path?: string; readonly context?: string };
  readonly logger?: Logger;
  /** Builds the instance controller. @default dynamicInstanceControllers() (src/controller/instance) */
  readonly instanceControllers?: InstanceControllerFactory;
  /**
   * Which RGDs this process manages (by name). Tests only: every controller started by a test file must manage
   * only that file's RGDs, because all files share one API server. @default every RGD
   */
  readonly scope?: RgdScope;
  /** How often a deleting RGD re-checks for remaining instances. @default 10000 */
  readonly deletionRequeueDelayMs?: number;
  /** Leader election identity. @default `<hostname>_<uuid>` */
  readonly identity?: string;
  /** Also collect Node.js process metrics. @default true */
  readonly processMetrics?: boolean;
}

export type ManagerExit = 'stopped' | 'lost-leadership';

export class Manager {
  readonly metrics: KroMetrics;
  readonly revisions = new RevisionRegistry();
  readonly logger: Logger;
  readonly options: ControllerOptions;
  /** Resolves when the manager has stopped, and why. */
  readonly done: Promise<ManagerExit>;
  kube: KubeClient | undefined;
  instances: InstanceControllerRegistry | undefined;
  rgdReconciler: RgdReconciler | undefined;
  private probes: ProbeServers | undefined;
  private controllers: Controller[] = [];
  private handles: InformerHandle[] = [];
  private events: EventBroadcaster | undefined;
  private elector: LeaderElector | undefined;
  private readonly abort = new AbortController();
  private ready = false;
  private stopping: Promise<void> | undefined;
  private resolveDone!: (exit: ManagerExit) => void;

  private constructor(private readonly setup: ManagerOptions) {
    // Informers, the elector and start-up calls all listen on the shutdown signal: many listeners are normal.
    setMaxListeners(0, this.abort.signal);
    this.options = setup.options ?? DEFAULT_CONTROLLER_OPTIONS;
    this.logger = setup.logger ?? createLogger();
    this.metrics = new KroMetrics({ processMetrics: setup.processMetrics ?? true });
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  /** Starts everything; resolves once the controllers run (or rejects, having cleaned up). */
  static async start(setup: ManagerOptions = {}): Promise<Manager> {
    const manager = new Manager(setup);
    try {
      await manager.run();
    } catch (err) {
      await manager.stop();
      throw err;
    }
    return manager;
  }

  get healthAddress(): string | undefined {
    return this.probes?.healthAddress;
  }

  get metricsAddress(): string | undefined {
    return this.probes?.metricsAddress;
  }

  isReady(): boolean {
    return this.ready;
  }

  private async run(): Promise<void> {
    const o = this.options;
    const inCluster = isInCluster(process.env);
    this.probes = await startProbeServers({
      ...optional('health', resolveBindAddress(o.healthProbeBindAddress, inCluster)),
      ...optional('metrics', resolveBindAddress(o.metricsBindAddress, inCluster)),
      registry: this.metrics.registry,
      isReady: () => this.ready,
    });
    this.logger.info({ health: this.probes.healthAddress, metrics: this.probes.metricsAddress }, 'serving probes and metrics');

    const kube = await connectKube({
      config: { ...(this.setup.kubeconfig?.path ? { path: this.setup.kubeconfig.path } : {}), ...(this.setup.kubeconfig?.context ? { context: this.setup.kubeconfig.context } : {}) },
      qps: o.clientQps,
      burst: o.clientBurst,
    });
    this.kube = kube;
    this.logger.info({ server: kube.credentials.server }, 'connected to the API server');
    await installKroCrds(kube, this.logger, { install: o.installCrds, signal: this.abort.signal });

    const scope = this.setup.scope ?? allRgds;
    const runtimeMetrics = ControllerRuntimeMetrics.for(this.metrics.registry);
    const deps = { informers: kube.informers, logger: this.logger, metrics: runtimeMetrics };
    this.handles.push(kube.informers.acquire(CRD_INFORMER));
    const builder = clusterGraphBuilder(kube, { featureGates: o.featureGates, maxCollectionDimensions: o.rgdMaxCollectionDimensionSize });
    this.events = new EventBroadcaster({ sink: kubeEventSink(kube), logger: this.logger, host: hostname() });
    const events = this.events;
    this.instances = (this.setup.instanceControllers ?? dynamicInstanceControllers())({
      kube,
      revisions: this.revisions,
      options: o,
      metrics: this.metrics,
      logger: this.logger.child({ controller: 'instances' }),
      events: (component) => events.recorderFor(component),
    });
    this.rgdReconciler = new RgdReconciler({
      kube,
      builder,
      revisions: this.revisions,
      instances: this.instances,
      crds: new CrdManager(kube, this.logger.child({ controller: 'ResourceGraphDefinition' })),
      settings: {
        allowCrdDeletion: o.allowCrdDeletion,
        maxGraphRevisions: o.rgdMaxGraphRevisions,
        progressRequeueDelayMs: o.rgdProgressRequeueDelayMs,
        ...(this.setup.deletionRequeueDelayMs !== undefined ? { deletionRequeueDelayMs: this.setup.deletionRequeueDelayMs } : {}),
      },
      logger: this.logger.child({ controller: 'ResourceGraphDefinition' }),
      metrics: this.metrics,
    });
    const grController = createGraphRevisionController(
      {
        reconciler: new GraphRevisionReconciler({ kube, builder, revisions: this.revisions, logger: this.logger.child({ controller: 'GraphRevision' }), metrics: this.metrics }),
        scope,
        workers: o.graphRevisionConcurrentReconciles,
      },
      deps,
    );
    const rgdController = createRgdController({ reconciler: this.rgdReconciler, scope, workers: o.rgdConcurrentReconciles }, deps);
    this.controllers = [rgdController, grController];
    recordRegistryMetrics(this.revisions, this.metrics);
    // A revision settling (Pending -> Active/Failed) is what an RGD waiting on it needs to hear about.
    this.revisions.subscribe({ onTransition: (entry) => scope(entry.rgdName) && rgdController.enqueue(entry.rgdName) });
    this.handles[0]!.addHandlers({ onUpdate: () => builder.invalidate(), onDelete: () => builder.invalidate() });

    if (o.leaderElect) {
      if (o.enableControllerWarmup) await this.startWatches();
      await this.becomeLeader(kube);
    }
    await this.startWatches();
    await this.instances.start?.();
    if (o.featureGates.rgdConditionEvents) this.handles.push(recordRgdConditionEvents(kube.informers, events.recorderFor(RGD_EVENT_COMPONENT), scope));
    grController.startWorkers();
    await this.awaitRegistryWarmup(kube, scope);
    rgdController.startWorkers();
    this.ready = true;
    this.logger.info({ leaderElection: o.leaderElect }, 'controllers started');
  }

  private async startWatches(): Promise<void> {
    for (const controller of [...this.controllers].reverse()) {
      if (!(await controller.startWatches(this.abort.signal))) throw new Error('informers stopped before their first list');
    }
  }

  /**
   * Lets the GraphRevision controller compile the revisions that exist at start-up before RGDs are reconciled, so
   * a restart does not flip every RGD's Ready to Unknown (WaitingForGraphRevisionWarmup) and back. Bounded: past
   * the timeout RGDs start anyway and wait for the revisions still compiling, as upstream's do.
   */
  private async awaitRegistryWarmup(kube: KubeClient, scope: RgdScope, timeoutMs = 30_000): Promise<void> {
    const handle = kube.informers.acquire(GRAPH_REVISION_INFORMER);
    try {
      const pending = () =>
        handle.informer.list().filter((obj) => {
          const gr = obj as GraphRevision;
          if (gr.metadata.deletionTimestamp || !scope(gr.spec.snapshot.name)) return false;
          const state = this.revisions.get(gr.spec.snapshot.name, gr.spec.revision)?.state;
          return state === undefined || state === 'Pending';
        }).length;
      const deadline = Date.now() + timeoutMs;
      while (pending() > 0 && Date.now() < deadline && !this.abort.signal.aborted) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await handle.release();
    }
  }

  private async becomeLeader(kube: KubeClient): Promise<void> {
    const o = this.options;
    const namespace = o.leaderElectionNamespace || kube.credentials.namespace;
    this.elector = new LeaderElector({
      store: kubeLeaseStore(kube, namespace),
      leaseDurationMs: o.leaderElectionLeaseDurationMs,
      renewDeadlineMs: o.leaderElectionRenewDeadlineMs,
      retryPeriodMs: o.leaderElectionRetryPeriodMs,
      logger: this.logger.child({ component: 'leader-election' }),
      ...(this.setup.identity ? { identity: this.setup.identity } : {}),
    });
    this.logger.info({ namespace, identity: this.elector.identity }, 'waiting for the leader lease');
    if (!(await this.elector.acquire(this.abort.signal))) throw new Error('stopped before acquiring the leader lease');
    const elector = this.elector;
    void elector.keepRenewing(this.abort.signal).then((outcome) => {
      if (outcome === 'lost') void this.stop('lost-leadership');
    });
  }

  /** Graceful shutdown within `--graceful-shutdown-timeout`. Idempotent. */
  stop(exit: ManagerExit = 'stopped'): Promise<void> {
    this.stopping ??= this.shutdown(exit);
    return this.stopping;
  }

  private async shutdown(exit: ManagerExit): Promise<void> {
    this.ready = false;
    this.abort.abort();
    const deadline = Date.now() + this.options.gracefulShutdownTimeoutMs;
    const remaining = () => Math.max(0, deadline - Date.now());
    for (const controller of this.controllers) await controller.stop(remaining());
    await this.instances?.stop?.().catch((err: unknown) => this.logger.error({ err }, 'instance controller did not stop cleanly'));
    await Promise.all(this.handles.splice(0).map((h) => h.release()));
    await this.events?.stop();
    await this.elector?.release();
    await this.kube?.close();
    await this.probes?.close();
    this.logger.info({ exit }, 'controller stopped');
    this.resolveDone(exit);
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
