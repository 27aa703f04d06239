// Scenario resource_pruning_test (spec section 5; 1.K K4, 3.1 "pruning of resources no longer in the graph"): a
// resource removed from the RGD is pruned from existing instances even while another resource never becomes
// ready (waiting for readiness is not pending data, so it does not hold pruning back); the still-declared resource
// is left alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonObject, ResourceGraphDefinition } from '../../../src/api/index.js';
import {
  CONFIGMAPS,
  createInstance,
  createRgdAndWait,
  createTestNamespace,
  getObject,
  rgdObject,
  statusOf,
  uniqueKind,
  waitActive,
  waitGone,
  waitInstanceState,
} from '../instance/harness.js';
import { updateRgd } from '../rgd/harness.js';
import { conditionsText, useScenario, waitAll } from './helpers.js';

const env = useScenario('prune');
const { prefix } = env;

test('a resource removed from the RGD is pruned while another resource is not ready', async () => {
  const namespace = await createTestNamespace('prune');
  const kind = uniqueKind('TestPruneWhileUnready');
  const rgdName = `${prefix}-while-unready`;
  // "gate" never satisfies its readyWhen: the instance stays IN_PROGRESS throughout.
  const gate: JsonObject = {
    id: 'gate',
    template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.name}-gate' }, data: { ready: 'false' } },
    readyWhen: ['${gate.data.ready == "true"}'],
  };
  const retired: JsonObject = { id: 'retired', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.name}-retired' }, data: { keep: 'for-now' } } };
  const { gvr } = await createRgdAndWait(env.kube, rgdObject(rgdName, kind, { name: 'string' }, [gate, retired]));

  const name = 'prune-unready';
  await createInstance(env.kube, gvr, kind, namespace, name, { name });
  const [gateObject] = await waitAll(env.kube, CONFIGMAPS, namespace, [`${name}-gate`, `${name}-retired`]);
  await waitInstanceState(env.kube, gvr, namespace, name, 'IN_PROGRESS');

  // Retire the resource.
  await updateRgd(env.kube, rgdName, (rgd: ResourceGraphDefinition) => {
    rgd.spec.resources = [gate] as never;
  });
  await waitActive(env.kube, rgdName);

  await waitGone(env.kube, CONFIGMAPS, namespace, `${name}-retired`, 30_000).catch(async (err: unknown) => {
    throw new Error(`${String(err)}; instance conditions: ${conditionsText(await getObject(env.kube, gvr, namespace, name))}`);
  });
  assert.equal((await getObject(env.kube, CONFIGMAPS, namespace, `${name}-gate`))?.metadata.uid, gateObject?.metadata.uid, 'the still-declared resource is not pruned');
  assert.equal(statusOf((await getObject(env.kube, gvr, namespace, name))!).state, 'IN_PROGRESS', 'gate is still not ready');
});
