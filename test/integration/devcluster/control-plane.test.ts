// The harness itself: a second control plane next to the shared one, started in a child process, must
// serve kubectl and must leave no process or data behind when its owner is interrupted or killed.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { eventually, kubectlOk } from '../support.js';

interface Held {
  readonly child: ChildProcess;
  readonly pids: number[];
  readonly dataDir: string;
  readonly kubeconfig: string;
}

async function hold(): Promise<Held> {
  const script = fileURLToPath(new URL('./hold-control-plane.js', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    child.on('exit', (code) => reject(new Error(`fixture exited early with ${code}`)));
  });
  return { child, ...(JSON.parse(line) as Omit<Held, 'child'>) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('the shared control plane answers kubectl get namespaces', async () => {
  const out = await kubectlOk(['get', 'namespaces', '-o', 'name']);
  assert.match(out, /namespace\/default/);
  assert.match(out, /namespace\/kube-system/);
});

test('SIGINT to the owner stops etcd and kube-apiserver and removes the data folder', async () => {
  const held = await hold();
  assert.equal(held.pids.length, 2);
  assert.ok(held.pids.every(alive), 'both processes run');
  held.child.kill('SIGINT');
  await eventually(() => (held.pids.some(alive) ? undefined : true), { timeoutMs: 30_000, message: 'processes gone' });
  await eventually(() => (existsSync(held.dataDir) ? undefined : true), { timeoutMs: 10_000, message: 'data folder removed' });
});

test('SIGKILL of the owner still leaves no process behind (watchdog)', async () => {
  const held = await hold();
  assert.ok(held.pids.every(alive), 'both processes run');
  held.child.kill('SIGKILL');
  await eventually(() => (held.pids.some(alive) ? undefined : true), { timeoutMs: 15_000, message: 'processes gone' });
});
