// Scenario instance_conditions_test (spec section 5, 1.I I3/I4, 3.3): a reconciled instance carries the built-in
// condition hierarchy (InstanceManaged, GraphResolved, ResourcesReady under the root Ready), each True with its
// reason and message, stamped with the current generation and a lastTransitionTime, root last. While it is being
// deleted the conditions stay well-formed (ResourcesReady Unknown `UnderDeletion`). An RGD whose includeWhen reads
// a field that does not exist is Inactive with Ready False.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Condition } from '../../../src/api/index.js';
import {
  CONFIGMAPS,
  conditionOf,
  createActiveInstance,
  createRgd,
  createRgdAndWait,
  deleteObject,
  rgdObject,
  statusOf,
  uniqueKind,
  waitGone,
  waitObject,
} from '../instance/harness.js';
import { condition, waitRgd } from '../rgd/harness.js';
import { dataOf, patchMetadata, useScenario } from './helpers.js';

const env = useScenario('iconds', { sharedNamespace: true });
const { prefix } = env;

function configRgd(name: string, kind: string) {
  return rgdObject(name, kind, { configData: 'string' }, [
    { id: 'configmap', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}' }, data: { config: '${schema.spec.configData}' } } },
  ]);
}

test('a reconciled instance has the built-in condition hierarchy, all True at its generation', async () => {
  const kind = uniqueKind('TestInstanceConditions');
  const { gvr } = await createRgdAndWait(env.kube, configRgd(`${prefix}-success`, kind));
  const live = await createActiveInstance(env.kube, gvr, kind, env.namespace, 'test-instance-conditions', { configData: 'test-data' });
  const expected: Record<string, [string, string]> = {
    InstanceManaged: ['Managed', 'instance is properly managed with finalizers and labels'],
    GraphResolved: ['Resolved', 'runtime graph created and all resources resolved'],
    ResourcesReady: ['AllResourcesReady', 'all resources are created and ready'],
    Ready: ['Ready', ''],
  };
  const conditions = statusOf(live).conditions as unknown as Condition[];
  assert.deepEqual(conditions.map((c) => c.type).sort(), Object.keys(expected).sort());
  assert.equal(conditions.at(-1)?.type, 'Ready', 'the root is listed last');
  for (const [type, [reason, message]] of Object.entries(expected)) {
    const c = conditionOf(live, type);
    assert.equal(c?.status, 'True', type);
    assert.equal(c?.reason, reason, type);
    assert.equal(c?.message ?? '', message, type);
    assert.equal(c?.observedGeneration, live.metadata.generation, type);
    assert.match(c?.lastTransitionTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, type);
  }
  const cm = await waitObject(env.kube, CONFIGMAPS, env.namespace, 'test-instance-conditions', () => true, 'ConfigMap');
  assert.equal(dataOf(cm).config, 'test-data');
});

test('conditions stay well-formed while the instance is being deleted', async () => {
  const kind = uniqueKind('TestInstanceDeletion');
  const { gvr } = await createRgdAndWait(env.kube, configRgd(`${prefix}-deletion`, kind));
  await createActiveInstance(env.kube, gvr, kind, env.namespace, 'test-instance-deletion', { configData: 'delete-test-data' });
  // Hold the child so the deleting state can be observed.
  await patchMetadata(env.kube, CONFIGMAPS, env.namespace, 'test-instance-deletion', { finalizers: ['test.kro.run/hold'] });
  await deleteObject(env.kube, gvr, env.namespace, 'test-instance-deletion');
  const deleting = await waitObject(env.kube, gvr, env.namespace, 'test-instance-deletion', (o) => statusOf(o).state === 'DELETING', 'DELETING');
  assert.ok(deleting.metadata.deletionTimestamp);
  const conditions = statusOf(deleting).conditions as unknown as Condition[];
  assert.ok(conditions.length > 0);
  for (const c of conditions) {
    assert.ok(c.type, 'type set');
    assert.ok(['True', 'False', 'Unknown'].includes(c.status), `${c.type} status ${c.status}`);
  }
  assert.equal(conditionOf(deleting, 'ResourcesReady')?.status, 'Unknown');
  assert.equal(conditionOf(deleting, 'ResourcesReady')?.reason, 'UnderDeletion');
  assert.equal(conditionOf(deleting, 'ResourcesReady')?.message, 'deleting resources');
  assert.notEqual(conditionOf(deleting, 'Ready')?.status, 'True', 'not Ready while deleting');

  await patchMetadata(env.kube, CONFIGMAPS, env.namespace, 'test-instance-deletion', { finalizers: null });
  await waitGone(env.kube, gvr, env.namespace, 'test-instance-deletion');
});

test('an RGD with an invalid includeWhen is Inactive with Ready False', async () => {
  const name = `${prefix}-broken`;
  await createRgd(
    env.kube,
    rgdObject(name, uniqueKind('TestBrokenResource'), { value: 'string' }, [
      {
        id: 'configmap',
        template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}' }, data: { foo: '${schema.spec.value}' } },
        includeWhen: ['${schema.spec.convex.enabled}'],
      },
    ]),
  );
  const rgd = await waitRgd(env.kube, name, (r) => r.status?.state === 'Inactive' && condition(r, 'Ready')?.status === 'False', 'Inactive, Ready False');
  assert.match(condition(rgd, 'Ready')?.message ?? '', /convex/);
});
