// Helpers shared by the scenario tests (spec section 5, one file per upstream integration test file): GVRs of the
// built-in kinds the scenarios create, negative assertions over time (`consistently`), the exact label and
// annotation sets kro stamps (J2, J3), the status patches that play the controllers this control plane lacks
// (Deployment, Job, Pod), the ACK CRDs of upstream's test environment, what `kubectl get` shows for an instance,
// template builders, and `useScenario`: the per-file controller, client and namespace.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GroupVersionResource, JsonObject, KubeObject, ResourceGraphDefinition } from '../../../src/api/index.js';
import { KRO_TS_VERSION, type KubeClient } from '../../../src/kube/index.js';
import { applySetId } from '../../../src/runtime/index.js';
import {
  createRgd,
  eventually,
  getObject,
  instanceGvrOf,
  kubectlOk,
  patchStatus,
  statusOf,
  type InstanceTestController,
} from '../instance/harness.js';
import { condition, waitRgd } from '../rgd/harness.js';

export const DEPLOYMENTS: GroupVersionResource = { group: 'apps', version: 'v1', resource: 'deployments' };
export const SERVICES: GroupVersionResource = { group: '', version: 'v1', resource: 'services' };
export const SERVICE_ACCOUNTS: GroupVersionResource = { group: '', version: 'v1', resource: 'serviceaccounts' };
export const PODS: GroupVersionResource = { group: '', version: 'v1', resource: 'pods' };
export const JOBS: GroupVersionResource = { group: 'batch', version: 'v1', resource: 'jobs' };

/**
 * A scenario file's context (`useInstanceController`): its prefix, API client, controller and, with
 * `sharedNamespace`, one namespace for all its tests. Call at the top level of the file.
 */
export { useInstanceController as useScenario } from '../instance/harness.js';

/** A ConfigMap template (namespace optional: kro defaults it to the instance's). */
export function configMapTemplate(name: string, data?: JsonObject, namespace?: string): JsonObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(namespace ? { namespace } : {}) }, ...(data ? { data } : {}) };
}

/** A Deployment template selecting pods by `app: <app>` (one nginx container unless `podSpec` says, one replica unless `replicas` says). */
export function deploymentTemplate(name: string, app: string, podSpec: JsonObject = { containers: [{ name: 'nginx', image: 'nginx' }] }, replicas: number | string = 1): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { replicas, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: podSpec } },
  };
}

/**
 * A Deployment `source` and, behind `includeWhen` (over the source's status), a ConfigMap `gated` and its dependent
 * `child`, all named after `schema.spec.name`.
 */
export function statusGatedResources(includeWhen: string): JsonObject[] {
  return [
    { id: 'source', template: deploymentTemplate('${schema.spec.name}-source', '${schema.spec.name}') },
    { id: 'gated', template: configMapTemplate('${schema.spec.name}-gated', { fromSource: '${source.metadata.name}' }), includeWhen: [includeWhen] },
    { id: 'child', template: configMapTemplate('${schema.spec.name}-child', { fromGated: '${gated.data.fromSource}' }) },
  ];
}

/** upstream's envtest writes `devel`; kro-ts writes its own version, `+` replaced by `-` (behavior 57). */
export const KRO_VERSION_LABEL = KRO_TS_VERSION.replaceAll('+', '-');
export const TOOLING = `kro/${KRO_TS_VERSION}`;

/**
 * Fails as soon as `check` throws during `durationMs` (upstream's Consistently). Only for asserting that something
 * does NOT happen; waiting for something to happen is `eventually`.
 */
export async function consistently(check: () => Promise<void> | void, durationMs: number, intervalMs = 250): Promise<void> {
  const deadline = Date.now() + durationMs;
  for (;;) {
    await check();
    if (Date.now() >= deadline) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Asserts that none of `names` exists (of `gvr` in `namespace`) for `durationMs`. */
export function staysAbsent(kube: KubeClient, gvr: GroupVersionResource, namespace: string, names: readonly string[], durationMs: number, why = 'should not exist'): Promise<void> {
  return consistently(async () => {
    for (const name of names) assert.equal(await getObject(kube, gvr, namespace, name), undefined, `${gvr.resource} ${namespace}/${name} ${why}`);
  }, durationMs);
}

/** Waits until every object exists; returns them in order. */
export function waitAll(kube: KubeClient, gvr: GroupVersionResource, namespace: string, names: readonly string[], timeoutMs = 30_000): Promise<KubeObject[]> {
  return eventually(async () => {
    const objects = await Promise.all(names.map((n) => getObject(kube, gvr, namespace, n)));
    const found = objects.filter((o): o is KubeObject => o !== undefined);
    return found.length === names.length ? found : undefined;
  }, { message: `${gvr.resource} ${names.join(', ')} in ${namespace}`, timeoutMs, intervalMs: 100 });
}

/** The `spec` of an object as a record ({} when missing). */
export function specOf(obj: KubeObject | undefined): Record<string, unknown> {
  const spec = obj?.spec;
  return typeof spec === 'object' && spec !== null && !Array.isArray(spec) ? (spec as Record<string, unknown>) : {};
}

/** Creates a ConfigMap as a user would (no kro labels unless given). */
export function createConfigMap(kube: KubeClient, namespace: string, name: string, data: Record<string, string>, labels: Record<string, string> = {}): Promise<KubeObject> {
  return kube.dynamic.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels }, data });
}

