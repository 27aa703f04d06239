// The harness of instance integration tests (test/integration/instance and test/integration/scenarios): an
// in-process controller manager with the real instance controller, scoped to one test file's RGDs, and helpers to
// create RGDs and instances, wait for states and conditions, play the controllers this control plane lacks
// (patch a child's status), and read events and per-instance counters.
//
// Every integration file shares one API server and runs concurrently with the others, so:
//   - give each file its own prefix (`useInstanceController('xyz')` makes one) and name every RGD `${prefix}-...`:
//     the controller started with that prefix manages only those RGDs (and so only their kinds);
//   - use `uniqueKind(...)` for kinds and `createTestNamespace()` for namespaces;
//   - there is no kube-controller-manager: no garbage collector, no Deployment/Pod controllers, namespaces never
//     finish deleting. Patch child status by hand (`patchStatus`) to make readyWhen pass.
//
//   const env = useInstanceController('life', { sharedNamespace: true });
//   test('...', async () => {
//     const { gvr, kind } = await env.createActiveRgd('app', 'App', {...}, [...]); // RGD `${env.prefix}-app`
//     const live = await createActiveInstance(env.kube, gvr, kind, env.namespace, 'one', { value: 'x' });
//   });
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { parse } from 'yaml';
import type { Condition, GroupVersionResource, JsonObject, KubeObject, ResourceGraphDefinition } from '../../../src/api/index.js';
import { Manager, createLogger, silentLogger, type ControllerOptions } from '../../../src/controller/index.js';
import { DynamicInstanceControllers, dynamicInstanceControllers, type InstanceControllerSettings, type InstanceStats } from '../../../src/controller/instance/index.js';
import { isNotFound, type KubeClient } from '../../../src/kube/index.js';
import { createTestNamespace, eventually, kubectlOk, setByBefore, testKubeconfig, uniqueName } from '../support.js';
import { CRD_GVR, TEST_OPTIONS, createRgdAndWaitActive, rgdObject, testClient, uniqueKind, useTestClient, type ClientContext } from '../rgd/harness.js';

export { createRgd, deleteRgd, rgdObject, testClient, uniqueKind, useTestClient, waitActive } from '../rgd/harness.js';
export { createTestNamespace, eventually, kubectl, kubectlOk, namespacedCrd, uniqueName } from '../support.js';

/** Upstream's test settings (setup_test.go): omit() on, CRD deletion allowed; a 1 s requeue interval for speed. */
export const INSTANCE_TEST_OPTIONS: ControllerOptions = {
  ...TEST_OPTIONS,
  instanceRequeueIntervalMs: 1000,
  dynamicControllerConcurrentReconciles: 4,
  featureGates: { ...TEST_OPTIONS.featureGates, celOmitFunction: true },
};

export interface InstanceTestController {
  readonly manager: Manager;
  readonly instances: DynamicInstanceControllers;
  stats(gvr: GroupVersionResource, namespace: string, name: string): InstanceStats | undefined;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly options?: Partial<ControllerOptions>;
  readonly settings?: InstanceControllerSettings;
  /** Another identity's kubeconfig (RBAC tests). @default the admin kubeconfig */
  readonly kubeconfigPath?: string;
}

/**
 * Starts a controller manager (RGD, GraphRevision and instance controllers) managing only RGDs whose name starts
 * with `prefix`. KRO_TEST_LOG=<file> writes its debug logs there.
 */
export async function startInstanceController(prefix: string, start: StartOptions = {}): Promise<InstanceTestController> {
  const logFile = process.env.KRO_TEST_LOG;
  const logger = logFile ? createLogger({ level: 'debug', destination: createWriteStream(logFile, { flags: 'a' }) }).child({ test: prefix }) : silentLogger();
  const manager = await Manager.start({
    options: { ...INSTANCE_TEST_OPTIONS, ...start.options },
    kubeconfig: { path: start.kubeconfigPath ?? testKubeconfig() },
    logger,
    instanceControllers: dynamicInstanceControllers(start.settings),
    scope: (name) => name.startsWith(prefix),
    deletionRequeueDelayMs: 500,
    processMetrics: false,
  });
  const instances = manager.instances;
  if (!(instances instanceof DynamicInstanceControllers)) throw new Error('the manager did not build the dynamic instance controller');
  return {
    manager,
    instances,
    stats: (gvr, namespace, name) => instances.statsFor({ gvr, namespace, name }),
    stop: () => manager.stop(),
  };
}

export interface InstanceTestSetup extends StartOptions {
  /** Also create one namespace, named after the file, for the file's tests to share. */
  readonly sharedNamespace?: boolean;
}

export interface InstanceTestContext {
  /** Every RGD of the file is named `${prefix}-...`: the file's controller manages only those. */
  readonly prefix: string;
  readonly kube: KubeClient;
  readonly controller: InstanceTestController;
  /** The file's shared namespace (with `sharedNamespace` only). */
  readonly namespace: string;
  /**
   * Creates the RGD `${prefix}-${suffix}` (the arguments of `rgdObject`, the kind made unique from `kindPrefix`)
   * and waits until it is Active.
   */
  createActiveRgd(suffix: string, kindPrefix: string, spec: JsonObject, resources?: JsonObject[], schemaExtra?: JsonObject): Promise<ActiveRgd>;
}

