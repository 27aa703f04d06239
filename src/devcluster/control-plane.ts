// The ControlPlane harness: etcd + kube-apiserver on 127.0.0.1 with free ports and a fresh temp folder,
// started the way controller-runtime's envtest does (flags and certificates as in
// ../shared/reference/control-plane.md §3), plus the flags upstream kro's integration suite adds.
// There is no kube-controller-manager: no namespace finalization, no garbage collection, no pods.
//
// Cleanup is layered so no process outlives its owner: stop() terminates both processes in order; an
// 'exit' hook kills them if the owner forgets; and a watchdog shell kills them if the owner is SIGKILLed.
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import type { ControlPlaneBinaries } from './binaries.js';
import { generateCertificates, type ControlPlaneCertificates } from './certificates.js';

export interface StartControlPlaneOptions {
  readonly binaries: ControlPlaneBinaries;
  readonly progress?: (line: string) => void;
  /** @default 90 s (a cold start on 2 busy cores can take a while) */
  readonly startTimeoutMs?: number;
  /** Extra kube-apiserver flags, e.g. `--feature-gates=...`. */
  readonly extraApiserverArgs?: readonly string[];
  /** Keep the data folder after stop() (for debugging). @default false */
  readonly keepData?: boolean;
}

export interface ControlPlane {
  /** `https://127.0.0.1:<port>` */
  readonly server: string;
  /** Admin kubeconfig (system:masters) written into the data folder. */
  readonly kubeconfigPath: string;
  readonly dataDir: string;
  readonly certificates: ControlPlaneCertificates;
  /** Process ids of etcd and kube-apiserver. */
  readonly pids: readonly number[];
  /** Terminates kube-apiserver, then etcd, and removes the data folder. Safe to call twice. */
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 20_000;

export async function startControlPlane(options: StartControlPlaneOptions): Promise<ControlPlane> {
  const progress = options.progress ?? (() => {});
  const timeoutMs = options.startTimeoutMs ?? 90_000;
  const dataDir = await mkdtemp(join(tmpdir(), 'kro-ts-controlplane-'));
  const processes: ChildProcess[] = [];
  const watchdogs: ChildProcess[] = [];
  const killAll = () => {
    for (const p of processes) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  };
  const onExit = () => {
    killAll();
    for (const dog of watchdogs) dog.kill('SIGKILL');
    if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
  };
  process.on('exit', onExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const p of [...processes].reverse()) await terminate(p);
    // The watchdogs must not outlive their purpose: the pids they hold could be reused later.
    for (const dog of watchdogs) dog.kill('SIGKILL');
    process.off('exit', onExit);
    if (!options.keepData) await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const [etcdPort, etcdPeerPort, apiPort] = await freePorts(3);
    const certificates = await generateCertificates(join(dataDir, 'pki'));
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;

    progress(`starting etcd on ${etcdUrl}`);
    const etcd = launch(options.binaries.etcd, [
      `--data-dir=${join(dataDir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      '--unsafe-no-fsync=true',
      '--logger=zap',
      '--log-level=warn',
    ], join(dataDir, 'etcd.log'));
    processes.push(etcd);
    watchdogs.push(spawnWatchdog(processes, options.keepData ? undefined : dataDir));
    await waitFor(`etcd ${etcdUrl}/health`, timeoutMs, etcd, join(dataDir, 'etcd.log'), async () => {
      const res = await request(`${etcdUrl}/health`);
      const body = await res.body.text();
      return res.statusCode === 200 && body.includes('"health":"true"');
    });

    const server = `https://127.0.0.1:${apiPort}`;
    progress(`starting kube-apiserver on ${server}`);
    const pki = certificates.dir;
    const apiserver = launch(options.binaries.kubeApiserver, [
      `--etcd-servers=${etcdUrl}`,
      `--cert-dir=${pki}`,
      `--tls-cert-file=${join(pki, 'serving.crt')}`,
      `--tls-private-key-file=${join(pki, 'serving.key')}`,
      `--client-ca-file=${join(pki, 'ca.crt')}`,
      `--secure-port=${apiPort}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      '--endpoint-reconciler-type=none',
      '--service-cluster-ip-range=10.0.0.0/24',
      '--allow-privileged=true',
      '--disable-admission-plugins=ServiceAccount',
      '--enable-admission-plugins=ValidatingAdmissionPolicy',
      '--authorization-mode=RBAC',
      `--service-account-issuer=${server}/`,
      `--service-account-key-file=${join(pki, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(pki, 'sa.key')}`,
      '--enable-priority-and-fairness=false',
      '--max-requests-inflight=800',
      '--max-mutating-requests-inflight=400',
      '--v=1',
      ...(options.extraApiserverArgs ?? []),
    ], join(dataDir, 'kube-apiserver.log'));
    processes.push(apiserver);
    watchdogs.push(spawnWatchdog(processes, options.keepData ? undefined : dataDir));

    const ca = await readFile(join(pki, 'ca.crt'));
    const admin = { cert: await readFile(join(pki, 'admin.crt')), key: await readFile(join(pki, 'admin.key')) };
    const agent = new Agent({ connect: { ca, ...admin } });
    try {
      await waitFor(`kube-apiserver ${server}/readyz`, timeoutMs, apiserver, join(dataDir, 'kube-apiserver.log'), async () => {
        const res = await request(`${server}/readyz`, { dispatcher: agent });
        await res.body.dump();
        return res.statusCode === 200;
      });
      await waitFor('namespace default', timeoutMs, apiserver, join(dataDir, 'kube-apiserver.log'), async () => {
        const res = await request(`${server}/api/v1/namespaces/default`, { dispatcher: agent });
        await res.body.dump();
        return res.statusCode === 200;
      });
    } finally {
      await agent.close();
    }

    const kubeconfigPath = join(dataDir, 'kubeconfig');
    await writeFile(kubeconfigPath, kubeconfigYaml(server, ca, admin.cert, admin.key), { mode: 0o600 });
    progress(`control plane ready; kubeconfig ${kubeconfigPath}`);
    const pids = processes.map((p) => p.pid).filter((p): p is number => p !== undefined);
    return { server, kubeconfigPath, dataDir, certificates, pids, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function launch(bin: string, args: string[], logFile: string): ChildProcess {
  const child = spawn('sh', ['-c', `exec "$0" "$@" >>"${logFile}" 2>&1`, bin, ...args], {
    stdio: 'ignore',
  });
  child.on('error', () => {});
  return child;
}

/**
 * A detached shell that SIGKILLs the given processes (and removes the data folder) once this Node process
 * is gone, so even a SIGKILL of the owner, which runs no handlers, leaves no etcd or kube-apiserver behind.
 */
function spawnWatchdog(children: readonly ChildProcess[], dataDir: string | undefined): ChildProcess {
  const pids = children.map((c) => c.pid).filter((p): p is number => p !== undefined);
  const cleanup = dataDir ? `; rm -rf '${dataDir}'` : '';
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -9 ${pids.join(' ')} 2>/dev/null${cleanup}; exit 0`;
  const dog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  dog.on('error', () => {});
  dog.unref();
  return dog;
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

async function waitFor(
  what: string,
  timeoutMs: number,
  proc: ChildProcess,
  logFile: string,
  probe: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`${what}: the process exited (${proc.exitCode ?? proc.signalCode}). Last log lines:\n${await tail(logFile)}`);
    }
    try {
      if (await probe()) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} not ready after ${timeoutMs} ms. Last log lines:\n${await tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function tail(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-20).join('\n');
}

/** Free loopback ports: bind port 0, read the port, close (envtest's addr.Suggest trick). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
        const srv = createServer();
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => resolve(srv));
      }),
    ),
  );
  const ports = servers.map((s) => {
    const addr = s.address();
    if (addr === null || typeof addr === 'string') throw new Error('unexpected server address');
    return addr.port;
  });
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}

function kubeconfigYaml(server: string, ca: Buffer, cert: Buffer, key: Buffer): string {
  const b64 = (b: Buffer) => b.toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: kro-ts-dev',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${b64(ca)}`,
    'users:',
    '- name: admin',
    '  user:',
    `    client-certificate-data: ${b64(cert)}`,
    `    client-key-data: ${b64(key)}`,
    'contexts:',
    '- name: kro-ts-dev',
    '  context:',
    '    cluster: kro-ts-dev',
    '    user: admin',
    '    namespace: default',
    'current-context: kro-ts-dev',
    '',
  ].join('\n');
}
