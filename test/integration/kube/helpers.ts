// Shared helpers of the src/kube integration tests: a KubeClient on the test control plane and a small
// namespaced CRD (with a status subresource) in a group unique to the calling test file.
import type { KubeObject } from '../../../src/api/index.js';
import { connectKube, type ConnectOptions, type KubeClient } from '../../../src/kube/index.js';
import { eventually, namespacedCrd, testKubeconfig, uniqueName } from '../support.js';

export const CRD_GVR = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' } as const;

export function connectTestClient(options: Omit<ConnectOptions, 'config'> = {}): Promise<KubeClient> {
  return connectKube({ ...options, config: { path: testKubeconfig() } });
}

export interface TestCrd {
  readonly group: string;
  readonly version: 'v1';
  readonly kind: 'Widget';
  readonly plural: 'widgets';
  readonly name: string;
  readonly apiVersion: string;
}

export function widgetCrd(group: string): KubeObject {
  return namespacedCrd({
    group,
    kind: 'Widget',
    plural: 'widgets',
    version: 'v1',
    properties: {
      spec: {
        type: 'object',
        properties: {
          size: { type: 'integer', minimum: 0 },
          color: { type: 'string' },
          tags: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
      status: { type: 'object', properties: { phase: { type: 'string' } } },
    },
  });
}

/** Creates the Widget CRD in a fresh group and waits until it is Established. */
export async function installWidgetCrd(client: KubeClient, prefix: string): Promise<TestCrd> {
  const group = `${uniqueName(prefix)}.kro-test.io`;
  await client.dynamic.create(widgetCrd(group));
  await eventually(
    async () => {
      const crd = await client.dynamic.get({ gvr: CRD_GVR }, `widgets.${group}`);
      const conditions = ((crd.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions) ?? [];
      return conditions.some((c) => c.type === 'Established' && c.status === 'True') ? true : undefined;
    },
    { message: `CRD widgets.${group} Established` },
  );
  return { group, version: 'v1', kind: 'Widget', plural: 'widgets', name: `widgets.${group}`, apiVersion: `${group}/v1` };
}

export async function deleteCrd(client: KubeClient, crd: TestCrd): Promise<void> {
  await client.dynamic.delete({ gvr: CRD_GVR }, crd.name).catch(() => undefined);
}

export function widget(crd: TestCrd, namespace: string, name: string, spec: Record<string, unknown>, labels?: Record<string, string>): KubeObject {
  return { apiVersion: crd.apiVersion, kind: crd.kind, metadata: { name, namespace, ...(labels ? { labels } : {}) }, spec };
}
