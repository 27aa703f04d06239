// Scenario collection_behavior_test (spec section 5; 1.H H3, behavior 31): the configured collection size cap is
// the one enforced (34 x 34 = 1156 items against upstream's test setting of 1000: nothing is created, the
// conditions name the limit, the instance is not ACTIVE; a controller configured lower enforces its own value),
// and drift is corrected on collection items in every namespace the collection spans.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GroupVersionResource, JsonObject } from '../../../src/api/index.js';
import {
  CONFIGMAPS,
  conditionOf,
  createActiveInstance,
  createInstance,
  createRgdAndWait,
  createTestNamespace,
  kubectlOk,
  rgdObject,
  statusOf,
  uniqueKind,
  waitInstanceState,
  waitObject,
} from '../instance/harness.js';
import { conditionsText, consistently, dataOf, kubectlNames, useScenario, waitAll } from './helpers.js';

const LOW_CAP = 50;
const env = useScenario('collb');
const { prefix } = env;
const lowCap = useScenario('collcap', { options: { rgdMaxCollectionSize: LOW_CAP } });
const lowCapPrefix = lowCap.prefix;

/** An RGD with one ConfigMap per (i, j) of range(n) x range(m). */
function productRgd(name: string, kind: string, n: number, m: number) {
  return rgdObject(name, kind, { name: 'string' }, [
    {
      id: 'configmaps',
      template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.name}-${string(i)}-${string(j)}' } },
      forEach: [{ i: `\${lists.range(${n})}` }, { j: `\${lists.range(${m})}` }],
    },
  ]);
}

/** Waits until a condition message names the cap; asserts nothing was created and the instance is not ACTIVE. */
async function expectCapHit(gvr: GroupVersionResource, namespace: string, name: string, cap: number): Promise<void> {
  const capped = await waitObject(
    env.kube,
    gvr,
    namespace,
    name,
    (o) => conditionsText(o).includes(`over the maximum collection size of ${cap}`),
    `conditions naming the limit of ${cap}`,
  );
  assert.match(conditionOf(capped, 'ResourcesReady')?.message ?? '', new RegExp(`collection size of \\d+ is over the maximum collection size of ${cap}`));
  assert.equal(statusOf(capped).state, 'ERROR', 'a collection over the cap must not report ACTIVE');
  await consistently(async () => {
    assert.deepEqual(await kubectlNames('configmaps', namespace, `kro.run/instance-name=${name}`), [], 'nothing is created');
  }, 2_000);
}

describe('collection behavior', { concurrency: true }, () => {
  test('enforces the configured collection size limit (34 x 34 over 1000)', async () => {
    const namespace = await createTestNamespace('collb');
    const kind = uniqueKind('TestCollectionCap');
    const { gvr } = await createRgdAndWait(env.kube, productRgd(`${prefix}-cap`, kind, 34, 34));
    await createInstance(env.kube, gvr, kind, namespace, 'collection-cap', { name: 'collection-cap' });
    await expectCapHit(gvr, namespace, 'collection-cap', 1000);
  });

  test('a controller configured with a lower cap enforces its own value', async () => {
    const namespace = await createTestNamespace('collb');
    const capped = uniqueKind('TestCollectionLowCap');
    const fits = uniqueKind('TestCollectionFits');
    const [over, under] = await Promise.all([
      createRgdAndWait(env.kube, productRgd(`${lowCapPrefix}-over`, capped, 7, 8)),
      createRgdAndWait(env.kube, productRgd(`${lowCapPrefix}-under`, fits, 7, 7)),
    ]);
    await createInstance(env.kube, over.gvr, capped, namespace, 'over', { name: 'over' });
    await createInstance(env.kube, under.gvr, fits, namespace, 'under', { name: 'under' });
    await expectCapHit(over.gvr, namespace, 'over', LOW_CAP);
    await waitInstanceState(env.kube, under.gvr, namespace, 'under', 'ACTIVE');
    assert.equal((await kubectlNames('configmaps', namespace, 'kro.run/instance-name=under')).length, 49, '7 x 7 fits under the cap');
  });

  test('drift is corrected on collection items in every namespace the collection spans', async () => {
    const [namespace, altNamespace] = await Promise.all([createTestNamespace('collb'), createTestNamespace('collb-alt')]);
    const kind = uniqueKind('TestCollectionMultiNsDrift');
    const template: JsonObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: '${schema.spec.name}-item-${string(i)}', namespace: '${i == 0 ? schema.spec.ns1 : schema.spec.ns2}' },
      data: { managed: 'expected' },
    };
    const { gvr } = await createRgdAndWait(env.kube, rgdObject(`${prefix}-multi-ns-drift`, kind, { name: 'string', ns1: 'string', ns2: 'string' }, [{ id: 'configmaps', template, forEach: [{ i: '${lists.range(2)}' }] }]));
    const name = 'multi-ns-drift';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name, ns1: namespace, ns2: altNamespace });
    const items: [string, string][] = [
      [namespace, `${name}-item-0`],
      [altNamespace, `${name}-item-1`],
    ];
    for (const [ns, cm] of items) assert.equal(dataOf((await waitAll(env.kube, CONFIGMAPS, ns, [cm]))[0]).managed, 'expected');

    // Tamper with each item in turn: the namespace an item lives in must not decide whether kro notices.
    for (const [ns, cm] of items) {
      await kubectlOk(['-n', ns, 'patch', 'configmap', cm, '--type=merge', '-p', '{"data":{"managed":"tampered"}}']);
      await waitObject(env.kube, CONFIGMAPS, ns, cm, (o) => dataOf(o).managed === 'expected', `drift on ${ns}/${cm} corrected`, 15_000);
    }
  });
});
