// Leader election on a coordination.k8s.io/v1 Lease, with client-go's algorithm (tools/leaderelection), so
// kro-ts replicas and their timing behave like upstream's `--leader-elect` (lease `controller.kro.run`, 15 s
// lease, 10 s renew deadline, 2 s retry period):
//
//   - A candidate takes the lease when it does not exist, when it names no holder, or when the record has not
//     changed for a whole lease duration *as observed locally* (clocks of different machines are never compared).
//   - The leader renews every retry period; if it cannot renew within the renew deadline it has lost the lease
//     and must stop (the manager exits, as controller-runtime does).
//   - On a clean shutdown the leader releases the lease (empty holder, 1 s duration) so a successor need not
//     wait out the lease.
// Hand-written because it is small and client-node's elector is not in the 1.x line we use.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { isAlreadyExists, isConflict, isNotFound, isRetryable, type KubeClient } from '../kube/index.js';
import type { Logger } from './logger.js';

export const LEADER_ELECTION_ID = 'controller.kro.run';

export interface LeaseRecord {
  readonly holderIdentity?: string;
  readonly leaseDurationSeconds?: number;
  readonly acquireTime?: string;
  readonly renewTime?: string;
  readonly leaseTransitions?: number;
}

export interface StoredLease {
  readonly record: LeaseRecord;
  readonly resourceVersion: string;
}

/** Reads and writes the one Lease; `update` must fail when `resourceVersion` is stale. */
export interface LeaseStore {
  get(): Promise<StoredLease | undefined>;
  create(record: LeaseRecord): Promise<StoredLease>;
  update(record: LeaseRecord, resourceVersion: string): Promise<StoredLease>;
}

export interface ElectionClock {
  now(): number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const realElectionClock: ElectionClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    }),
};

export interface LeaderElectorOptions {
  readonly store: LeaseStore;
  /** @default `<hostname>_<uuid>` */
  readonly identity?: string;
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
  readonly clock?: ElectionClock;
  readonly logger?: Logger;
}

