// `kro generate crd|instance|diagram`: what an RGD turns into, without a cluster. The CRD is the one the controller
// would install (with the inferred status schema), the instance a deterministic valid sample, the diagram the
// dependency graph as Mermaid, Graphviz DOT or a self-contained HTML page.
import { Option, type Command } from 'commander';
import { Annotations, type JsonObject } from '../../api/index.js';
import { KRO_TS_VERSION } from '../../kube/version.js';
import { compileInput, selectGraphs, selectOneGraph } from '../compiled.js';
import { formatHtml } from '../diagram/html.js';
import { diagramModel } from '../diagram/model.js';
import { formatDot, formatMermaid } from '../diagram/text-formats.js';
import { addColorOption, addInputOptions, helpFooter, outputOption, type InputFlags } from '../options.js';
import { formatObjects, type OutputFormat } from '../output/objects.js';
import { sampleInstance } from '../sample/sample-instance.js';

interface GenerateFlags extends InputFlags {
  readonly name?: string;
  readonly output: OutputFormat;
}

interface DiagramFlags extends InputFlags {
  readonly name?: string;
  readonly format: 'mermaid' | 'dot' | 'html';
}

function withCliAnnotation(crd: JsonObject): JsonObject {
  const metadata = (crd.metadata ?? {}) as JsonObject;
  const annotations = (metadata.annotations ?? {}) as JsonObject;
  return { ...crd, metadata: { ...metadata, annotations: { ...annotations, [Annotations.cliVersion]: KRO_TS_VERSION } } };
}

async function generateCrd(flags: GenerateFlags): Promise<void> {
  const input = await compileInput(flags, 'generate the CRD');
  const crds = selectGraphs(input, flags.name).map((g) => withCliAnnotation(g.graph.crd as unknown as JsonObject));
  process.stdout.write(formatObjects(crds, flags.output));
}

async function generateInstance(flags: GenerateFlags): Promise<void> {
  const input = await compileInput(flags, 'generate an instance');
  const samples = selectGraphs(input, flags.name).map((g) => sampleInstance(g.graph));
  input.reporter.diagnostics(
    samples.flatMap((s) => s.warnings),
    new Map(),
  );
  process.stdout.write(formatObjects(samples.map((s) => s.instance), flags.output));
}

async function generateDiagram(flags: DiagramFlags): Promise<void> {
  const input = await compileInput(flags, 'draw the graph');
  const model = diagramModel(selectOneGraph(input, flags.name).graph);
  const text = flags.format === 'html' ? formatHtml(model) : flags.format === 'dot' ? formatDot(model) : formatMermaid(model);
  process.stdout.write(text);
}

function rgdCommand(parent: Command, name: string, description: string): Command {
  const command = parent.command(name).description(description);
  addInputOptions(command, 'ResourceGraphDefinition files');
  command.option('--name <rgd>', 'use only the ResourceGraphDefinition with this metadata.name');
  return command;
}

export function registerGenerateCommand(program: Command): void {
  const generate = program
    .command('generate')
    .description('generate the CRD, a sample instance or a diagram from ResourceGraphDefinitions')
    .addHelpText('after', helpFooter(['kro generate crd -f rgd.yaml', 'kro generate instance -f rgd.yaml > instance.yaml', 'kro generate diagram -f rgd.yaml > graph.html']));

  const crd = rgdCommand(generate, 'crd', 'print the CustomResourceDefinition kro would install for each RGD (annotated kro.run/cli-version)');
  crd.addOption(outputOption(['yaml', 'json'], 'yaml'));
  addColorOption(crd)
    .addHelpText('after', helpFooter(['kro generate crd -f webapp.yaml', 'kro generate crd -f webapp.yaml -o json', 'kro generate crd -f rgds/ --name webapp.kro.run | kubectl apply -f -']))
    .action((flags: GenerateFlags) => generateCrd(flags));

  const instance = rgdCommand(
    generate,
    'instance',
    'print a valid sample instance (name <kind>-sample) with every spec field: defaults, first enum values, minimum bounds, pattern-matching placeholders',
  );
  instance.addOption(outputOption(['yaml', 'json'], 'yaml'));
  addColorOption(instance)
    .addHelpText(
      'after',
      helpFooter([
        'kro generate instance -f webapp.yaml > instance.yaml',
        'kro generate instance -f webapp.yaml | kro render -f webapp.yaml --instance -',
      ]),
    )
    .action((flags: GenerateFlags) => generateInstance(flags));

  const diagram = rgdCommand(generate, 'diagram', 'draw the dependency graph: node ids, kinds, node types, forEach/includeWhen/readyWhen, topological order');
  diagram.addOption(new Option('--format <format>', 'mermaid, dot (Graphviz) or html (one self-contained page)').choices(['mermaid', 'dot', 'html']).default('html'));
  addColorOption(diagram)
    .addHelpText(
      'after',
      helpFooter([
        'kro generate diagram -f webapp.yaml > webapp.html     # open in a browser; works offline',
        'kro generate diagram -f webapp.yaml --format mermaid  # paste into Markdown',
        'kro generate diagram -f webapp.yaml --format dot | dot -Tsvg > webapp.svg',
      ]),
    )
    .action((flags: DiagramFlags) => generateDiagram(flags));
}
