// Scenario applyset_test (spec section 5; 1.J J2/J3, 1.K K3/K4, behaviors 40-44): the instance is the parent of a
// KEP-3659 ApplySet. Exact parent labels and annotations (id, tooling, sorted group kinds, empty additional
// namespaces, inventory hash) and exact child labels (no RGD labels, node id, part-of); includeWhen flips create
// and prune resources while the group-kinds annotation grows and shrinks (only after a clean prune); resource- and
// status-backed includeWhen flips prune their downstream dependents; collection items carry index and size labels
// and a shrinking collection prunes its items; other RGDs' and other instances' objects are never pruned; labels
// and annotations a user put on the instance survive every reconcile.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GroupVersionResource, JsonObject, KubeObject } from '../../../src/api/index.js';
import {
  CONFIGMAPS,
  SECRETS,
  conditionOf,
  createActiveInstance,
  createInstance,
  createRgdAndWait,
  createTestNamespace,
  deleteObject,
  getObject,
  patchStatus,
  rgdObject,
  uniqueKind,
  waitGone,
  waitInstanceState,
  waitObject,
} from '../instance/harness.js';
import {
  DEPLOYMENTS,
  KRO_VERSION_LABEL,
  SERVICE_ACCOUNTS,
  TOOLING,
  configMapTemplate as configMap,
  consistently,
  deploymentTemplate,
  expectedChildLabels,
  instanceApplySetId,
  makeDeploymentAvailable,
  patchMetadata,
  patchSpec,
  statusGatedResources,
  useScenario,
  waitAll,
} from './helpers.js';

const env = useScenario('aset');
const { prefix } = env;

const secret = (name: string, stringData: JsonObject): JsonObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name }, stringData });
const serviceAccount = (name: string): JsonObject => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } });

/** Waits until the instance's group-kinds annotation is exactly `gks` (sorted, comma-joined). */
function waitGroupKinds(gvr: GroupVersionResource, namespace: string, name: string, gks: readonly string[], message: string): Promise<KubeObject> {
  return waitObject(env.kube, gvr, namespace, name, (o) => o.metadata.annotations?.['applyset.kubernetes.io/contains-group-kinds'] === gks.join(','), `${message}: group kinds ${gks.join(',')}`);
}

