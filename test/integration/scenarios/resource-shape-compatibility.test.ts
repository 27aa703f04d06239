// Scenario resource_shape_compatibility_test (spec section 5, 1.M M1, behavior 32): API versions are opaque
// strings, so children and external refs whose versions are outside the vN[alpha|beta]N convention
// (`v1api20200601` as Azure Service Operator, `v1p1beta1` as Config Connector) work; an RGD may create a
// CustomResourceDefinition (a deeply nested template); and when a cluster-scoped instance's namespaced child
// resolves an empty namespace, the error names `metadata.namespace`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GroupVersionResource } from '../../../src/api/index.js';
import {
  CONFIGMAPS,
  createActiveInstance,
  createInstance,
  createRgdAndWait,
  deleteObject,
  getObject,
  kubectlOk,
  namespacedCrd,
  rgdObject,
  statusOf,
  uniqueKind,
  uniqueName,
  waitGone,
  waitObject,
} from '../instance/harness.js';
import { CRD_GVR } from '../rgd/harness.js';
import { conditionsText, dataOf, specOf, useScenario } from './helpers.js';

const env = useScenario('shape', { sharedNamespace: true });
const { prefix } = env;

/** A minimal namespaced Widget CRD at `version`, Established; returns its GVR. */
async function installWidgetCrd(group: string, version: string): Promise<GroupVersionResource> {
  await env.kube.dynamic.create(
    namespacedCrd({
      group,
      kind: 'Widget',
      plural: 'widgets',
      version,
      properties: { spec: { type: 'object', properties: { size: { type: 'string' } } }, status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    }),
  );
  await kubectlOk(['wait', '--for=condition=Established', '--timeout=60s', `crd/widgets.${group}`]);
  return { group, version, resource: 'widgets' };
}

for (const [label, version] of [
  ['a date-stamped version (Azure Service Operator)', 'v1api20200601'],
  ['a patch-qualified version (Config Connector)', 'v1p1beta1'],
] as const) {
  test(`a child whose apiVersion is ${label}`, async () => {
    const group = `${uniqueName('shape').replace('-', '')}.example.com`;
    const widgets = await installWidgetCrd(group, version);
    const kind = uniqueKind('TestShapeVersion');
    const { gvr } = await createRgdAndWait(
      env.kube,
      rgdObject(`${prefix}-${version}`, kind, { name: 'string' }, [
        { id: 'widget', template: { apiVersion: `${group}/${version}`, kind: 'Widget', metadata: { name: '${schema.spec.name}-widget' }, spec: { size: 'large' } } },
      ]),
    );
    await createActiveInstance(env.kube, gvr, kind, env.namespace, `shape-${version}`, { name: `shape-${version}` });
    const widget = await getObject(env.kube, widgets, env.namespace, `shape-${version}-widget`);
    assert.equal(specOf(widget).size, 'large');
  });
}

test('an external ref whose apiVersion is outside the vN convention', async () => {
  const group = `${uniqueName('shaperef').replace('-', '')}.example.com`;
  const version = 'v1api20200601';
  await installWidgetCrd(group, version);
  await env.kube.dynamic.create({ apiVersion: `${group}/${version}`, kind: 'Widget', metadata: { name: 'existing-widget', namespace: env.namespace }, spec: { size: 'small' } });
  const { gvr, kind } = await env.createActiveRgd('ref', 'TestShapeRefVersion', { name: 'string' }, [
    { id: 'widget', externalRef: { apiVersion: `${group}/${version}`, kind: 'Widget', metadata: { name: 'existing-widget', namespace: env.namespace } } },
    { id: 'cm', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.name}-cm' }, data: { size: '${widget.spec.size}' } } },
  ]);
  await createActiveInstance(env.kube, gvr, kind, env.namespace, 'shape-ref', { name: 'shape-ref' });
  const cm = await waitObject(env.kube, CONFIGMAPS, env.namespace, 'shape-ref-cm', () => true, 'cm');
  assert.equal(dataOf(cm).size, 'small');
});

test('an RGD creates a CustomResourceDefinition', async () => {
  const group = `${uniqueName('crdtpl').replace('-', '')}.example.com`;
  const crdName = `gadgets.${group}`;
  const { gvr, kind } = await env.createActiveRgd('crd', 'TestCRDTemplate', { name: 'string' }, [
    {
      id: 'gadgetCRD',
      template: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: crdName },
        spec: {
          group,
          scope: 'Namespaced',
          names: { kind: 'Gadget', listKind: 'GadgetList', plural: 'gadgets', singular: 'gadget' },
          versions: [
            {
              name: 'v1alpha1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  description: 'Gadget is a test resource.',
                  type: 'object',
                  properties: {
                    apiVersion: { description: 'APIVersion defines the versioned schema of this representation.', type: 'string' },
                    kind: { description: 'Kind is a string value representing the REST resource.', type: 'string' },
                    metadata: { type: 'object' },
                    spec: { description: 'GadgetSpec defines the desired state.', type: 'object', properties: { size: { description: 'Size of the gadget.', type: 'string' } } },
                    status: { description: 'GadgetStatus defines the observed state.', type: 'object', properties: { ready: { type: 'boolean' } } },
                  },
                },
              },
            },
          ],
        },
      },
    },
  ]);
  await createActiveInstance(env.kube, gvr, kind, env.namespace, 'crd-template', { name: 'crd-template' });
  const crd = await waitObject(env.kube, CRD_GVR, '', crdName, () => true, 'the CRD');
  assert.equal((specOf(crd).names as { kind: string }).kind, 'Gadget');
  assert.equal(crd.metadata.labels?.['kro.run/node-id'], 'gadgetCRD');

  await deleteObject(env.kube, gvr, env.namespace, 'crd-template');
  await waitGone(env.kube, CRD_GVR, '', crdName);
});

test("the error names metadata.namespace when a cluster-scoped instance's child resolves no namespace", async () => {
  const { gvr, kind } = await env.createActiveRgd(
    'unresolved',
    'TestUnresolvedNamespace',
    { name: 'string', targetNamespace: 'string' },
    [{ id: 'cm', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.name}-cm', namespace: '${schema.spec.targetNamespace}' }, data: { managed: 'yes' } } }],
    { scope: 'Cluster' },
  );
  const name = uniqueName('unresolved-ns');
  await createInstance(env.kube, gvr, kind, '', name, { name, targetNamespace: '' });
  const failing = await waitObject(env.kube, gvr, '', name, (o) => conditionsText(o).includes('metadata.namespace'), 'the error names metadata.namespace');
  assert.equal(statusOf(failing).state, 'ERROR', conditionsText(failing));
  assert.match(conditionsText(failing), /node \\?"cm\\?" is namespaced and must resolve metadata.namespace when the instance is cluster-scoped/);
  await deleteObject(env.kube, gvr, '', name);
  await waitGone(env.kube, gvr, '', name);
});
