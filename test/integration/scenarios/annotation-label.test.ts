// Scenario annotation_label_test (spec section 5; 1.J J2/J3, behavior 57): the exact label and annotation sets kro
// puts on an instance (owned, kro-version, RGD id and name, ApplySet id; no app.kubernetes.io/managed-by; tooling,
// group kinds, empty additional namespaces, inventory hash; the finalizer) and on a child (instance identity,
// managed-by, node id, part-of; no RGD labels; apply order), and a float rendered with string(): `3.14`.
// upstream's envtest build writes kro-version `devel` and tooling `kro/devel`; kro-ts writes its own version
// (`+` replaced by `-` in the label), as upstream does for a real build.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONFIGMAPS,
  createActiveInstance,
  createRgdAndWait,
  createTestNamespace,
  getObject,
  rgdObject,
  uniqueKind,
} from '../instance/harness.js';
import { KRO_VERSION_LABEL, TOOLING, dataOf, expectedChildLabels, instanceApplySetId, kubectlNames, useScenario } from './helpers.js';

const env = useScenario('labels');
const { prefix } = env;

test('exact labels and annotations on the instance and its child; string(3.14) renders 3.14', async () => {
  const namespace = await createTestNamespace('labels');
  const kind = uniqueKind('TestApply');
  const rgdName = `${prefix}-apply`;
  const { rgd, gvr } = await createRgdAndWait(
    env.kube,
    rgdObject(rgdName, kind, { field1: 'string', threshold: 'float' }, [
      { id: 'res1', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.field1}' }, data: { threshold: '${string(schema.spec.threshold)}' } } },
    ]),
  );
  assert.equal(gvr.group, 'kro.run');
  assert.equal(gvr.version, 'v1alpha1');
  const instance = await createActiveInstance(env.kube, gvr, kind, namespace, 'instance', { field1: 'foobar', threshold: 3.14 });
  const id = instanceApplySetId(instance, gvr);

  assert.deepEqual(instance.metadata.labels, {
    'kro.run/owned': 'true',
    'kro.run/kro-version': KRO_VERSION_LABEL,
    'kro.run/resource-graph-definition-id': rgd.metadata.uid,
    'kro.run/resource-graph-definition-name': rgdName,
    'applyset.kubernetes.io/id': id,
  });
  assert.equal(instance.metadata.labels['app.kubernetes.io/managed-by'], undefined, 'other lifecycle tools may use managed-by on instances');
  const annotations = instance.metadata.annotations ?? {};
  assert.match(annotations['internal.kro.run/applyset-inventory-hash'] ?? '', /^sha256:[A-Za-z0-9_-]+$/);
  assert.deepEqual(annotations, {
    'applyset.kubernetes.io/tooling': TOOLING,
    'applyset.kubernetes.io/contains-group-kinds': 'ConfigMap',
    'applyset.kubernetes.io/additional-namespaces': '',
    'internal.kro.run/applyset-inventory-hash': annotations['internal.kro.run/applyset-inventory-hash'],
  });
  assert.deepEqual(instance.metadata.finalizers, ['kro.run/finalizer']);

  const child = await getObject(env.kube, CONFIGMAPS, namespace, 'foobar');
  assert.ok(child);
  assert.deepEqual(dataOf(child), { threshold: '3.14' });
  assert.deepEqual(child.metadata.labels, expectedChildLabels(instance, gvr, 'res1'));
  assert.equal(child.metadata.labels['kro.run/instance-group'], 'kro.run');
  assert.equal(child.metadata.labels['kro.run/instance-version'], 'v1alpha1');
  assert.equal(child.metadata.labels['kro.run/instance-kind'], kind);
  assert.equal(child.metadata.labels['kro.run/resource-graph-definition-id'], undefined, 'RGD labels go on CRDs only');
  assert.equal(child.metadata.labels['kro.run/resource-graph-definition-name'], undefined, 'RGD labels go on CRDs only');
  assert.deepEqual(child.metadata.annotations, { 'internal.kro.run/apply-order': '1' });
  assert.equal(child.metadata.ownerReferences, undefined, 'no ownerReferences');

  // What users see: the child found by the labels kro put on it.
  assert.deepEqual(await kubectlNames('configmaps', namespace, `applyset.kubernetes.io/part-of=${id},kro.run/owned=true`), ['foobar']);
});
