// `kro dev` as a user runs it (the BUILT binary as a child process with its own control plane): it applies the
// example's RGD and instance, prints the kubeconfig and the export line, streams the live view, serves kubectl, and
// on SIGINT (Ctrl-C) stops the controller and the control plane and removes the data folder, exiting 0.
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { describe, test } from 'node:test';
import { repoRoot } from '../../unit/cli/helpers.js';

interface DevProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout (waiting for it). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

function startDev(args: readonly string[]): DevProcess {
  const child = spawn(process.execPath, [`${repoRoot}bin/kro.js`, 'dev', ...args], { cwd: repoRoot, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const l of listeners) l();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern, timeoutMs = 120_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(out);
          if (!m) return;
          cleanup();
          resolve(m);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern}\n--- stdout\n${out}\n--- stderr\n${err}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then(() => {
          if (!pattern.exec(out)) {
            cleanup();
            reject(new Error(`kro dev exited before printing ${pattern}\n--- stdout\n${out}\n--- stderr\n${err}`));
          }
        });
        check();
      }),
  };
}

function kubectl(kubeconfig: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // A timeout, so one kubectl stuck on a loaded machine cannot use up a test's whole wait.
    execFile('kubectl', ['--kubeconfig', kubeconfig, ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function leftoverProcesses(dataDir: string): string {
  try {
    return execFileSync('pgrep', ['-af', dataDir], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

async function eventually<T>(check: () => Promise<T | undefined>, what: () => string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('kro dev', () => {
  test('applies the webapp example, serves kubectl, streams the live view, and cleans up on Ctrl-C', { timeout: 240_000 }, async () => {
    const dev = startDev(['-f', 'examples/webapp/rgd.yaml', '-f', 'examples/webapp/instance.yaml']);
    let dataDir: string | undefined;
    try {
      const kubeconfig = (await dev.waitFor(/^kubeconfig {6}(\S+)$/m))[1]!;
      dataDir = (await dev.waitFor(/^data folder {5}(\S+) /m))[1]!;
      const pids = await dev.waitFor(/etcd pid (\d+), kube-apiserver pid (\d+)/);
      assert.match(dev.stdout(), new RegExp(`^ {2}export KUBECONFIG=${kubeconfig.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
      assert.match(dev.stdout(), /^controller log {2}\S+\/kro-controller\.log$/m);

      // RGD applied and Active before the instance is applied.
      await dev.waitFor(/^applied WebApp default\/hello$/m);
      const out = dev.stdout();
      assert.ok(out.indexOf('applied ResourceGraphDefinition webapp.kro.run') < out.indexOf('ResourceGraphDefinition webapp.kro.run is Active'), out);
      assert.ok(out.indexOf('ResourceGraphDefinition webapp.kro.run is Active') < out.indexOf('applied WebApp default/hello'), out);

      // The live view shows the RGD Active and the instance waiting for its Deployment (no Deployment controller here).
      await dev.waitFor(/^\d\d:\d\d:\d\d {2}RGD webapp\.kro\.run\s+Active\s+Ready=True$/m);
      await dev.waitFor(/^\d\d:\d\d:\d\d {2}WebApp default\/hello\s+IN_PROGRESS\s+Ready=False NotReady: .*deployment/m);

      // kubectl sees what the user sees: the instance with its printer columns, and its resources.
      let last = { code: 0, stdout: '', stderr: '' };
      const get = await eventually(
        async () => {
          last = await kubectl(kubeconfig, ['get', 'webapps', '-n', 'default']);
          return last.code === 0 && /hello\s+IN_PROGRESS\s+False/.test(last.stdout) ? last : undefined;
        },
        () => `kubectl get webapps (last: exit ${last.code}\n${last.stdout}${last.stderr})\n--- kro dev stdout\n${dev.stdout()}`,
      );
      assert.match(get.stdout, /^NAME\s+STATE\s+READY\s+AGE$/m);
      const children = await kubectl(kubeconfig, ['get', 'configmap,deployment', '-l', 'kro.run/instance-name=hello', '-o', 'name']);
      assert.equal(children.code, 0, children.stderr);
      assert.deepEqual(children.stdout.trim().split('\n').sort(), ['configmap/hello-config', 'deployment.apps/hello']);

      // A change made with kubectl shows up in the live view.
      const deleted = await kubectl(kubeconfig, ['delete', 'webapp', 'hello', '--wait=false']);
      assert.equal(deleted.code, 0, deleted.stderr);
      await dev.waitFor(/^\d\d:\d\d:\d\d {2}WebApp default\/hello\s+deleted$/m);

      dev.child.kill('SIGINT');
      const code = await dev.exited;
      assert.equal(code, 0, `exit code\n--- stdout\n${dev.stdout()}\n--- stderr\n${dev.stderr()}`);
      assert.match(dev.stdout(), /stopping \(Ctrl-C again to stop at once\)/);
      assert.match(dev.stdout(), /controller and control plane stopped; removed /);
      for (const pid of [Number(pids[1]), Number(pids[2])]) assert.equal(alive(pid), false, `pid ${pid} still runs`);
      assert.equal(existsSync(dataDir), false, `${dataDir} still exists`);
      assert.equal(leftoverProcesses(dataDir), '');
      assert.equal(dev.stderr().trim(), '', 'nothing on stderr');
    } finally {
      if (dev.child.exitCode === null) dev.child.kill('SIGKILL');
      await dev.exited;
    }
  });

  test('--no-controller --keep-data: kro-ts\'s CRDs but no controller; Ctrl-C while it waits for the RGD; the data folder stays', { timeout: 240_000 }, async () => {
    const dev = startDev(['--no-controller', '--keep-data', '-f', 'examples/webapp/rgd.yaml']);
    let dataDir: string | undefined;
    try {
      const kubeconfig = (await dev.waitFor(/^kubeconfig {6}(\S+)$/m))[1]!;
      dataDir = (await dev.waitFor(/^data folder {5}(\S+) \(kept on exit\)$/m))[1]!;
      const pids = await dev.waitFor(/etcd pid (\d+), kube-apiserver pid (\d+)/);
      assert.match(dev.stdout(), /^controller {6}not started \(--no-controller\)/m);
      // The RGD can be applied (its CRD is installed) but nothing reconciles it: it has no status.
      await dev.waitFor(/^applied ResourceGraphDefinition webapp\.kro\.run$/m);
      await dev.waitFor(/^\d\d:\d\d:\d\d {2}RGD webapp\.kro\.run\s+-$/m);
      const rgd = await kubectl(kubeconfig, ['get', 'rgd', 'webapp.kro.run', '-o', 'jsonpath={.metadata.name} {.status.state}']);
      assert.equal(rgd.stdout.trim(), 'webapp.kro.run', rgd.stderr);
      const crds = await kubectl(kubeconfig, ['get', 'crd', '-o', 'name']);
      assert.doesNotMatch(crds.stdout, /webapps\.kro\.run/, 'no controller generated the instance CRD');

      // Ctrl-C while kro dev waits for the RGD to become Active: a clean stop, no timeout or error reported.
      dev.child.kill('SIGINT');
      assert.equal(await dev.exited, 0, `${dev.stdout()}\n--- stderr\n${dev.stderr()}`);
      assert.match(dev.stdout(), new RegExp(`^control plane stopped; data kept in ${dataDir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
      assert.doesNotMatch(dev.stdout(), /is not Active/);
      assert.equal(dev.stderr().trim(), '');
      for (const pid of [Number(pids[1]), Number(pids[2])]) assert.equal(alive(pid), false, `pid ${pid} still runs`);
      assert.equal(existsSync(`${dataDir}/kubeconfig`), true);
      assert.equal(leftoverProcesses(dataDir), '');
    } finally {
      if (dev.child.exitCode === null) dev.child.kill('SIGKILL');
      await dev.exited;
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
