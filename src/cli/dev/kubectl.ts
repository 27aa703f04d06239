// Runs the machine's kubectl against the dev control plane, as the demo shows users what they would type.
// Resolves to undefined when kubectl is not installed, so callers can fall back to printing through the API.
import { execFile } from 'node:child_process';

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runKubectl(kubeconfig: string, args: readonly string[]): Promise<KubectlResult | undefined> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      [...args],
      { env: { ...process.env, KUBECONFIG: kubeconfig }, maxBuffer: 16 * 1024 * 1024, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          resolve(undefined);
          return;
        }
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
