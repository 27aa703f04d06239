// `kro render`: the offline dry run of an instance (what upstream's users ask for in #993): compile the RGDs, admit
// the instance against the generated CRD (defaults applied), run the runtime's reconcile driver against an offline
// cluster, and print what the controller would apply, what waits for cluster data, and the projected status.
import type { Command } from 'commander';
import type { Diagnostic } from '../../api/index.js';
import { KRO_TS_VERSION } from '../../kube/version.js';
import { compileInput } from '../compiled.js';
import { CliError, EXIT_INVALID } from '../errors.js';
import { readInputFile, readInputFiles } from '../input/files.js';
import { addColorOption, addInputOptions, helpFooter, outputOption, type InputFlags } from '../options.js';
import type { OutputFormat } from '../output/objects.js';
import { plural } from '../report.js';
import { formatRenderReports } from '../render/format-report.js';
import { loadInstances, loadObservedObjects } from '../render/instances.js';
import { renderInstance, type RenderReport } from '../render/render-instance.js';

interface RenderFlags extends InputFlags {
  readonly instance?: string;
  readonly observed?: readonly string[];
  readonly output: OutputFormat;
}

async function render(flags: RenderFlags): Promise<void> {
  if (flags.instance === undefined) throw new CliError('--instance is required (a file, or - for stdin)', 2);
  if (flags.instance === '-' && (flags.file ?? []).includes('-')) throw new CliError('only one of -f and --instance can read stdin', 2);
  const input = await compileInput(flags, 'render');
  const instanceFile = await readInputFile(flags.instance);
  const observedFiles = flags.observed && flags.observed.length > 0 ? await readInputFiles(flags.observed) : [];
  const sources = new Map(input.built.sources);
  sources.set(instanceFile.name, instanceFile.text);
  for (const f of observedFiles) sources.set(f.name, f.text);

  const instances = loadInstances([instanceFile], input.graphs.map((g) => g.graph));
  const observed = loadObservedObjects(observedFiles);
  const problems: Diagnostic[] = [...instances.diagnostics, ...observed.diagnostics];
  for (const note of instances.notes) input.reporter.line(`note: ${note}`);
  input.reporter.diagnostics(problems, sources);
  if (problems.length > 0) throw new CliError(`cannot render: ${plural(problems.length, 'error')} in the instance or observed objects`, EXIT_INVALID);
  if (instances.targets.length === 0) throw new CliError(`no instance to render in ${instanceFile.name}`, EXIT_INVALID);

  const reports: RenderReport[] = [];
  for (const target of instances.targets) reports.push(await renderInstance(target.graph, target.instance, observed.objects, KRO_TS_VERSION));
  process.stdout.write(formatRenderReports(reports, flags.output));

  for (const r of reports) {
    const waiting = r.notes.filter((n) => n.pending !== undefined).map((n) => n.nodeId);
    if (waiting.length > 0) input.reporter.line(`note: ${plural(r.objects.length, 'object')} rendered; waiting for cluster data: ${waiting.join(', ')} (pass live objects with --observed)`);
  }
  const failed = reports.filter((r) => r.error !== undefined || r.notes.some((n) => n.state === 'ERROR'));
  if (failed.length > 0) {
    const messages = failed.flatMap((r) => [r.error, ...r.notes.filter((n) => n.state === 'ERROR').map((n) => `${n.nodeId}: ${n.explanation}`)]).filter((m) => m !== undefined);
    throw new CliError(`render failed:\n  ${messages.join('\n  ')}`, EXIT_INVALID);
  }
}

export function registerRenderCommand(program: Command): void {
  const command = program
    .command('render')
    .summary('offline dry run: the objects the controller would apply for an instance, and its status')
    .description(
      "Offline dry run: print the objects the controller would apply for an instance, in apply order, with kro's labels " +
        "and annotations, then the instance's projected status. Resources that read data only a cluster fills in " +
        "(another resource's status, uid...) are listed as pending with the expression that waits, unless --observed " +
        'supplies it.',
    );
  addInputOptions(command, 'ResourceGraphDefinition files (several RGDs may use each other\'s kinds)');
  command
    .option('-i, --instance <file>', 'the instance to render (YAML; - for stdin)')
    .option('--observed <path>', 'live objects (YAML files or folders) that stand for the cluster: matched by apiVersion/kind/namespace/name (repeatable)', (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .addOption(outputOption(['yaml', 'json'], 'yaml'));
  addColorOption(command)
    .addHelpText(
      'after',
      helpFooter([
        'kro render -f webapp.yaml --instance my-webapp.yaml',
        'kro generate instance -f webapp.yaml | kro render -f webapp.yaml --instance -',
        'kro render -f webapp.yaml -i my-webapp.yaml --observed live/       # e.g. kubectl get deploy x -o yaml > live/deploy.yaml',
        'kro render -f webapp.yaml -i my-webapp.yaml -o json | jq \'.objects[].object.metadata.name\'',
        'kro render -f rgd.yaml -i instance.yaml --crds ./crds                 # kinds from CRD files',
      ]),
    )
    .action((flags: RenderFlags) => render(flags));
}
