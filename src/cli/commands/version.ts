// `kro version`: the kro-ts version and the versions it is built to match.
import type { Command } from 'commander';
import { KRO_TS_VERSION } from '../../kube/version.js';

/** The upstream kro release whose behavior kro-ts reproduces. */
export const UPSTREAM_KRO_VERSION = 'v0.9.3';

export function registerVersionCommand(program: Command): void {
  program
    .command('version')
    .description('print the kro-ts version')
    .option('-o, --output <format>', 'text or json', 'text')
    .addHelpText('after', '\nExamples:\n  kro version\n  kro version -o json\n')
    .action((opts: { output: string }) => {
      const info = { kroTs: KRO_TS_VERSION, compatibleWith: UPSTREAM_KRO_VERSION, node: process.version };
      if (opts.output === 'json') process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
      else process.stdout.write(`kro-ts ${info.kroTs} (compatible with kro ${info.compatibleWith}, node ${info.node})\n`);
    });
}