describe('ApplySet', { concurrency: true }, () => {
  test('exact parent labels and annotations (J2) and exact child labels (J3) over several group kinds', async () => {
    const namespace = await createTestNamespace('aset');
    const kind = uniqueKind('ApplySetMultiGVK');
    const rgdName = `${prefix}-multi-gvk`;
    const { rgd, gvr } = await createRgdAndWait(
      env.kube,
      rgdObject(rgdName, kind, { name: 'string' }, [
        { id: 'configMap', template: configMap('${schema.spec.name}-cm', { key: 'value' }) },
        { id: 'secret', template: secret('${schema.spec.name}-secret', { password: 'secret123' }) },
        { id: 'serviceAccount', template: serviceAccount('${schema.spec.name}-sa') },
      ]),
    );
    const instance = await createActiveInstance(env.kube, gvr, kind, namespace, 'test-multi', { name: 'multi' });
    const id = instanceApplySetId(instance, gvr);
    assert.match(id, /^applyset-[A-Za-z0-9_-]{43}-v1$/, 'applyset-<base64url(sha256)>-v1');

    assert.deepEqual(instance.metadata.labels, {
      'kro.run/owned': 'true',
      'kro.run/kro-version': KRO_VERSION_LABEL,
      'kro.run/resource-graph-definition-id': rgd.metadata.uid,
      'kro.run/resource-graph-definition-name': rgdName,
      'applyset.kubernetes.io/id': id,
    });
    const hash = instance.metadata.annotations?.['internal.kro.run/applyset-inventory-hash'] ?? '';
    assert.match(hash, /^sha256:[A-Za-z0-9_-]+$/);
    assert.deepEqual(instance.metadata.annotations, {
      'applyset.kubernetes.io/tooling': TOOLING,
      'applyset.kubernetes.io/contains-group-kinds': 'ConfigMap,Secret,ServiceAccount',
      // KEP-3659: the parent's own namespace is implicit.
      'applyset.kubernetes.io/additional-namespaces': '',
      'internal.kro.run/applyset-inventory-hash': hash,
    });
    assert.deepEqual(instance.metadata.finalizers, ['kro.run/finalizer']);

    const children: [GroupVersionResource, string, string][] = [
      [CONFIGMAPS, 'multi-cm', 'configMap'],
      [SECRETS, 'multi-secret', 'secret'],
      [SERVICE_ACCOUNTS, 'multi-sa', 'serviceAccount'],
    ];
    for (const [childGvr, childName, nodeId] of children) {
      const child = await getObject(env.kube, childGvr, namespace, childName);
      assert.deepEqual(child?.metadata.labels, expectedChildLabels(instance, gvr, nodeId), `${nodeId}: exact labels, no RGD labels`);
      assert.deepEqual(child?.metadata.annotations, { 'internal.kro.run/apply-order': '1' }, `${nodeId}: apply order only`);
    }
  });

  test('an includeWhen turned false prunes the resource and shrinks the group kinds (K4)', async () => {
    const namespace = await createTestNamespace('aset');
    const { gvr, kind } = await env.createActiveRgd('prune', 'ApplySetPrune', { name: 'string', includeSecret: 'boolean' }, [
      { id: 'configMap', template: configMap('${schema.spec.name}-cm', { key: 'always-present' }) },
      { id: 'secret', template: secret('${schema.spec.name}-secret', { password: 'conditional' }), includeWhen: ['${schema.spec.includeSecret}'] },
    ]);
    await createInstance(env.kube, gvr, kind, namespace, 'test-prune', { name: 'prune', includeSecret: true });
    await waitAll(env.kube, CONFIGMAPS, namespace, ['prune-cm']);
    await waitAll(env.kube, SECRETS, namespace, ['prune-secret']);
    const both = await waitGroupKinds(gvr, namespace, 'test-prune', ['ConfigMap', 'Secret'], 'both kinds');
    assert.equal(both.metadata.annotations?.['applyset.kubernetes.io/tooling'], TOOLING);
    assert.equal(both.metadata.annotations?.['applyset.kubernetes.io/additional-namespaces'], '');
    assert.equal(both.metadata.labels?.['applyset.kubernetes.io/id'], instanceApplySetId(both, gvr));

    await patchSpec(env.kube, gvr, namespace, 'test-prune', { includeSecret: false });
    await waitGone(env.kube, SECRETS, namespace, 'prune-secret');
    assert.ok(await getObject(env.kube, CONFIGMAPS, namespace, 'prune-cm'), 'the ConfigMap stays');
    const shrunk = await waitGroupKinds(gvr, namespace, 'test-prune', ['ConfigMap'], 'after pruning');
    assert.equal(shrunk.metadata.annotations?.['applyset.kubernetes.io/tooling'], TOOLING);
    assert.equal(shrunk.metadata.annotations?.['applyset.kubernetes.io/additional-namespaces'], '');
    assert.equal(shrunk.metadata.labels?.['applyset.kubernetes.io/id'], instanceApplySetId(shrunk, gvr));
  });

  test('the group-kinds annotation grows as resources are added and shrinks as they are removed', async () => {
    const namespace = await createTestNamespace('aset');
    const { gvr, kind } = await env.createActiveRgd('tracking', 'AnnotationTracking', { name: 'string', includeSecret: 'boolean', includeSA: 'boolean' }, [
      { id: 'configMap', template: configMap('${schema.spec.name}-cm', { key: 'always-present' }) },
      { id: 'secret', template: secret('${schema.spec.name}-secret', { password: 'conditional' }), includeWhen: ['${schema.spec.includeSecret}'] },
      { id: 'serviceAccount', template: serviceAccount('${schema.spec.name}-sa'), includeWhen: ['${schema.spec.includeSA}'] },
    ]);
    const name = 'test-tracking';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name: 'track', includeSecret: false, includeSA: false });
    await waitGroupKinds(gvr, namespace, name, ['ConfigMap'], 'phase 1');

    await patchSpec(env.kube, gvr, namespace, name, { includeSecret: true });
    await waitAll(env.kube, SECRETS, namespace, ['track-secret']);
    await waitGroupKinds(gvr, namespace, name, ['ConfigMap', 'Secret'], 'phase 2 grows');

    await patchSpec(env.kube, gvr, namespace, name, { includeSA: true });
    await waitAll(env.kube, SERVICE_ACCOUNTS, namespace, ['track-sa']);
    await waitGroupKinds(gvr, namespace, name, ['ConfigMap', 'Secret', 'ServiceAccount'], 'phase 3 grows');

    await patchSpec(env.kube, gvr, namespace, name, { includeSecret: false });
    await waitGone(env.kube, SECRETS, namespace, 'track-secret');
    await waitGroupKinds(gvr, namespace, name, ['ConfigMap', 'ServiceAccount'], 'phase 4 shrinks');

    await patchSpec(env.kube, gvr, namespace, name, { includeSA: false });
    await waitGone(env.kube, SERVICE_ACCOUNTS, namespace, 'track-sa');
    await waitGroupKinds(gvr, namespace, name, ['ConfigMap'], 'phase 5 shrinks');
    assert.ok(await getObject(env.kube, CONFIGMAPS, namespace, 'track-cm'), 'the ConfigMap existed through all phases');
  });

  test('a resource-backed includeWhen turning false prunes the gated resource and its dependents', async () => {
    const namespace = await createTestNamespace('aset');
    const { gvr, kind } = await env.createActiveRgd('res-prune', 'ResourceBackedPrune', { name: 'string', enableMiddle: 'boolean' }, [
      { id: 'source', template: configMap('${schema.spec.name}-source', { enabled: "${schema.spec.enableMiddle ? 'true' : 'false'}" }) },
      { id: 'middle', template: secret('${schema.spec.name}-middle', { value: 'middle' }), includeWhen: ["${source.data.enabled == 'true'}"] },
      { id: 'child', template: serviceAccount('${middle.metadata.name}-child') },
    ]);
    const name = 'res-prune';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name, enableMiddle: true });
    await waitAll(env.kube, SECRETS, namespace, [`${name}-middle`]);
    await waitAll(env.kube, SERVICE_ACCOUNTS, namespace, [`${name}-middle-child`]);
    await waitGroupKinds(gvr, namespace, name, ['ConfigMap', 'Secret', 'ServiceAccount'], 'all included');

    await patchSpec(env.kube, gvr, namespace, name, { enableMiddle: false });
    await waitGone(env.kube, SECRETS, namespace, `${name}-middle`);
    await waitGone(env.kube, SERVICE_ACCOUNTS, namespace, `${name}-middle-child`);
    await waitGroupKinds(gvr, namespace, name, ['ConfigMap'], 'gated kinds pruned');
    await waitInstanceState(env.kube, gvr, namespace, name, 'ACTIVE');
  });

  test('a status-backed includeWhen turning false prunes the gated resource and its dependents', async () => {
    const namespace = await createTestNamespace('aset');
    const { gvr, kind } = await env.createActiveRgd(
      'status-prune',
      'StatusBackedPrune',
      { name: 'string' },
      statusGatedResources('${source.status.?availableReplicas.orValue(0) == source.spec.replicas}'),
    );
    const name = 'status-prune';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name });
    await waitGroupKinds(gvr, namespace, name, ['Deployment.apps'], 'gated resources not included yet');

    await makeDeploymentAvailable(env.kube, namespace, `${name}-source`, 1);
    await waitAll(env.kube, CONFIGMAPS, namespace, [`${name}-gated`, `${name}-child`]);
    await waitGroupKinds(gvr, namespace, name, ['ConfigMap', 'Deployment.apps'], 'gated resources included');

    // The replica becomes unavailable (the API server drops a zero count): the includeWhen is false again.
    await patchStatus(env.kube, DEPLOYMENTS, namespace, `${name}-source`, { availableReplicas: 0, readyReplicas: 0 });
    await waitGone(env.kube, CONFIGMAPS, namespace, `${name}-gated`);
    await waitGone(env.kube, CONFIGMAPS, namespace, `${name}-child`);
    await waitGroupKinds(gvr, namespace, name, ['Deployment.apps'], 'gated resources pruned');
    assert.ok(await getObject(env.kube, DEPLOYMENTS, namespace, `${name}-source`), 'the source stays');
  });

  test('pruning waits while any node is pending; the superset inventory is kept until a clean prune (26, 42)', async () => {
    const namespace = await createTestNamespace('aset');
    const { gvr, kind } = await env.createActiveRgd('pending-prune', 'PruneWhilePending', { name: 'string', includeSecret: 'boolean' }, [
      {
        id: 'source',
        template: deploymentTemplate('${schema.spec.name}-source', '${schema.spec.name}'),
      },
      { id: 'waiter', template: configMap('${schema.spec.name}-waiter', { available: '${string(source.status.availableReplicas)}' }) },
      { id: 'secret', template: secret('${schema.spec.name}-secret', { password: 'conditional' }), includeWhen: ['${schema.spec.includeSecret}'] },
    ]);
    const name = 'pending-prune';
    await createInstance(env.kube, gvr, kind, namespace, name, { name, includeSecret: true });
    await waitAll(env.kube, DEPLOYMENTS, namespace, [`${name}-source`]);
    await makeDeploymentAvailable(env.kube, namespace, `${name}-source`, 1);
    await waitInstanceState(env.kube, gvr, namespace, name, 'ACTIVE');
    const [secretObject] = await waitAll(env.kube, SECRETS, namespace, [`${name}-secret`]);
    await waitGroupKinds(gvr, namespace, name, ['ConfigMap', 'Deployment.apps', 'Secret'], 'all three kinds');

    // The waiter's data becomes pending (the API server drops a zero count), then the Secret is excluded.
    await patchStatus(env.kube, DEPLOYMENTS, namespace, `${name}-source`, { availableReplicas: 0, readyReplicas: 0 });
    await waitInstanceState(env.kube, gvr, namespace, name, 'IN_PROGRESS');
    await patchSpec(env.kube, gvr, namespace, name, { includeSecret: false });
    await waitObject(env.kube, gvr, namespace, name, (o) => o.metadata.generation === 2 && conditionOf(o, 'ResourcesReady')?.observedGeneration === 2, 'generation 2 reconciled');
    await consistently(async () => {
      assert.equal((await getObject(env.kube, SECRETS, namespace, `${name}-secret`))?.metadata.uid, secretObject?.metadata.uid, 'not pruned while a node is pending');
      const live = await getObject(env.kube, gvr, namespace, name);
      assert.equal(live?.metadata.annotations?.['applyset.kubernetes.io/contains-group-kinds'], 'ConfigMap,Deployment.apps,Secret', 'the superset is kept');
    }, 3_000);

    // The data comes back: the pending node resolves, the prune runs and the inventory shrinks.
    await makeDeploymentAvailable(env.kube, namespace, `${name}-source`, 1);
    await waitGone(env.kube, SECRETS, namespace, `${name}-secret`);
    await waitGroupKinds(gvr, namespace, name, ['ConfigMap', 'Deployment.apps'], 'shrunk after the clean prune');
    await waitInstanceState(env.kube, gvr, namespace, name, 'ACTIVE');
  });

  test('collection items carry exact index and size labels; a shrinking collection prunes its items', async () => {
    const namespace = await createTestNamespace('aset');
    const { gvr, kind } = await env.createActiveRgd('collection', 'ApplySetCollection', { name: 'string', values: '[]string' }, [
      { id: 'configmaps', template: configMap('${schema.spec.name}-${element}', { value: '${element}' }), forEach: [{ element: '${schema.spec.values}' }] },
    ]);
    const name = 'test-collection';
    const instance = await createActiveInstance(env.kube, gvr, kind, namespace, name, { name: 'coll', values: ['alpha', 'beta', 'gamma'] });
    assert.equal(instance.metadata.annotations?.['applyset.kubernetes.io/tooling'], TOOLING);
    assert.equal(instance.metadata.annotations?.['applyset.kubernetes.io/contains-group-kinds'], 'ConfigMap');
    assert.equal(instance.metadata.annotations?.['applyset.kubernetes.io/additional-namespaces'], '');
    assert.equal(instance.metadata.labels?.['applyset.kubernetes.io/id'], instanceApplySetId(instance, gvr));
    const items = await waitAll(env.kube, CONFIGMAPS, namespace, ['coll-alpha', 'coll-beta', 'coll-gamma']);
    items.forEach((item, index) => assert.deepEqual(item.metadata.labels, expectedChildLabels(instance, gvr, 'configmaps', { index, size: 3 }), `item ${index}`));

    await patchSpec(env.kube, gvr, namespace, name, { values: ['alpha'] });
    await waitGone(env.kube, CONFIGMAPS, namespace, 'coll-beta');
    await waitGone(env.kube, CONFIGMAPS, namespace, 'coll-gamma');
    const remaining = await waitObject(env.kube, CONFIGMAPS, namespace, 'coll-alpha', (o) => o.metadata.labels?.['kro.run/collection-size'] === '1', 'size label updated to 1');
    assert.deepEqual(remaining.metadata.labels, expectedChildLabels(instance, gvr, 'configmaps', { index: 0, size: 1 }));
  });

  test("another RGD's resources, with the same instance name, are never pruned", async () => {
    const namespace = await createTestNamespace('aset');
    const kind1 = uniqueKind('IsolationRGDOne');
    const kind2 = uniqueKind('IsolationRGDTwo');
    const [one, two] = await Promise.all([
      createRgdAndWait(env.kube, rgdObject(`${prefix}-iso-rgd1`, kind1, { name: 'string' }, [{ id: 'configMap', template: configMap('${schema.spec.name}-rgd1-cm', { source: 'rgd1' }) }])),
      createRgdAndWait(env.kube, rgdObject(`${prefix}-iso-rgd2`, kind2, { name: 'string' }, [{ id: 'configMap', template: configMap('${schema.spec.name}-rgd2-cm', { source: 'rgd2' }) }])),
    ]);
    // The same instance name: the ApplySet id differs by kind (GKNN).
    await createInstance(env.kube, one.gvr, kind1, namespace, 'test-iso1', { name: 'shared' });
    await createInstance(env.kube, two.gvr, kind2, namespace, 'test-iso1', { name: 'shared' });
    const instance1 = await waitInstanceState(env.kube, one.gvr, namespace, 'test-iso1', 'ACTIVE');
    const instance2 = await waitInstanceState(env.kube, two.gvr, namespace, 'test-iso1', 'ACTIVE');
    const id1 = instanceApplySetId(instance1, one.gvr);
    const id2 = instanceApplySetId(instance2, two.gvr);
    assert.notEqual(id1, id2);
    const [cm1] = await waitAll(env.kube, CONFIGMAPS, namespace, ['shared-rgd1-cm']);
    const [cm2] = await waitAll(env.kube, CONFIGMAPS, namespace, ['shared-rgd2-cm']);
    assert.equal(cm1?.metadata.labels?.['applyset.kubernetes.io/part-of'], id1);
    assert.equal(cm1?.metadata.labels?.['kro.run/instance-kind'], kind1);
    assert.equal(cm2?.metadata.labels?.['applyset.kubernetes.io/part-of'], id2);
    assert.equal(cm2?.metadata.labels?.['kro.run/instance-kind'], kind2);

    // Make instance1 reconcile and prune for real: an annotation edit (upstream's trigger) and a deleted child.
    await patchMetadata(env.kube, one.gvr, namespace, 'test-iso1', { annotations: { 'test-trigger': 'reconcile' } });
    await deleteObject(env.kube, CONFIGMAPS, namespace, 'shared-rgd1-cm');
    await waitObject(env.kube, CONFIGMAPS, namespace, 'shared-rgd1-cm', (o) => o.metadata.uid !== cm1?.metadata.uid, 'instance1 reconciled (child recreated)');
    await consistently(async () => {
      const cm = await getObject(env.kube, CONFIGMAPS, namespace, 'shared-rgd2-cm');
      assert.equal(cm?.metadata.uid, cm2?.metadata.uid, "RGD2's ConfigMap is not pruned by RGD1's instance");
      assert.equal(cm?.metadata.labels?.['applyset.kubernetes.io/part-of'], id2);
    }, 3_000);
  });

  test("another instance's resources of the same RGD are never pruned", async () => {
    const namespace = await createTestNamespace('aset');
    const { gvr, kind } = await env.createActiveRgd('iso-instances', 'IsolationInstances', { name: 'string' }, [{ id: 'configMap', template: configMap('${schema.spec.name}-cm', { instance: '${schema.spec.name}' }) }]);
    await createInstance(env.kube, gvr, kind, namespace, 'instance-a', { name: 'instance-a' });
    await createInstance(env.kube, gvr, kind, namespace, 'instance-b', { name: 'instance-b' });
    const a = await waitInstanceState(env.kube, gvr, namespace, 'instance-a', 'ACTIVE');
    const b = await waitInstanceState(env.kube, gvr, namespace, 'instance-b', 'ACTIVE');
    const idA = instanceApplySetId(a, gvr);
    const idB = instanceApplySetId(b, gvr);
    assert.notEqual(idA, idB);
    const [cmA, cmB] = await waitAll(env.kube, CONFIGMAPS, namespace, ['instance-a-cm', 'instance-b-cm']);
    assert.equal(cmA?.metadata.labels?.['applyset.kubernetes.io/part-of'], idA);
    assert.equal(cmA?.metadata.labels?.['kro.run/instance-name'], 'instance-a');
    assert.equal(cmB?.metadata.labels?.['applyset.kubernetes.io/part-of'], idB);
    assert.equal(cmB?.metadata.labels?.['kro.run/instance-name'], 'instance-b');

    await patchMetadata(env.kube, gvr, namespace, 'instance-a', { annotations: { 'test-trigger': 'reconcile' } });
    await deleteObject(env.kube, CONFIGMAPS, namespace, 'instance-a-cm');
    await waitObject(env.kube, CONFIGMAPS, namespace, 'instance-a-cm', (o) => o.metadata.uid !== cmA?.metadata.uid, 'instance-a reconciled (child recreated)');
    await consistently(async () => {
      const cm = await getObject(env.kube, CONFIGMAPS, namespace, 'instance-b-cm');
      assert.equal(cm?.metadata.uid, cmB?.metadata.uid, "instance-b's ConfigMap is not pruned by instance-a");
      assert.equal(cm?.metadata.labels?.['applyset.kubernetes.io/part-of'], idB);
    }, 3_000);
    for (const instanceName of ['instance-a', 'instance-b']) {
      const inst = await getObject(env.kube, gvr, namespace, instanceName);
      assert.ok(inst);
      assert.equal(inst.metadata.annotations?.['applyset.kubernetes.io/tooling'], TOOLING);
      assert.equal(inst.metadata.annotations?.['applyset.kubernetes.io/contains-group-kinds'], 'ConfigMap');
      assert.equal(inst.metadata.labels?.['applyset.kubernetes.io/id'], instanceApplySetId(inst, gvr));
    }
  });

  test('labels and annotations a user put on the instance are preserved across reconciles', async () => {
    const namespace = await createTestNamespace('aset');
    const { gvr, kind } = await env.createActiveRgd('preserve', 'LabelPreserve', { name: 'string' }, [{ id: 'configMap', template: configMap('${schema.spec.name}-cm', { key: 'value' }) }]);
    const name = 'test-preserve';
    const userLabels = { 'custom-label': 'custom-value', 'app.kubernetes.io/team': 'platform' };
    const userAnnotations = { 'custom-annotation': 'custom-annotation-value', description: 'This is a test instance' };
    await createInstance(env.kube, gvr, kind, namespace, name, { name: 'preserve' }, { labels: userLabels, annotations: userAnnotations });
    const expectPreserved = (inst: KubeObject) => {
      for (const [k, v] of Object.entries(userLabels)) assert.equal(inst.metadata.labels?.[k], v, `label ${k}`);
      for (const [k, v] of Object.entries(userAnnotations)) assert.equal(inst.metadata.annotations?.[k], v, `annotation ${k}`);
      assert.equal(inst.metadata.labels?.['applyset.kubernetes.io/id'], instanceApplySetId(inst, gvr));
      assert.equal(inst.metadata.annotations?.['applyset.kubernetes.io/tooling'], TOOLING);
      assert.equal(inst.metadata.annotations?.['applyset.kubernetes.io/contains-group-kinds'], 'ConfigMap');
    };
    expectPreserved(await waitInstanceState(env.kube, gvr, namespace, name, 'ACTIVE'));

    // Another reconcile (a deleted child brings one through the watch): still preserved.
    await patchMetadata(env.kube, gvr, namespace, name, { annotations: { 'reconcile-trigger': '1' } });
    const [cm] = await waitAll(env.kube, CONFIGMAPS, namespace, ['preserve-cm']);
    await deleteObject(env.kube, CONFIGMAPS, namespace, 'preserve-cm');
    await waitObject(env.kube, CONFIGMAPS, namespace, 'preserve-cm', (o) => o.metadata.uid !== cm?.metadata.uid, 'child recreated');
    const later = await waitInstanceState(env.kube, gvr, namespace, name, 'ACTIVE');
    expectPreserved(later);
    assert.equal(later.metadata.annotations?.['reconcile-trigger'], '1');
  });
});
