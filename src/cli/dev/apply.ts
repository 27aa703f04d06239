// Applies `kro dev -f` manifests the way `kubectl apply --server-side --field-manager=kro-dev` would, in phases
// (manifests.ts): Namespaces and CRDs (waiting for CRDs to be Established), then RGDs (waiting until each is Active,
// so its kind is served), then everything else. A namespaced object without a namespace goes to `default`. A
// failure is reported and the rest still applied, so one bad file does not take the dev session down.
import { gvkOf, type KubeObject, type ResourceGraphDefinition } from '../../api/index.js';
import { isNoKindMatch, isNotFound, type KubeClient } from '../../kube/index.js';
import { describeError } from '../errors.js';
import { describeManifest, orderForApply, type Manifest } from './manifests.js';
import { RGD_GVR } from './live-view.js';

export const DEV_FIELD_MANAGER = 'kro-dev';

export interface ApplyReporter {
  /** One line per applied object or outcome. */
  info(line: string): void;
  /** One line per failure. */
  error(line: string): void;
}

export interface ApplyOptions {
  readonly kube: KubeClient;
  readonly reporter: ApplyReporter;
  /** How long to wait for an RGD to become Active. @default 60 s */
  readonly rgdTimeoutMs?: number;
  /** How long a kind may take to appear in discovery (a CRD just created). @default 15 s */
  readonly kindTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface ApplyOutcome {
  readonly applied: number;
  readonly failed: number;
  /** RGD name -> 'Active' | 'Inactive' | 'timeout' */
  readonly rgds: ReadonlyMap<string, string>;
}

const CRD_GVR = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function where(m: Manifest): string {
  const l = m.location;
  return l ? ` (${l.file ?? '<input>'}:${l.line}:${l.column})` : '';
}

/** Server-side apply of one object; retries while its kind is not yet in discovery. */
export async function applyObject(kube: KubeClient, object: KubeObject, kindTimeoutMs = 15_000, signal?: AbortSignal): Promise<KubeObject> {
  const deadline = Date.now() + kindTimeoutMs;
  for (;;) {
    try {
      const mapping = await kube.mapper.mappingFor(gvkOf(object));
      const namespaced = mapping.namespaced && !object.metadata.namespace;
      const body = namespaced ? { ...object, metadata: { ...object.metadata, namespace: 'default' } } : object;
      return await kube.dynamic.apply(body, { fieldManager: DEV_FIELD_MANAGER, force: true, ...(signal ? { signal } : {}) });
    } catch (err) {
      // A kind served a moment ago may be missing from discovery, or its REST path not yet installed (404).
      if (!(isNoKindMatch(err) || isNotFound(err)) || Date.now() > deadline || signal?.aborted) throw err;
      kube.mapper.invalidate();
      await sleep(500, signal);
    }
  }
}

function rgdOutcome(rgd: ResourceGraphDefinition): { state: string; message: string } | undefined {
  const status = rgd.status as { state?: string; conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }> } | undefined;
  const ready = status?.conditions?.find((c) => c.type === 'Ready');
  if (status?.state === 'Active' && ready?.status === 'True') return { state: 'Active', message: '' };
  // Inactive with Ready=False for the current generation: the graph was rejected (an error the user must fix).
  const observed = (ready as { observedGeneration?: number } | undefined)?.observedGeneration;
  if (status?.state === 'Inactive' && ready?.status === 'False' && (observed === undefined || observed === rgd.metadata.generation)) {
    return { state: 'Inactive', message: [ready.reason, ready.message].filter(Boolean).join(': ') };
  }
  return undefined;
}

/** Waits until the RGD is Active, or rejected (Inactive, Ready=False), or the time is up. */
export async function waitRgdSettled(kube: KubeClient, name: string, timeoutMs: number, signal?: AbortSignal): Promise<{ state: string; message: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const rgd = await kube.dynamic.get<ResourceGraphDefinition>({ gvr: RGD_GVR }, name, signal ? { signal } : {});
      const outcome = rgdOutcome(rgd);
      if (outcome) return outcome;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (Date.now() > deadline || signal?.aborted) return { state: 'timeout', message: '' };
    await sleep(200, signal);
  }
}

export async function waitCrdEstablished(kube: KubeClient, name: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const crd = await kube.dynamic.get({ gvr: CRD_GVR }, name, signal ? { signal } : {});
    const conditions = ((crd.status as { conditions?: Array<{ type?: string; status?: string }> } | undefined)?.conditions) ?? [];
    if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) return true;
    if (Date.now() > deadline || signal?.aborted) return false;
    await sleep(200, signal);
  }
}

export async function applyManifests(manifests: readonly Manifest[], options: ApplyOptions): Promise<ApplyOutcome> {
  const { kube, reporter, signal } = options;
  const ordered = orderForApply(manifests);
  let applied = 0;
  let failed = 0;
  const rgds = new Map<string, string>();
  const applyOne = async (m: Manifest): Promise<KubeObject | undefined> => {
    try {
      const live = await applyObject(kube, m.object, options.kindTimeoutMs, signal);
      applied++;
      reporter.info(`applied ${describeManifest(live)}`);
      return live;
    } catch (err) {
      failed++;
      const hint = isNoKindMatch(err) ? ' (is its CRD or RGD among the files, and valid?)' : '';
      reporter.error(`cannot apply ${describeManifest(m.object)}${where(m)}: ${describeError(err)}${hint}`);
      return undefined;
    }
  };

  for (const m of ordered.setup) {
    const live = await applyOne(m);
    if (live && live.kind === 'CustomResourceDefinition' && !(await waitCrdEstablished(kube, live.metadata.name ?? '', 30_000, signal))) {
      reporter.error(`CustomResourceDefinition ${live.metadata.name ?? ''} is not Established after 30 s`);
    }
  }
  const appliedRgds: string[] = [];
  for (const m of ordered.rgds) {
    const live = await applyOne(m);
    if (live) appliedRgds.push(live.metadata.name ?? '');
  }
  for (const name of appliedRgds) {
    if (signal?.aborted) break;
    const timeoutMs = options.rgdTimeoutMs ?? 60_000;
    const outcome = await waitRgdSettled(kube, name, timeoutMs, signal);
    if (signal?.aborted) break;
    rgds.set(name, outcome.state);
    if (outcome.state === 'Active') reporter.info(`ResourceGraphDefinition ${name} is Active: its kind is served`);
    else if (outcome.state === 'Inactive') reporter.error(`ResourceGraphDefinition ${name} is Inactive: ${outcome.message}`);
    else reporter.error(`ResourceGraphDefinition ${name} is not Active after ${Math.round(timeoutMs / 1000)} s; applying the other objects anyway`);
  }
  for (const m of ordered.objects) {
    if (signal?.aborted) break;
    await applyOne(m);
  }
  return { applied, failed, rgds };
}
