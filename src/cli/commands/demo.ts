// `kro demo`: the README's first command (`npm ci && npm run demo`). Starts the same environment as `kro dev`, walks
// through examples/webapp with narration (src/cli/dev/demo.ts) and cleans up; --stay keeps it running until Ctrl-C.
import type { Command } from 'commander';
import { runDemo } from '../dev/demo.js';
import { Interrupts } from '../dev/interrupts.js';
import { createDevOutput } from '../dev/session.js';
import { addColorOption } from '../options.js';
import { colorEnabled, createStyle } from '../output/color.js';

interface DemoFlags {
  readonly stay?: boolean;
  readonly keepData?: boolean;
  readonly color?: boolean;
}

export function registerDemoCommand(program: Command): void {
  const command = program
    .command('demo')
    .summary('a guided tour: a local control plane, kro-ts, and a web app RGD from creation to self-healing')
    .description(
      'Start a local Kubernetes control plane with kro-ts (as `kro dev` does), then walk through examples/webapp: ' +
        'create the ResourceGraphDefinition, create an instance, watch it wait for its Deployment, play the Deployment ' +
        'controller so the instance becomes ACTIVE with its status projected, turn the optional Ingress on and off, ' +
        'delete a managed ConfigMap and watch kro-ts re-create it. Each step is narrated and shown with kubectl. The ' +
        'first run builds etcd and kube-apiserver with Go (minutes, once); later runs take well under a minute.',
    )
    .option('--stay', 'keep the control plane and the controller running after the demo, until Ctrl-C')
    .option('--keep-data', 'keep the data folder (etcd data, certificates, kubeconfig, logs) on exit');
  addColorOption(command).addHelpText(
    'after',
    '\nExamples:\n' +
      '  npm ci && npm run demo          # from a fresh clone: install, build, run the demo\n' +
      '  kro demo\n' +
      '  kro demo --stay                 # then explore with kubectl; Ctrl-C to stop\n' +
      '\nExit codes: 0 success, 1 a step failed (the error and the controller log\'s last lines are printed), 130 interrupted.\n',
  );
  command.action(async (flags: DemoFlags) => {
    const out = createDevOutput(createStyle(colorEnabled(flags.color, process.stdout)));
    const interrupts = new Interrupts({ onFirst: () => out.line('\nstopping (Ctrl-C again to stop at once)...') }).install();
    try {
      await runDemo({ out, interrupts, stay: flags.stay === true, keepData: flags.keepData === true });
    } finally {
      interrupts.dispose();
    }
  });
}
