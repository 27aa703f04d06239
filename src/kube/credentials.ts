// How kro-ts authenticates to an API server: the `Credentials` every request goes through, plus the
// in-cluster loader (service account token, CA and namespace from the pod's mounted files). In-cluster is
// our own code so production pods never load @kubernetes/client-node (~30 MB heap, ~0.5 s start-up), and
// because the token is rotated by the kubelet and must be re-read periodically and after a 401.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock, type Clock } from './backoff.js';

/** TLS settings of the connection to the API server. */
export interface TlsMaterial {
  readonly ca?: string | Buffer;
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
  /** SNI / certificate name override (kubeconfig `tls-server-name`). */
  readonly servername?: string;
  readonly rejectUnauthorized: boolean;
}

/** What one request needs: TLS settings and the auth headers (bearer, basic, impersonation). */
export interface AuthMaterial {
  readonly tls: TlsMaterial;
  readonly headers: Readonly<Record<string, string>>;
}

export interface Credentials {
  /** Base URL of the API server, without a trailing slash (may carry a path prefix). */
  readonly server: string;
  /** The namespace of the kubeconfig context or of the pod; 'default' when unset. */
  readonly namespace: string;
  readonly source: 'kubeconfig' | 'in-cluster';
  /** An HTTP(S) proxy from the kubeconfig's `proxy-url`, if any. */
  readonly proxyUrl?: string;
  /**
   * The current TLS settings and headers. Cached; concurrent callers share one load. The `tls` object keeps
   * its identity until the material really changes, so the HTTP layer rebuilds its connections only then.
   */
  auth(): Promise<AuthMaterial>;
  /** Drops the cached material (after a 401) so the next `auth()` reloads tokens and exec plugins. */
  invalidate(): void;
}

/** Single-flight + TTL cache around a loader of AuthMaterial. */
export class AuthCache {
  private value: AuthMaterial | undefined;
  private loadedAt = 0;
  private inFlight: Promise<AuthMaterial> | undefined;

  constructor(
    private readonly load: () => Promise<AuthMaterial>,
    private readonly ttlMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  get(): Promise<AuthMaterial> {
    if (this.value && this.clock.now() - this.loadedAt < this.ttlMs) return Promise.resolve(this.value);
    this.inFlight ??= this.load().then(
      (value) => {
        this.value = value;
        this.loadedAt = this.clock.now();
        this.inFlight = undefined;
        return value;
      },
      (err: unknown) => {
        this.inFlight = undefined;
        throw err;
      },
    );
    return this.inFlight;
  }

  invalidate(): void {
    this.value = undefined;
  }
}

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface InClusterOptions {
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where the service account files are mounted. @default /var/run/secrets/kubernetes.io/serviceaccount */
  readonly serviceAccountDir?: string;
  /** How long a read token is trusted before it is read again (the kubelet rotates it). @default 60000 */
  readonly tokenTtlMs?: number;
  readonly clock?: Clock;
}

/** True when the process runs in a pod (the service env vars the kubelet injects are present). */
export function isInCluster(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT);
}

/** `https://host:port`, with an IPv6 host in brackets. */
export function inClusterServer(host: string, port: string): string {
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `https://${bracketed}:${port}`;
}

export async function inClusterCredentials(options: InClusterOptions = {}): Promise<Credentials> {
  const env = options.env ?? process.env;
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    throw new Error('not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set');
  }
  const dir = options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const ca = await readFile(join(dir, 'ca.crt'), 'utf8').catch((err: unknown) => {
    throw new Error(`in-cluster config: cannot read the service account CA ${join(dir, 'ca.crt')}`, { cause: err });
  });
  const namespace = (await readFile(join(dir, 'namespace'), 'utf8').catch(() => 'default')).trim() || 'default';
  const tls: TlsMaterial = { ca, rejectUnauthorized: true };
  const tokenPath = join(dir, 'token');
  const cache = new AuthCache(
    async () => {
      const token = (await readFile(tokenPath, 'utf8')).trim();
      if (token === '') throw new Error(`in-cluster config: the service account token ${tokenPath} is empty`);
      return { tls, headers: { authorization: `Bearer ${token}` } };
    },
    options.tokenTtlMs ?? 60_000,
    options.clock,
  );
  await cache.get();
  return {
    server: inClusterServer(host, port),
    namespace,
    source: 'in-cluster',
    auth: () => cache.get(),
    invalidate: () => cache.invalidate(),
  };
}
