// The `kro` command tree, built with commander. Each command lives in src/cli/commands/<name>.ts and
// exports a `register<Name>Command(program)` function; this file wires them and owns error handling, so
// no command prints a stack trace.
import { Command, CommanderError } from 'commander';
import { KRO_TS_VERSION } from '../kube/index.js';
import { registerControllerCommand } from './commands/controller.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerDevCommand } from './commands/dev.js';
import { registerGenerateCommand } from './commands/generate.js';
import { registerRenderCommand } from './commands/render.js';
import { registerValidateCommand } from './commands/validate.js';
import { registerVersionCommand } from './commands/version.js';
import { CliError, describeError, EXIT_USAGE } from './errors.js';

export function buildProgram(): Command {
  const program = new Command('kro')
    .description('kro-ts: the Kube Resource Orchestrator in TypeScript')
    .version(KRO_TS_VERSION, '--version', 'print the kro-ts version')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: true })
    .exitOverride();
  registerControllerCommand(program);
  registerDemoCommand(program);
  registerDevCommand(program);
  registerVersionCommand(program);
  registerValidateCommand(program);
  registerGenerateCommand(program);
  registerRenderCommand(program);
  return program;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
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
