// The controller side of `npm run bench:convergence` (bench/convergence.ts forks this file once per mode): kro-ts's
// controller manager (RGD, GraphRevision and instance controllers) started in this process, as `kro dev` and the
// integration harness start it, scoped to the benchmark's RGDs and set to one reconcile mode. It runs alone in its
// own process so its heap and RSS are the controller's, not the benchmark driver's, and every HTTP request this
// process sends is the controller's: they are counted on undici's `undici:request:create` diagnostics channel
// (retries included, as they reach the wire). The driver talks to it over the fork IPC channel (CallMessage in,
// ReplyMessage out); when the driver goes away the controller stops and the process exits.
import { subscribe } from 'node:diagnostics_channel';
import type { GroupVersionResource } from '../src/api/index.js';
import { DEFAULT_CONTROLLER_OPTIONS, Manager, silentLogger, type ControllerOptions } from '../src/controller/index.js';
import { DynamicInstanceControllers, dynamicInstanceControllers, type InstanceStats } from '../src/controller/instance/index.js';
import type { ReconcileMode } from '../src/runtime/index.js';

export interface ControllerSetup {
  readonly kubeconfigPath: string;
  readonly mode: ReconcileMode;
  /** The controller manages only RGDs whose name starts with this. */
  readonly prefix: string;
  readonly workers: number;
  readonly requeueIntervalMs: number;
}

export interface MemoryFigures {
  /** After two full garbage collections. */
  readonly heapUsedBytes: number;
  readonly rssBytes: number;
  /** The process's peak RSS so far. */
  readonly maxRssBytes: number;
}

/** HTTP requests this process sent since the last `mark`. */
export interface RequestCounts {
  /** Every request but watches. */
  readonly requests: number;
  readonly byMethod: Readonly<Record<string, number>>;
  /** POSTs of core/v1 or events.k8s.io Events (part of `requests`). */
  readonly events: number;
  /** Watch requests opened (not part of `requests`). */
  readonly watches: number;
}

export interface Snapshot {
  /** Per instance, in the order asked; undefined when the controller never touched it. */
  readonly stats: readonly (InstanceStats | undefined)[];
  readonly requests: RequestCounts;
  readonly memory: MemoryFigures;
}

export type CallMessage =
  | { readonly id: number; readonly method: 'served'; readonly gvr: GroupVersionResource }
  | { readonly id: number; readonly method: 'mark' }
  | { readonly id: number; readonly method: 'snapshot'; readonly gvr: GroupVersionResource; readonly namespace: string; readonly names: readonly string[] }
  | { readonly id: number; readonly method: 'stop' };

export type ReplyMessage =
  | { readonly type: 'ready'; readonly memory: MemoryFigures }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'reply'; readonly id: number; readonly result?: unknown; readonly error?: string };

/** The benchmark's controller settings: upstream's defaults, no probe or metrics ports, deletable CRDs. */
export function benchControllerOptions(setup: ControllerSetup): ControllerOptions {
  return {
    ...DEFAULT_CONTROLLER_OPTIONS,
    metricsBindAddress: '0',
    healthProbeBindAddress: '0',
    allowCrdDeletion: true,
    gracefulShutdownTimeoutMs: 10_000,
    rgdProgressRequeueDelayMs: 500,
    dynamicControllerConcurrentReconciles: setup.workers,
    instanceRequeueIntervalMs: setup.requeueIntervalMs,
  };
}

class RequestCounter {
  private counts = RequestCounter.zero();

  constructor() {
    subscribe('undici:request:create', (message) => {
      const request = (message as { request?: { method?: unknown; path?: unknown } }).request;
      const method = typeof request?.method === 'string' ? request.method : '?';
      const path = typeof request?.path === 'string' ? request.path : '';
      if (/[?&]watch=(true|1)(&|$)/.test(path)) {
        this.counts.watches++;
        return;
      }
      this.counts.requests++;
      this.counts.byMethod[method] = (this.counts.byMethod[method] ?? 0) + 1;
      if (method === 'POST' && /\/events(\?|$)/.test(path)) this.counts.events++;
    });
  }

  mark(): void {
    this.counts = RequestCounter.zero();
  }

  read(): RequestCounts {
    return { ...this.counts, byMethod: { ...this.counts.byMethod } };
  }

  private static zero(): { requests: number; byMethod: Record<string, number>; events: number; watches: number } {
    return { requests: 0, byMethod: {}, events: 0, watches: 0 };
  }
}

function memory(): MemoryFigures {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  // resourceUsage().maxRSS is in kilobytes.
  return { heapUsedBytes: usage.heapUsed, rssBytes: usage.rss, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
}

async function waitServed(instances: DynamicInstanceControllers, gvr: GroupVersionResource, timeoutMs = 60_000): Promise<true> {
  const deadline = Date.now() + timeoutMs;
  while (!instances.controller.watches.informer(gvr)?.hasSynced()) {
    if (Date.now() > deadline) throw new Error(`the controller did not watch ${gvr.resource} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

function send(message: ReplyMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('bench/convergence-controller.js is started by bench/convergence.js (npm run bench:convergence), not directly');
  const setup = JSON.parse(process.argv[2] ?? '{}') as ControllerSetup;
  // Ctrl-C reaches the whole process group: the driver decides when this controller stops.
  process.on('SIGINT', () => {});
  const requests = new RequestCounter();
  const manager = await Manager.start({
    options: benchControllerOptions(setup),
    kubeconfig: { path: setup.kubeconfigPath },
    logger: silentLogger(),
    instanceControllers: dynamicInstanceControllers({ mode: setup.mode }),
    scope: (name) => name.startsWith(setup.prefix),
    processMetrics: false,
  });
  const instances = manager.instances;
  if (!(instances instanceof DynamicInstanceControllers)) throw new Error('the manager did not build the dynamic instance controller');

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= manager.stop());
  process.on('disconnect', () => {
    void stop().finally(() => process.exit(0));
  });

  const handle = async (call: CallMessage): Promise<unknown> => {
    switch (call.method) {
      case 'served':
        return waitServed(instances, call.gvr);
      case 'mark':
        requests.mark();
        return true;
      case 'snapshot': {
        const stats = call.names.map((name) => instances.statsFor({ gvr: call.gvr, namespace: call.namespace, name }));
        const counted = requests.read();
        return { stats, requests: counted, memory: memory() } satisfies Snapshot;
      }
      case 'stop':
        await stop();
        return true;
    }
  };
  process.on('message', (message) => {
    const call = message as CallMessage;
    handle(call).then(
      (result) => send({ type: 'reply', id: call.id, result }),
      (err: unknown) => send({ type: 'reply', id: call.id, error: err instanceof Error ? err.message : String(err) }),
    );
  });
  send({ type: 'ready', memory: memory() });
}

main().catch((err: unknown) => {
  const message: ReplyMessage = { type: 'failed', message: err instanceof Error ? err.message : String(err) };
  if (process.send) process.send(message, undefined, {}, () => process.exit(1));
  else {
    process.stderr.write(`${message.message}\n`);
    process.exit(1);
  }
});
