// Scenario collection_test (spec section 5; 1.H H2/H3/H7, behaviors 5, 31, 60): forEach creates one object per
// item (a cartesian product with two iterators); includeWhen on a collection is all-or-nothing and flips both
// ways; collections depend on resources, on expressions reading resources, and on other collections; an empty list
// is ACTIVE and a dependent sees it as []; a deep chain scales up and down with dependents and status following;
// readyWhen with `each` must hold for every item before dependents are created or the instance is ACTIVE;
// deleting the instance deletes every item (in every namespace); drift on an item is undone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GroupVersionResource, JsonObject, KubeObject } from '../../../src/api/index.js';
import {
  CONFIGMAPS,
  createActiveInstance,
  createInstance,
  createRgdAndWait,
  createTestNamespace,
  deleteObject,
  getObject,
  kubectlOk,
  rgdObject,
  statusOf,
  uniqueKind,
  waitGone,
  waitInstanceState,
  waitObject,
} from '../instance/harness.js';
import {
  PODS,
  configMapTemplate as configMap,
  consistently,
  dataOf,
  kubectlNames,
  patchSpec,
  setPodRunning,
  specOf,
  staysAbsent,
  useScenario,
  waitAll,
} from './helpers.js';

const env = useScenario('coll');
const { prefix } = env;


function pod(name: string, command: string[]): JsonObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { restartPolicy: 'Never', containers: [{ name: 'worker', image: 'busybox:latest', command }] } };
}

/** Creates the RGD (named `${prefix}-${suffix}`) and a namespace; returns the instance GVR, kind and namespace. */
async function setup(suffix: string, kindPrefix: string, spec: JsonObject, resources: JsonObject[], extra: JsonObject = {}): Promise<{ gvr: GroupVersionResource; kind: string; namespace: string }> {
  const kind = uniqueKind(kindPrefix);
  const [{ gvr }, namespace] = await Promise.all([createRgdAndWait(env.kube, rgdObject(`${prefix}-${suffix}`, kind, spec, resources, extra)), createTestNamespace('coll')]);
  return { gvr, kind, namespace };
}

async function deleteInstance(gvr: GroupVersionResource, namespace: string, name: string): Promise<void> {
  await deleteObject(env.kube, gvr, namespace, name);
  await waitGone(env.kube, gvr, namespace, name);
}

const valuesCollection = (id: string, data: JsonObject = { key: '${value}' }, extra: JsonObject = {}): JsonObject => ({
  id,
  template: configMap('${schema.spec.name}-${value}', data),
  forEach: [{ value: '${schema.spec.values}' }],
  ...extra,
});

