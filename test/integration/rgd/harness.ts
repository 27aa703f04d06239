// Helpers of the RGD controller integration tests: an in-process controller scoped to one test file's RGDs (all
// files share one API server and run concurrently), RGD builders with unique names and kinds, and readers for
// RGDs, GraphRevisions and CRDs.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { after, before } from 'node:test';
import type {
  Condition,
  CustomResourceDefinition,
  GraphRevision,
  JsonObject,
  KubeObject,
  ResourceGraphDefinition,
} from '../../../src/api/index.js';
import {
  DEFAULT_CONTROLLER_OPTIONS,
  Manager,
  RecordingInstanceControllers,
  createLogger,
  silentLogger,
  type ControllerOptions,
} from '../../../src/controller/index.js';
import { connectKube, isNotFound, type KubeClient } from '../../../src/kube/index.js';
import { eventually, setByBefore, testKubeconfig, uniqueName } from '../support.js';

export const RGD_GVR = { group: 'kro.run', version: 'v1alpha1', resource: 'resourcegraphdefinitions' };
export const GR_GVR = { group: 'internal.kro.run', version: 'v1alpha1', resource: 'graphrevisions' };
export const CRD_GVR = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };

/** Short test delays so controllers converge in seconds; everything else at upstream's defaults. */
export const TEST_OPTIONS: ControllerOptions = {
  ...DEFAULT_CONTROLLER_OPTIONS,
  metricsBindAddress: '127.0.0.1:0',
  healthProbeBindAddress: '127.0.0.1:0',
  allowCrdDeletion: true,
  rgdProgressRequeueDelayMs: 300,
  gracefulShutdownTimeoutMs: 10_000,
};

export interface TestController {
  readonly manager: Manager;
  readonly instances: RecordingInstanceControllers;
  stop(): Promise<void>;
}

/**
 * Starts a controller that manages only RGDs whose name starts with `prefix`. Set KRO_TEST_LOG=<file> to write
 * its logs (debug level) there.
 */
export async function startController(prefix: string, options: Partial<ControllerOptions> = {}, instances = new RecordingInstanceControllers()): Promise<TestController> {
  const logFile = process.env.KRO_TEST_LOG;
  const logger = logFile ? createLogger({ level: 'debug', destination: createWriteStream(logFile, { flags: 'a' }) }).child({ test: prefix }) : silentLogger();
  const manager = await Manager.start({
    options: { ...TEST_OPTIONS, ...options },
    kubeconfig: { path: testKubeconfig() },
    logger,
    instanceControllers: () => instances,
    scope: (name) => name.startsWith(prefix),
    deletionRequeueDelayMs: 500,
    processMetrics: false,
  });
  return { manager, instances, stop: () => manager.stop() };
}

export function testClient(): Promise<KubeClient> {
  return connectKube({ config: { path: testKubeconfig() } });
}

export interface ClientContext {
  readonly kube: KubeClient;
}

/** The file's API client, connected by a before hook and closed after the file. Call at the top level of the file. */
export function useTestClient(): ClientContext {
  let kube: KubeClient | undefined;
  before(async () => {
    kube = await testClient();
  });
  after(async () => {
    await kube?.close();
  });
  return {
    get kube() {
      return setByBefore(kube, 'the API client');
    },
  };
}

export interface RgdTestContext extends ClientContext {
  /** Every RGD of the file is named `${prefix}-...`: the file's controller manages only those. */
  readonly prefix: string;
  readonly controller: TestController;
}

/**
 * A test file's RGD controller context: a unique prefix at once, and (registered as the file's before/after hooks)
 * an API client and a controller scoped to the prefix, stopped after the file. Call at the top level of the file.
 */
export function useRgdController(name: string, options: Partial<ControllerOptions> = {}): RgdTestContext {
  const prefix = uniqueName(name);
  let kube: KubeClient | undefined;
  let controller: TestController | undefined;
  before(async () => {
    kube = await testClient();
    controller = await startController(prefix, options);
  });
  after(async () => {
    await controller?.stop();
    await kube?.close();
  });
  return {
    prefix,
    get kube() {
      return setByBefore(kube, 'the API client');
    },
    get controller() {
      return setByBefore(controller, 'the controller');
    },
  };
}

/** An UpperCamelCase kind unique to this run. */
export function uniqueKind(prefix: string): string {
  // The trailing K keeps the plural predictable (`<kind>s`): a random tail such as ...EA or ...FE would
  // take one of flect's irregular rules (ea -> ea, fe -> ves).
  return `${prefix}${randomBytes(4).toString('hex').toUpperCase().replace(/^\d/, 'X')}K`;
}

export function rgdObject(name: string, kind: string, spec: JsonObject, resources: JsonObject[] = [], schemaExtra: JsonObject = {}): ResourceGraphDefinition {
  return {
    apiVersion: 'kro.run/v1alpha1',
    kind: 'ResourceGraphDefinition',
    metadata: { name },
    spec: { schema: { apiVersion: 'v1alpha1', kind, spec, ...schemaExtra }, resources: resources as never },
  };
}

