// `kro dev`: a local Kubernetes control plane with kro-ts's controller running in this process, the given files
// applied (RGDs first, once they are Active everything else), and a live view of RGD and instance states until
// Ctrl-C, which stops and removes everything. See docs/dev.md.
import type { Command } from 'commander';
import { applyManifests } from '../dev/apply.js';
import { Interrupts } from '../dev/interrupts.js';
import { loadManifests, type Manifest } from '../dev/manifests.js';
import { createDevOutput, describeEnvironment, FIRST_BUILD_NOTE, shutdown, startLiveView, startWithProgress, untilInterrupted, type DevOutput } from '../dev/session.js';
import { zapLevelToPino } from '../../controller/index.js';
import { CliError, describeError, EXIT_INVALID, EXIT_USAGE } from '../errors.js';
import { readInputFiles } from '../input/files.js';
import { addColorOption } from '../options.js';
import { colorEnabled, createStyle } from '../output/color.js';
import { formatDiagnostics } from '../output/diagnostics.js';
import { plural } from '../report.js';

interface DevFlags {
  readonly file?: readonly string[];
  readonly keepData?: boolean;
  readonly controller: boolean;
  readonly logLevel: string;
  readonly color?: boolean;
}

async function loadInput(paths: readonly string[], out: DevOutput): Promise<Manifest[]> {
  if (paths.length === 0) return [];
  const files = await readInputFiles(paths);
  const loaded = loadManifests(files);
  if (loaded.diagnostics.length > 0) {
    const sources = new Map(files.map((f) => [f.name, f.text]));
    process.stderr.write(`${formatDiagnostics(loaded.diagnostics, { sources, style: out.style })}\n`);
    throw new CliError(`nothing started: ${plural(loaded.diagnostics.length, 'error')} in the input files`, EXIT_INVALID);
  }
  return [...loaded.manifests];
}

async function runDev(flags: DevFlags): Promise<void> {
  const style = createStyle(colorEnabled(flags.color, process.stdout));
  const out = createDevOutput(style);
  const keepData = flags.keepData === true;
  try {
    zapLevelToPino(flags.logLevel);
  } catch (err) {
    throw new CliError(`invalid value for --log-level: ${describeError(err)}`, EXIT_USAGE);
  }
  const manifests = await loadInput(flags.file ?? [], out);

  const interrupts = new Interrupts({
    onFirst: () => out.line('\nstopping (Ctrl-C again to stop at once)...'),
  }).install();
  try {
    out.line(style.bold('kro dev: a local Kubernetes control plane with kro-ts'));
    const env = await startWithProgress(out, interrupts, { keepData, controller: flags.controller, logLevel: flags.logLevel, firstBuildNote: FIRST_BUILD_NOTE });
    if (!env) {
      // Interrupted while starting: exiting runs the control plane's exit hook, which kills and removes what started.
      process.exit(130);
    }
    const view = startLiveView(env, out);
    let outcome: 'interrupted' | 'died' = 'interrupted';
    try {
      out.line('');
      for (const line of describeEnvironment(env, style, keepData)) out.line(line);
      out.line('');
      out.line(style.dim(`watching RGDs and instances: one line per change of state or Ready (Ctrl-C stops everything${keepData ? '' : ' and removes the data'})`));
      if (manifests.length > 0) {
        try {
          await applyManifests(manifests, {
            kube: env.kube,
            signal: interrupts.signal,
            rgdTimeoutMs: flags.controller ? 60_000 : 10 * 60_000,
            reporter: { info: (line) => out.line(style.dim(line)), error: (line) => out.error(line) },
          });
        } catch (err) {
          // Ctrl-C aborts the calls in flight; anything else is a real failure.
          if (!interrupts.interrupted) throw err;
        }
      }
      outcome = await untilInterrupted(env, interrupts);
      if (outcome === 'died') out.error('the control plane stopped unexpectedly (see kube-apiserver.log and etcd.log in the data folder with --keep-data)');
    } finally {
      await shutdown(env, out, keepData, view);
    }
    if (outcome === 'died') process.exitCode = 1;
  } finally {
    interrupts.dispose();
  }
}

export function registerDevCommand(program: Command): void {
  const command = program
    .command('dev')
    .summary('a local control plane with kro-ts running in-process, your files applied, and a live view')
    .description(
      'Start a local Kubernetes control plane (etcd and kube-apiserver on 127.0.0.1, built with Go and cached on first use), ' +
        "run kro-ts's controller in this process, apply the given files with server-side apply (ResourceGraphDefinitions " +
        'first, the rest once they are Active), print the kubeconfig to use with kubectl, and show one line per change of ' +
        'an RGD or instance state. Ctrl-C stops the controller and the control plane and removes the data folder. ' +
        'There is no kube-controller-manager: Deployments get no Pods and no status unless you patch it.',
    )
    .option('-f, --file <path>', 'objects to apply: RGDs, instances, anything else (a file, a folder searched for *.yaml/*.yml, or - for stdin; repeatable)', (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .option('--keep-data', 'keep the data folder (etcd data, certificates, kubeconfig, logs) on exit')
    .option('--log-level <level>', 'level of the controller log file: debug, info, warn or error', 'info')
    .option('--no-controller', "do not run kro-ts's controller (run `kro controller` against the printed kubeconfig yourself)");
  addColorOption(command).addHelpText(
    'after',
    '\nExamples:\n' +
      '  kro dev                                            # an empty control plane with kro-ts; apply files with kubectl\n' +
      '  kro dev -f examples/webapp/rgd.yaml -f examples/webapp/instance.yaml\n' +
      '  kro dev -f examples/ --keep-data                    # every *.yaml under examples/, data kept on exit\n' +
      '  kro dev --no-controller                             # then: kro controller --kubeconfig <printed path>\n' +
      '\nIn another terminal, after the export line it prints:\n' +
      '  kubectl get rgd\n' +
      '  kubectl get webapps -w\n' +
      '\nExit codes: 0 stopped with Ctrl-C, 1 invalid input files or a failed start, 2 usage error (bad flags, unreadable files).\n',
  );
  command.action(async (flags: DevFlags) => {
    await runDev(flags);
  });
}
