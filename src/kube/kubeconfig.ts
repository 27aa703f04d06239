// Credentials from a kubeconfig, and the choice between kubeconfig and in-cluster config.
// Parsing kubeconfigs and running their auth methods (client certs, tokens, exec plugins, OIDC) is what
// @kubernetes/client-node does well, so it is used for exactly that and nothing else, imported lazily so a
// pod running in-cluster never loads it. Around it we add what it lacks (../shared/reference/kube-client.md
// §1): one load shared by concurrent callers, a TTL, a full reload after a 401 (drops stale exec tokens),
// client-go's first-wins merge of KUBECONFIG lists, and stable TLS identity so connections are reused.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { AuthCache, inClusterCredentials, isInCluster, type AuthMaterial, type Credentials, type TlsMaterial } from './credentials.js';

export interface KubeconfigOptions {
  /** Explicit kubeconfig file (the `--kubeconfig` flag). Otherwise KUBECONFIG, then ~/.kube/config. */
  readonly path?: string;
  /** Context to use instead of the file's current-context. */
  readonly context?: string;
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** How long headers from tokens/exec plugins are reused before applying the kubeconfig again. @default 60000 */
  readonly authTtlMs?: number;
}

/** The kubeconfig files to merge, in client-go's order of precedence, or [] when none is configured. */
export function kubeconfigPaths(options: KubeconfigOptions = {}): string[] {
  if (options.path) return [options.path];
  const env = options.env ?? process.env;
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter((p) => p !== '');
  if (fromEnv.length > 0) return fromEnv.filter((p) => existsSync(p));
  const home = join(env.HOME ?? homedir(), '.kube', 'config');
  return existsSync(home) ? [home] : [];
}

async function loadKubeConfig(paths: readonly string[], context: string | undefined): Promise<KubeConfig> {
  const { KubeConfig: KubeConfigClass } = await import('@kubernetes/client-node');
  const kc = new KubeConfigClass();
  const [first, ...rest] = paths;
  if (first === undefined) throw new Error('no kubeconfig file found');
  kc.loadFromFile(first);
  // client-go merges KUBECONFIG lists with "first file wins" per name; client-node throws on duplicates.
  for (const path of rest) {
    const other = new KubeConfigClass();
    other.loadFromFile(path);
    for (const c of other.getClusters()) if (!kc.getCluster(c.name)) kc.addCluster(c);
    for (const u of other.getUsers()) if (!kc.getUser(u.name)) kc.addUser(u);
    for (const c of other.getContexts()) if (!kc.getContextObject(c.name)) kc.addContext(c);
    if (!kc.getCurrentContext() && other.getCurrentContext()) kc.setCurrentContext(other.getCurrentContext());
  }
  if (context !== undefined) {
    if (!kc.getContextObject(context)) {
      const known = kc.getContexts().map((c) => c.name).join(', ') || 'none';
      throw new Error(`kubeconfig ${paths.join(delimiter)}: context "${context}" not found (contexts: ${known})`);
    }
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentContext()) {
    throw new Error(`kubeconfig ${paths.join(delimiter)}: no current-context; pass a context`);
  }
  if (!kc.getCurrentCluster()?.server) {
    throw new Error(`kubeconfig ${paths.join(delimiter)}: context "${kc.getCurrentContext()}" names no cluster with a server`);
  }
  return kc;
}

function sameBytes(a: string | Buffer | undefined, b: string | Buffer | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return Buffer.from(a).equals(Buffer.from(b));
}

function sameTls(a: TlsMaterial, b: TlsMaterial): boolean {
  return sameBytes(a.ca, b.ca) && sameBytes(a.cert, b.cert) && sameBytes(a.key, b.key)
    && a.servername === b.servername && a.rejectUnauthorized === b.rejectUnauthorized;
}

interface HttpsOptionsOut {
  headers?: Record<string, unknown>;
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  servername?: string;
  rejectUnauthorized?: boolean;
  auth?: string;
}

async function readAuth(kc: KubeConfig): Promise<AuthMaterial> {
  const opts: HttpsOptionsOut = { headers: {} };
  await kc.applyToHTTPSOptions(opts);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(opts.headers ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') headers[name.toLowerCase()] = String(value);
  }
  if (opts.auth) headers.authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  const tls: TlsMaterial = {
    ...(opts.ca ? { ca: opts.ca } : {}),
    ...(opts.cert ? { cert: opts.cert } : {}),
    ...(opts.key ? { key: opts.key } : {}),
    ...(opts.servername ? { servername: opts.servername } : {}),
    rejectUnauthorized: opts.rejectUnauthorized ?? true,
  };
  return { tls, headers };
}

export async function kubeconfigCredentials(options: KubeconfigOptions = {}): Promise<Credentials> {
  const paths = kubeconfigPaths(options);
  if (paths.length === 0) {
    throw new Error('no kubeconfig found: pass --kubeconfig, set KUBECONFIG, or create ~/.kube/config');
  }
  let kc = await loadKubeConfig(paths, options.context);
  let stale = false;
  let lastTls: TlsMaterial | undefined;
  const cache = new AuthCache(async () => {
    if (stale) {
      // A 401 may mean a rotated token file or an expired exec credential that client-node would keep serving.
      kc = await loadKubeConfig(paths, options.context);
      stale = false;
    }
    const material = await readAuth(kc);
    if (lastTls && sameTls(lastTls, material.tls)) return { tls: lastTls, headers: material.headers };
    lastTls = material.tls;
    return material;
  }, options.authTtlMs ?? 60_000);
  await cache.get();
  const cluster = kc.getCurrentCluster();
  const context = kc.getContextObject(kc.getCurrentContext());
  return {
    server: (cluster?.server ?? '').replace(/\/+$/, ''),
    namespace: context?.namespace || 'default',
    source: 'kubeconfig',
    ...(cluster?.proxyUrl ? { proxyUrl: cluster.proxyUrl } : {}),
    auth: () => cache.get(),
    invalidate: () => {
      stale = true;
      cache.invalidate();
    },
  };
}

export interface LoadCredentialsOptions extends KubeconfigOptions {
  /** Force in-cluster config (true) or forbid it (false). By default it is used when no kubeconfig is given. */
  readonly inCluster?: boolean;
  /** Where in-cluster config finds the service account files. @default /var/run/secrets/kubernetes.io/serviceaccount */
  readonly serviceAccountDir?: string;
}

/**
 * Credentials the way controller-runtime finds them: an explicit kubeconfig path, then KUBECONFIG, then the
 * in-cluster service account, then ~/.kube/config.
 */
export async function loadCredentials(options: LoadCredentialsOptions = {}): Promise<Credentials> {
  const env = options.env ?? process.env;
  const inCluster = { env, ...(options.serviceAccountDir ? { serviceAccountDir: options.serviceAccountDir } : {}) };
  if (options.inCluster === true) return inClusterCredentials(inCluster);
  const explicit = Boolean(options.path) || Boolean(env.KUBECONFIG);
  if (!explicit && options.inCluster !== false && isInCluster(env)) return inClusterCredentials(inCluster);
  return kubeconfigCredentials(options);
}
