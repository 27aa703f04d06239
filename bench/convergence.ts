// `npm run bench:convergence`: how fast, and at what cost, kro-ts's controller brings instances to ACTIVE against a
// real kube-apiserver, in kro-ts's `converge` mode and in `upstream` mode (one dependency layer per reconcile, then
// a requeue, exactly as upstream kro converges; src/runtime/driver/reconcile.ts).
//
// What it measures, per mode: the wall time from creating N instances until all are ACTIVE (total, and the median,
// p95 and max of each instance's own time from its create call to ACTIVE with Ready=True at its generation),
// reconciles and API calls per instance (the instance controller's own per-instance counters, as the integration
// tests count them: test/integration/instance/convergence.test.ts), every HTTP request the controller process sent
// per instance (counted on the wire, watches apart), the time to delete all N instances, and the controller's heap
// (after GC) and RSS after convergence.
//
// Method: one local control plane (etcd + kube-apiserver from src/devcluster, built once and cached; no
// kube-controller-manager) serves both modes, one after the other. Each mode gets a fresh controller process
// (bench/convergence-controller.ts: the Manager started in-process there, as `kro dev` does, scoped to the
// benchmark's RGD), so memory figures are the controller's alone and each mode starts from the same state. The
// RGD is a 3-layer ConfigMap chain with status projection (a -> b -> c, `status.last = c.data.v`). Once it is
// Active, the controller watches its kind and a dry-run create has taken kube-apiserver's one-time ~2 s warm-up of
// a new kind, N instances are created at once and their states are followed with a watch; per-instance counters
// are read after a settle period (requeue interval + 2 s, so trailing no-op reconciles are counted too, as the
// test does). Then the instances and the RGD are deleted with the controller still running, and it is stopped. Controller settings are upstream kro's defaults (1 instance worker, 3 s
// requeue interval, client QPS 100 / burst 150) unless changed with the flags below.
//
// Run: `npm run bench:convergence` (builds first), or after a build
// `node dist/bench/convergence.js --instances 100 --workers 4`; `--help` lists the flags. Progress goes to stderr,
// the result tables (Markdown) to stdout. Ctrl-C stops the controller and the control plane and removes its data.
import { fork, type ChildProcess } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { GroupVersionResource, KubeObject, ResourceGraphDefinition } from '../src/api/index.js';
import { parseGoDuration } from '../src/controller/index.js';
import type { InstanceStats } from '../src/controller/instance/index.js';
import { ensureControlPlaneBinaries, startControlPlane, type ControlPlane } from '../src/devcluster/index.js';
import { connectKube, isNotFound, type InformerHandle, type KubeClient } from '../src/kube/index.js';
import type { ReconcileMode } from '../src/runtime/index.js';
import type { CallMessage, ControllerSetup, MemoryFigures, ReplyMessage, Snapshot } from './convergence-controller.js';

const HELP = `Usage: npm run bench:convergence -- [options]
       node dist/bench/convergence.js [options]

Starts a local control plane (etcd + kube-apiserver, built and cached on first use), then for each mode runs
kro-ts's controller, applies a 3-layer ConfigMap chain RGD, creates N instances at once and measures the time
until all are ACTIVE, reconciles and API requests per instance, and the controller's heap and RSS.

Options:
  --instances <n>          instances per mode (default 50)
  --modes <list>           modes to run, in order: converge, upstream (default converge,upstream)
  --workers <n>            instance reconcile workers, --dynamic-controller-concurrent-reconciles (default 1)
  --requeue-interval <d>   --instance-requeue-interval, a Go duration (default 3s)
  --timeout <d>            longest wait for all instances to be ACTIVE, per mode (default 10m)
  -h, --help               show this help`;

const MODES: readonly ReconcileMode[] = ['converge', 'upstream'];
const RGD_GVR: GroupVersionResource = { group: 'kro.run', version: 'v1alpha1', resource: 'resourcegraphdefinitions' };
const CRD_GVR: GroupVersionResource = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };
const NAMESPACES: GroupVersionResource = { group: '', version: 'v1', resource: 'namespaces' };

