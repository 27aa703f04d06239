// The README's first command runs in the test suite: the BUILT `kro demo` as a user runs it (a child process with its
// own control plane, reusing the binaries the test run provisioned), to the end. It must exit 0, narrate the steps a
// user is promised (IN_PROGRESS with why, status projected, ACTIVE, Ingress created and pruned, self-healing), show
// kubectl's view of the instance, and leave no etcd, kube-apiserver or data folder behind.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../../unit/cli/helpers.js';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

function runDemo(env: NodeJS.ProcessEnv): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [`${repoRoot}bin/kro.js`, 'demo'], { cwd: repoRoot, env, maxBuffer: 16 * 1024 * 1024, timeout: 240_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

function shown(r: Run): string {
  return `exit ${r.code} after ${r.ms} ms\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The demo's own control plane: its pids and data folder, from what it printed; and that none of it is left. */
function assertCleanedUp(r: Run): void {
  const pids = /etcd pid (\d+), kube-apiserver pid (\d+)/.exec(r.stdout);
  assert.ok(pids, shown(r));
  for (const pid of [Number(pids[1]), Number(pids[2])]) assert.equal(alive(pid), false, `pid ${pid} still runs\n${shown(r)}`);
  const dataDir = /data folder {5}(\S+)/.exec(r.stdout)?.[1];
  assert.ok(dataDir, shown(r));
  assert.equal(existsSync(dataDir), false, `${dataDir} still exists`);
  assert.match(r.stdout, new RegExp(`controller and control plane stopped; removed ${dataDir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  let leftover = '';
  try {
    leftover = execFileSync('pgrep', ['-af', dataDir], { encoding: 'utf8' });
  } catch {
    // pgrep exits 1 when nothing matches
  }
  assert.equal(leftover.trim(), '', `processes on ${dataDir} are left`);
}

describe('kro demo (the README\'s first command)', () => {
  test('runs the whole story against its own control plane and cleans up', { timeout: 300_000 }, async () => {
    const r = await runDemo(process.env);
    assert.equal(r.code, 0, shown(r));
    const steps = [
      /\[1\/6\] Start a local Kubernetes control plane/,
      /export KUBECONFIG=\S+\/kubeconfig/,
      /ResourceGraphDefinition webapp\.kro\.run is Active/,
      /instance default\/hello is IN_PROGRESS; kro-ts says why it is not ready:\n\s+NotReady: .*deployment.*readyWhen/,
      /status projected: status\.availableReplicas = 1, while the instance stays IN_PROGRESS/,
      /instance default\/hello is ACTIVE/,
      /status projected: status\.availableReplicas = 2, status\.url = http:\/\/hello\.default\.svc:80/,
      /Ingress hello created; status\.externalUrl = http:\/\/webapp\.example\.com/,
      /Ingress hello pruned/,
      /ConfigMap hello-config was re-created by kro-ts \(new uid [0-9a-f-]+\), with the same data/,
      /Done: the demo's steps took/,
    ];
    let from = 0;
    for (const step of steps) {
      const m = step.exec(r.stdout.slice(from));
      assert.ok(m, `missing (in order): ${step}\n${shown(r)}`);
      from += m.index + m[0].length;
    }
    // kubectl's view, with the generated CRD's printer columns.
    assert.match(r.stdout, /\$ kubectl get webapp hello\n\s+NAME\s+STATE\s+READY\s+AGE\n\s+hello\s+IN_PROGRESS\s+False/);
    assert.match(r.stdout, /\$ kubectl get webapp hello\n\s+NAME\s+STATE\s+READY\s+AGE\n\s+hello\s+ACTIVE\s+True/);
    assert.match(r.stdout, /deployment\.apps\/hello\s+2\/2/);
    assert.match(r.stdout, /service\/hello\s+ClusterIP/);
    // The live view ran along.
    assert.match(r.stdout, /\d\d:\d\d:\d\d {2}WebApp default\/hello\s+ACTIVE\s+Ready=True/);
    assert.equal(r.stderr.trim(), '', 'nothing on stderr');
    assertCleanedUp(r);
  });

  test('without kubectl on the PATH it shows the same through the API', { timeout: 300_000 }, async () => {
    // The same PATH, less kubectl: every other program of it linked into one folder.
    const bin = mkdtempSync(join(tmpdir(), 'kro-demo-path-'));
    try {
      for (const dir of (process.env.PATH ?? '').split(':').filter((d) => d !== '' && existsSync(d))) {
        for (const name of readdirSync(dir)) {
          if (name !== 'kubectl' && !existsSync(join(bin, name))) symlinkSync(join(dir, name), join(bin, name));
        }
      }
      const r = await runDemo({ ...process.env, PATH: bin });
      assert.equal(r.code, 0, shown(r));
      assert.match(r.stdout, /\$ kubectl get webapp hello {3}\(kubectl is not installed: the same, read through the API\)\n\s+KIND\s+NAME\s+STATE\s+READY\n\s+WebApp\s+hello\s+ACTIVE\s+True/);
      assert.match(r.stdout, /ConfigMap hello-config was re-created by kro-ts/);
      assertCleanedUp(r);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
