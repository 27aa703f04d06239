// Flags shared by the commands that read RGDs (validate, generate, render), declared once so they are spelled and
// documented the same everywhere, plus the parsers that turn bad values into usage errors (exit code 2).
import { Option, type Command } from 'commander';
import { CliError, EXIT_USAGE } from './errors.js';
import type { ClusterOptions } from './schema-sources.js';

function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The options every RGD-reading command gets after commander parsed them. */
export interface InputFlags {
  readonly file?: readonly string[];
  readonly crds?: readonly string[];
  readonly cluster?: boolean;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly lenient?: boolean;
  readonly color?: boolean;
}

/** `-f` (repeatable) plus the schema flags. `fileHelp` describes what -f should point at. */
export function addInputOptions(command: Command, fileHelp: string): Command {
  return command
    .option('-f, --file <path>', `${fileHelp} (a file, a folder searched for *.yaml/*.yml, or - for stdin; repeatable)`, collect)
    .option('--crds <path>', 'CRD files or folders whose kinds RGDs may use (repeatable)', collect)
    .option('--cluster', 'resolve kinds from the cluster of the kubeconfig instead of the bundled Kubernetes schemas')
    .option('--kubeconfig <path>', 'kubeconfig for --cluster (default: $KUBECONFIG, then ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context for --cluster')
    .option('--lenient', 'type unknown kinds as dyn with a warning instead of failing');
}

/** `--color` / `--no-color`; neither means: color when writing to a terminal. */
export function addColorOption(command: Command): Command {
  return command.option('--color', 'color the output (default: only on a terminal)').option('--no-color', 'never color the output');
}

/** `-o yaml|json` with a default. */
export function outputOption(choices: readonly string[], fallback: string): Option {
  return new Option('-o, --output <format>', 'output format').choices([...choices]).default(fallback);
}

export function clusterOptions(flags: InputFlags): ClusterOptions | undefined {
  if (!flags.cluster) {
    if (flags.kubeconfig !== undefined || flags.context !== undefined) {
      throw new CliError('--kubeconfig and --context apply only with --cluster', EXIT_USAGE);
    }
    return undefined;
  }
  return { ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}), ...(flags.context ? { context: flags.context } : {}) };
}

/** The text appended to a command's --help: examples, then the exit codes. */
export function helpFooter(examples: readonly string[]): string {
  return `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}\n\nExit codes: 0 success, 1 invalid input (errors printed), 2 usage error (bad flags, unreadable files).\n`;
}
