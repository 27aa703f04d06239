// Fixture process for control-plane.test.ts: starts a control plane, prints its pids and data folder as
// one JSON line, and stops it on SIGINT/SIGTERM like `kro dev` and the test runner do.
import { ensureControlPlaneBinaries, startControlPlane } from '../../../src/devcluster/index.js';

const plane = await startControlPlane({ binaries: await ensureControlPlaneBinaries() });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void plane.stop().then(() => process.exit(130));
  });
}
process.stdout.write(`${JSON.stringify({ pids: plane.pids, dataDir: plane.dataDir, kubeconfig: plane.kubeconfigPath })}\n`);
setInterval(() => {}, 60_000);
