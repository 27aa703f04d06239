// Scenario resource_ownership_test (spec section 5, 1.K K1/K3, behaviors 40, 41): children are applied by the field
// manager `kro.run/applyset` (an Apply entry in managedFields), so a field dropped from the template is released
// and removed from the live object. Two instances rendering the same object: the first keeps the data and its
// `applyset.kubernetes.io/part-of` label, the second never reports ACTIVE and names the conflict. An object without
// any part-of label is adopted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONFIGMAPS,
  conditionOf,
  createActiveInstance,
  createInstance,
  createRgdAndWait,
  getObject,
  kubectlOk,
  rgdObject,
  statusOf,
  uniqueKind,
  waitInstanceState,
  waitObject,
} from '../instance/harness.js';
import { updateRgd } from '../rgd/harness.js';
import { consistently, createConfigMap, dataOf, instanceApplySetId, useScenario } from './helpers.js';

const env = useScenario('owner', { sharedNamespace: true });
const { prefix } = env;

test('children are applied under the stable field manager kro.run/applyset', async () => {
  // Spelled out on purpose: a renamed manager would orphan field ownership on objects created earlier.
  const expectedFieldManager = 'kro.run/applyset';
  const kind = uniqueKind('TestFieldManager');
  const rgdName = `${prefix}-fm`;
  const { gvr } = await createRgdAndWait(
    env.kube,
    rgdObject(rgdName, kind, { name: 'string' }, [
      { id: 'cm', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.name}-cm' }, data: { managed: 'yes', extra: 'soon-removed' } } },
    ]),
  );
  await createActiveInstance(env.kube, gvr, kind, env.namespace, 'field-manager', { name: 'field-manager' });
  const cm = await waitObject(env.kube, CONFIGMAPS, env.namespace, 'field-manager-cm', (o) => dataOf(o).managed === 'yes', 'cm');
  const managers = (cm.metadata.managedFields ?? []).map((f) => `${f.manager ?? ''}/${f.operation ?? ''}`);
  assert.ok(managers.includes(`${expectedFieldManager}/Apply`), `no Apply entry for ${expectedFieldManager}: ${managers.join(', ')}`);
  // What a user sees.
  const printed = await kubectlOk(['-n', env.namespace, 'get', 'configmap', 'field-manager-cm', '--show-managed-fields', '-o', 'jsonpath={.metadata.managedFields[*].manager}']);
  assert.ok(printed.split(' ').includes(expectedFieldManager), printed);

  // Because kro owns the field, dropping it from the template removes it from the object.
  await updateRgd(env.kube, rgdName, (rgd) => {
    const template = rgd.spec.resources?.[0]?.template as { data: Record<string, string> };
    delete template.data.extra;
  });
  const released = await waitObject(env.kube, CONFIGMAPS, env.namespace, 'field-manager-cm', (o) => dataOf(o).extra === undefined, 'extra removed', 30_000);
  assert.equal(dataOf(released).managed, 'yes');
});

test('two instances rendering the same object: the first keeps it, the second is never ACTIVE', async () => {
  const { gvr, kind } = await env.createActiveRgd('shared', 'TestSharedTarget', { owner: 'string' }, [
    // A fixed name: both instances render the same object.
    { id: 'cm', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared-target' }, data: { owner: '${schema.spec.owner}' } } },
  ]);
  const first = await createInstance(env.kube, gvr, kind, env.namespace, 'owner-a', { owner: 'a' });
  await waitInstanceState(env.kube, gvr, env.namespace, 'owner-a', 'ACTIVE');
  const cm = await waitObject(env.kube, CONFIGMAPS, env.namespace, 'shared-target', (o) => dataOf(o).owner === 'a', 'owner a');
  const firstId = cm.metadata.labels?.['applyset.kubernetes.io/part-of'];
  assert.equal(firstId, instanceApplySetId(first, gvr));

  const second = await createInstance(env.kube, gvr, kind, env.namespace, 'owner-b', { owner: 'b' });
  // Sampled over a window: a single read could land between two competing writes.
  await consistently(async () => {
    const live = await getObject(env.kube, CONFIGMAPS, env.namespace, 'shared-target');
    assert.equal(dataOf(live).owner, 'a', 'the object changed hands');
    assert.equal(live?.metadata.labels?.['applyset.kubernetes.io/part-of'], firstId, 'ApplySet membership reassigned');
    const b = await getObject(env.kube, gvr, env.namespace, 'owner-b');
    assert.notEqual(statusOf(b ?? { apiVersion: '', kind: '', metadata: {} }).state, 'ACTIVE', 'the second instance claims to be reconciled');
  }, 8_000);

  // The contention is reported: state ERROR (a per-item apply error) naming both ApplySets.
  const blocked = await waitObject(env.kube, gvr, env.namespace, 'owner-b', (o) => statusOf(o).state === 'ERROR', 'owner-b ERROR');
  const message = conditionOf(blocked, 'ResourcesReady')?.message ?? '';
  assert.equal(conditionOf(blocked, 'ResourcesReady')?.status, 'False');
  assert.ok(message.includes('resource belongs to a different ApplySet'), message);
  assert.ok(message.includes(`${env.namespace}/shared-target`), message);
  assert.ok(message.includes(`belongs to ApplySet "${firstId ?? ''}", cannot reassign to "${instanceApplySetId(second, gvr)}"`), message);
  assert.equal(statusOf((await getObject(env.kube, gvr, env.namespace, 'owner-a'))!).state, 'ACTIVE', 'the owner is unaffected');
});

test('an unlabeled pre-existing object is adopted (behavior 40)', async () => {
  const { gvr, kind } = await env.createActiveRgd('adopt', 'TestAdopt', { value: 'string' }, [
    { id: 'cm', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}-cm' }, data: { value: '${schema.spec.value}' } } },
  ]);
  const existing = await createConfigMap(env.kube, env.namespace, 'adopted-cm', { value: 'hand-made', other: 'kept' });
  const instance = await createInstance(env.kube, gvr, kind, env.namespace, 'adopted', { value: 'from-kro' });
  await waitInstanceState(env.kube, gvr, env.namespace, 'adopted', 'ACTIVE');
  const adopted = await waitObject(env.kube, CONFIGMAPS, env.namespace, 'adopted-cm', (o) => dataOf(o).value === 'from-kro', 'adopted');
  assert.equal(adopted.metadata.uid, existing.metadata.uid, 'the same object, not a new one');
  assert.equal(adopted.metadata.labels?.['applyset.kubernetes.io/part-of'], instanceApplySetId(instance, gvr));
  assert.equal(dataOf(adopted).other, 'kept', 'fields kro does not set stay');
});
