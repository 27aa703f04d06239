// Scenario instance_conflict_test (spec section 5, 1.J J3, 1.N N3): two RGDs, one instance each with the same name
// in two namespaces, both rendering a ConfigMap of the same name. Each child carries its own instance kind (and
// group, version, name) labels and data; deleting one child recreates only that one (the other is not touched and
// its instance is not even reconciled: watch events are routed by namespace and name), and drift on the other is
// undone by its own instance.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../src/api/index.js';
import {
  CONFIGMAPS,
  createInstance,
  createRgdAndWait,
  createTestNamespace,
  deleteObject,
  getObject,
  rgdObject,
  uniqueKind,
  waitInstanceState,
  waitObject,
} from '../instance/harness.js';
import { consistently, dataOf, useScenario } from './helpers.js';

const env = useScenario('conflict');
const { prefix } = env;

function appRgd(name: string, kind: string, source: string) {
  return rgdObject(name, kind, { name: 'string' }, [
    { id: 'configmap', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.name}' }, data: { source } } },
  ]);
}

function instanceLabels(obj: KubeObject | undefined): Record<string, string | undefined> {
  const labels = obj?.metadata.labels ?? {};
  return {
    name: labels['kro.run/instance-name'],
    group: labels['kro.run/instance-group'],
    version: labels['kro.run/instance-version'],
    kind: labels['kro.run/instance-kind'],
  };
}

test('same-named instances of two RGDs in two namespaces keep their children apart', async () => {
  const [ns1, ns2] = [await createTestNamespace('conflict'), await createTestNamespace('conflict')];
  const kind1 = uniqueKind('TestConflictApp1');
  const kind2 = uniqueKind('TestConflictApp2');
  const [{ gvr: gvr1 }, { gvr: gvr2 }] = await Promise.all([
    createRgdAndWait(env.kube, appRgd(`${prefix}-app1`, kind1, 'app1')),
    createRgdAndWait(env.kube, appRgd(`${prefix}-app2`, kind2, 'app2')),
  ]);
  await createInstance(env.kube, gvr1, kind1, ns1, 'my-app', { name: 'shared-resource' });
  await createInstance(env.kube, gvr2, kind2, ns2, 'my-app', { name: 'shared-resource' });
  await waitInstanceState(env.kube, gvr1, ns1, 'my-app', 'ACTIVE');
  await waitInstanceState(env.kube, gvr2, ns2, 'my-app', 'ACTIVE');

  const cm1 = await waitObject(env.kube, CONFIGMAPS, ns1, 'shared-resource', () => true, 'cm1');
  const cm2 = await waitObject(env.kube, CONFIGMAPS, ns2, 'shared-resource', () => true, 'cm2');
  assert.deepEqual(instanceLabels(cm1), { name: 'my-app', group: gvr1.group, version: 'v1alpha1', kind: kind1 });
  assert.deepEqual(instanceLabels(cm2), { name: 'my-app', group: gvr2.group, version: 'v1alpha1', kind: kind2 });
  assert.equal(dataOf(cm1).source, 'app1');
  assert.equal(dataOf(cm2).source, 'app2');

  // Deleting instance 1's child: only it is recreated, by instance 1.
  const reconciles2 = env.controller.stats(gvr2, ns2, 'my-app')?.reconciles ?? 0;
  await deleteObject(env.kube, CONFIGMAPS, ns1, 'shared-resource');
  const recreated = await waitObject(env.kube, CONFIGMAPS, ns1, 'shared-resource', (o) => o.metadata.uid !== cm1.metadata.uid, 'cm1 recreated');
  assert.deepEqual(instanceLabels(recreated), { name: 'my-app', group: gvr1.group, version: 'v1alpha1', kind: kind1 });
  assert.equal(dataOf(recreated).source, 'app1');
  await consistently(async () => {
    const untouched = await getObject(env.kube, CONFIGMAPS, ns2, 'shared-resource');
    assert.equal(untouched?.metadata.uid, cm2.metadata.uid, 'the other child is not recreated');
    assert.equal(untouched?.metadata.resourceVersion, cm2.metadata.resourceVersion, 'the other child is not written');
    assert.equal(env.controller.stats(gvr2, ns2, 'my-app')?.reconciles ?? 0, reconciles2, 'the other instance is not reconciled');
  }, 2_000);

  // Drift on instance 2's child is undone by instance 2.
  await env.kube.dynamic.patch({ gvr: CONFIGMAPS, namespace: ns2 }, 'shared-resource', { data: { source: 'app3' } }, { type: 'merge' });
  await waitObject(env.kube, CONFIGMAPS, ns2, 'shared-resource', (o) => dataOf(o).source === 'app2', 'cm2 restored to app2');
});
