// Typed errors of the Kubernetes API layer. Every failed call becomes a KubeError whose `reason` is the
// server's metav1.StatusReason (or the one implied by the HTTP code when the body is not a Status), so
// callers branch on `reason`/`code` through the helpers below and never on message text. Hand-written
// because these follow apimachinery's `errors` package and no Node library exposes them for plain JSON.

/** The StatusReasons kro-ts distinguishes, plus `NetworkError` for a request that got no HTTP answer. */
export type KubeErrorReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'ServerTimeout'
  | 'Timeout'
  | 'TooManyRequests'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'NetworkError'
  | 'Unknown';

/** One entry of `Status.details.causes`: which field is wrong and why. */
export interface StatusCause {
  readonly reason?: string;
  readonly message?: string;
  readonly field?: string;
}

export interface StatusDetails {
  readonly name?: string;
  readonly group?: string;
  readonly kind?: string;
  readonly uid?: string;
  readonly causes?: readonly StatusCause[];
  readonly retryAfterSeconds?: number;
}

/** A metav1.Status as the server sends it. */
export interface KubeStatus {
  readonly kind?: string;
  readonly apiVersion?: string;
  readonly status?: string;
  readonly message?: string;
  readonly reason?: string;
  readonly details?: StatusDetails;
  readonly code?: number;
}

export interface KubeErrorInit {
  /** HTTP status code; 0 when no response arrived. */
  readonly code: number;
  readonly reason: KubeErrorReason;
  readonly message: string;
  readonly details?: StatusDetails;
  readonly retryAfterSeconds?: number;
  readonly method?: string;
  readonly path?: string;
  readonly cause?: unknown;
}

export class KubeError extends Error {
  readonly code: number;
  readonly reason: KubeErrorReason;
  readonly details: StatusDetails | undefined;
  /** The server's field causes (for Invalid: one per failing field). Empty when the server gave none. */
  readonly causes: readonly StatusCause[];
  readonly retryAfterSeconds: number | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;

  constructor(init: KubeErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'KubeError';
    this.code = init.code;
    this.reason = init.reason;
    this.details = init.details;
    this.causes = init.details?.causes ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds ?? init.details?.retryAfterSeconds;
    this.method = init.method;
    this.path = init.path;
  }
}

const knownReasons: ReadonlySet<string> = new Set<KubeErrorReason>([
  'BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'AlreadyExists', 'Conflict', 'Gone', 'Expired', 'Invalid',
  'ServerTimeout', 'Timeout', 'TooManyRequests', 'MethodNotAllowed', 'NotAcceptable', 'RequestEntityTooLarge',
  'UnsupportedMediaType', 'InternalError', 'ServiceUnavailable',
]);

/** The reason apimachinery implies for a code when the body carries none (errors.NewGenericServerResponse). */
export function reasonForCode(code: number): KubeErrorReason {
  switch (code) {
    case 400: return 'BadRequest';
    case 401: return 'Unauthorized';
    case 403: return 'Forbidden';
    case 404: return 'NotFound';
    case 405: return 'MethodNotAllowed';
    case 406: return 'NotAcceptable';
    case 409: return 'Conflict';
    case 410: return 'Gone';
    case 413: return 'RequestEntityTooLarge';
    case 415: return 'UnsupportedMediaType';
    case 422: return 'Invalid';
    case 429: return 'TooManyRequests';
    case 500: return 'InternalError';
    case 503: return 'ServiceUnavailable';
    case 504: return 'Timeout';
    default: return 'Unknown';
  }
}

export function isKubeStatus(value: unknown): value is KubeStatus {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status';
}

/** Builds the error for a non-2xx answer (or a watch ERROR event) from its Status body, if any. */
export function kubeErrorFromStatus(
  code: number,
  body: unknown,
  context: { method?: string; path?: string; retryAfterSeconds?: number } = {},
): KubeError {
  const status = isKubeStatus(body) ? body : undefined;
  const effectiveCode = code || status?.code || 0;
  const reason = status?.reason && knownReasons.has(status.reason)
    ? (status.reason as KubeErrorReason)
    : reasonForCode(effectiveCode);
  const fallback = typeof body === 'string' && body.trim() !== '' ? body.trim().slice(0, 500) : `HTTP ${effectiveCode}`;
  const where = context.method && context.path ? `${context.method} ${context.path}: ` : '';
  return new KubeError({
    code: effectiveCode,
    reason,
    message: `${where}${status?.message ?? fallback}`,
    ...(status?.details ? { details: status.details } : {}),
    ...(context.retryAfterSeconds !== undefined ? { retryAfterSeconds: context.retryAfterSeconds } : {}),
    ...(context.method ? { method: context.method } : {}),
    ...(context.path ? { path: context.path } : {}),
  });
}

export function isKubeError(err: unknown): err is KubeError {
  return err instanceof KubeError;
}

function hasReason(err: unknown, reason: KubeErrorReason, code: number): boolean {
  return err instanceof KubeError && (err.reason === reason || (err.reason === 'Unknown' && err.code === code));
}

export const isNotFound = (err: unknown): boolean => hasReason(err, 'NotFound', 404);
export const isAlreadyExists = (err: unknown): boolean => hasReason(err, 'AlreadyExists', 409);
/** A 409 that is not AlreadyExists: an optimistic-concurrency or precondition failure. */
export const isConflict = (err: unknown): boolean =>
  err instanceof KubeError && err.code === 409 && err.reason !== 'AlreadyExists';
export const isForbidden = (err: unknown): boolean => hasReason(err, 'Forbidden', 403);
export const isUnauthorized = (err: unknown): boolean => hasReason(err, 'Unauthorized', 401);
export const isInvalid = (err: unknown): boolean => hasReason(err, 'Invalid', 422);
export const isBadRequest = (err: unknown): boolean => hasReason(err, 'BadRequest', 400);
export const isTooManyRequests = (err: unknown): boolean => hasReason(err, 'TooManyRequests', 429);
export const isNetworkError = (err: unknown): boolean => err instanceof KubeError && err.reason === 'NetworkError';
/** 410 Gone or reason Expired: a resourceVersion or continue token too old to serve; relist. */
export const isGone = (err: unknown): boolean =>
  err instanceof KubeError && (err.code === 410 || err.reason === 'Gone' || err.reason === 'Expired');

/** Errors worth retrying on an idempotent call: throttling, server-side trouble and lost connections. */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof KubeError)) return false;
  if (err.reason === 'NetworkError') return true;
  if (err.code === 429) return true;
  return err.code >= 500 && err.code !== 501;
}

/** Raised by the RESTMapper when discovery knows no resource for a kind (or no kind for a resource). */
export class NoKindMatchError extends Error {
  readonly group: string;
  readonly version: string | undefined;
  readonly kindOrResource: string;
  constructor(group: string, version: string | undefined, kindOrResource: string) {
    const gv = version === undefined ? group || 'core' : group ? `${group}/${version}` : version;
    super(`no resource matches ${kindOrResource} in ${gv}: is the CRD installed and established?`);
    this.name = 'NoKindMatchError';
    this.group = group;
    this.version = version;
    this.kindOrResource = kindOrResource;
  }
}

export function isNoKindMatch(err: unknown): err is NoKindMatchError {
  return err instanceof NoKindMatchError;
}
