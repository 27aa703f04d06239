// The one HTTP stack every API call goes through: undici keep-alive Agents (one for requests, one for
// long-lived watches, so a hundred watches never starve ordinary calls of connections), built once from the
// Credentials and rebuilt only when the TLS material changes. It adds what the API server expects of a
// well-behaved client: a User-Agent, a client-side QPS/burst limit, retries with jitter for throttling and
// transient failures, one credential refresh on 401, and Status bodies turned into typed KubeErrors.
// Hand-written because @kubernetes/client-node opens a new TLS connection per call (measured: 1000 handshakes
// for 1000 GETs; ../shared/reference/kube-client.md) and offers none of the rest.
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import { Backoff, parseRetryAfter, systemClock, type Clock } from './backoff.js';
import type { AuthMaterial, Credentials, TlsMaterial } from './credentials.js';
import { KubeError, isRetryable, kubeErrorFromStatus } from './errors.js';
import { TokenBucket } from './rate-limiter.js';
import { DEFAULT_USER_AGENT } from './version.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | undefined;

export interface KubeRequest {
  readonly method: HttpMethod;
  /** API path starting with '/', e.g. /apis/apps/v1/namespaces/x/deployments. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** @default application/json when there is a body */
  readonly contentType?: string;
  /** @default application/json */
  readonly accept?: string;
  readonly signal?: AbortSignal;
  /**
   * Whether a failed attempt may be repeated on 5xx or a lost connection. 429 is always retried (the
   * server rejected it before doing anything). @default true for GET, HEAD, PUT and DELETE
   */
  readonly idempotent?: boolean;
}

export interface KubeHttpOptions {
  /** @default kro-ts/<version> (node ...) */
  readonly userAgent?: string;
  /** Client-side requests per second (`--client-qps`); 0 disables the limit. @default 100 */
  readonly qps?: number;
  /** Client-side burst (`--client-burst`). @default 150 */
  readonly burst?: number;
  /** Retries after the first attempt. @default 5 */
  readonly maxRetries?: number;
  /** Longest wait honored from a Retry-After header. @default 30000 */
  readonly maxRetryAfterMs?: number;
  /** Time to the response headers, and between body chunks, of an ordinary request. @default 60000 */
  readonly requestTimeoutMs?: number;
  /**
   * Longest silence on a watch before it counts as dead. kube-apiserver 1.36 was measured sending the first
   * bookmark of a quiet watch after ~120 s, so this is twice that. @default 240000
   */
  readonly watchIdleTimeoutMs?: number;
  /** Connections per origin for ordinary requests. @default 16 */
  readonly connections?: number;
  /** Use this dispatcher for everything instead of building Agents from the credentials (tests: MockAgent). */
  readonly dispatcher?: Dispatcher;
  readonly clock?: Clock;
}

export interface KubeResponse<T> {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: T;
}

/** A streaming response body (a watch); `close()` drops the connection. */
export interface KubeStream {
  readonly body: AsyncIterable<Uint8Array>;
  close(): void;
}

const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set<HttpMethod>(['GET', 'HEAD', 'PUT', 'DELETE']);

