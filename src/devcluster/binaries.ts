// Provisioning of the control plane binaries: kube-apiserver and etcd, built with Go from the Go module
// proxy into a version-keyed cache outside the repository (no package anywhere ships kube-apiserver, and
// envtest's download bucket is not reachable here). Order of preference:
//   1. KRO_TS_CONTROL_PLANE_BIN or KUBEBUILDER_ASSETS: a folder holding `etcd` and `kube-apiserver`;
//   2. the cache (`$KRO_TS_CACHE_DIR`, else `$XDG_CACHE_HOME/kro-ts`, else `~/.cache/kro-ts`);
//   3. a fresh build (minutes; progress is reported while it runs);
//   4. for etcd only, if its build fails: Debian's etcd-server package, unpacked into the cache.
// Recipe and reasoning: ../shared/reference/control-plane.md (consumer module + replace of every staging module).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const KUBE_VERSION = '1.36.3';
export const ETCD_VERSION = '3.6.8';

export interface ControlPlaneBinaries {
  readonly etcd: string;
  readonly kubeApiserver: string;
  /** Where they came from, for the log line. */
  readonly source: string;
}

export interface EnsureBinariesOptions {
  /** Receives one line per progress step. */
  readonly progress?: (line: string) => void;
  /** @default the environment variables and the user cache folder described above */
  readonly cacheDir?: string;
}

export function controlPlaneCacheDir(): string {
  const explicit = process.env.KRO_TS_CACHE_DIR;
  if (explicit) return join(explicit, 'controlplane');
  const base = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(base, 'kro-ts', 'controlplane');
}

export async function ensureControlPlaneBinaries(options: EnsureBinariesOptions = {}): Promise<ControlPlaneBinaries> {
  const progress = options.progress ?? (() => {});
  const assets = process.env.KRO_TS_CONTROL_PLANE_BIN ?? process.env.KUBEBUILDER_ASSETS;
  if (assets) {
    const etcd = join(assets, 'etcd');
    const kubeApiserver = join(assets, 'kube-apiserver');
    for (const bin of [etcd, kubeApiserver]) {
      if (!existsSync(bin)) throw new Error(`${bin} does not exist (from KRO_TS_CONTROL_PLANE_BIN/KUBEBUILDER_ASSETS)`);
    }
    return { etcd, kubeApiserver, source: assets };
  }
  const cache = options.cacheDir ?? controlPlaneCacheDir();
  await mkdir(cache, { recursive: true });
  const etcd = await ensureEtcd(cache, progress);
  const kubeApiserver = await ensureKubeApiserver(cache, progress);
  return { etcd, kubeApiserver, source: cache };
}

// ---------------------------------------------------------------------------------------------------------

async function ensureEtcd(cache: string, progress: (line: string) => void): Promise<string> {
  const dir = join(cache, `etcd-v${ETCD_VERSION}`);
  const bin = join(dir, 'bin', 'etcd');
  if (await reportsVersion(bin, ['--version'], `etcd Version: ${ETCD_VERSION}`)) return bin;
  const debianBin = join(cache, 'etcd-debian', 'usr', 'bin', 'etcd');
  return withLock(join(cache, `etcd-v${ETCD_VERSION}.lock`), progress, async () => {
    if (await reportsVersion(bin, ['--version'], `etcd Version: ${ETCD_VERSION}`)) return bin;
    try {
      await buildEtcd(dir, bin, progress);
      return bin;
    } catch (err) {
      progress(`etcd v${ETCD_VERSION} build failed (${errorText(err)}); falling back to Debian's etcd-server`);
      if (await reportsVersion(debianBin, ['--version'], 'etcd Version:')) return debianBin;
      await unpackDebianEtcd(join(cache, 'etcd-debian'), progress);
      return debianBin;
    }
  });
}

