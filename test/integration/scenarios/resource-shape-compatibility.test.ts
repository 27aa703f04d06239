// Scenario resource_shape_compatibility_test (spec section 5, 1.M M1, behavior 32): API versions are opaque
// strings, so children and external refs whose versions are outside the vN[alpha|beta]N convention
// (`v1api20200601` as Azure Service Operator, `v1p1beta1` as Config Connector) work; an RGD may create a
// CustomResourceDefinition (a deeply nested template); and when a cluster-scoped instance's namespaced child
// resolves an empty namespace, the error names `metadata.namespace`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { GroupVersionResource } from '../../../src/api/index.js';
import type { KubeClient } from '../../../src/kube/index.js';
import {
  CONFIGMAPS,
  createInstance,
  createRgdAndWait,
  createTestNamespace,
  deleteObject,
  getObject,
  kubectlOk,
  rgdObject,
  startInstanceController,
  statusOf,
  testClient,
  uniqueKind,
  uniqueName,
  waitGone,
  waitInstanceState,
  waitObject,
  type InstanceTestController,
} from '../instance/harness.js';
import { CRD_GVR } from '../rgd/harness.js';
import { conditionsText, dataOf, specOf } from './helpers.js';

const prefix = uniqueName('shape');
let kube: KubeClient;
let controller: InstanceTestController;
let namespace: string;

before(async () => {
  kube = await testClient();
  controller = await startInstanceController(prefix);
  namespace = await createTestNamespace('shape');
});

after(async () => {
  await controller?.stop();
  await kube?.close();
});

/** A minimal namespaced Widget CRD at `version`, Established; returns its GVR. */
async function installWidgetCrd(group: string, version: string): Promise<GroupVersionResource> {
  await kube.dynamic.create({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `widgets.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget' },
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: { spec: { type: 'object', properties: { size: { type: 'string' } } }, status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
            },
          },
        },
      ],
    },
  });
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
      kube,
      rgdObject(`${prefix}-${version}`, kind, { name: 'string' }, [
        { id: 'widget', template: { apiVersion: `${group}/${version}`, kind: 'Widget', metadata: { name: '${schema.spec.name}-widget' }, spec: { size: 'large' } } },
      ]),
    );
    await createInstance(kube, gvr, kind, namespace, `shape-${version}`, { name: `shape-${version}` });
    await waitInstanceState(kube, gvr, namespace, `shape-${version}`, 'ACTIVE');
    const widget = await getObject(kube, widgets, namespace, `shape-${version}-widget`);
    assert.equal(specOf(widget).size, 'large');
  });
}

test('an external ref whose apiVersion is outside the vN convention', async () => {
  const group = `${uniqueName('shaperef').replace('-', '')}.example.com`;
  const version = 'v1api20200601';
  await installWidgetCrd(group, version);
  await kube.dynamic.create({ apiVersion: `${group}/${version}`, kind: 'Widget', metadata: { name: 'existing-widget', namespace }, spec: { size: 'small' } });
  const kind = uniqueKind('TestShapeRefVersion');
  const { gvr } = await createRgdAndWait(
    kube,
    rgdObject(`${prefix}-ref`, kind, { name: 'string' }, [
      { id: 'widget', externalRef: { apiVersion: `${group}/${version}`, kind: 'Widget', metadata: { name: 'existing-widget', namespace } } },
      { id: 'cm', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.name}-cm' }, data: { size: '${widget.spec.size}' } } },
    ]),
  );
  await createInstance(kube, gvr, kind, namespace, 'shape-ref', { name: 'shape-ref' });
  await waitInstanceState(kube, gvr, namespace, 'shape-ref', 'ACTIVE');
  const cm = await waitObject(kube, CONFIGMAPS, namespace, 'shape-ref-cm', () => true, 'cm');
  assert.equal(dataOf(cm).size, 'small');
});

test('an RGD creates a CustomResourceDefinition', async () => {
  const group = `${uniqueName('crdtpl').replace('-', '')}.example.com`;
  const crdName = `gadgets.${group}`;
  const kind = uniqueKind('TestCRDTemplate');
  const { gvr } = await createRgdAndWait(
    kube,
    rgdObject(`${prefix}-crd`, kind, { name: 'string' }, [
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
    ]),
  );
  await createInstance(kube, gvr, kind, namespace, 'crd-template', { name: 'crd-template' });
  await waitInstanceState(kube, gvr, namespace, 'crd-template', 'ACTIVE');
  const crd = await waitObject(kube, CRD_GVR, '', crdName, () => true, 'the CRD');
  assert.equal((specOf(crd).names as { kind: string }).kind, 'Gadget');
  assert.equal(crd.metadata.labels?.['kro.run/node-id'], 'gadgetCRD');

  await deleteObject(kube, gvr, namespace, 'crd-template');
  await waitGone(kube, CRD_GVR, '', crdName);
});

test("the error names metadata.namespace when a cluster-scoped instance's child resolves no namespace", async () => {
  const kind = uniqueKind('TestUnresolvedNamespace');
  const { gvr } = await createRgdAndWait(
    kube,
    rgdObject(
      `${prefix}-unresolved`,
      kind,
      { name: 'string', targetNamespace: 'string' },
      [{ id: 'cm', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.name}-cm', namespace: '${schema.spec.targetNamespace}' }, data: { managed: 'yes' } } }],
      { scope: 'Cluster' },
    ),
  );
  const name = uniqueName('unresolved-ns');
  await createInstance(kube, gvr, kind, '', name, { name, targetNamespace: '' });
  const failing = await waitObject(kube, gvr, '', name, (o) => conditionsText(o).includes('metadata.namespace'), 'the error names metadata.namespace');
  assert.equal(statusOf(failing).state, 'ERROR', conditionsText(failing));
  assert.match(conditionsText(failing), /node \\?"cm\\?" is namespaced and must resolve metadata.namespace when the instance is cluster-scoped/);
  await deleteObject(kube, gvr, '', name);
  await waitGone(kube, gvr, '', name);
});