interface Settings {
  readonly instances: number;
  readonly modes: readonly ReconcileMode[];
  readonly workers: number;
  readonly requeueIntervalMs: number;
  readonly timeoutMs: number;
}

class UsageError extends Error {}
class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

function positiveInteger(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} wants a whole number of at least 1, got "${text}"`);
  return n;
}

function duration(name: string, text: string): number {
  try {
    return parseGoDuration(text);
  } catch {
    throw new UsageError(`--${name} wants a duration such as 3s or 500ms, got "${text}"`);
  }
}

function parseSettings(argv: readonly string[]): Settings | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        instances: { type: 'string', default: '50' },
        modes: { type: 'string', default: MODES.join(',') },
        workers: { type: 'string', default: '1' },
        'requeue-interval': { type: 'string', default: '3s' },
        timeout: { type: 'string', default: '10m' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const modes = v.modes.split(',').map((m) => m.trim()).filter((m) => m !== '');
  for (const m of modes) if (!MODES.includes(m as ReconcileMode)) throw new UsageError(`--modes: unknown mode "${m}" (known: ${MODES.join(', ')})`);
  if (modes.length === 0) throw new UsageError('--modes: name at least one mode');
  if (new Set(modes).size !== modes.length) throw new UsageError('--modes: name each mode once');
  return {
    instances: positiveInteger('instances', v.instances),
    modes: modes as ReconcileMode[],
    workers: positiveInteger('workers', v.workers),
    requeueIntervalMs: duration('requeue-interval', v['requeue-interval']),
    timeoutMs: duration('timeout', v.timeout),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Progress, waiting, statistics

const benchStart = performance.now();

function progress(line: string): void {
  process.stderr.write(`[${((performance.now() - benchStart) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Interrupted());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Interrupted());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Polls `check` until it returns a value; throws after `timeoutMs`. */
async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs: number, signal: AbortSignal): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
    await sleep(100, signal);
  }
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

// ---------------------------------------------------------------------------------------------------------
// The controller process

class ControllerProcess {
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private exited = false;
  private readonly exit: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    this.exit = new Promise((resolve) => {
      child.once('exit', () => {
        this.exited = true;
        for (const p of this.pending.values()) p.reject(new Error('the controller process exited'));
        this.pending.clear();
        resolve();
      });
    });
    child.on('message', (message) => {
      const reply = message as ReplyMessage;
      if (reply.type !== 'reply') return;
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.error !== undefined) p.reject(new Error(reply.error));
      else p.resolve(reply.result);
    });
  }

  /** Forks bench/convergence-controller.js and resolves once its controller runs, with its idle memory. */
  static start(setup: ControllerSetup, signal: AbortSignal): Promise<{ controller: ControllerProcess; idle: MemoryFigures }> {
    const child = fork(fileURLToPath(new URL('./convergence-controller.js', import.meta.url)), [JSON.stringify(setup)], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const controller = new ControllerProcess(child);
    return new Promise((resolve, reject) => {
      const fail = (err: Error) => {
        signal.removeEventListener('abort', onAbort);
        void controller.stop().finally(() => reject(err));
      };
      const onAbort = () => fail(new Interrupted());
      signal.addEventListener('abort', onAbort, { once: true });
      child.on('message', (message) => {
        const m = message as ReplyMessage;
        if (m.type === 'ready') {
          signal.removeEventListener('abort', onAbort);
          resolve({ controller, idle: m.memory });
        } else if (m.type === 'failed') fail(new Error(`the controller did not start: ${m.message}`));
      });
      child.once('exit', (code, sig) => fail(new Error(`the controller process exited (${sig ?? `code ${code}`})`)));
    });
  }

  call<T>(call: CallMessage extends infer M ? (M extends CallMessage ? Omit<M, 'id'> : never) : never): Promise<T> {
    if (this.exited || !this.child.connected) return Promise.reject(new Error('the controller process is gone'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ ...call, id });
    });
  }

  /** Stops the controller gracefully (15 s), then the process; kills it if it lingers. Idempotent. */
  async stop(): Promise<void> {
    if (this.exited) return;
    if (this.child.connected) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.call({ method: 'stop' }).catch(() => undefined), new Promise((r) => (timer = setTimeout(r, 15_000)))]);
      clearTimeout(timer);
      if (this.child.connected) this.child.disconnect();
    }
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await this.exit;
    clearTimeout(killer);
  }
}