/** metav1.MicroTime: RFC 3339 with exactly six fractional digits, UTC. */
export function formatMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class LeaderElector {
  readonly identity: string;
  private readonly clock: ElectionClock;
  private observed: LeaseRecord | undefined;
  private observedRaw = '';
  private observedAt = 0;
  private leading = false;
  /** Once releasing, no attempt may take or renew the lease again. */
  private releasing = false;
  /** The attempt in flight, which release() lets finish so its write cannot land after the release. */
  private inFlight: Promise<boolean> | undefined;

  constructor(private readonly options: LeaderElectorOptions) {
    if (options.renewDeadlineMs >= options.leaseDurationMs) throw new Error('leader election: the renew deadline must be shorter than the lease duration');
    if (options.retryPeriodMs >= options.renewDeadlineMs) throw new Error('leader election: the retry period must be shorter than the renew deadline');
    this.identity = options.identity ?? `${hostname()}_${randomUUID()}`;
    this.clock = options.clock ?? realElectionClock;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /**
   * One attempt to take or keep the lease (client-go's tryAcquireOrRenew). True when this candidate holds it
   * afterwards. Errors of the store count as a failed attempt.
   */
  async tryAcquireOrRenew(): Promise<boolean> {
    if (this.releasing) return false;
    const attempt = this.attemptOnce();
    this.inFlight = attempt;
    try {
      return await attempt;
    } finally {
      if (this.inFlight === attempt) this.inFlight = undefined;
    }
  }

  private async attemptOnce(): Promise<boolean> {
    const now = this.clock.now();
    const desired = {
      holderIdentity: this.identity,
      leaseDurationSeconds: Math.round(this.options.leaseDurationMs / 1000),
      acquireTime: formatMicroTime(now),
      renewTime: formatMicroTime(now),
    };
    try {
      const current = await this.options.store.get();
      if (!current) {
        const created = await this.options.store.create({ ...desired, leaseTransitions: 0 });
        this.observe(created.record, now);
        return (this.leading = true);
      }
      const raw = JSON.stringify(current.record);
      if (raw !== this.observedRaw) this.observe(current.record, now);
      const holder = current.record.holderIdentity ?? '';
      const heldByOther = holder !== '' && holder !== this.identity;
      const durationMs = (current.record.leaseDurationSeconds ?? 0) * 1000;
      if (heldByOther && this.observedAt + durationMs > now) return (this.leading = false);
      const transitions = current.record.leaseTransitions ?? 0;
      const record: LeaseRecord = holder === this.identity
        ? { ...desired, acquireTime: current.record.acquireTime ?? desired.acquireTime, leaseTransitions: transitions }
        : { ...desired, leaseTransitions: transitions + 1 };
      const updated = await this.options.store.update(record, current.resourceVersion);
      this.observe(updated.record, now);
      return (this.leading = true);
    } catch (err) {
      if (!isAlreadyExists(err)) this.options.logger?.debug({ err }, 'leader election attempt failed');
      return (this.leading = false);
    }
  }

  /** Retries every retry period until the lease is ours (true) or `signal` aborts (false). */
  async acquire(signal: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal.aborted) return false;
      if (await this.tryAcquireOrRenew()) {
        this.options.logger?.info({ identity: this.identity }, 'acquired the leader lease');
        return true;
      }
      await this.clock.sleep(jitter(this.options.retryPeriodMs), signal);
    }
  }

  /**
   * Renews every retry period while `signal` is not aborted. Resolves 'lost' when a renewal did not succeed
   * within the renew deadline, 'stopped' when `signal` aborted.
   */
  async keepRenewing(signal: AbortSignal): Promise<'lost' | 'stopped'> {
    let lastRenew = this.clock.now();
    for (;;) {
      await this.clock.sleep(this.options.retryPeriodMs, signal);
      if (signal.aborted) return 'stopped';
      if (await this.tryAcquireOrRenew()) {
        lastRenew = this.clock.now();
        continue;
      }
      if (this.clock.now() - lastRenew >= this.options.renewDeadlineMs) {
        this.leading = false;
        this.options.logger?.error({ identity: this.identity }, 'lost the leader lease');
        return 'lost';
      }
    }
  }

  /**
   * Gives the lease up so a successor need not wait out its duration. Decided by the Lease itself, not by
   * `isLeader`: a renewal that failed under load (or is still in flight) must not keep a held lease from being
   * released. A conflicting write is retried a few times.
   */
  async release(): Promise<void> {
    this.releasing = true;
    this.leading = false;
    await this.inFlight?.catch(() => false);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const current = await this.options.store.get();
        if (!current || current.record.holderIdentity !== this.identity) return;
        const now = formatMicroTime(this.clock.now());
        await this.options.store.update(
          { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: current.record.leaseTransitions ?? 0 },
          current.resourceVersion,
        );
        return;
      } catch (err) {
        if ((isConflict(err) || isRetryable(err)) && attempt < 2) continue;
        this.options.logger?.warn({ err }, 'could not release the leader lease');
        return;
      }
    }
  }

  private observe(record: LeaseRecord, at: number): void {
    this.observed = record;
    this.observedRaw = JSON.stringify(record);
    this.observedAt = at;
  }

  /** The last lease record seen (for logs and tests). */
  get observedRecord(): LeaseRecord | undefined {
    return this.observed;
  }
}

/** client-go's wait.Jitter(period, 1.2). */
function jitter(ms: number): number {
  return ms + Math.random() * 1.2 * ms;
}

/** The Lease in `namespace`, through the dynamic client. */
export function kubeLeaseStore(kube: KubeClient, namespace: string, name = LEADER_ELECTION_ID): LeaseStore {
  const gvr = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
  const toStored = (obj: { metadata: { resourceVersion?: string }; spec?: unknown }): StoredLease => ({
    record: (obj.spec ?? {}),
    resourceVersion: obj.metadata.resourceVersion ?? '',
  });
  const object = (record: LeaseRecord, resourceVersion?: string) => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace, ...(resourceVersion ? { resourceVersion } : {}) },
    spec: { ...record },
  });
  return {
    get: async () => {
      try {
        return toStored(await kube.dynamic.get({ gvr, namespace }, name));
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    create: async (record) => toStored(await kube.dynamic.create(object(record))),
    update: async (record, resourceVersion) => toStored(await kube.dynamic.replace(object(record, resourceVersion))),
  };
}