export interface ActiveRgd {
  readonly rgd: ResourceGraphDefinition;
  readonly gvr: GroupVersionResource;
  readonly kind: string;
}

/**
 * A test file's instance controller context: a unique prefix at once, and (registered as the file's before/after
 * hooks) an API client, a controller manager scoped to the prefix, stopped after the file, and with
 * `sharedNamespace` a namespace. Call at the top level of the file.
 */
export function useInstanceController(name: string, setup: InstanceTestSetup = {}): InstanceTestContext {
  const prefix = uniqueName(name);
  let kube: KubeClient | undefined;
  let controller: InstanceTestController | undefined;
  let namespace: string | undefined;
  before(async () => {
    kube = await testClient();
    controller = await startInstanceController(prefix, setup);
    if (setup.sharedNamespace) namespace = await createTestNamespace(name);
  });
  after(async () => {
    await controller?.stop();
    await kube?.close();
  });
  const context: InstanceTestContext = {
    prefix,
    get kube() {
      return setByBefore(kube, 'the API client');
    },
    get controller() {
      return setByBefore(controller, 'the controller');
    },
    get namespace() {
      return setByBefore(namespace, 'the shared namespace (of `sharedNamespace: true`)');
    },
    async createActiveRgd(suffix, kindPrefix, spec, resources, schemaExtra) {
      const kind = uniqueKind(kindPrefix);
      const { rgd, gvr } = await createRgdAndWait(context.kube, rgdObject(`${prefix}-${suffix}`, kind, spec, resources, schemaExtra));
      return { rgd, gvr, kind };
    },
  };
  return context;
}

export interface ManualControllerContext extends ClientContext {
  /** Every RGD of the file is named `${prefix}-...`: the file's controllers manage only those. */
  readonly prefix: string;
  /** Starts a controller manager scoped to the prefix; the after hook stops those still running. */
  startController(start?: StartOptions): Promise<InstanceTestController>;
}

/**
 * A test file's context for controllers its tests or hooks start themselves (to restart one, or to run one as
 * another identity): a unique prefix, an API client, and an after hook that stops what was left running. Call at
 * the top level of the file.
 */
export function useManualController(name: string): ManualControllerContext {
  const prefix = uniqueName(name);
  const running = new Set<InstanceTestController>();
  after(async () => {
    await Promise.all([...running].map((controller) => controller.stop()));
  });
  const client = useTestClient();
  return {
    prefix,
    get kube() {
      return client.kube;
    },
    async startController(start) {
      const controller = await startInstanceController(prefix, start);
      const tracked: InstanceTestController = {
        ...controller,
        stop: () => {
          running.delete(tracked);
          return controller.stop();
        },
      };
      running.add(tracked);
      return tracked;
    },
  };
}

/** Waits until the controller's watch of `gvr` instances has listed (a brand-new CRD's storage takes a moment). */
export function waitServed(controller: InstanceTestController, gvr: GroupVersionResource, timeoutMs = 30_000): Promise<true> {
  return eventually(() => (controller.instances.controller.watches.informer(gvr)?.hasSynced() ? true : undefined), {
    message: `instances of ${gvr.resource} watched`,
    timeoutMs,
  });
}

/** The instance GVR of an RGD, read from the CRD it generated. */
export async function instanceGvrOf(kube: KubeClient, rgdName: string): Promise<GroupVersionResource> {
  return eventually(async () => {
    const { items } = await kube.dynamic.list({ gvr: CRD_GVR }, { labelSelector: `kro.run/resource-graph-definition-name=${rgdName}` });
    const crd = items[0] as (KubeObject & { spec: { group: string; names: { plural: string }; versions: { name: string }[] } }) | undefined;
    if (!crd) return undefined;
    return { group: crd.spec.group, version: crd.spec.versions[0]?.name ?? 'v1alpha1', resource: crd.spec.names.plural };
  }, { message: `CRD of ${rgdName}` });
}

/** Creates the RGD, waits until it is Active and Ready, and returns its instance GVR. */
export async function createRgdAndWait(kube: KubeClient, rgd: ResourceGraphDefinition, timeoutMs = 60_000): Promise<{ rgd: ResourceGraphDefinition; gvr: GroupVersionResource }> {
  const active = await createRgdAndWaitActive(kube, rgd, timeoutMs);
  return { rgd: active, gvr: await instanceGvrOf(kube, rgd.metadata.name ?? '') };
}

function apiVersion(gvr: GroupVersionResource): string {
  return gvr.group === '' ? gvr.version : `${gvr.group}/${gvr.version}`;
}