// ---------------------------------------------------------------------------------------------------------
// One mode

interface ModeResult {
  readonly mode: ReconcileMode;
  readonly instances: number;
  readonly active: number;
  readonly wrongStatus: number;
  readonly rgdActiveMs: number;
  readonly totalMs: number;
  /** Sorted per-instance times from create call to ACTIVE. */
  readonly perInstanceMs: readonly number[];
  readonly stats: readonly InstanceStats[];
  readonly snapshot: Snapshot;
  readonly idle: MemoryFigures;
  readonly deleteMs: number | undefined;
}

/** A 3-layer ConfigMap chain with status projection (test/integration/instance/convergence.test.ts). */
function chainRgd(name: string, kind: string): ResourceGraphDefinition {
  const cm = (id: string, value: string) => ({
    id,
    template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `\${schema.metadata.name}-${id}` }, data: { v: value } },
  });
  return {
    apiVersion: 'kro.run/v1alpha1',
    kind: 'ResourceGraphDefinition',
    metadata: { name },
    spec: {
      schema: { apiVersion: 'v1alpha1', kind, spec: { value: 'string' }, status: { last: '${c.data.v}', first: '${a.data.v}' } },
      resources: [cm('a', '${schema.spec.value}'), cm('b', "${a.data.v + '-b'}"), cm('c', "${b.data.v + '-c'}")],
    },
  };
}

function statusOf(obj: KubeObject): Record<string, unknown> {
  const s = obj.status;
  return typeof s === 'object' && s !== null && !Array.isArray(s) ? (s as Record<string, unknown>) : {};
}

/** ACTIVE with Ready=True at the current generation (the integration harness's waitInstanceState). */
function isActive(obj: KubeObject): boolean {
  const status = statusOf(obj);
  if (status.state !== 'ACTIVE') return false;
  const conditions = Array.isArray(status.conditions) ? (status.conditions as { type?: string; status?: string; observedGeneration?: number }[]) : [];
  const ready = conditions.find((c) => c.type === 'Ready');
  return ready?.status === 'True' && ready.observedGeneration === obj.metadata.generation;
}

async function instanceGvr(kube: KubeClient, rgdName: string, signal: AbortSignal): Promise<GroupVersionResource> {
  return until(async () => {
    const { items } = await kube.dynamic.list({ gvr: CRD_GVR }, { labelSelector: `kro.run/resource-graph-definition-name=${rgdName}` });
    const crd = items[0] as (KubeObject & { spec: { group: string; names: { plural: string }; versions: { name: string }[] } }) | undefined;
    return crd ? { group: crd.spec.group, version: crd.spec.versions[0]?.name ?? 'v1alpha1', resource: crd.spec.names.plural } : undefined;
  }, `the CRD of ${rgdName}`, 60_000, signal);
}

