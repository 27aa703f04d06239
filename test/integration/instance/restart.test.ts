// Restarting the controller in the middle of creating 50 instances (issue 7): the new process picks up where the
// old one stopped, from the cluster alone (finalizers, labels, ApplySet inventories). Every instance ends ACTIVE
// with exactly its two children, no duplicate and no orphan; deleting them all leaves nothing behind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONFIGMAPS,
  createInstance,
  createRgdAndWait,
  createTestNamespace,
  deleteObject,
  eventually,
  rgdObject,
  statusOf,
  uniqueKind,
  useManualController,
  waitServed,
} from './harness.js';

const env = useManualController('restart');
const { prefix } = env;
const COUNT = 50;

test(`restarting the controller while ${COUNT} instances are being created`, async (t) => {
  const namespace = await createTestNamespace('restart');
  const kind = uniqueKind('Many');
  const controller = await env.startController();
  const { gvr } = await createRgdAndWait(
    env.kube,
    rgdObject(`${prefix}-many`, kind, { value: 'string' }, [
      { id: 'a', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}-a' }, data: { v: '${schema.spec.value}' } } },
      { id: 'b', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}-b' }, data: { v: "${a.data.v + '-b'}" } } },
    ], { status: { b: '${b.data.v}' } }),
  );
  await waitServed(controller, gvr);
  const names = Array.from({ length: COUNT }, (_, i) => `inst-${i}`);
  const creating = Promise.all(names.map((name) => createInstance(env.kube, gvr, kind, namespace, name, { value: name })));
  const listInstances = async () => (await env.kube.dynamic.list({ gvr, namespace })).items;
  await eventually(async () => ((await listInstances()).filter((i) => statusOf(i).state === 'ACTIVE').length >= 5 ? true : undefined), {
    message: 'some instances ACTIVE before the restart',
  });
  await controller.stop();
  const activeAtStop = (await listInstances()).filter((i) => statusOf(i).state === 'ACTIVE').length;
  const created = await creating;

  await env.startController();
  const started = Date.now();
  await eventually(async () => {
    const items = await listInstances();
    return items.length === COUNT && items.every((i) => statusOf(i).state === 'ACTIVE' && statusOf(i).b === `${i.metadata.name}-b`) ? true : undefined;
  }, { message: `all ${COUNT} ACTIVE`, timeoutMs: 120_000, intervalMs: 250 });
  t.diagnostic(`${activeAtStop} of ${COUNT} ACTIVE when the first controller stopped; all ACTIVE ${Date.now() - started} ms after the restart`);

  const children = (await env.kube.dynamic.list({ gvr: CONFIGMAPS, namespace }, { labelSelector: `kro.run/instance-kind=${kind}` })).items;
  assert.equal(children.length, COUNT * 2, 'exactly two children per instance');
  const uids = new Map(created.map((i) => [i.metadata.name ?? '', i.metadata.uid ?? '']));
  for (const child of children) {
    const owner = child.metadata.labels?.['kro.run/instance-name'] ?? '';
    assert.equal(child.metadata.labels?.['kro.run/instance-id'], uids.get(owner), `${child.metadata.name} belongs to a live instance`);
    assert.ok(child.metadata.name === `${owner}-a` || child.metadata.name === `${owner}-b`);
  }

  await Promise.all(names.map((name) => deleteObject(env.kube, gvr, namespace, name)));
  await eventually(async () => ((await listInstances()).length === 0 ? true : undefined), { message: 'all instances deleted', timeoutMs: 60_000 });
  const left = (await env.kube.dynamic.list({ gvr: CONFIGMAPS, namespace }, { labelSelector: `kro.run/instance-kind=${kind}` })).items;
  assert.equal(left.length, 0, 'no orphaned child');
});
