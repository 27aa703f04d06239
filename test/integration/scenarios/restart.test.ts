// Restart (issue 7): the controller is stopped in the middle of creating 50 instances (some done, some half-way,
// some not yet seen; stopping aborts in-flight requests) and the rest are created while no controller runs. A new
// controller (fresh revision registry, watches and queue) must bring all 50 to ACTIVE with every child existing
// exactly once, carrying the labels of its own instance, and nothing orphaned: no child that belongs to no
// instance, no instance without its ApplySet inventory.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../src/api/index.js';
import {
  CONFIGMAPS,
  SECRETS,
  createInstance,
  createRgdAndWait,
  createTestNamespace,
  eventually,
  rgdObject,
  statusOf,
  uniqueKind,
  useManualController,
} from '../instance/harness.js';
import { dataOf, expectedChildLabels } from './helpers.js';

const env = useManualController('restart');
const { prefix } = env;
const COUNT = 50;

test('a controller restarted while 50 instances are being created converges them all, without duplicates or orphans', async (t) => {
  const namespace = await createTestNamespace('restart');
  const kind = uniqueKind('Restart');
  const controller = await env.startController();
  const { gvr } = await createRgdAndWait(
    env.kube,
    rgdObject(`${prefix}-app`, kind, { value: 'string' }, [
      { id: 'config', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}-config' }, data: { value: '${schema.spec.value}' } } },
      // Depends on the config: a second apply wave, so a stop can land between the two.
      { id: 'secret', template: { apiVersion: 'v1', kind: 'Secret', metadata: { name: '${schema.metadata.name}-secret' }, stringData: { copy: '${config.data.value}' } } },
    ]),
  );
  const names = Array.from({ length: COUNT }, (_, i) => `inst-${String(i).padStart(2, '0')}`);
  const selector = `kro.run/instance-kind=${kind}`;

  // The first half, then stop the controller while it is working on them.
  for (const name of names.slice(0, COUNT / 2)) await createInstance(env.kube, gvr, kind, namespace, name, { value: `v-${name}` });
  await eventually(async () => {
    const { items } = await env.kube.dynamic.list({ gvr: CONFIGMAPS, namespace }, { labelSelector: selector });
    return items.length >= 3 ? true : undefined;
  }, { message: 'the first controller at work' });
  await controller.stop();
  const { items: createdBeforeStop } = await env.kube.dynamic.list({ gvr: CONFIGMAPS, namespace }, { labelSelector: selector });
  const instancesBefore = await env.kube.dynamic.list({ gvr, namespace });
  const activeBeforeStop = instancesBefore.items.filter((o) => statusOf(o).state === 'ACTIVE').length;

  // The second half while no controller runs.
  for (const name of names.slice(COUNT / 2)) await createInstance(env.kube, gvr, kind, namespace, name, { value: `v-${name}` });
  t.diagnostic(`at the stop: ${createdBeforeStop.length} ConfigMaps, ${activeBeforeStop} of ${COUNT / 2} instances ACTIVE`);
  // Half of the instances were never seen by the first controller; of the others some may be done.
  assert.ok(createdBeforeStop.length >= 3 && activeBeforeStop < COUNT, `stopped mid-way: ${createdBeforeStop.length} ConfigMaps, ${activeBeforeStop} ACTIVE`);

  await env.startController();
  const instances = await eventually(async () => {
    const { items } = await env.kube.dynamic.list({ gvr, namespace });
    const active = items.filter((o) => statusOf(o).state === 'ACTIVE');
    return active.length === COUNT ? items : undefined;
  }, { message: `all ${COUNT} instances ACTIVE`, timeoutMs: 120_000, intervalMs: 500 });

  const byName = new Map<string, KubeObject>(instances.map((i) => [i.metadata.name ?? '', i]));
  assert.deepEqual([...byName.keys()].sort(), names);
  const configs = (await env.kube.dynamic.list({ gvr: CONFIGMAPS, namespace }, { labelSelector: selector })).items;
  const secrets = (await env.kube.dynamic.list({ gvr: SECRETS, namespace }, { labelSelector: selector })).items;
  assert.equal(configs.length, COUNT, 'one ConfigMap per instance');
  assert.equal(secrets.length, COUNT, 'one Secret per instance');
  for (const [nodeId, children] of [['config', configs], ['secret', secrets]] as const) {
    const owners = new Set<string>();
    for (const child of children) {
      const owner = byName.get(child.metadata.labels?.['kro.run/instance-name'] ?? '');
      assert.ok(owner, `${child.metadata.name} belongs to an existing instance`);
      assert.deepEqual(child.metadata.labels, expectedChildLabels(owner, gvr, nodeId), `${child.metadata.name} labels`);
      assert.equal(child.metadata.name, `${owner.metadata.name}-${nodeId}`);
      owners.add(owner.metadata.name ?? '');
    }
    assert.equal(owners.size, COUNT, `every instance has exactly one ${nodeId}`);
  }
  for (const config of configs) assert.equal(dataOf(config).value, `v-${config.metadata.labels?.['kro.run/instance-name'] ?? ''}`);
  for (const instance of instances) {
    assert.deepEqual(instance.metadata.finalizers, ['kro.run/finalizer']);
    assert.equal(instance.metadata.annotations?.['applyset.kubernetes.io/contains-group-kinds'], 'ConfigMap,Secret', `${instance.metadata.name} inventory`);
  }
});