/** upstream's configmapRGD: one ConfigMap whose data comes from the instance. */
export function configmapRgd(name: string, kind: string, defaultData = 'hello', labels?: Record<string, string>): ResourceGraphDefinition {
  return rgdObject(name, kind, { data: `string | default=${defaultData}` }, [
    {
      id: 'configmap',
      template: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cm-${schema.metadata.name}', ...(labels ? { labels } : {}) },
        data: { key: '${schema.spec.data}' },
      },
    },
  ]);
}

export async function createRgd(kube: KubeClient, rgd: ResourceGraphDefinition): Promise<ResourceGraphDefinition> {
  return kube.dynamic.create(rgd);
}

export async function getRgd(kube: KubeClient, name: string): Promise<ResourceGraphDefinition> {
  return kube.dynamic.get<ResourceGraphDefinition>({ gvr: RGD_GVR }, name);
}

/** Read-modify-write of an RGD, retried on conflicts. */
export async function updateRgd(kube: KubeClient, name: string, change: (rgd: ResourceGraphDefinition) => void): Promise<ResourceGraphDefinition> {
  return eventually(async () => {
    const rgd = await getRgd(kube, name);
    change(rgd);
    return kube.dynamic.replace(rgd);
  }, { message: `update of ${name}`, timeoutMs: 10_000 });
}

export function condition(rgd: { status?: { conditions?: Condition[] } }, type: string): Condition | undefined {
  return rgd.status?.conditions?.find((c) => c.type === type);
}

/** Waits until `check` holds for the RGD; returns it. */
export function waitRgd(kube: KubeClient, name: string, check: (rgd: ResourceGraphDefinition) => boolean, message: string, timeoutMs = 30_000): Promise<ResourceGraphDefinition> {
  return eventually(async () => {
    const rgd = await getRgd(kube, name);
    return check(rgd) ? rgd : undefined;
  }, { message: `${name}: ${message}`, timeoutMs, intervalMs: 100 });
}

export function waitActive(kube: KubeClient, name: string, timeoutMs = 30_000): Promise<ResourceGraphDefinition> {
  return waitRgd(kube, name, (r) => r.status?.state === 'Active' && condition(r, 'Ready')?.status === 'True', 'Active and Ready', timeoutMs);
}

/** Creates the RGD and waits until it is Active and Ready; returns it as then. */
export async function createRgdAndWaitActive(kube: KubeClient, rgd: ResourceGraphDefinition, timeoutMs = 30_000): Promise<ResourceGraphDefinition> {
  await createRgd(kube, rgd);
  return waitActive(kube, rgd.metadata.name ?? '', timeoutMs);
}

export async function listGraphRevisions(kube: KubeClient, rgdName: string, includeTerminating = false): Promise<GraphRevision[]> {
  const { items } = await kube.dynamic.list<GraphRevision>({ gvr: GR_GVR }, { labelSelector: `kro.run/resource-graph-definition-name=${rgdName}` });
  return items.filter((gr) => includeTerminating || !gr.metadata.deletionTimestamp).sort((a, b) => a.spec.revision - b.spec.revision);
}

export async function getCrd(kube: KubeClient, name: string): Promise<CustomResourceDefinition | undefined> {
  try {
    return (await kube.dynamic.get({ gvr: CRD_GVR }, name)) as unknown as CustomResourceDefinition;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** The `spec` properties of a CRD's only version. */
export function specProperties(crd: CustomResourceDefinition): Record<string, JsonObject> {
  const schema = crd.spec.versions[0]?.schema?.openAPIV3Schema;
  return (schema?.properties?.spec?.properties ?? {}) as unknown as Record<string, JsonObject>;
}

/**
 * Deletes an RGD and what the garbage collector would (the test API server runs no kube-controller-manager):
 * its GraphRevisions. Waits until the RGD is gone.
 */
export async function deleteRgd(kube: KubeClient, name: string): Promise<void> {
  try {
    await kube.dynamic.delete({ gvr: RGD_GVR }, name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  await eventually(async () => {
    try {
      await getRgd(kube, name);
      return undefined;
    } catch (err) {
      return isNotFound(err) ? true : undefined;
    }
  }, { message: `${name} deleted`, timeoutMs: 30_000 });
  await deleteGraphRevisionsOf(kube, name);
}

/** Emulates the garbage collector for an RGD's revisions (strips finalizers no controller will remove). */
export async function deleteGraphRevisionsOf(kube: KubeClient, rgdName: string): Promise<void> {
  for (const gr of await listGraphRevisions(kube, rgdName, true)) {
    const name = gr.metadata.name ?? '';
    await kube.dynamic.delete({ gvr: GR_GVR }, name).catch(() => undefined);
    await kube.dynamic.patch({ gvr: GR_GVR }, name, { metadata: { finalizers: null } }, { type: 'merge' }).catch(() => undefined);
  }
}

export function revisionNumbers(grs: readonly GraphRevision[]): number[] {
  return grs.map((gr) => gr.spec.revision).sort((a, b) => a - b);
}

export type { KubeClient, KubeObject };