/** Creates an instance of the RGD kind `kind`. `namespace` '' for cluster-scoped kinds. */
export async function createInstance(
  kube: KubeClient,
  gvr: GroupVersionResource,
  kind: string,
  namespace: string,
  name: string,
  spec: Readonly<Record<string, unknown>>,
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
): Promise<KubeObject> {
  return kube.dynamic.create({ apiVersion: apiVersion(gvr), kind, metadata: { name, ...(namespace ? { namespace } : {}), ...metadata }, spec });
}

/** Creates an instance (as `createInstance`) and waits until it is ACTIVE and Ready; returns it as then. */
export async function createActiveInstance(...args: Parameters<typeof createInstance>): Promise<KubeObject> {
  const [kube, gvr, , namespace, name] = args;
  await createInstance(...args);
  return waitInstanceState(kube, gvr, namespace, name, 'ACTIVE');
}

/** GET; undefined when not found. */
export async function getObject(kube: KubeClient, gvr: GroupVersionResource, namespace: string, name: string): Promise<KubeObject | undefined> {
  try {
    return await kube.dynamic.get({ gvr, namespace: namespace || undefined }, name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Waits until `check` holds for the object; returns it. */
export function waitObject(
  kube: KubeClient,
  gvr: GroupVersionResource,
  namespace: string,
  name: string,
  check: (obj: KubeObject) => boolean,
  message: string,
  timeoutMs = 30_000,
): Promise<KubeObject> {
  return eventually(async () => {
    const obj = await getObject(kube, gvr, namespace, name);
    return obj && check(obj) ? obj : undefined;
  }, { message: `${namespace}/${name}: ${message}`, timeoutMs, intervalMs: 100 });
}

export function waitGone(kube: KubeClient, gvr: GroupVersionResource, namespace: string, name: string, timeoutMs = 30_000): Promise<true> {
  return eventually(async () => ((await getObject(kube, gvr, namespace, name)) === undefined ? true : undefined), {
    message: `${namespace}/${name} (${gvr.resource}) gone`,
    timeoutMs,
  });
}

export function statusOf(obj: KubeObject): JsonObject {
  const s = obj.status;
  return typeof s === 'object' && s !== null && !Array.isArray(s) ? (s as JsonObject) : {};
}

export function conditionOf(obj: KubeObject, type: string): Condition | undefined {
  const list = statusOf(obj).conditions;
  return Array.isArray(list) ? (list as unknown as Condition[]).find((c) => c.type === type) : undefined;
}

/** Waits for `status.state` (and, for ACTIVE, Ready=True at the current generation). */
export function waitInstanceState(kube: KubeClient, gvr: GroupVersionResource, namespace: string, name: string, state: string, timeoutMs = 30_000): Promise<KubeObject> {
  return waitObject(
    kube,
    gvr,
    namespace,
    name,
    (o) => {
      if (statusOf(o).state !== state) return false;
      if (state !== 'ACTIVE') return true;
      const ready = conditionOf(o, 'Ready');
      return ready?.status === 'True' && ready.observedGeneration === o.metadata.generation;
    },
    `state ${state}`,
    timeoutMs,
  );
}

/** Plays a missing controller: merge-patches the object's status subresource. */
export function patchStatus(kube: KubeClient, gvr: GroupVersionResource, namespace: string, name: string, status: JsonObject): Promise<KubeObject> {
  return kube.dynamic.patch({ gvr, namespace: namespace || undefined }, name, { status }, { type: 'merge', subresource: 'status' });
}

export async function deleteObject(kube: KubeClient, gvr: GroupVersionResource, namespace: string, name: string): Promise<void> {
  try {
    await kube.dynamic.delete({ gvr, namespace: namespace || undefined }, name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** core/v1 Events about an object (by name and kind). */
export async function eventsFor(kube: KubeClient, namespace: string, kind: string, name: string): Promise<KubeObject[]> {
  const { items } = await kube.dynamic.list({ gvr: { group: '', version: 'v1', resource: 'events' }, namespace: namespace || 'default' }, {
    fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}`,
  });
  return items;
}

export const CONFIGMAPS: GroupVersionResource = { group: '', version: 'v1', resource: 'configmaps' };
export const SECRETS: GroupVersionResource = { group: '', version: 'v1', resource: 'secrets' };

/**
 * A kubeconfig for a new ServiceAccount bound to `rules` (cluster-wide), for tests of missing permissions.
 * Returns its path.
 */
export async function limitedKubeconfig(namespace: string, name: string, rules: readonly JsonObject[]): Promise<string> {
  const manifest = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
  ];
  await kubectlOk(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifest }));
  const token = (await kubectlOk(['create', 'token', name, '-n', namespace, '--duration=2h'])).trim();
  const admin = parse(await readFile(testKubeconfig(), 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  };
  const cluster = admin.clusters[0]!.cluster;
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'test', cluster: { server: cluster.server, 'certificate-authority-data': cluster['certificate-authority-data'] } }],
    users: [{ name, user: { token } }],
    contexts: [{ name, context: { cluster: 'test', user: name } }],
    'current-context': name,
  };
  const path = join(tmpdir(), `kro-test-${name}.kubeconfig`);
  await writeFile(path, JSON.stringify(config), { mode: 0o600 });
  return path;
}
