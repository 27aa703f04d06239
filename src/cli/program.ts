// The `kro` command tree, built with commander. Each command lives in src/cli/commands/<name>.ts and
// exports a `register<Name>Command(program)` function; this file wires them and owns error handling, so
// no command prints a stack trace.
import { Command, CommanderError } from 'commander';
// The version module alone, not the kube door: it would load the HTTP stack for `kro version`.
import { KRO_TS_VERSION } from '../kube/version.js';
import { CliError, describeError, EXIT_USAGE } from './errors.js';

type Register = (program: Command) => void;

/**
 * Every command, loaded on demand: a command's module pulls in what it needs (the compiler, the API client,
 * the controller), and `kro validate` should not pay for the controller or `kro version` for anything.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  controller: () => import('./commands/controller.js').then((m) => m.registerControllerCommand),
  demo: () => import('./commands/demo.js').then((m) => m.registerDemoCommand),
  dev: () => import('./commands/dev.js').then((m) => m.registerDevCommand),
  generate: () => import('./commands/generate.js').then((m) => m.registerGenerateCommand),
  render: () => import('./commands/render.js').then((m) => m.registerRenderCommand),
  validate: () => import('./commands/validate.js').then((m) => m.registerValidateCommand),
  version: () => import('./commands/version.js').then((m) => m.registerVersionCommand),
};

/**
 * The program with the commands `argv` can reach: only the named command when the first argument names one,
 * every command otherwise (help, no arguments, an unknown command), so help lists them all.
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('kro')
    .description('kro-ts: the Kube Resource Orchestrator in TypeScript')
    .version(KRO_TS_VERSION, '--version', 'print the kro-ts version')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: true })
    .exitOverride();
  const first = argv.find((a) => !a.startsWith('-'));
  const names = first !== undefined && first in COMMANDS ? [first] : Object.keys(COMMANDS);
  const registers = await Promise.all(names.map((name) => (COMMANDS[name] as () => Promise<Register>)()));
  for (const register of registers) register(program);
  return program;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    // Commander exits 1 on usage errors; kro keeps 1 for invalid input and uses 2 for misuse (docs/cli.md).
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_USAGE;
    if (err instanceof CliError) {
      if (err.message) process.stderr.write(`error: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`error: ${describeError(err)}\n`);
    if (process.env.KRO_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
