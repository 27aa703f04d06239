// Scenario collection_watch_test (spec section 5; 1.N N3): every collection item is watched, not only the last
// one, so editing the FIRST item is undone within ~3 s by a watch-driven reconcile; after the collection shrinks, an
// unlabeled object created with an old item's name matches no watch and is not touched. The controller here runs
// with a 60 s requeue interval so that no timer can do the watch's work within the test's windows.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GroupVersionResource } from '../../../src/api/index.js';
import {
  CONFIGMAPS,
  createActiveInstance,
  createRgdAndWait,
  createTestNamespace,
  deleteObject,
  eventually,
  getObject,
  kubectlOk,
  rgdObject,
  uniqueKind,
  waitGone,
  waitInstanceState,
  waitObject,
} from '../instance/harness.js';
import { consistently, createConfigMap, dataOf, patchSpec, useScenario, waitAll } from './helpers.js';

const env = useScenario('collw', { options: { instanceRequeueIntervalMs: 60_000 } });
const { prefix } = env;

function collectionRgd(name: string, kind: string) {
  return rgdObject(name, kind, { name: 'string', values: '[]string' }, [
    {
      id: 'configmaps',
      template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.name}-${value}' }, data: { key: '${value}' } },
      forEach: [{ value: '${schema.spec.values}' }],
    },
  ]);
}

/** Waits until the instance has not been reconciled for `quietMs`; returns its reconcile count. */
function settledReconciles(gvr: GroupVersionResource, namespace: string, name: string, quietMs = 1_500): Promise<number> {
  let last = -1;
  let since = Date.now();
  return eventually(() => {
    const now = env.controller.stats(gvr, namespace, name)?.reconciles ?? 0;
    if (now !== last) {
      last = now;
      since = Date.now();
      return undefined;
    }
    return Date.now() - since >= quietMs ? now : undefined;
  }, { message: `${namespace}/${name} settled`, timeoutMs: 30_000, intervalMs: 100 });
}

describe('collection watches', { concurrency: true }, () => {
  test('editing the first (not the last) item is undone by a watch-driven reconcile within 3 s', async () => {
    const namespace = await createTestNamespace('collw');
    const kind = uniqueKind('CollWatchTest');
    const { gvr } = await createRgdAndWait(env.kube, collectionRgd(`${prefix}-watch`, kind));
    const name = 'test-coll-watch';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name, values: ['alpha', 'beta', 'gamma'] });
    const items = await waitAll(env.kube, CONFIGMAPS, namespace, ['alpha', 'beta', 'gamma'].map((v) => `${name}-${v}`));
    assert.deepEqual(items.map((i) => dataOf(i).key), ['alpha', 'beta', 'gamma']);
    const baseline = await settledReconciles(gvr, namespace, name);

    await kubectlOk(['-n', namespace, 'patch', 'configmap', `${name}-alpha`, '--type=merge', '-p', '{"data":{"key":"tampered"}}']);
    await waitObject(env.kube, CONFIGMAPS, namespace, `${name}-alpha`, (o) => dataOf(o).key === 'alpha', 'the first item corrected through its watch', 3_000);
    assert.ok((env.controller.stats(gvr, namespace, name)?.reconciles ?? 0) > baseline, 'a reconcile ran for the edit');
  });

  test('after shrinking, an unlabeled object with an old item name triggers nothing and is not touched', async () => {
    const namespace = await createTestNamespace('collw');
    const kind = uniqueKind('CollShrinkTest');
    const { gvr } = await createRgdAndWait(env.kube, collectionRgd(`${prefix}-shrink`, kind));
    const name = 'test-coll-shrink';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name, values: ['alpha', 'beta', 'gamma'] });
    await waitAll(env.kube, CONFIGMAPS, namespace, ['alpha', 'beta', 'gamma'].map((v) => `${name}-${v}`));

    await patchSpec(env.kube, gvr, namespace, name, { values: ['alpha', 'beta'] });
    await waitGone(env.kube, CONFIGMAPS, namespace, `${name}-gamma`);
    await waitInstanceState(env.kube, gvr, namespace, name, 'ACTIVE');
    const baseline = await settledReconciles(gvr, namespace, name);

    // gamma's old name, without kro's labels: the collection watch selects by instance-id + node-id labels.
    await createConfigMap(env.kube, namespace, `${name}-gamma`, { key: 'external-data' });
    await consistently(async () => {
      const cm = await getObject(env.kube, CONFIGMAPS, namespace, `${name}-gamma`);
      assert.equal(dataOf(cm).key, 'external-data', 'the external object is untouched');
      assert.equal(cm?.metadata.labels, undefined, 'and not adopted');
      assert.equal(env.controller.stats(gvr, namespace, name)?.reconciles, baseline, 'no watch routed the external object to the instance');
    }, 4_000, 500);
    await deleteObject(env.kube, CONFIGMAPS, namespace, `${name}-gamma`);
  });
});