/** A minimal valid Deployment (one nginx container). */
export function deploymentObject(namespace: string, name: string, replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
    },
  };
}

/**
 * Creates the RGD and waits until it is Active; fails at once with the build error when the RGD is rejected
 * (GraphAccepted False), instead of timing out. Returns the instance GVR.
 */
export async function createRgdExpectActive(kube: KubeClient, rgd: ResourceGraphDefinition, timeoutMs = 60_000): Promise<{ rgd: ResourceGraphDefinition; gvr: GroupVersionResource }> {
  const name = rgd.metadata.name ?? '';
  await createRgd(kube, rgd);
  const settled = await waitRgd(
    kube,
    name,
    (r) => (r.status?.state === 'Active' && condition(r, 'Ready')?.status === 'True') || condition(r, 'GraphAccepted')?.status === 'False',
    'Active, or rejected',
    timeoutMs,
  );
  const rejected = condition(settled, 'GraphAccepted');
  if (rejected?.status === 'False') throw new Error(`RGD ${name} was rejected: ${rejected.message ?? ''}`);
  return { rgd: settled, gvr: await instanceGvrOf(kube, name) };
}

/** Waits until the RGD is Inactive with GraphAccepted False and a message containing `error`; returns the message. */
export async function waitRgdRejected(kube: KubeClient, name: string, error: string, timeoutMs = 30_000): Promise<string> {
  const rgd = await waitRgd(
    kube,
    name,
    (r) => r.status?.state === 'Inactive' && condition(r, 'GraphAccepted')?.status === 'False' && (condition(r, 'GraphAccepted')?.message ?? '').includes(error),
    `rejected with "${error}"`,
    timeoutMs,
  );
  return condition(rgd, 'GraphAccepted')?.message ?? '';
}

export function dataOf(obj: KubeObject | undefined): Record<string, string> {
  return (obj?.data ?? {}) as Record<string, string>;
}

/** The instance's conditions as one line, for assertion messages. */
export function conditionsText(obj: KubeObject | undefined): string {
  const conditions = obj ? statusOf(obj).conditions : undefined;
  return JSON.stringify(conditions ?? []);
}

/** Merge-patches the instance spec (arrays are replaced, as with a full update). */
export function patchSpec(kube: KubeClient, gvr: GroupVersionResource, namespace: string, name: string, spec: JsonObject): Promise<KubeObject> {
  return kube.dynamic.patch({ gvr, namespace: namespace || undefined }, name, { spec }, { type: 'merge' });
}

/** Merge-patches metadata (labels, annotations) of any object. */
export function patchMetadata(kube: KubeClient, gvr: GroupVersionResource, namespace: string, name: string, metadata: JsonObject): Promise<KubeObject> {
  return kube.dynamic.patch({ gvr, namespace: namespace || undefined }, name, { metadata }, { type: 'merge' });
}

/** The ApplySet id of an instance (J2), from its identity. */
export function instanceApplySetId(instance: KubeObject, gvr: GroupVersionResource): string {
  return applySetId({ name: instance.metadata.name ?? '', namespace: instance.metadata.namespace ?? '', kind: instance.kind, group: gvr.group });
}

