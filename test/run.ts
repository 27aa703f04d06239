// Test runner: `node dist/test/run.js unit|integration [filter...]`.
// Lists the compiled *.test.js files of one suite (optionally filtered by substrings of their path) and
// runs them with Node's test runner. For the integration suite it first starts one shared control plane
// (etcd + kube-apiserver) and hands its kubeconfig to every test file through KRO_TEST_KUBECONFIG, then
// stops it, also on Ctrl-C, so no etcd or kube-apiserver outlives the run.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
/** The repository root: this file runs as dist/test/run.js. */
const root = join(here, '..', '..');

/**
 * Whether a compiled test still has its TypeScript source: tsc never deletes the output of a removed or
 * renamed file, so dist/ can hold stale tests.
 */
function hasSource(compiled: string): boolean {
  return existsSync(join(root, relative(join(root, 'dist'), compiled)).replace(/\.js$/, '.ts'));
}

function listTests(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listTests(full));
    else if (entry.endsWith('.test.js') && hasSource(full)) out.push(full);
  }
  return out.sort();
}

function runNodeTest(files: string[], env: NodeJS.ProcessEnv, concurrency: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, ...files], {
      stdio: 'inherit',
      env,
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 130 : 1));
    });
  });
}

async function main(): Promise<number> {
  const [suite, ...filters] = process.argv.slice(2);
  if (suite !== 'unit' && suite !== 'integration') {
    process.stderr.write('usage: node dist/test/run.js unit|integration [filter...]\n');
    return 2;
  }
  const files = listTests(join(here, suite)).filter(
    (f) => filters.length === 0 || filters.some((flt) => relative(here, f).includes(flt)),
  );
  if (files.length === 0) {
    process.stderr.write(`no ${suite} test files match ${filters.join(' ')}\n`);
    return 1;
  }
  if (suite === 'unit') return runNodeTest(files, process.env, 2);

  const { startSharedControlPlane } = await import('./integration/control-plane.js');
  const plane = await startSharedControlPlane();
  // kubectl keeps discovery per host:port under ~/.kube/cache for hours; the control planes of earlier runs used
  // the same loopback ports, so a stale entry could answer for this run's cluster. Every run gets its own cache.
  const kubectlCache = mkdtempSync(join(tmpdir(), 'kro-ts-kubectl-cache-'));
  try {
    const concurrency = Number(process.env.KRO_TEST_CONCURRENCY ?? 4);
    const env = { ...process.env, KRO_TEST_KUBECONFIG: plane.kubeconfigPath, KUBECACHEDIR: kubectlCache };
    return await runNodeTest(files, env, concurrency);
  } finally {
    await plane.stop();
    rmSync(kubectlCache, { recursive: true, force: true });
  }
}

process.exitCode = await main();
