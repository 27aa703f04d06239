// `kro demo`: the README's first command. Placeholder until `kro dev` and the instance controller land.
import type { Command } from 'commander';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the kro-ts demo on a local control plane')
    .action(() => {
      process.stdout.write('kro demo: not yet available (it arrives with `kro dev` and the instance controller)\n');
    });
}
