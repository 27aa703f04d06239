// The controller's HTTP endpoints: `/healthz` and `/readyz` on the health probe address, `/metrics` on
// the metrics address (one server when both addresses are the same). Readiness is a callback so the
// manager decides what "ready" means (caches synced, CRDs installed).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

export interface ProbeServerOptions {
  readonly health?: { readonly host: string; readonly port: number };
  readonly metrics?: { readonly host: string; readonly port: number };
  readonly registry: Registry;
  readonly isReady: () => boolean;
  readonly isHealthy?: () => boolean;
}

export interface ProbeServers {
  /** Bound addresses, useful when port 0 was asked for. */
  readonly healthAddress?: string;
  readonly metricsAddress?: string;
  close(): Promise<void>;
}

export async function startProbeServers(options: ProbeServerOptions): Promise<ProbeServers> {
  const { health, metrics } = options;
  const same = health && metrics && health.host === metrics.host && health.port === metrics.port && health.port !== 0;
  const servers: Server[] = [];
  let healthAddress: string | undefined;
  let metricsAddress: string | undefined;
  if (health) {
    const srv = await listen(handler(options, { probes: true, metrics: same === true }), health.host, health.port);
    servers.push(srv);
    healthAddress = addressOf(srv);
    if (same) metricsAddress = healthAddress;
  }
  if (metrics && !same) {
    const srv = await listen(handler(options, { probes: false, metrics: true }), metrics.host, metrics.port);
    servers.push(srv);
    metricsAddress = addressOf(srv);
  }
  return {
    healthAddress,
    metricsAddress,
    close: async () => {
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}

function handler(options: ProbeServerOptions, serve: { probes: boolean; metrics: boolean }) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (serve.probes && (path === '/healthz' || path === '/livez')) {
      const ok = options.isHealthy?.() ?? true;
      res.writeHead(ok ? 200 : 500, { 'content-type': 'text/plain' }).end(ok ? 'ok' : 'unhealthy');
    } else if (serve.probes && path === '/readyz') {
      const ok = options.isReady();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ok' : 'not ready');
    } else if (serve.metrics && path === '/metrics') {
      options.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': options.registry.contentType }).end(text),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
    } else {
      res.writeHead(404).end('not found');
    }
  };
}

function listen(h: ReturnType<typeof handler>, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const srv = createServer(h);
    srv.once('error', reject);
    srv.listen(port, host, () => resolve(srv));
  });
}

function addressOf(srv: Server): string {
  const a = srv.address();
  if (a === null || typeof a === 'string') return String(a);
  return a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}
