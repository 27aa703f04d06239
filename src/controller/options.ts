// The controller's settings, with upstream kro's flag names and defaults (cmd/controller/main.go), so a
// deployment written for upstream keeps working. The CLI maps flags onto this object; nothing below
// reads flags or the environment itself.
import { FeatureGateNames } from '../api/index.js';

export interface FeatureGates {
  /** `omit()` in templates. Upstream default: false (alpha). */
  readonly celOmitFunction: boolean;
  /** Kubernetes Events on instance condition transitions. Upstream: false (alpha); kro-ts: true. */
  readonly instanceConditionEvents: boolean;
  /** The `instance_condition_current_status_seconds` gauge. Upstream default: false. */
  readonly instanceConditionMetrics: boolean;
  /** Kubernetes Events on RGD condition transitions (kro-ts only). */
  readonly rgdConditionEvents: boolean;
}

export const DEFAULT_FEATURE_GATES: FeatureGates = {
  celOmitFunction: false,
  instanceConditionEvents: true,
  instanceConditionMetrics: false,
  rgdConditionEvents: true,
};

const GATE_KEYS: Record<string, keyof FeatureGates> = {
  [FeatureGateNames.celOmitFunction]: 'celOmitFunction',
  [FeatureGateNames.instanceConditionEvents]: 'instanceConditionEvents',
  [FeatureGateNames.instanceConditionMetrics]: 'instanceConditionMetrics',
  RGDConditionEvents: 'rgdConditionEvents',
};

/** Parses `--feature-gates=Name=bool,...` on top of the defaults. Unknown names or values are errors. */
export function parseFeatureGates(text: string, base: FeatureGates = DEFAULT_FEATURE_GATES): FeatureGates {
  const gates: { -readonly [K in keyof FeatureGates]: boolean } = { ...base };
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1).trim().toLowerCase();
    const key = GATE_KEYS[name.trim()];
    if (!key) throw new Error(`unrecognized feature gate: ${name} (known: ${Object.keys(GATE_KEYS).join(', ')})`);
    if (value !== 'true' && value !== 'false') throw new Error(`invalid value of ${name}: "${value}", want true or false`);
    gates[key] = value === 'true';
  }
  return gates;
}

export interface ControllerOptions {
  /** `--metrics-bind-address`; "0" disables. Upstream `:8078`; kro-ts binds 127.0.0.1 outside a cluster. */
  readonly metricsBindAddress: string;
  /** `--health-probe-bind-address`; "0" disables. Upstream `:8079`. */
  readonly healthProbeBindAddress: string;
  readonly leaderElect: boolean;
  /** `--enable-controller-warmup`: start informers before winning the leader election. */
  readonly enableControllerWarmup: boolean;
  readonly leaderElectionNamespace: string;
  readonly leaderElectionLeaseDurationMs: number;
  readonly leaderElectionRenewDeadlineMs: number;
  readonly leaderElectionRetryPeriodMs: number;
  readonly allowCrdDeletion: boolean;
  readonly gracefulShutdownTimeoutMs: number;
  readonly rgdConcurrentReconciles: number;
  readonly graphRevisionConcurrentReconciles: number;
  readonly dynamicControllerConcurrentReconciles: number;
  readonly dynamicControllerRateLimiterMinDelayMs: number;
  readonly dynamicControllerRateLimiterMaxDelayMs: number;
  readonly dynamicControllerRateLimiterRateLimit: number;
  readonly dynamicControllerRateLimiterBurstLimit: number;
  /** `--instance-requeue-interval`; 0 turns every delayed requeue into no requeue. */
  readonly instanceRequeueIntervalMs: number;
  readonly dynamicControllerDefaultResyncPeriodMs: number;
  readonly dynamicControllerDefaultQueueMaxRetries: number;
  readonly clientQps: number;
  readonly clientBurst: number;
  readonly rgdMaxCollectionSize: number;
  readonly rgdMaxCollectionDimensionSize: number;
  readonly rgdMaxGraphRevisions: number;
  readonly rgdProgressRequeueDelayMs: number;
  readonly featureGates: FeatureGates;
  /** Install or upgrade kro-ts's own CRDs at start-up (kro-ts only). */
  readonly installCrds: boolean;
}

export const DEFAULT_CONTROLLER_OPTIONS: ControllerOptions = {
  metricsBindAddress: ':8078',
  healthProbeBindAddress: ':8079',
  leaderElect: false,
  enableControllerWarmup: false,
  leaderElectionNamespace: '',
  leaderElectionLeaseDurationMs: 15_000,
  leaderElectionRenewDeadlineMs: 10_000,
  leaderElectionRetryPeriodMs: 2_000,
  allowCrdDeletion: false,
  gracefulShutdownTimeoutMs: 60_000,
  rgdConcurrentReconciles: 1,
  graphRevisionConcurrentReconciles: 1,
  dynamicControllerConcurrentReconciles: 1,
  dynamicControllerRateLimiterMinDelayMs: 200,
  dynamicControllerRateLimiterMaxDelayMs: 1_000_000,
  dynamicControllerRateLimiterRateLimit: 10,
  dynamicControllerRateLimiterBurstLimit: 100,
  instanceRequeueIntervalMs: 3_000,
  dynamicControllerDefaultResyncPeriodMs: 36_000_000,
  dynamicControllerDefaultQueueMaxRetries: 20,
  clientQps: 100,
  clientBurst: 150,
  rgdMaxCollectionSize: 1000,
  rgdMaxCollectionDimensionSize: 10,
  rgdMaxGraphRevisions: 5,
  rgdProgressRequeueDelayMs: 3_000,
  featureGates: DEFAULT_FEATURE_GATES,
  installCrds: true,
};

/**
 * Turns a Go-style bind address into host and port. `:8078` means every interface upstream; outside a
 * cluster kro-ts binds it to 127.0.0.1 instead (`inCluster` false), so a laptop never exposes it.
 * Returns undefined for "0" (disabled).
 */
export function resolveBindAddress(address: string, inCluster: boolean): { host: string; port: number } | undefined {
  if (address === '0' || address === '') return undefined;
  const colon = address.lastIndexOf(':');
  const host = colon <= 0 ? '' : address.slice(0, colon).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(colon + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid bind address "${address}"`);
  return { host: host !== '' ? host : inCluster ? '0.0.0.0' : '127.0.0.1', port };
}

/** Parses Go durations as used in flags: `3s`, `200ms`, `1000s`, `1h30m`, `1.5s`; a bare number is seconds. */
export function parseGoDuration(text: string): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (const m of trimmed.matchAll(re)) {
    total += Number(m[1]) * (units[m[2] as string] ?? 0);
    consumed += m[0].length;
  }
  if (consumed !== trimmed.length || trimmed === '') throw new Error(`invalid duration "${text}"`);
  return total;
}