describe('forEach collections', { concurrency: true }, () => {
  test('a forEach creates one ConfigMap per value', async () => {
    const { gvr, kind, namespace } = await setup('multi', 'MultiConfigMap', { name: 'string', values: '[]string' }, [valuesCollection('configmaps')]);
    const name = 'test-multi-cm';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name, values: ['alpha', 'beta', 'gamma'] });
    const items = await waitAll(env.kube, CONFIGMAPS, namespace, ['alpha', 'beta', 'gamma'].map((v) => `${name}-${v}`));
    assert.deepEqual(items.map((i) => dataOf(i).key), ['alpha', 'beta', 'gamma']);
    // What users see: the items by their kro labels.
    assert.deepEqual(await kubectlNames('configmaps', namespace, `kro.run/instance-name=${name},kro.run/node-id=configmaps`), ['alpha', 'beta', 'gamma'].map((v) => `${name}-${v}`));
    await deleteInstance(gvr, namespace, name);
  });

  test('two iterators make a cartesian product (the first dimension is the outer loop)', async () => {
    const { gvr, kind, namespace } = await setup('cartesian', 'CartesianConfigMaps', { name: 'string', regions: '[]string', tiers: '[]string' }, [
      {
        id: 'configmaps',
        template: configMap('${schema.spec.name}-${region}-${tier}', { region: '${region}', tier: '${tier}' }),
        forEach: [{ region: '${schema.spec.regions}' }, { tier: '${schema.spec.tiers}' }],
      },
    ]);
    const name = 'test-cartesian';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name, regions: ['us', 'eu'], tiers: ['web', 'api'] });
    const combos = [['us', 'web'], ['us', 'api'], ['eu', 'web'], ['eu', 'api']] as const;
    const items = await waitAll(env.kube, CONFIGMAPS, namespace, combos.map(([r, t]) => `${name}-${r}-${t}`));
    items.forEach((item, i) => {
      assert.deepEqual(dataOf(item), { region: combos[i]![0], tier: combos[i]![1] });
      assert.equal(item.metadata.labels?.['kro.run/collection-index'], String(i), 'index follows the product order');
      assert.equal(item.metadata.labels?.['kro.run/collection-size'], '4');
    });
    await deleteInstance(gvr, namespace, name);
  });

  test('an includeWhen false on a collection creates none of its items', async () => {
    const { gvr, kind, namespace } = await setup('conditional', 'ConditionalCollection', { name: 'string', values: '[]string', enabled: 'boolean' }, [
      valuesCollection('configmaps', undefined, { includeWhen: ['${schema.spec.enabled}'] }),
    ]);
    const name = 'test-disabled';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name, values: ['alpha', 'beta'], enabled: false });
    await staysAbsent(env.kube, CONFIGMAPS, namespace, [`${name}-alpha`, `${name}-beta`], 3_000, 'excluded by includeWhen');
    await deleteInstance(gvr, namespace, name);
  });

  test('toggling a collection includeWhen creates and then deletes all items', async () => {
    const { gvr, kind, namespace } = await setup('toggle', 'ToggleCollection', { name: 'string', values: '[]string', enabled: 'boolean' }, [
      valuesCollection('configs', undefined, { includeWhen: ['${schema.spec.enabled}'] }),
    ]);
    const name = 'test-toggle';
    const names = [`${name}-alpha`, `${name}-beta`];
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name, values: ['alpha', 'beta'], enabled: false });
    await staysAbsent(env.kube, CONFIGMAPS, namespace, names, 2_000, 'while disabled');

    await patchSpec(env.kube, gvr, namespace, name, { enabled: true });
    const items = await waitAll(env.kube, CONFIGMAPS, namespace, names);
    assert.deepEqual(items.map((i) => dataOf(i).key), ['alpha', 'beta']);

    await patchSpec(env.kube, gvr, namespace, name, { enabled: false });
    for (const n of names) await waitGone(env.kube, CONFIGMAPS, namespace, n);
    await waitInstanceState(env.kube, gvr, namespace, name, 'ACTIVE');
    await deleteInstance(gvr, namespace, name);
  });

  test('a collection depends on a regular resource', async () => {
    const { gvr, kind, namespace } = await setup('dependency', 'CollectionWithDependency', { name: 'string', values: '[]string' }, [
      { id: 'baseConfig', template: configMap('${schema.spec.name}-base', { version: 'v1.0.0' }) },
      valuesCollection('configs', { key: '${value}', version: '${baseConfig.data.version}' }),
    ]);
    const name = 'test-dep';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name, values: ['one', 'two'] });
    assert.equal(dataOf(await getObject(env.kube, CONFIGMAPS, namespace, `${name}-base`)).version, 'v1.0.0');
    const items = await waitAll(env.kube, CONFIGMAPS, namespace, [`${name}-one`, `${name}-two`]);
    assert.deepEqual(items.map(dataOf), [{ key: 'one', version: 'v1.0.0' }, { key: 'two', version: 'v1.0.0' }]);
    await deleteInstance(gvr, namespace, name);
  });

  test('a forEach expression reading another resource', async () => {
    const { gvr, kind, namespace } = await setup('chaining', 'CollectionChaining', { name: 'string', values: '[]string' }, [
      { id: 'baseConfig', template: configMap('${schema.spec.name}-base', { enabled: 'true', prefix: 'chained' }) },
      {
        id: 'chainedConfigs',
        template: configMap('${schema.spec.name}-${val}', { key: '${val}', prefix: '${baseConfig.data.prefix}' }),
        forEach: [{ val: '${has(baseConfig.data.enabled) ? schema.spec.values : []}' }],
      },
    ]);
    const name = 'test-chaining';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name, values: ['one', 'two'] });
    assert.deepEqual(dataOf(await getObject(env.kube, CONFIGMAPS, namespace, `${name}-base`)), { enabled: 'true', prefix: 'chained' });
    const items = await waitAll(env.kube, CONFIGMAPS, namespace, [`${name}-one`, `${name}-two`]);
    assert.deepEqual(items.map(dataOf), [{ key: 'one', prefix: 'chained' }, { key: 'two', prefix: 'chained' }]);
    await deleteInstance(gvr, namespace, name);
  });

  test('a collection iterates over another collection', async () => {
    const { gvr, kind, namespace } = await setup('c2c', 'CollectionToCollection', { name: 'string', values: '[]string' }, [
      { id: 'firstConfigs', template: configMap('${schema.spec.name}-first-${val}', { key: '${val}', source: 'first-collection' }), forEach: [{ val: '${schema.spec.values}' }] },
      {
        id: 'secondConfigs',
        template: configMap('${schema.spec.name}-second-${config.data.key}', { originalKey: '${config.data.key}', originalSource: '${config.data.source}', source: 'second-collection' }),
        forEach: [{ config: '${firstConfigs}' }],
      },
    ]);
    const name = 'test-c2c';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name, values: ['alpha', 'beta'] });
    const first = await waitAll(env.kube, CONFIGMAPS, namespace, [`${name}-first-alpha`, `${name}-first-beta`]);
    assert.deepEqual(first.map(dataOf), [{ key: 'alpha', source: 'first-collection' }, { key: 'beta', source: 'first-collection' }]);
    const second = await waitAll(env.kube, CONFIGMAPS, namespace, [`${name}-second-alpha`, `${name}-second-beta`]);
    assert.deepEqual(second.map(dataOf), [
      { originalKey: 'alpha', originalSource: 'first-collection', source: 'second-collection' },
      { originalKey: 'beta', originalSource: 'first-collection', source: 'second-collection' },
    ]);
    await deleteInstance(gvr, namespace, name);
  });

  test('an empty list is ACTIVE with no items', async () => {
    const { gvr, kind, namespace } = await setup('empty', 'EmptyCollection', { name: 'string', values: '[]string' }, [valuesCollection('configmaps')]);
    const name = 'test-empty';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name, values: [] });
    assert.deepEqual(await kubectlNames('configmaps', namespace, `kro.run/instance-name=${name}`), []);
    await deleteInstance(gvr, namespace, name);
  });

  test('a deep chain scales up and down; dependents and status follow', async () => {
    const { gvr, kind, namespace } = await setup(
      'deep',
      'DeepChain',
      { name: 'string', items: '[]string', prefix: 'string' },
      [
        { id: 'baseConfig', template: configMap('${schema.spec.name}-base', { prefix: '${schema.spec.prefix}', itemCount: '${string(size(schema.spec.items))}' }) },
        { id: 'level1Configs', template: configMap('${schema.spec.name}-l1-${entry}', { entry: '${entry}', prefix: '${baseConfig.data.prefix}', level: '1' }), forEach: [{ entry: '${schema.spec.items}' }] },
        {
          id: 'level2Configs',
          template: configMap('${schema.spec.name}-l2-${l1.data.entry}', { sourceEntry: '${l1.data.entry}', sourcePrefix: '${l1.data.prefix}', level: '2' }),
          forEach: [{ l1: '${level1Configs}' }],
        },
        { id: 'summaryConfig', template: configMap('${schema.spec.name}-summary', { level1Count: '${string(size(level1Configs))}', level2Count: '${string(size(level2Configs))}' }) },
        // upstream puts the count into the container command (`echo ${summaryConfig.data.level2Count} items`), but a
        // Pod's command is immutable: once the count changes, every existing pod's update is rejected (state ERROR,
        // and per K4 no pruning while an apply failed, so a scale-down could never complete). The count goes into a
        // (mutable) annotation instead: the chain and what it asserts are the same.
        {
          id: 'finalPods',
          template: {
            ...pod('${schema.spec.name}-pod-${l2.data.sourceEntry}', ['sh', '-c', 'sleep 3600']),
            metadata: { name: '${schema.spec.name}-pod-${l2.data.sourceEntry}', annotations: { items: '${summaryConfig.data.level2Count}' } },
          },
          forEach: [{ l2: '${level2Configs}' }],
        },
      ],
      { status: { level1Count: '${string(size(level1Configs))}', level2Count: '${string(size(level2Configs))}', podCount: '${string(size(finalPods))}' } },
    );
    const name = 'test-deep';
    const counts = (n: string) => (o: KubeObject) => {
      const s = statusOf(o);
      return s.state === 'ACTIVE' && s.level1Count === n && s.level2Count === n && s.podCount === n;
    };
    await createInstance(env.kube, gvr, kind, namespace, name, { name, items: ['a', 'b'], prefix: 'test' });
    await waitObject(env.kube, gvr, namespace, name, counts('2'), 'ACTIVE with 2/2/2', 60_000);
    assert.deepEqual(dataOf(await getObject(env.kube, CONFIGMAPS, namespace, `${name}-base`)), { prefix: 'test', itemCount: '2' });
    const l1 = await waitAll(env.kube, CONFIGMAPS, namespace, [`${name}-l1-a`, `${name}-l1-b`]);
    assert.deepEqual(l1.map(dataOf), [{ entry: 'a', prefix: 'test', level: '1' }, { entry: 'b', prefix: 'test', level: '1' }]);
    const l2 = await waitAll(env.kube, CONFIGMAPS, namespace, [`${name}-l2-a`, `${name}-l2-b`]);
    assert.deepEqual(l2.map(dataOf), [{ sourceEntry: 'a', sourcePrefix: 'test', level: '2' }, { sourceEntry: 'b', sourcePrefix: 'test', level: '2' }]);
    assert.deepEqual(dataOf(await getObject(env.kube, CONFIGMAPS, namespace, `${name}-summary`)), { level1Count: '2', level2Count: '2' });
    const pods = await waitAll(env.kube, PODS, namespace, [`${name}-pod-a`, `${name}-pod-b`]);
    for (const p of pods) {
      assert.equal((specOf(p).containers as { name: string }[])[0]?.name, 'worker');
      assert.equal(p.metadata.annotations?.items, '2');
    }

    // Scale up.
    await patchSpec(env.kube, gvr, namespace, name, { items: ['a', 'b', 'c'] });
    await waitObject(env.kube, CONFIGMAPS, namespace, `${name}-l1-c`, (o) => dataOf(o).entry === 'c', 'l1-c');
    await waitObject(env.kube, CONFIGMAPS, namespace, `${name}-l2-c`, (o) => dataOf(o).sourceEntry === 'c', 'l2-c');
    await waitObject(env.kube, CONFIGMAPS, namespace, `${name}-summary`, (o) => dataOf(o).level1Count === '3' && dataOf(o).level2Count === '3', 'summary 3/3');
    for (const item of ['a', 'b', 'c']) await waitObject(env.kube, PODS, namespace, `${name}-pod-${item}`, (o) => o.metadata.annotations?.items === '3', `pod-${item} sees 3`);
    await waitObject(env.kube, gvr, namespace, name, counts('3'), 'status 3/3/3');

    // Scale down: b leaves every level.
    await patchSpec(env.kube, gvr, namespace, name, { items: ['a', 'c'] });
    await waitGone(env.kube, CONFIGMAPS, namespace, `${name}-l1-b`);
    await waitGone(env.kube, CONFIGMAPS, namespace, `${name}-l2-b`);
    await waitGone(env.kube, PODS, namespace, `${name}-pod-b`);
    await waitObject(env.kube, CONFIGMAPS, namespace, `${name}-summary`, (o) => dataOf(o).level1Count === '2' && dataOf(o).level2Count === '2', 'summary 2/2');
    await waitAll(env.kube, CONFIGMAPS, namespace, [`${name}-l1-a`, `${name}-l1-c`]);
    for (const item of ['a', 'c']) await waitObject(env.kube, PODS, namespace, `${name}-pod-${item}`, (o) => o.metadata.annotations?.items === '2', `pod-${item} sees 2`);
    await waitObject(env.kube, gvr, namespace, name, counts('2'), 'status 2/2/2');
    await deleteInstance(gvr, namespace, name);
  });

  test('readyWhen with each blocks dependents until every item is ready', async () => {
    const { gvr, kind, namespace } = await setup('dag-blocking', 'WorkerCluster', { name: 'string', workers: '[]string' }, [
      {
        id: 'workerPods',
        template: pod('${schema.spec.name}-worker-${worker}', ['sh', '-c', 'sleep 3600']),
        forEach: [{ worker: '${schema.spec.workers}' }],
        readyWhen: ["${each.status.phase == 'Running'}"],
      },
      {
        id: 'coordinator',
        template: configMap('${schema.spec.name}-coordinator', {
          workerCount: '${string(size(workerPods))}',
          firstWorker: '${workerPods[0].metadata.name}',
          allWorkerIPs: "${workerPods.map(w, has(w.status.podIP) ? w.status.podIP : 'pending').join(',')}",
        }),
      },
    ]);
    const name = 'test-dag';
    const workers = ['alpha', 'beta', 'gamma'];
    await createInstance(env.kube, gvr, kind, namespace, name, { name, workers });
    await waitAll(env.kube, PODS, namespace, workers.map((w) => `${name}-worker-${w}`));
    await waitInstanceState(env.kube, gvr, namespace, name, 'IN_PROGRESS');
    await staysAbsent(env.kube, CONFIGMAPS, namespace, [`${name}-coordinator`], 2_000, 'while no worker runs');

    await setPodRunning(env.kube, namespace, `${name}-worker-alpha`, '10.0.0.5');
    await setPodRunning(env.kube, namespace, `${name}-worker-beta`, '10.0.0.4');
    await staysAbsent(env.kube, CONFIGMAPS, namespace, [`${name}-coordinator`], 2_000, 'until ALL workers run');
    assert.equal(statusOf((await getObject(env.kube, gvr, namespace, name))!).state, 'IN_PROGRESS');

    await setPodRunning(env.kube, namespace, `${name}-worker-gamma`, '10.0.0.99');
    const coordinator = await waitObject(env.kube, CONFIGMAPS, namespace, `${name}-coordinator`, (o) => dataOf(o).workerCount === '3', 'coordinator created');
    assert.equal(dataOf(coordinator).firstWorker, `${name}-worker-alpha`);
    assert.equal(dataOf(coordinator).allWorkerIPs, '10.0.0.5,10.0.0.4,10.0.0.99', 'items in desired order');
    await waitInstanceState(env.kube, gvr, namespace, name, 'ACTIVE');
    await deleteInstance(gvr, namespace, name);
  });

  test('readyWhen with each is evaluated per item', async () => {
    const { gvr, kind, namespace } = await setup('readywhen', 'ReadyWhenCollection', { name: 'string', values: '[]string' }, [
      valuesCollection('configs', { key: '${value}', ready: 'true' }, { readyWhen: ["${each.data.ready == 'true'}"] }),
    ]);
    const name = 'test-ready';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name, values: ['one', 'two', 'three'] });
    const items = await waitAll(env.kube, CONFIGMAPS, namespace, ['one', 'two', 'three'].map((v) => `${name}-${v}`));
    assert.deepEqual(items.map(dataOf), ['one', 'two', 'three'].map((key) => ({ key, ready: 'true' })));
    await deleteInstance(gvr, namespace, name);
  });

  test('a collection without readyWhen is ready once all items exist', async () => {
    const { gvr, kind, namespace } = await setup('no-readywhen', 'NoReadyWhenCollection', { name: 'string', values: '[]string' }, [valuesCollection('configs')]);
    const name = 'test-no-ready';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name, values: ['a', 'b', 'c'] });
    const items = await waitAll(env.kube, CONFIGMAPS, namespace, ['a', 'b', 'c'].map((v) => `${name}-${v}`));
    assert.deepEqual(items.map((i) => dataOf(i).key), ['a', 'b', 'c']);
    await deleteInstance(gvr, namespace, name);
  });

  test('deleting the instance deletes every item', async () => {
    const { gvr, kind, namespace } = await setup('deletion', 'DeletionTest', { name: 'string', values: '[]string' }, [valuesCollection('configs')]);
    const name = 'test-deletion';
    const names = ['one', 'two', 'three'].map((v) => `${name}-${v}`);
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name, values: ['one', 'two', 'three'] });
    await waitAll(env.kube, CONFIGMAPS, namespace, names);
    await deleteInstance(gvr, namespace, name);
    for (const n of names) await waitGone(env.kube, CONFIGMAPS, namespace, n);
  });

  test('drift on an item is restored; fields kro does not manage are kept', async () => {
    const { gvr, kind, namespace } = await setup('drift', 'DriftTest', { name: 'string', items: '[]string', prefix: 'string' }, [
      { id: 'configs', template: configMap('${schema.spec.name}-${entry}', { entry: '${entry}', prefix: '${schema.spec.prefix}', static: 'unchanged' }), forEach: [{ entry: '${schema.spec.items}' }] },
    ]);
    const name = 'test-drift';
    await createInstance(env.kube, gvr, kind, namespace, name, { name, items: ['alpha', 'beta'], prefix: 'original' });
    const items = await waitAll(env.kube, CONFIGMAPS, namespace, [`${name}-alpha`, `${name}-beta`]);
    assert.deepEqual(items.map(dataOf), [{ entry: 'alpha', prefix: 'original', static: 'unchanged' }, { entry: 'beta', prefix: 'original', static: 'unchanged' }]);
    await kubectlOk(['-n', namespace, 'patch', 'configmap', `${name}-alpha`, '--type=merge', '-p', '{"data":{"prefix":"DRIFTED","extra":"unexpected"}}']);
    const restored = await waitObject(env.kube, CONFIGMAPS, namespace, `${name}-alpha`, (o) => dataOf(o).prefix === 'original', 'drift undone', 10_000);
    assert.deepEqual(dataOf(restored), { entry: 'alpha', prefix: 'original', static: 'unchanged', extra: 'unexpected' }, 'server-side apply keeps the field it does not own');
    await deleteInstance(gvr, namespace, name);
  });

  test('a collection readyWhen without dependents keeps the instance IN_PROGRESS until satisfied', async () => {
    const { gvr, kind, namespace } = await setup('readywhen-no-deps', 'StandaloneCollection', { name: 'string', values: '[]string', makeReady: 'boolean | default=false' }, [
      valuesCollection('configs', { key: '${value}', ready: '${string(schema.spec.makeReady)}' }, { readyWhen: ["${each.data.ready == 'true'}"] }),
    ]);
    const name = 'test-standalone';
    const names = ['alpha', 'beta', 'gamma'].map((v) => `${name}-${v}`);
    await createInstance(env.kube, gvr, kind, namespace, name, { name, values: ['alpha', 'beta', 'gamma'], makeReady: false });
    const items = await waitAll(env.kube, CONFIGMAPS, namespace, names);
    assert.deepEqual(items.map((i) => dataOf(i).ready), ['false', 'false', 'false']);
    await waitInstanceState(env.kube, gvr, namespace, name, 'IN_PROGRESS');
    await consistently(async () => {
      assert.equal(statusOf((await getObject(env.kube, gvr, namespace, name))!).state, 'IN_PROGRESS', 'stays IN_PROGRESS while items are not ready');
    }, 3_000);

    await patchSpec(env.kube, gvr, namespace, name, { makeReady: true });
    for (const n of names) await waitObject(env.kube, CONFIGMAPS, namespace, n, (o) => dataOf(o).ready === 'true', 'ready true');
    await waitInstanceState(env.kube, gvr, namespace, name, 'ACTIVE');
    await deleteInstance(gvr, namespace, name);
  });

  test('deleting the instance deletes items in every namespace the collection spans', async () => {
    const altNamespace = await createTestNamespace('coll-alt');
    const { gvr, kind, namespace } = await setup('cross-ns', 'CrossNamespaceCollection', { name: 'string', ns1: 'string', ns2: 'string' }, [
      {
        id: 'configmaps',
        template: configMap('${schema.spec.name}-item-${string(i)}', { index: '${string(i)}' }, '${i % 2 == 0 ? schema.spec.ns1 : schema.spec.ns2}'),
        forEach: [{ i: '${lists.range(6)}' }],
      },
    ]);
    const name = 'test-cross-ns';
    await createInstance(env.kube, gvr, kind, namespace, name, { name, ns1: namespace, ns2: altNamespace });
    const even = await waitAll(env.kube, CONFIGMAPS, namespace, [0, 2, 4].map((i) => `${name}-item-${i}`));
    const odd = await waitAll(env.kube, CONFIGMAPS, altNamespace, [1, 3, 5].map((i) => `${name}-item-${i}`));
    assert.deepEqual(even.map((i) => dataOf(i).index), ['0', '2', '4']);
    assert.deepEqual(odd.map((i) => dataOf(i).index), ['1', '3', '5']);
    const live = await waitInstanceState(env.kube, gvr, namespace, name, 'ACTIVE');
    assert.equal(live.metadata.annotations?.['applyset.kubernetes.io/additional-namespaces'], altNamespace);

    await deleteInstance(gvr, namespace, name);
    for (const i of [0, 2, 4]) await waitGone(env.kube, CONFIGMAPS, namespace, `${name}-item-${i}`);
    for (const i of [1, 3, 5]) await waitGone(env.kube, CONFIGMAPS, altNamespace, `${name}-item-${i}`);
  });

  test('shrinking to an empty list prunes every item and dependents end up seeing [] (31)', async () => {
    const { gvr, kind, namespace } = await setup('to-empty', 'CollectionToEmpty', { names: '[]string' }, [
      { id: 'entries', template: configMap('${schema.metadata.name}-entry-${name}', { name: '${name}' }), forEach: [{ name: '${schema.spec.names}' }] },
      { id: 'summary', template: configMap('${schema.metadata.name}-summary', { itemCount: '${string(size(entries))}' }) },
    ]);
    const name = 'to-empty';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { names: ['a', 'b'] });
    await waitObject(env.kube, CONFIGMAPS, namespace, `${name}-summary`, (o) => dataOf(o).itemCount === '2', 'summary 2');

    await patchSpec(env.kube, gvr, namespace, name, { names: [] });
    await waitGone(env.kube, CONFIGMAPS, namespace, `${name}-entry-a`);
    await waitGone(env.kube, CONFIGMAPS, namespace, `${name}-entry-b`);
    // The leftovers were visible to the summary until pruned; the next look sees none.
    await waitObject(env.kube, CONFIGMAPS, namespace, `${name}-summary`, (o) => dataOf(o).itemCount === '0', 'summary 0');
    await waitInstanceState(env.kube, gvr, namespace, name, 'ACTIVE');
  });

  test('reordering the list moves index labels to the same objects (identity, not position)', async () => {
    const { gvr, kind, namespace } = await setup('reorder', 'CollectionReorder', { name: 'string', values: '[]string' }, [valuesCollection('configmaps')]);
    const name = 'reorder';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name, values: ['a', 'b', 'c'] });
    const before = await waitAll(env.kube, CONFIGMAPS, namespace, ['a', 'b', 'c'].map((v) => `${name}-${v}`));
    const uids = new Map(before.map((o) => [o.metadata.name, o.metadata.uid]));

    await patchSpec(env.kube, gvr, namespace, name, { values: ['c', 'a'] });
    await waitGone(env.kube, CONFIGMAPS, namespace, `${name}-b`);
    const [c, a] = await Promise.all([
      waitObject(env.kube, CONFIGMAPS, namespace, `${name}-c`, (o) => o.metadata.labels?.['kro.run/collection-index'] === '0', 'c is item 0'),
      waitObject(env.kube, CONFIGMAPS, namespace, `${name}-a`, (o) => o.metadata.labels?.['kro.run/collection-index'] === '1', 'a is item 1'),
    ]);
    for (const item of [c, a]) {
      assert.equal(item.metadata.uid, uids.get(item.metadata.name), `${item.metadata.name} kept (updated in place)`);
      assert.equal(item.metadata.labels?.['kro.run/collection-size'], '2');
    }
  });

  test('a dependent may reference an empty collection (size 0)', async () => {
    const { gvr, kind, namespace } = await setup('empty-dep', 'EmptyCollectionDep', { names: '[]string' }, [
      { id: 'entries', template: configMap('${schema.metadata.name}-entry-${name}', { name: '${name}' }), forEach: [{ name: '${schema.spec.names}' }] },
      { id: 'summary', template: configMap('${schema.metadata.name}-summary', { itemCount: '${string(size(entries))}' }) },
    ]);
    const name = 'test-empty-dep';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { names: [] });
    assert.deepEqual(dataOf(await getObject(env.kube, CONFIGMAPS, namespace, `${name}-summary`)), { itemCount: '0' });
    await deleteInstance(gvr, namespace, name);
  });
});