async function deleteIgnoringMissing(kube: KubeClient, gvr: GroupVersionResource, namespace: string | undefined, name: string): Promise<void> {
  try {
    await kube.dynamic.delete({ gvr, namespace }, name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

async function runMode(kube: KubeClient, plane: ControlPlane, mode: ReconcileMode, settings: Settings, signal: AbortSignal): Promise<ModeResult> {
  const say = (line: string) => progress(`[${mode}] ${line}`);
  const prefix = `bench-${mode}`;
  const namespace = `bench-${mode}`;
  const rgdName = `${prefix}-chain`;
  const kind = `${mode === 'converge' ? 'Converge' : 'Upstream'}Chain`;
  const n = settings.instances;
  const names = Array.from({ length: n }, (_, i) => `chain-${String(i).padStart(4, '0')}`);

  say(`starting a controller process (mode ${mode}, ${settings.workers} worker${settings.workers === 1 ? '' : 's'}, requeue interval ${settings.requeueIntervalMs} ms)`);
  const { controller, idle } = await ControllerProcess.start(
    { kubeconfigPath: plane.kubeconfigPath, mode, prefix, workers: settings.workers, requeueIntervalMs: settings.requeueIntervalMs },
    signal,
  );
  let informer: InformerHandle | undefined;
  try {
    await kube.dynamic.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    let t = performance.now();
    await kube.dynamic.create(chainRgd(rgdName, kind));
    await until(async () => {
      const rgd = await kube.dynamic.get<ResourceGraphDefinition>({ gvr: RGD_GVR }, rgdName);
      const ready = rgd.status?.conditions?.find((c) => c.type === 'Ready');
      return rgd.status?.state === 'Active' && ready?.status === 'True' ? true : undefined;
    }, `RGD ${rgdName} Active`, 120_000, signal);
    const gvr = await instanceGvr(kube, rgdName, signal);
    await controller.call({ method: 'served', gvr });
    // The driver's REST mapping of the new kind, resolved now so it is not part of the first create's time.
    await until(() => kube.mapper.mappingFor({ group: gvr.group, version: gvr.version, kind }), `the REST mapping of ${kind}`, 60_000, signal);
    const rgdActiveMs = performance.now() - t;
    say(`RGD ${rgdName} Active and ${gvr.resource} watched after ${(rgdActiveMs / 1000).toFixed(1)} s`);

    const createdAt = new Map<string, number>();
    const activeAt = new Map<string, number>();
    const seen = new Map<string, KubeObject>();
    informer = kube.informers.acquire({ gvr, namespace });
    const observe = (obj: KubeObject) => {
      const name = obj.metadata.name ?? '';
      seen.set(name, obj);
      if (!activeAt.has(name) && createdAt.has(name) && isActive(obj)) activeAt.set(name, performance.now());
    };
    informer.addHandlers({ onAdd: observe, onUpdate: (_old, obj) => observe(obj), onDelete: (obj) => seen.delete(obj.metadata.name ?? '') });
    if (!(await informer.informer.waitForSync(signal))) throw new Interrupted();

    // kube-apiserver's first write of a brand-new kind takes about 2 s (measured; dry runs included), whoever sends
    // it: one dry-run create takes that out of the first instances' times.
    const apiVersion = `${gvr.group}/${gvr.version}`;
    await kube.dynamic.create({ apiVersion, kind, metadata: { name: 'warm-up', namespace }, spec: { value: 'w' } }, { dryRun: true });
    await controller.call({ method: 'mark' });
    say(`creating ${n} instances at once`);
    t = performance.now();
    await Promise.all(
      names.map((name, i) => {
        createdAt.set(name, performance.now());
        return kube.dynamic.create({ apiVersion, kind, metadata: { name, namespace }, spec: { value: `v${i}` } });
      }),
    );
    say(`${n} instances created in ${((performance.now() - t) / 1000).toFixed(1)} s; waiting for ACTIVE`);
    const deadline = t + settings.timeoutMs;
    let lastReport = performance.now();
    while (activeAt.size < n) {
      if (performance.now() > deadline) {
        say(`timed out: ${activeAt.size}/${n} ACTIVE after ${settings.timeoutMs / 1000} s`);
        break;
      }
      await sleep(50, signal);
      if (performance.now() - lastReport >= 2000) {
        lastReport = performance.now();
        say(`${activeAt.size}/${n} ACTIVE after ${((lastReport - t) / 1000).toFixed(1)} s`);
      }
    }
    const totalMs = Math.max(0, ...activeAt.values()) - t;
    const perInstanceMs = [...activeAt].map(([name, at]) => at - createdAt.get(name)!).sort((a, b) => a - b);
    const wrongStatus = names.filter((name, i) => activeAt.has(name) && statusOf(seen.get(name)!).last !== `v${i}-b-c`).length;
    say(`${activeAt.size}/${n} ACTIVE after ${(totalMs / 1000).toFixed(2)} s${wrongStatus > 0 ? `; ${wrongStatus} with a wrong status.last` : ''}`);

    const settleMs = settings.requeueIntervalMs + 2000;
    say(`settling ${(settleMs / 1000).toFixed(1)} s so trailing reconciles are counted, then reading the controller's counters`);
    await sleep(settleMs, signal);
    const snapshot = await controller.call<Snapshot>({ method: 'snapshot', gvr, namespace, names });
    const stats = snapshot.stats.filter((s): s is InstanceStats => s !== undefined);

    say(`deleting the ${n} instances`);
    t = performance.now();
    await Promise.all(names.map((name) => deleteIgnoringMissing(kube, gvr, namespace, name)));
    let deleteMs: number | undefined;
    try {
      await until(() => Promise.resolve(seen.size === 0 ? true : undefined), `the ${n} instances deleted`, 300_000, signal);
      deleteMs = performance.now() - t;
      say(`all instances gone after ${(deleteMs / 1000).toFixed(2)} s; deleting the RGD`);
      await deleteIgnoringMissing(kube, RGD_GVR, undefined, rgdName);
      await until(async () => {
        try {
          await kube.dynamic.get({ gvr: RGD_GVR }, rgdName);
          return undefined;
        } catch (err) {
          if (isNotFound(err)) return true;
          throw err;
        }
      }, `RGD ${rgdName} deleted`, 60_000, signal);
    } catch (err) {
      if (err instanceof Interrupted) throw err;
      say(`warning: cleanup incomplete (${err instanceof Error ? err.message : String(err)}); the next mode uses its own names`);
    }
    return { mode, instances: n, active: activeAt.size, wrongStatus, rgdActiveMs, totalMs, perInstanceMs, stats, snapshot, idle, deleteMs };
  } finally {
    await informer?.release();
    say('stopping the controller');
    await controller.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Report

const seconds = (ms: number | undefined): string => (ms === undefined || Number.isNaN(ms) ? 'n/a' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`);
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const num = (x: number, digits = 1): string => (Number.isNaN(x) ? 'n/a' : x.toFixed(digits));

interface Row {
  readonly label: string;
  readonly cells: readonly string[];
  /** The figure the ratio column divides; omitted: no ratio. */
  readonly values?: readonly number[];
}

function rows(results: readonly ModeResult[]): Row[] {
  const per = (r: ModeResult, f: (s: InstanceStats) => number) => mean(r.stats.map(f));
  const range = (r: ModeResult, f: (s: InstanceStats) => number) => {
    const xs = r.stats.map(f);
    return xs.length === 0 ? '' : ` (${Math.min(...xs)}–${Math.max(...xs)})`;
  };
  const requestsPer = (r: ModeResult) => r.snapshot.requests.requests / r.instances;
  const verbs = (r: ModeResult) =>
    (['get', 'list', 'apply', 'patch', 'update', 'delete'] as const)
      .map((v) => [v, per(r, (s) => s.calls[v])] as const)
      .filter(([, x]) => x > 0)
      .map(([v, x]) => `${v} ${num(x)}`)
      .join(', ');
  const row = (label: string, cell: (r: ModeResult) => string, value?: (r: ModeResult) => number): Row => ({
    label,
    cells: results.map(cell),
    ...(value ? { values: results.map(value) } : {}),
  });
  return [
    row('instances ACTIVE', (r) => `${r.active}/${r.instances}${r.wrongStatus ? ` (${r.wrongStatus} wrong status)` : ''}`),
    row('all ACTIVE after (first create to last ACTIVE)', (r) => seconds(r.totalMs), (r) => r.totalMs),
    row('per instance to ACTIVE: median', (r) => seconds(quantile(r.perInstanceMs, 0.5)), (r) => quantile(r.perInstanceMs, 0.5)),
    row('per instance to ACTIVE: p95', (r) => seconds(quantile(r.perInstanceMs, 0.95)), (r) => quantile(r.perInstanceMs, 0.95)),
    row('per instance to ACTIVE: max', (r) => seconds(quantile(r.perInstanceMs, 1)), (r) => quantile(r.perInstanceMs, 1)),
    row('throughput', (r) => `${num(r.active / (r.totalMs / 1000))} instances/s`),
    row('reconciles per instance: mean (min–max)', (r) => `${num(per(r, (s) => s.reconciles))}${range(r, (s) => s.reconciles)}`, (r) => per(r, (s) => s.reconciles)),
    row('instance API calls per instance (controller counters)', (r) => num(per(r, (s) => s.apiCalls)), (r) => per(r, (s) => s.apiCalls)),
    row('  of which', verbs),
    row('controller HTTP requests per instance (wire, no watches)', (r) => num(requestsPer(r)), requestsPer),
    row('  of which Event POSTs', (r) => num(r.snapshot.requests.events / r.instances)),
    row('watches opened while converging', (r) => String(r.snapshot.requests.watches)),
    row('delete all instances (children included)', (r) => seconds(r.deleteMs), (r) => r.deleteMs ?? NaN),
    row('controller heap after convergence (after GC)', (r) => mb(r.snapshot.memory.heapUsedBytes), (r) => r.snapshot.memory.heapUsedBytes),
    row('controller RSS after convergence', (r) => mb(r.snapshot.memory.rssBytes), (r) => r.snapshot.memory.rssBytes),
    row('controller peak RSS', (r) => mb(r.snapshot.memory.maxRssBytes), (r) => r.snapshot.memory.maxRssBytes),
    row('  idle controller before the RGD: heap / RSS', (r) => `${mb(r.idle.heapUsedBytes)} / ${mb(r.idle.rssBytes)}`),
  ];
}

function table(results: readonly ModeResult[]): string {
  const converge = results.findIndex((r) => r.mode === 'converge');
  const upstream = results.findIndex((r) => r.mode === 'upstream');
  const withRatio = converge >= 0 && upstream >= 0;
  const header = ['', ...results.map((r) => r.mode), ...(withRatio ? ['upstream ÷ converge'] : [])];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const r of rows(results)) {
    const ratio = withRatio && r.values ? r.values[upstream]! / r.values[converge]! : undefined;
    const ratioCell = withRatio ? [ratio === undefined || !Number.isFinite(ratio) ? '' : `${ratio.toFixed(2)}×`] : [];
    lines.push(`| ${[r.label, ...r.cells, ...ratioCell].join(' | ')} |`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  let settings: Settings | 'help';
  try {
    settings = parseSettings(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`error: ${err.message}\n\n${HELP}\n`);
    return 2;
  }
  if (settings === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }

  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) {
      process.stderr.write('second interrupt: exiting now (the control plane is killed on exit)\n');
      process.exit(130);
    }
    process.stderr.write('interrupted: stopping the controller and the control plane (Ctrl-C again to exit at once)\n');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let plane: ControlPlane | undefined;
  let kube: KubeClient | undefined;
  const results: ModeResult[] = [];
  try {
    const binaries = await ensureControlPlaneBinaries({ progress });
    if (abort.signal.aborted) throw new Interrupted();
    const t = performance.now();
    plane = await startControlPlane({ binaries, progress });
    progress(`control plane up at ${plane.server} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    if (abort.signal.aborted) throw new Interrupted();
    // The driver's own client is not throttled, so creating N instances at once is not paced by it.
    kube = await connectKube({ config: { path: plane.kubeconfigPath }, qps: 0 });
    await kube.dynamic.get({ gvr: NAMESPACES }, 'default');
    for (const mode of settings.modes) results.push(await runMode(kube, plane, mode, settings, abort.signal));
  } catch (err) {
    // After Ctrl-C, whatever failed (the terminal's SIGINT also reaches etcd and kube-apiserver) failed because of it.
    if (err instanceof Interrupted || abort.signal.aborted) {
      process.stderr.write('stopped by interrupt; no figures\n');
      return 130;
    }
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await kube?.close().catch(() => undefined);
    if (plane) {
      progress('stopping the control plane');
      await plane.stop();
      progress('control plane stopped');
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`# kro-ts convergence benchmark, ${new Date().toISOString().slice(0, 10)}`);
  out();
  out(`${settings.instances} instances per mode of a 3-layer ConfigMap chain (a -> b -> c, status projection), created at once;`);
  out(`${settings.workers} instance worker${settings.workers === 1 ? '' : 's'}, requeue interval ${settings.requeueIntervalMs} ms, client QPS 100 / burst 150;`);
  out(`local kube-apiserver + etcd (no kube-controller-manager); Node ${process.version}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB.`);
  out();
  out(table(results));
  return results.every((r) => r.active === r.instances && r.wrongStatus === 0) ? 0 : 1;
}

process.exitCode = await main();
