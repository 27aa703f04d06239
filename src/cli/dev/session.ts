// What `kro dev` and `kro demo` share around the dev environment: how it is started with progress output and
// Ctrl-C handling, how it is described to the user (server, kubeconfig, the `export KUBECONFIG=` line, log and data
// folder), following the live view until Ctrl-C (or until the control plane dies), and the shutdown report.
import type { Style } from '../output/color.js';
import { Interrupted, startDevEnvironment, type DevEnvironment } from './environment.js';
import type { Interrupts } from './interrupts.js';
import { LiveView } from './live-view.js';

export interface DevOutput {
  readonly style: Style;
  line(text: string): void;
  error(text: string): void;
}

export function createDevOutput(style: Style, stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): DevOutput {
  return {
    style,
    line: (text) => void stdout.write(`${text}\n`),
    error: (text) => void stderr.write(`${style.red('error:')} ${text}\n`),
  };
}

/** Printed when the control plane binaries are not cached and must be built. */
export const FIRST_BUILD_NOTE = [
  'First run: building etcd and kube-apiserver from source with Go. This takes about 8 minutes on 2 cores',
  '(measured: 7 min 40 s, 1.8 GB of memory) and happens once: the binaries are cached for later runs.',
];

export interface StartOptions {
  readonly keepData: boolean;
  readonly controller: boolean;
  readonly logLevel?: string;
  /** Printed once if the binaries must be built (not cached). */
  readonly firstBuildNote: readonly string[];
}

/**
 * Starts the environment with progress lines. Resolves to undefined when Ctrl-C came first: the caller then exits
 * right away (the control plane's exit hook removes whatever had started).
 */
export async function startWithProgress(out: DevOutput, interrupts: Interrupts, options: StartOptions): Promise<DevEnvironment | undefined> {
  try {
    return await startDevEnvironment({
      keepData: options.keepData,
      controller: options.controller,
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
      signal: interrupts.signal,
      progress: (line) => out.line(out.style.dim(`  ${line}`)),
      onFirstBuild: () => {
        for (const line of options.firstBuildNote) out.line(out.style.yellow(line));
      },
    });
  } catch (err) {
    if (err instanceof Interrupted) return undefined;
    throw err;
  }
}

/** The lines that tell where things are: server, pids, kubeconfig, the export line, log, data folder. */
export function describeEnvironment(env: DevEnvironment, style: Style, keepData: boolean): string[] {
  const { plane } = env;
  const [etcdPid, apiserverPid] = plane.pids;
  return [
    `control plane   ${plane.server} (etcd pid ${etcdPid ?? '?'}, kube-apiserver pid ${apiserverPid ?? '?'})`,
    `kubeconfig      ${plane.kubeconfigPath}`,
    env.manager ? `controller log  ${env.logPath}` : 'controller      not started (--no-controller): run one against this kubeconfig',
    `data folder     ${plane.dataDir} (${keepData ? 'kept on exit' : 'removed on exit; --keep-data keeps it'})`,
    '',
    `  ${style.bold(`export KUBECONFIG=${plane.kubeconfigPath}`)}`,
  ];
}

/** Starts the live view; its lines go to `out`. */
export function startLiveView(env: DevEnvironment, out: DevOutput): LiveView {
  const view = new LiveView({ kube: env.kube, print: (line) => out.line(line), onError: () => {} });
  view.start();
  return view;
}

/** Waits for Ctrl-C; returns early (with 'died') if etcd or kube-apiserver exits. */
export async function untilInterrupted(env: DevEnvironment, interrupts: Interrupts): Promise<'interrupted' | 'died'> {
  let timer: NodeJS.Timeout | undefined;
  const died = new Promise<'died'>((resolve) => {
    timer = setInterval(() => {
      if (!env.alive()) resolve('died');
    }, 1000);
  });
  try {
    return await Promise.race([interrupts.wait().then(() => 'interrupted' as const), died]);
  } finally {
    clearInterval(timer);
  }
}

/** Stops everything and says what was cleaned up. */
export async function shutdown(env: DevEnvironment, out: DevOutput, keepData: boolean, view?: LiveView): Promise<void> {
  await view?.stop();
  await env.stop();
  const what = env.manager ? 'controller and control plane stopped' : 'control plane stopped';
  out.line(`${what}; ${keepData ? `data kept in ${env.plane.dataDir}` : `removed ${env.plane.dataDir}`}`);
}
