// Scenario externalref_test (spec section 5, 1.H H4/H5, J5): an externalRef is read, never written. By name: the
// instance waits (IN_PROGRESS, dependents absent) while the object is missing, then uses its data, and follows its
// changes through the watch; the namespace defaults to the instance's; name may be CEL and the kind may be
// cluster-scoped. By selector: an empty selector matches everything, a selector label value may come
// from the instance spec, an omitted namespace lists across all namespaces. Selectors of the wrong shape or
// referencing missing fields are rejected when the RGD is built.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../src/api/index.js';
import {
  createActiveInstance,
  createInstance,
  createRgd,
  createRgdAndWait,
  createTestNamespace,
  deleteObject,
  getObject,
  kubectlOk,
  rgdObject,
  statusOf,
  uniqueKind,
  uniqueName,
  waitGone,
  waitInstanceState,
  waitObject,
} from '../instance/harness.js';
import { CRD_GVR } from '../rgd/harness.js';
import { DEPLOYMENTS, createConfigMap, deploymentObject, specOf, useScenario, waitRgdRejected } from './helpers.js';

const env = useScenario('extref');
const { prefix } = env;

function replicasOf(obj: KubeObject | undefined): unknown {
  return specOf(obj).replicas;
}

test('an externalRef by name: waits while missing, feeds its dependents, is watched and never written', async () => {
  const namespace = await createTestNamespace('extref');
  const kind = uniqueKind('TestExternalRef');
  const rgdName = `${prefix}-deploy`;
  const { rgd, gvr } = await createRgdAndWait(
    env.kube,
    rgdObject(rgdName, kind, {}, [
      // No namespace: defaults to the instance namespace.
      { id: 'deployment1', externalRef: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'test-deployment' } } },
      {
        id: 'deployment',
        template: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: '${schema.metadata.name}' },
          spec: {
            replicas: '${deployment1.spec.replicas}',
            selector: { matchLabels: { app: 'deployment' } },
            template: { metadata: { labels: { app: 'deployment' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
          },
        },
      },
    ]),
  );
  assert.deepEqual(rgd.status?.topologicalOrder, ['deployment1', 'deployment']);

  await createInstance(env.kube, gvr, kind, namespace, 'foo-instance', {});
  await waitInstanceState(env.kube, gvr, namespace, 'foo-instance', 'IN_PROGRESS');
  assert.equal(await getObject(env.kube, DEPLOYMENTS, namespace, 'foo-instance'), undefined, 'the dependent waits for the external object');

  await env.kube.dynamic.create(deploymentObject(namespace, 'test-deployment', 2));
  await waitInstanceState(env.kube, gvr, namespace, 'foo-instance', 'ACTIVE');
  const managed = await waitObject(env.kube, DEPLOYMENTS, namespace, 'foo-instance', (o) => replicasOf(o) === 2, 'replicas 2');
  assert.equal((specOf(managed).template as { spec: { containers: unknown[] } }).spec.containers.length, 1);

  // The external object changes: the watch (not a timer) brings the new value within seconds.
  await env.kube.dynamic.patch({ gvr: DEPLOYMENTS, namespace }, 'test-deployment', { spec: { replicas: 4 } }, { type: 'merge' });
  await waitObject(env.kube, DEPLOYMENTS, namespace, 'foo-instance', (o) => replicasOf(o) === 4, 'replicas follow the external object', 3_000);

  // J5: the external object is never written by kro.
  const external = await getObject(env.kube, DEPLOYMENTS, namespace, 'test-deployment');
  assert.equal(Object.keys(external?.metadata.labels ?? {}).some((k) => k.startsWith('kro.run/') || k.startsWith('applyset.')), false);
  assert.equal(external?.metadata.managedFields?.some((f) => f.manager?.startsWith('kro.run/')), false);
  assert.equal(replicasOf(external), 4);

  // Deleting the instance deletes what it manages, never the external object.
  await deleteObject(env.kube, gvr, namespace, 'foo-instance');
  await waitGone(env.kube, gvr, namespace, 'foo-instance');
  await waitGone(env.kube, DEPLOYMENTS, namespace, 'foo-instance');
  assert.ok(await getObject(env.kube, DEPLOYMENTS, namespace, 'test-deployment'), 'the external object survives the instance');
});

test('an externalRef to a cluster-scoped kind with a CEL name', async () => {
  const namespace = await createTestNamespace('extref');
  const suffix = uniqueName('g').replace('-', '');
  const group = `${suffix}.kro-test.io`;
  const crdName = `testexternalcrds.${group}`;
  await env.kube.dynamic.create({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: crdName, annotations: { phase: 'pending' } },
    spec: {
      group,
      names: { kind: 'TestExternalCrds', plural: 'testexternalcrds' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
    },
  });
  const { gvr, kind } = await env.createActiveRgd(
    'crd',
    'TestCRDExternalRef',
    { crdName: 'string' },
    [{ id: 'crd', externalRef: { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: '${schema.spec.crdName}' } } }],
    { status: { observedPhase: '${crd.metadata.annotations["phase"]}' } },
  );
  const live = await createActiveInstance(env.kube, gvr, kind, namespace, 'test-instance', { crdName });
  assert.equal(statusOf(live).observedPhase, 'pending');

  await env.kube.dynamic.patch({ gvr: CRD_GVR }, crdName, { metadata: { annotations: { phase: 'ready' } } }, { type: 'merge' });
  await waitObject(env.kube, gvr, namespace, 'test-instance', (o) => statusOf(o).observedPhase === 'ready', 'observedPhase follows the CRD', 3_000);

  await deleteObject(env.kube, gvr, namespace, 'test-instance');
  await waitGone(env.kube, gvr, namespace, 'test-instance');
  assert.ok(await getObject(env.kube, CRD_GVR, '', crdName), 'the referenced CRD is never deleted');
  await deleteObject(env.kube, CRD_GVR, '', crdName);
});