async function buildEtcd(dir: string, bin: string, progress: (line: string) => void): Promise<void> {
  const started = Date.now();
  progress(`building etcd v${ETCD_VERSION} with Go (first run only; about 2 minutes)`);
  await mkdir(join(dir, 'bin'), { recursive: true });
  await writeFile(join(dir, 'go.mod'), 'module kro-ts.local/etcdbin\n\ngo 1.26.0\n');
  await run('go', ['get', `go.etcd.io/etcd/server/v3@v${ETCD_VERSION}`], { cwd: dir, progress, label: 'etcd: download' });
  await goBuild({
    dir,
    out: bin,
    pkg: 'go.etcd.io/etcd/server/v3',
    ldflags: '-s -w',
    progress,
    label: 'etcd',
  });
  progress(`etcd v${ETCD_VERSION} built in ${formatDuration(Date.now() - started)}`);
}

async function unpackDebianEtcd(dir: string, progress: (line: string) => void): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  progress('downloading Debian etcd-server');
  await run('apt-get', ['download', 'etcd-server'], { cwd: dir, progress, label: 'apt-get' });
  const debs = (await run('sh', ['-c', 'ls etcd-server_*.deb'], { cwd: dir, progress, label: 'ls' })).trim().split('\n');
  const deb = debs[0];
  if (!deb) throw new Error('apt-get download etcd-server produced no package');
  await run('dpkg-deb', ['-x', deb, '.'], { cwd: dir, progress, label: 'dpkg-deb' });
}

async function ensureKubeApiserver(cache: string, progress: (line: string) => void): Promise<string> {
  const dir = join(cache, `kube-apiserver-v${KUBE_VERSION}`);
  const bin = join(dir, 'bin', 'kube-apiserver');
  const expected = `Kubernetes v${KUBE_VERSION}`;
  if (await reportsVersion(bin, ['--version'], expected)) return bin;
  return withLock(join(cache, `kube-apiserver-v${KUBE_VERSION}.lock`), progress, async () => {
    if (await reportsVersion(bin, ['--version'], expected)) return bin;
    await buildKubeApiserver(dir, bin, progress);
    return bin;
  });
}

async function buildKubeApiserver(dir: string, bin: string, progress: (line: string) => void): Promise<void> {
  const started = Date.now();
  const [major, minor] = KUBE_VERSION.split('.');
  const stagingVersion = `v0.${KUBE_VERSION.split('.').slice(1).join('.')}`;
  progress(`building kube-apiserver v${KUBE_VERSION} with Go (first run only; about 6 minutes on 2 cores)`);
  await mkdir(join(dir, 'bin'), { recursive: true });
  await writeFile(join(dir, 'go.mod'), 'module kro-ts.local/k8sbins\n\ngo 1.26.0\n\ngodebug default=go1.26\n');
  // k8s.io/kubernetes requires its staging modules at v0.0.0 and maps them to ./staging with replace
  // directives, which do not apply to a consumer. Read the list from its published go.mod and point every
  // staging module at its published tag instead.
  const info = JSON.parse(
    await run('go', ['mod', 'download', '-json', `k8s.io/kubernetes@v${KUBE_VERSION}`], {
      cwd: dir,
      progress,
      label: 'kubernetes: download',
    }),
  ) as { GoMod?: string };
  if (!info.GoMod) throw new Error('go mod download did not report the go.mod of k8s.io/kubernetes');
  const staging = [...(await readFile(info.GoMod, 'utf8')).matchAll(/^\s*(k8s\.io\/\S+)\s+=>\s+\.\/staging\//gm)].map(
    (m) => m[1] as string,
  );
  if (staging.length === 0) throw new Error(`no staging modules found in ${info.GoMod}`);
  await run('go', ['mod', 'edit', ...staging.map((m) => `-replace=${m}=${m}@${stagingVersion}`)], {
    cwd: dir,
    progress,
    label: 'go mod edit',
  });
  progress(`resolving the dependencies of kube-apiserver (${staging.length} staging modules pinned to ${stagingVersion})`);
  await run('go', ['get', `k8s.io/kubernetes/cmd/kube-apiserver@v${KUBE_VERSION}`], {
    cwd: dir,
    progress,
    label: 'kubernetes: download',
  });
  const v = 'k8s.io/component-base/version';
  const c = 'k8s.io/client-go/pkg/version';
  const ldflags = [
    '-s -w',
    ...[v, c].flatMap((p) => [
      `-X ${p}.gitVersion=v${KUBE_VERSION}`,
      `-X ${p}.gitMajor=${major}`,
      `-X ${p}.gitMinor=${minor}`,
    ]),
    `-X ${v}.gitTreeState=clean`,
  ].join(' ');
  await goBuild({ dir, out: bin, pkg: 'k8s.io/kubernetes/cmd/kube-apiserver', ldflags, progress, label: 'kube-apiserver' });
  progress(`kube-apiserver v${KUBE_VERSION} built in ${formatDuration(Date.now() - started)}`);
}

/** `go build -v` with a progress line every 15 s: packages compiled out of the package count. */
async function goBuild(opts: {
  dir: string;
  out: string;
  pkg: string;
  ldflags: string;
  progress: (line: string) => void;
  label: string;
}): Promise<void> {
  const { dir, out, pkg, ldflags, progress, label } = opts;
  const total = (await run('go', ['list', '-deps', pkg], { cwd: dir, progress, label: `${label}: list` }))
    .trim()
    .split('\n').length;
  let compiled = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    progress(`${label}: compiled ${compiled}/${total} packages (${formatDuration(Date.now() - started)})`);
  }, 15_000);
  try {
    const tmp = `${out}.tmp-${process.pid}`;
    await run('go', ['build', '-v', '-trimpath', '-ldflags', ldflags, '-o', tmp, pkg], {
      cwd: dir,
      progress,
      label,
      env: { CGO_ENABLED: '0' },
      onStderrLine: () => {
        compiled++;
      },
    });
    await rename(tmp, out);
  } finally {
    clearInterval(timer);
  }
}

