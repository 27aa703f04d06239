// Scenario omit_test (spec section 5, 1.H H6; the test controller runs with the CELOmitFunction gate on): `omit()`
// removes the map key holding it (a ConfigMap data key), the key comes back when the value is set, and dropping it
// again removes it from the live object because server-side apply releases the field kro owned; an omitted array
// element disappears from a container's `command`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KubeClient } from '../../../src/kube/index.js';
import {
  CONFIGMAPS,
  createInstance,
  createRgdAndWait,
  createTestNamespace,
  deleteObject,
  rgdObject,
  startInstanceController,
  testClient,
  uniqueKind,
  uniqueName,
  waitGone,
  waitInstanceState,
  waitObject,
  type InstanceTestController,
} from '../instance/harness.js';
import { PODS, dataOf, patchSpec, specOf } from './helpers.js';

const prefix = uniqueName('omit');
let kube: KubeClient;
let controller: InstanceTestController;
let namespace: string;

before(async () => {
  kube = await testClient();
  controller = await startInstanceController(prefix);
  namespace = await createTestNamespace('omit');
});

after(async () => {
  await controller?.stop();
  await kube?.close();
});

test('omit() drops a ConfigMap data key; it comes back when set and is released when omitted again', async () => {
  const kind = uniqueKind('TestOmit');
  const { gvr } = await createRgdAndWait(
    kube,
    rgdObject(`${prefix}-map`, kind, { name: 'string', optional: 'string | default=""' }, [
      {
        id: 'configmap',
        template: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: '${schema.spec.name}' },
          data: { always: 'present', optional: '${schema.spec.optional != "" ? schema.spec.optional : omit()}' },
        },
      },
    ]),
  );

  const omitted = uniqueName('omit-yes');
  await createInstance(kube, gvr, kind, namespace, omitted, { name: omitted, optional: '' });
  await waitInstanceState(kube, gvr, namespace, omitted, 'ACTIVE');
  const cm1 = await waitObject(kube, CONFIGMAPS, namespace, omitted, () => true, 'cm');
  assert.deepEqual(dataOf(cm1), { always: 'present' });

  await patchSpec(kube, gvr, namespace, omitted, { optional: 'now-present' });
  await waitObject(kube, CONFIGMAPS, namespace, omitted, (o) => dataOf(o).optional === 'now-present' && dataOf(o).always === 'present', 'optional set');

  // The SSA edge case: kro owned the field, omit() drops it from the apply, so the server removes it.
  await patchSpec(kube, gvr, namespace, omitted, { optional: '' });
  const released = await waitObject(kube, CONFIGMAPS, namespace, omitted, (o) => !('optional' in dataOf(o)), 'optional omitted again');
  assert.deepEqual(dataOf(released), { always: 'present' });

  const kept = uniqueName('omit-no');
  await createInstance(kube, gvr, kind, namespace, kept, { name: kept, optional: 'my-value' });
  await waitInstanceState(kube, gvr, namespace, kept, 'ACTIVE');
  const cm2 = await waitObject(kube, CONFIGMAPS, namespace, kept, () => true, 'cm');
  assert.deepEqual(dataOf(cm2), { always: 'present', optional: 'my-value' });

  for (const name of [omitted, kept]) await deleteObject(kube, gvr, namespace, name);
  for (const name of [omitted, kept]) await waitGone(kube, gvr, namespace, name);
});

test('omit() removes an array element', async () => {
  const kind = uniqueKind('TestOmitArray');
  const { gvr } = await createRgdAndWait(
    kube,
    rgdObject(`${prefix}-array`, kind, { name: 'string', optionalArg: 'string | default=""' }, [
      {
        id: 'pod',
        template: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: '${schema.spec.name}' },
          spec: { containers: [{ name: 'main', image: 'busybox', command: ['echo', '${schema.spec.optionalArg != "" ? schema.spec.optionalArg : omit()}'] }] },
        },
      },
    ]),
  );
  const commandOf = (pod: Parameters<typeof specOf>[0]) => (specOf(pod).containers as { command: string[] }[] | undefined)?.[0]?.command;

  const omitted = uniqueName('omit-arr-yes');
  await createInstance(kube, gvr, kind, namespace, omitted, { name: omitted, optionalArg: '' });
  await waitInstanceState(kube, gvr, namespace, omitted, 'ACTIVE');
  assert.deepEqual(commandOf(await waitObject(kube, PODS, namespace, omitted, () => true, 'pod')), ['echo']);

  const kept = uniqueName('omit-arr-no');
  await createInstance(kube, gvr, kind, namespace, kept, { name: kept, optionalArg: 'hello' });
  await waitInstanceState(kube, gvr, namespace, kept, 'ACTIVE');
  assert.deepEqual(commandOf(await waitObject(kube, PODS, namespace, kept, () => true, 'pod')), ['echo', 'hello']);

  for (const name of [omitted, kept]) await deleteObject(kube, gvr, namespace, name);
  for (const name of [omitted, kept]) await waitGone(kube, gvr, namespace, name);
});