test('an externalRef with an empty selector lists everything in the namespace', async () => {
  const namespace = await createTestNamespace('extref');
  await createConfigMap(env.kube, namespace, 'config-alpha', { key: 'value1' }, { 'empty-selector-test': 'alpha' });
  await createConfigMap(env.kube, namespace, 'config-beta', { key: 'value2' }, { 'empty-selector-test': 'beta' });
  const { gvr, kind } = await env.createActiveRgd('empty', 'TestExtCollEmptySel', {}, [{ id: 'allconfigs', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { selector: {} } } }], {
    status: {
      configCount: '${string(size(allconfigs))}',
      teamValues:
        "${allconfigs.filter(c, c.metadata.name == 'config-alpha' || c.metadata.name == 'config-beta').sortBy(c, c.metadata.name).map(c, c.data.key).join(\",\")}",
    },
  });
  await createInstance(env.kube, gvr, kind, namespace, 'test-empty-selector', {});
  const live = await waitObject(env.kube, gvr, namespace, 'test-empty-selector', (o) => statusOf(o).state === 'ACTIVE' && statusOf(o).teamValues !== undefined, 'ACTIVE');
  // At least our two (a cluster may publish others, e.g. kube-root-ca.crt).
  const count = statusOf(live).configCount;
  assert.ok(typeof count === 'string' && Number(count) >= 2, `configCount ${JSON.stringify(count)}`);
  assert.equal(statusOf(live).teamValues, 'value1,value2');

  await env.kube.dynamic.patch({ gvr: { group: '', version: 'v1', resource: 'configmaps' }, namespace }, 'config-beta', { data: { key: 'value2-updated' } }, { type: 'merge' });
  await waitObject(env.kube, gvr, namespace, 'test-empty-selector', (o) => statusOf(o).teamValues === 'value1,value2-updated', 'teamValues follow a matched ConfigMap', 3_000);
  await deleteObject(env.kube, gvr, namespace, 'test-empty-selector');
});

test('a selector label value taken from the instance spec', async () => {
  const namespace = await createTestNamespace('extref');
  const label = uniqueName('label-selector');
  await createConfigMap(env.kube, namespace, 'selector-label-alpha', { key: 'value1' }, { 'issue-1228': label });
  await createConfigMap(env.kube, namespace, 'selector-label-beta', { key: 'value2' }, { 'issue-1228': label });
  const { gvr, kind } = await env.createActiveRgd(
    'label',
    'TestExtCollLabelSelector',
    { selectorValue: 'string' },
    [{ id: 'allconfigs', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { selector: { matchLabels: { 'issue-1228': '${schema.spec.selectorValue}' } } } } }],
    { status: { configCount: '${string(size(allconfigs))}' } },
  );
  const live = await createActiveInstance(env.kube, gvr, kind, namespace, 'test-label-selector', { selectorValue: label });
  assert.equal(statusOf(live).configCount, '2');
});

test('an external selector without a namespace lists across all namespaces', async () => {
  const label = uniqueName('cross-ns');
  const namespaces = [await createTestNamespace('extref-a'), await createTestNamespace('extref-b'), await createTestNamespace('extref-inst')];
  for (const [i, ns] of namespaces.entries()) await createConfigMap(env.kube, ns, `cm-${i}`, { from: ns }, { suite: label });
  const { gvr, kind } = await env.createActiveRgd(
    'crossns',
    'TestCrossNsExtColl',
    {},
    [{ id: 'allconfigs', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { selector: { matchLabels: { suite: label } } } } }],
    { status: { configCount: '${string(size(allconfigs))}' } },
  );
  const instanceNs = namespaces[2]!;
  const live = await createActiveInstance(env.kube, gvr, kind, instanceNs, 'cross-ns-test', {});
  assert.equal(statusOf(live).configCount, '3', 'not only the instance namespace');
  // What users see.
  const printed = await kubectlOk(['get', gvr.resource, '-n', instanceNs, 'cross-ns-test', '-o', 'jsonpath={.status.state}']);
  assert.equal(printed, 'ACTIVE');
  await deleteObject(env.kube, gvr, instanceNs, 'cross-ns-test');
});

// Upstream later made `selector` a raw extension so a whole selector (or matchLabels/matchExpressions) can be one
// `${...}` string; at the spec's version (and in kro-ts) it is a typed LabelSelector, so the API server rejects
// those shapes at admission and only a CEL label value can be wrong at build time.
test('a selector label value referencing a missing spec field is rejected when the RGD is built', async () => {
  const name = `${prefix}-bad-missing-field`;
  await createRgd(
    env.kube,
    rgdObject(name, uniqueKind('TestExtCollLabelMissingField'), {}, [
      { id: 'allconfigs', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { selector: { matchLabels: { 'issue-1228': '${schema.spec.selector}' } } } } },
    ]),
  );
  const message = await waitRgdRejected(env.kube, name, "undefined field 'selector'");
  assert.match(message, /undefined field 'selector'/);
});
