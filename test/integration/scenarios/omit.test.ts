// Scenario omit_test (spec section 5, 1.H H6; the test controller runs with the CELOmitFunction gate on): `omit()`
// removes the map key holding it (a ConfigMap data key), the key comes back when the value is set, and dropping it
// again removes it from the live object because server-side apply releases the field kro owned; an omitted array
// element disappears from a container's `command`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONFIGMAPS,
  createActiveInstance,
  deleteObject,
  uniqueName,
  waitGone,
  waitObject,
} from '../instance/harness.js';
import { PODS, configMapTemplate, dataOf, patchSpec, specOf, useScenario } from './helpers.js';

const env = useScenario('omit', { sharedNamespace: true });

test('omit() drops a ConfigMap data key; it comes back when set and is released when omitted again', async () => {
  const { gvr, kind } = await env.createActiveRgd('map', 'TestOmit', { name: 'string', optional: 'string | default=""' }, [
    { id: 'configmap', template: configMapTemplate('${schema.spec.name}', { always: 'present', optional: '${schema.spec.optional != "" ? schema.spec.optional : omit()}' }) },
  ]);

  const omitted = uniqueName('omit-yes');
  await createActiveInstance(env.kube, gvr, kind, env.namespace, omitted, { name: omitted, optional: '' });
  const cm1 = await waitObject(env.kube, CONFIGMAPS, env.namespace, omitted, () => true, 'cm');
  assert.deepEqual(dataOf(cm1), { always: 'present' });

  await patchSpec(env.kube, gvr, env.namespace, omitted, { optional: 'now-present' });
  await waitObject(env.kube, CONFIGMAPS, env.namespace, omitted, (o) => dataOf(o).optional === 'now-present' && dataOf(o).always === 'present', 'optional set');

  // The SSA edge case: kro owned the field, omit() drops it from the apply, so the server removes it.
  await patchSpec(env.kube, gvr, env.namespace, omitted, { optional: '' });
  const released = await waitObject(env.kube, CONFIGMAPS, env.namespace, omitted, (o) => !('optional' in dataOf(o)), 'optional omitted again');
  assert.deepEqual(dataOf(released), { always: 'present' });

  const kept = uniqueName('omit-no');
  await createActiveInstance(env.kube, gvr, kind, env.namespace, kept, { name: kept, optional: 'my-value' });
  const cm2 = await waitObject(env.kube, CONFIGMAPS, env.namespace, kept, () => true, 'cm');
  assert.deepEqual(dataOf(cm2), { always: 'present', optional: 'my-value' });

  for (const name of [omitted, kept]) await deleteObject(env.kube, gvr, env.namespace, name);
  for (const name of [omitted, kept]) await waitGone(env.kube, gvr, env.namespace, name);
});

test('omit() removes an array element', async () => {
  const { gvr, kind } = await env.createActiveRgd('array', 'TestOmitArray', { name: 'string', optionalArg: 'string | default=""' }, [
    {
      id: 'pod',
      template: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: '${schema.spec.name}' },
        spec: { containers: [{ name: 'main', image: 'busybox', command: ['echo', '${schema.spec.optionalArg != "" ? schema.spec.optionalArg : omit()}'] }] },
      },
    },
  ]);
  const commandOf = (pod: Parameters<typeof specOf>[0]) => (specOf(pod).containers as { command: string[] }[] | undefined)?.[0]?.command;

  const omitted = uniqueName('omit-arr-yes');
  await createActiveInstance(env.kube, gvr, kind, env.namespace, omitted, { name: omitted, optionalArg: '' });
  assert.deepEqual(commandOf(await waitObject(env.kube, PODS, env.namespace, omitted, () => true, 'pod')), ['echo']);

  const kept = uniqueName('omit-arr-no');
  await createActiveInstance(env.kube, gvr, kind, env.namespace, kept, { name: kept, optionalArg: 'hello' });
  assert.deepEqual(commandOf(await waitObject(env.kube, PODS, env.namespace, kept, () => true, 'pod')), ['echo', 'hello']);

  for (const name of [omitted, kept]) await deleteObject(env.kube, gvr, env.namespace, name);
  for (const name of [omitted, kept]) await waitGone(env.kube, gvr, env.namespace, name);
});