// ---------------------------------------------------------------------------------------------------------

async function reportsVersion(bin: string, args: string[], expected: string): Promise<boolean> {
  if (!existsSync(bin)) return false;
  try {
    const out = await run(bin, args, { cwd: '/', progress: () => {}, label: bin, mergeStderr: true });
    return out.includes(expected);
  } catch {
    return false;
  }
}

/** Serializes builds between processes (tests and `kro dev` may start at the same time). */
async function withLock<T>(lockDir: string, progress: (line: string) => void, body: () => Promise<T>): Promise<T> {
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch {
      const owner = Number(await readFile(join(lockDir, 'pid'), 'utf8').catch(() => '0'));
      if (owner > 0 && !processAlive(owner)) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!told) {
        progress(`waiting for another build (pid ${owner || '?'}) holding ${lockDir}`);
        told = true;
      }
      if (Date.now() - started > 60 * 60_000) throw new Error(`gave up waiting for ${lockDir}`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await body();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

/** Whether a process with this pid exists (signal 0 probes without delivering anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface RunOptions {
  cwd: string;
  progress: (line: string) => void;
  label: string;
  env?: Record<string, string>;
  mergeStderr?: boolean;
  onStderrLine?: (line: string) => void;
}

/** Where Go's official archive installs `go`: shells put it on PATH in ~/.profile or ~/.bashrc, scripts may not. */
export const GO_INSTALL_BIN = '/usr/local/go/bin';

/** PATH with Go's install folder appended (when missing), so a non-interactive `npm run demo` finds `go`. */
export function withGoInstallDir(path: string | undefined): string {
  const dirs = (path ?? '').split(':').filter((d) => d !== '');
  return dirs.includes(GO_INSTALL_BIN) ? dirs.join(':') : [...dirs, GO_INSTALL_BIN].join(':');
}

/** Runs a command, returns its stdout; on failure the error carries the tail of its stderr. */
function run(cmd: string, args: string[], opts: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: { ...process.env, PATH: withGoInstallDir(process.env.PATH), GOFLAGS: '-mod=mod', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderrTail: string[] = [];
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (opts.mergeStderr) stdout += `${line}\n`;
        opts.onStderrLine?.(line);
        stderrTail.push(line);
        if (stderrTail.length > 40) stderrTail = stderrTail.slice(-40);
      }
    });
    child.on('error', (err) => reject(new Error(`${opts.label}: cannot run ${cmd}: ${err.message}`)));
    child.on('close', (code) => {
      if (partial) {
        if (opts.mergeStderr) stdout += partial;
        stderrTail.push(partial);
      }
      if (code === 0) resolve(stdout);
      else reject(new Error(`${opts.label}: ${cmd} ${args.join(' ')} exited with ${code}:\n${stderrTail.join('\n')}`));
    });
  });
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
