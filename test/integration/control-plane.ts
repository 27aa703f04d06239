// Starts the one control plane shared by all integration test files of a run (see test/run.ts).
import { ensureControlPlaneBinaries, startControlPlane } from '../../src/devcluster/index.js';

export interface SharedControlPlane {
  readonly kubeconfigPath: string;
  stop(): Promise<void>;
}

export async function startSharedControlPlane(): Promise<SharedControlPlane> {
  const progress = (line: string) => process.stderr.write(`[control plane] ${line}\n`);
  const binaries = await ensureControlPlaneBinaries({ progress });
  const plane = await startControlPlane({ binaries, progress });
  return { kubeconfigPath: plane.kubeconfigPath, stop: () => plane.stop() };
}