export function buildQuery(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function isAbort(err: unknown, signal: AbortSignal | undefined): boolean {
  return Boolean(signal?.aborted) || (err instanceof Error && err.name === 'AbortError');
}

function networkError(err: unknown, method: string, path: string): KubeError {
  const code = (err as { code?: unknown }).code;
  const detail = err instanceof Error ? err.message : String(err);
  return new KubeError({
    code: 0,
    reason: 'NetworkError',
    message: `${method} ${path}: ${typeof code === 'string' ? `${code}: ` : ''}${detail}`,
    method,
    path,
    cause: err,
  });
}

export class KubeHttp {
  readonly credentials: Credentials;
  private readonly origin: string;
  private readonly prefix: string;
  private readonly userAgent: string;
  private readonly limiter: TokenBucket;
  private readonly maxRetries: number;
  private readonly maxRetryAfterMs: number;
  private readonly requestTimeoutMs: number;
  private readonly watchIdleTimeoutMs: number;
  private readonly connections: number;
  private readonly clock: Clock;
  private readonly fixedDispatcher: Dispatcher | undefined;
  private tls: TlsMaterial | undefined;
  private requests: Dispatcher | undefined;
  private watches: Dispatcher | undefined;
  private closed = false;

  constructor(credentials: Credentials, options: KubeHttpOptions = {}) {
    this.credentials = credentials;
    const url = new URL(credentials.server);
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.clock = options.clock ?? systemClock;
    this.limiter = new TokenBucket({ qps: options.qps ?? 100, burst: options.burst ?? 150 }, this.clock);
    this.maxRetries = options.maxRetries ?? 5;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.watchIdleTimeoutMs = options.watchIdleTimeoutMs ?? 240_000;
    this.connections = options.connections ?? 16;
    this.fixedDispatcher = options.dispatcher;
  }

  /** Sends a request and returns its parsed JSON body (undefined for an empty body). */
  async request<T>(req: KubeRequest): Promise<T> {
    return (await this.requestWithHeaders<T>(req)).body;
  }

  async requestWithHeaders<T>(req: KubeRequest): Promise<KubeResponse<T>> {
    const idempotent = req.idempotent ?? IDEMPOTENT.has(req.method);
    const backoff = new Backoff({ initialMs: 200, maxMs: 5_000, resetAfterMs: Number.POSITIVE_INFINITY });
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      let error: KubeError;
      try {
        const res = await this.send(req, 'request');
        const text = await res.body.text();
        if (res.statusCode >= 200 && res.statusCode < 300) {
          return { statusCode: res.statusCode, headers: res.headers, body: (text === '' ? undefined : JSON.parse(text)) as T };
        }
        error = this.errorFor(req, res.statusCode, res.headers, text);
      } catch (err) {
        if (err instanceof KubeError) error = err;
        else if (isAbort(err, req.signal)) throw err;
        else error = networkError(err, req.method, req.path);
      }
      if (error.code === 401 && !refreshed) {
        refreshed = true;
        this.credentials.invalidate();
        continue;
      }
      const retryable = isRetryable(error) && (idempotent || error.code === 429 || refusedConnection(error));
      if (!retryable || attempt >= this.maxRetries) throw error;
      const retryAfterMs = error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : undefined;
      const delay = retryAfterMs !== undefined ? Math.min(retryAfterMs, this.maxRetryAfterMs) : backoff.next(this.clock.now());
      await this.clock.sleep(delay, req.signal);
    }
  }

  /**
   * Opens a streaming GET (a watch) on the watch Agent. Failures to open are thrown as KubeErrors; a 401 is
   * retried once with refreshed credentials; anything else is left to the caller's reconnect loop.
   */
  async stream(req: KubeRequest): Promise<KubeStream> {
    const controller = new AbortController();
    const signal = req.signal ? AbortSignal.any([req.signal, controller.signal]) : controller.signal;
    for (let refreshed = false; ; refreshed = true) {
      let res: Dispatcher.ResponseData;
      try {
        res = await this.send({ ...req, signal }, 'watch');
      } catch (err) {
        if (isAbort(err, signal)) throw err;
        throw networkError(err, req.method, req.path);
      }
      if (res.statusCode >= 200 && res.statusCode < 300) {
        const body = res.body;
        return {
          body: guardBody(body, req, signal),
          close: () => {
            controller.abort();
            body.destroy();
          },
        };
      }
      const error = this.errorFor(req, res.statusCode, res.headers, await res.body.text().catch(() => ''));
      if (error.code !== 401 || refreshed) throw error;
      this.credentials.invalidate();
    }
  }

  /** Closes both Agents; open watches end. */
  async close(): Promise<void> {
    this.closed = true;
    const dispatchers = [this.requests, this.watches].filter((d): d is Dispatcher => d !== undefined);
    this.requests = undefined;
    this.watches = undefined;
    await Promise.all(dispatchers.map((d) => d.destroy().catch(() => undefined)));
  }

  private async send(req: KubeRequest, kind: 'request' | 'watch'): Promise<Dispatcher.ResponseData> {
    if (this.closed) throw new Error('KubeHttp is closed');
    await this.limiter.acquire(req.signal);
    const auth = await this.credentials.auth();
    const dispatcher = this.dispatcherFor(auth, kind);
    const headers: Record<string, string> = {
      ...auth.headers,
      'user-agent': this.userAgent,
      accept: req.accept ?? 'application/json',
    };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] = req.contentType ?? 'application/json';
    }
    return dispatcher.request({
      origin: this.origin,
      path: `${this.prefix}${req.path}${buildQuery(req.query)}`,
      method: req.method,
      headers,
      body,
      signal: req.signal,
    });
  }

  private errorFor(req: KubeRequest, statusCode: number, headers: Record<string, string | string[] | undefined>, text: string): KubeError {
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (a proxy's HTML page, say): keep the text for the message
    }
    const retryAfterMs = parseRetryAfter(headers['retry-after'], this.clock.now());
    return kubeErrorFromStatus(statusCode, parsed, {
      method: req.method,
      path: req.path,
      ...(retryAfterMs !== undefined ? { retryAfterSeconds: retryAfterMs / 1000 } : {}),
    });
  }

  private dispatcherFor(auth: AuthMaterial, kind: 'request' | 'watch'): Dispatcher {
    if (this.fixedDispatcher) return this.fixedDispatcher;
    if (auth.tls !== this.tls || !this.requests || !this.watches) {
      // New TLS material (first call, or an exec plugin rotated the client certificate): new connections.
      const old = [this.requests, this.watches];
      this.tls = auth.tls;
      this.requests = this.buildDispatcher(auth.tls, {
        connections: this.connections,
        headersTimeout: this.requestTimeoutMs,
        bodyTimeout: this.requestTimeoutMs,
      });
      this.watches = this.buildDispatcher(auth.tls, {
        headersTimeout: this.requestTimeoutMs,
        bodyTimeout: this.watchIdleTimeoutMs,
      });
      for (const d of old) void d?.close().catch(() => undefined);
    }
    return kind === 'request' ? this.requests : this.watches;
  }

  private buildDispatcher(tls: TlsMaterial, options: Agent.Options): Dispatcher {
    const connect = {
      ...(tls.ca ? { ca: tls.ca } : {}),
      ...(tls.cert ? { cert: tls.cert } : {}),
      ...(tls.key ? { key: tls.key } : {}),
      ...(tls.servername ? { servername: tls.servername } : {}),
      rejectUnauthorized: tls.rejectUnauthorized,
      keepAlive: true,
      keepAliveInitialDelay: 30_000,
    };
    const common = { ...options, keepAliveTimeout: 30_000 };
    const proxy = this.credentials.proxyUrl;
    if (proxy) return new ProxyAgent({ ...common, uri: proxy, requestTls: connect });
    return new Agent({ ...common, connect });
  }
}

function refusedConnection(err: KubeError): boolean {
  return err.reason === 'NetworkError' && (err.cause as { code?: unknown } | undefined)?.code === 'ECONNREFUSED';
}

/** Turns low-level failures while reading a watch body into KubeErrors, so callers see one error type. */
async function* guardBody(body: AsyncIterable<Uint8Array>, req: KubeRequest, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of body) yield chunk;
  } catch (err) {
    if (isAbort(err, signal)) throw err;
    throw networkError(err, req.method, req.path);
  }
}