/** The exact label set of a managed child (J3); collections add index and size. */
export function expectedChildLabels(
  instance: KubeObject,
  gvr: GroupVersionResource,
  nodeId: string,
  collection?: { index: number; size: number },
): Record<string, string> {
  return {
    'kro.run/owned': 'true',
    'kro.run/kro-version': KRO_VERSION_LABEL,
    'app.kubernetes.io/managed-by': 'kro',
    'kro.run/instance-id': instance.metadata.uid ?? '',
    'kro.run/instance-name': instance.metadata.name ?? '',
    ...(instance.metadata.namespace ? { 'kro.run/instance-namespace': instance.metadata.namespace } : {}),
    'kro.run/instance-group': gvr.group,
    'kro.run/instance-version': gvr.version,
    'kro.run/instance-kind': instance.kind,
    'kro.run/node-id': nodeId,
    'applyset.kubernetes.io/part-of': instanceApplySetId(instance, gvr),
    ...(collection ? { 'kro.run/collection-index': String(collection.index), 'kro.run/collection-size': String(collection.size) } : {}),
  };
}

/** Plays the Deployment controller: every replica available. */
export function makeDeploymentAvailable(kube: KubeClient, namespace: string, name: string, replicas: number): Promise<KubeObject> {
  return patchStatus(kube, DEPLOYMENTS, namespace, name, {
    replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
    conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }],
  });
}

/** Plays the Job controller: the job completed (the API server requires the matching conditions with completionTime). */
export function completeJob(kube: KubeClient, namespace: string, name: string): Promise<KubeObject> {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return patchStatus(kube, JOBS, namespace, name, {
    startTime: now,
    completionTime: now,
    succeeded: 1,
    conditions: [
      { type: 'SuccessCriteriaMet', status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
      { type: 'Complete', status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
    ],
  });
}

/** Plays the kubelet: the pod runs with an IP. */
export function setPodRunning(kube: KubeClient, namespace: string, name: string, podIP: string): Promise<KubeObject> {
  return patchStatus(kube, PODS, namespace, name, { phase: 'Running', podIP, podIPs: [{ ip: podIP }] });
}

const ACK_CRDS = fileURLToPath(new URL('../../../../../shared/corpus/crds/ack/', import.meta.url));

/**
 * Installs ACK CRDs of the corpus (server-side apply, idempotent: other files may install the same ones) and waits
 * until the API server publishes their schemas, as upstream's test environment has them installed. `plurals` are
 * file names under the controller folder, e.g. `ec2.services.k8s.aws_vpcs`.
 */
export async function installAckCrds(controller: string, plurals: readonly string[]): Promise<void> {
  const files = plurals.map((p) => join(ACK_CRDS, controller, `${p}.yaml`));
  await kubectlOk(['apply', '--server-side', '--force-conflicts', ...files.flatMap((f) => ['-f', f])]);
  const names = plurals.map((p) => {
    const [group, plural] = p.split('_') as [string, string];
    return `${plural}.${group}`;
  });
  await kubectlOk(['wait', '--for=condition=Established', '--timeout=60s', ...names.map((n) => `crd/${n}`)]);
  for (const name of names) await eventually(async () => ((await kubectlOk(['explain', name])).length > 0 ? true : undefined), { message: `OpenAPI of ${name}`, timeoutMs: 60_000, intervalMs: 500 });
}

/** What `kubectl get <resource> <name>` prints for an instance: its printer columns by header. */
export async function kubectlColumns(gvr: GroupVersionResource, namespace: string, name: string): Promise<Record<string, string>> {
  const resource = gvr.group === '' ? gvr.resource : `${gvr.resource}.${gvr.group}`;
  const out = await kubectlOk(['get', resource, name, ...(namespace ? ['-n', namespace] : [])]);
  const [header = '', row = ''] = out.trim().split('\n');
  const headers = header.trim().split(/\s{2,}/);
  const cells = row.trim().split(/\s{2,}/);
  return Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? '']));
}

/** Names printed by `kubectl get <kind> -l <selector> -o name`, without the kind prefix, sorted. */
export async function kubectlNames(kind: string, namespace: string, selector: string): Promise<string[]> {
  const out = await kubectlOk(['get', kind, '-n', namespace, '-l', selector, '-o', 'name']);
  return out.split('\n').filter((l) => l.trim() !== '').map((l) => l.slice(l.indexOf('/') + 1)).sort();
}

/** The sum of `instance_reconcile_errors_total` for one instance GVR, read from the controller manager's registry. */
export async function reconcileErrors(controller: InstanceTestController, gvr: GroupVersionResource): Promise<number> {
  const metric = await controller.manager.metrics.instanceReconcileErrors.get();
  return metric.values.filter((v) => String(v.labels.gvr ?? '').includes(`Resource=${gvr.resource}`)).reduce((sum, v) => sum + v.value, 0);
}
