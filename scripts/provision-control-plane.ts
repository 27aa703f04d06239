// `npm run provision`: builds (or finds cached) etcd and kube-apiserver for the local control plane,
// printing progress. The integration tests and `kro dev` do the same on demand; CI calls this first so
// the slow cold build shows up as its own step.
import { ensureControlPlaneBinaries } from '../src/devcluster/index.js';
import { formatDuration } from '../src/devcluster/binaries.js';

const started = Date.now();
try {
  const bins = await ensureControlPlaneBinaries({ progress: (line) => process.stderr.write(`[provision] ${line}\n`) });
  process.stdout.write(
    `control plane binaries ready in ${formatDuration(Date.now() - started)}:\n  etcd           ${bins.etcd}\n  kube-apiserver ${bins.kubeApiserver}\n`,
  );
} catch (err) {
  process.stderr.write(`provisioning failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
