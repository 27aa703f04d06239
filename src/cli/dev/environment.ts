// The local dev environment behind `kro dev` and `kro demo`: a control plane (etcd + kube-apiserver, built on first
// use), kro-ts's controller running in this process (RGD, GraphRevision and instance controllers; logs to a file in
// the data folder, never to the terminal), and a client for the CLI's own calls. stop() takes everything down in
// reverse order; the control plane's own exit hook and watchdog cover a process that dies before calling it.
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_CONTROLLER_OPTIONS,
  Manager,
  createLogger,
  type ControllerOptions,
} from '../../controller/index.js';
import { ensureControlPlaneBinaries, processAlive, startControlPlane, type ControlPlane, type ControlPlaneBinaries } from '../../devcluster/index.js';
import { FieldManagers, kroCrds, type KubeObject } from '../../api/index.js';
import { connectKube, type KubeClient } from '../../kube/index.js';
import { CliError, describeError } from '../errors.js';
import { waitCrdEstablished } from './apply.js';

/** The field manager of kro-ts's CRDs, the controller's (src/controller/kro-crds.ts). */
const KRO_CRD_FIELD_MANAGER = FieldManagers.controller;

/** Controller settings for a laptop: no probe or metrics ports, quick requeues, a short shutdown. */
export const DEV_CONTROLLER_OPTIONS: ControllerOptions = {
  ...DEFAULT_CONTROLLER_OPTIONS,
  metricsBindAddress: '0',
  healthProbeBindAddress: '0',
  allowCrdDeletion: true,
  gracefulShutdownTimeoutMs: 5_000,
  rgdProgressRequeueDelayMs: 500,
  instanceRequeueIntervalMs: 1_000,
  dynamicControllerConcurrentReconciles: 4,
};

export interface DevEnvironmentOptions {
  /** Keep the data folder (etcd data, certificates, kubeconfig, logs) after stop(). */
  readonly keepData?: boolean;
  /** The controller log's level (debug, info, warn, error, or a zap verbosity). @default info */
  readonly logLevel?: string;
  /** Run kro-ts's controller in this process. @default true */
  readonly controller?: boolean;
  /** Progress of the long steps (binary build, control plane start), one line each. */
  readonly progress: (line: string) => void;
  /** Said once when the binaries are not cached and a build starts. */
  readonly onFirstBuild?: () => void;
  /** Aborts start-up between steps (Ctrl-C). */
  readonly signal?: AbortSignal;
}

export interface DevEnvironment {
  readonly plane: ControlPlane;
  /** The CLI's own client (the controller has its own). */
  readonly kube: KubeClient;
  readonly manager: Manager | undefined;
  /** The controller's log file (inside the data folder). */
  readonly logPath: string;
  readonly binaries: ControlPlaneBinaries;
  /** True while etcd and kube-apiserver still run. */
  alive(): boolean;
  /** Stops the controller, the client and the control plane (removing the data folder unless kept). Idempotent. */
  stop(): Promise<void>;
}

/** Applies kro-ts's own CRDs as the controller does (same field manager) and waits until they are Established. */
async function installKroCrds(kube: KubeClient, signal: AbortSignal | undefined): Promise<void> {
  for (const crd of kroCrds()) {
    const name = crd.metadata.name ?? '';
    await kube.dynamic.apply(crd as unknown as KubeObject, { fieldManager: KRO_CRD_FIELD_MANAGER, force: true });
    if (!(await waitCrdEstablished(kube, name, 30_000, signal))) throw new Error(`CustomResourceDefinition ${name} is not Established after 30 s`);
  }
  kube.mapper.invalidate();
}

export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Interrupted();
}

/** Races a step against the abort signal, so Ctrl-C during a long step does not wait for it. */
function abortable<T>(step: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return step;
  checkAborted(signal);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Interrupted());
    signal.addEventListener('abort', onAbort, { once: true });
    step.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

export async function provisionBinaries(options: Pick<DevEnvironmentOptions, 'progress' | 'onFirstBuild' | 'signal'>): Promise<ControlPlaneBinaries> {
  let told = false;
  const progress = (line: string) => {
    if (!told && /^building /.test(line)) {
      told = true;
      options.onFirstBuild?.();
    }
    options.progress(line);
  };
  try {
    return await abortable(ensureControlPlaneBinaries({ progress }), options.signal);
  } catch (err) {
    if (err instanceof Interrupted) throw err;
    throw new CliError(
      `cannot provide etcd and kube-apiserver: ${describeError(err)}\n` +
        'hint: the first run builds them with Go (https://go.dev/dl) from the Go module proxy; or point KRO_TS_CONTROL_PLANE_BIN at a folder holding etcd and kube-apiserver',
    );
  }
}


function closeStream(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.closed) resolve();
    else stream.end(() => resolve());
  });
}

export async function startDevEnvironment(options: DevEnvironmentOptions): Promise<DevEnvironment> {
  const binaries = await provisionBinaries(options);
  checkAborted(options.signal);
  let plane: ControlPlane;
  try {
    plane = await abortable(startControlPlane({ binaries, progress: options.progress, ...(options.keepData ? { keepData: true } : {}) }), options.signal);
  } catch (err) {
    if (err instanceof Interrupted) throw err;
    throw new CliError(`the local control plane did not start: ${describeError(err)}`);
  }
  const logPath = join(plane.dataDir, 'kro-controller.log');
  const logStream = createWriteStream(logPath, { flags: 'a' });
  logStream.on('error', () => {});
  let kube: KubeClient | undefined;
  let manager: Manager | undefined;
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await manager?.stop().catch(() => {});
      await kube?.close().catch(() => {});
      await closeStream(logStream);
      await plane.stop();
    })();
    return stopped;
  };
  try {
    checkAborted(options.signal);
    kube = await connectKube({ config: { path: plane.kubeconfigPath } });
    if (!(options.controller ?? true)) {
      // A controller started later installs them too; having them now lets `-f` apply RGDs right away.
      options.progress("installing kro-ts's CRDs (ResourceGraphDefinition, GraphRevision); no controller runs (--no-controller)");
      await abortable(installKroCrds(kube, options.signal), options.signal);
    } else {
      options.progress('starting the kro-ts controller (RGD, GraphRevision and instance controllers)');
      manager = await abortable(
        Manager.start({
          options: DEV_CONTROLLER_OPTIONS,
          kubeconfig: { path: plane.kubeconfigPath },
          logger: createLogger({ level: options.logLevel ?? 'info', destination: logStream }),
          processMetrics: false,
        }),
        options.signal,
      );
    }
  } catch (err) {
    await stop();
    if (err instanceof Interrupted) throw err;
    throw new CliError(`the kro-ts controller did not start: ${describeError(err)}`);
  }
  return {
    plane,
    kube,
    manager,
    logPath,
    binaries,
    alive: () => plane.pids.every(processAlive),
    stop,
  };
}
