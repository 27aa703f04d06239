// For commands that need compiled graphs (generate, render): build the input, report what it found, stop with exit
// code 1 on any error, and pick the RGDs the command works on (`--name`, or all / the only one).
import type { CompiledGraph } from '../graph/index.js';
import { buildInputs, errorCount, type BuiltInputs, type BuiltRgd } from './build.js';
import { CliError, EXIT_INVALID, EXIT_USAGE } from './errors.js';
import { clusterOptions, type InputFlags } from './options.js';
import { createReporter, plural, type Reporter } from './report.js';

export interface CompiledInput {
  readonly built: BuiltInputs;
  readonly reporter: Reporter;
  /** Every RGD of the input with its graph, in input order. */
  readonly graphs: readonly { readonly rgd: BuiltRgd; readonly graph: CompiledGraph }[];
}

/** Builds the input named by the shared flags (-f, --crds, --cluster, --lenient); prints nothing. */
export function buildFromFlags(flags: InputFlags): Promise<BuiltInputs> {
  const cluster = clusterOptions(flags);
  return buildInputs({
    files: flags.file ?? [],
    crdPaths: flags.crds ?? [],
    ...(cluster ? { cluster } : {}),
    lenient: flags.lenient ?? false,
  });
}

/** Builds the input; prints notes, warnings and errors to stderr; throws (exit 1) when anything failed. */
export async function compileInput(flags: InputFlags, action: string): Promise<CompiledInput> {
  const reporter = createReporter(flags.color);
  const built = await buildFromFlags(flags);
  reporter.notes(built.notes);
  reporter.diagnostics(built.diagnostics, built.sources);
  const errors = errorCount(built.diagnostics);
  if (errors > 0) throw new CliError(`cannot ${action}: ${plural(errors, 'error')} in the input (run \`kro validate rgd\` for details)`, EXIT_INVALID);
  if (built.rgds.length === 0) throw new CliError(`no ResourceGraphDefinition found in ${built.files.map((f) => f.name).join(', ')}`, EXIT_INVALID);
  const graphs = built.rgds.flatMap((rgd) => (rgd.result.ok ? [{ rgd, graph: rgd.result.value }] : []));
  return { built, reporter, graphs };
}

/** The graphs named by `--name` (all when not given). */
export function selectGraphs(input: CompiledInput, name: string | undefined): CompiledInput['graphs'] {
  if (name === undefined) return input.graphs;
  const found = input.graphs.filter((g) => g.graph.name === name);
  if (found.length === 0) {
    throw new CliError(`no ResourceGraphDefinition named ${name} in the input (found: ${input.graphs.map((g) => g.graph.name).join(', ')})`, EXIT_USAGE);
  }
  return found;
}

/** Exactly one graph: the one named by `--name`, or the only one in the input. */
export function selectOneGraph(input: CompiledInput, name: string | undefined): CompiledInput['graphs'][number] {
  const found = selectGraphs(input, name);
  if (found.length > 1) {
    throw new CliError(`the input holds ${found.length} ResourceGraphDefinitions (${found.map((g) => g.graph.name).join(', ')}); choose one with --name`, EXIT_USAGE);
  }
  return found[0]!;
}
