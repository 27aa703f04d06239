// externalRefs (H4, H5, J5) and cluster-scoped instances (M1, behaviors 32, 44): read-only, waited for while
// missing, selectors with CEL values listing across namespaces, explicit namespaces for cluster-scoped parents.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applySetId } from '../../../src/runtime/index.js';
import { clusterWith, compileYaml, condition, reconcileOnce } from './helpers.js';

describe('externalRef by name (H4)', () => {
  const RGD = `
schema:
  apiVersion: v1alpha1
  kind: Ext
  spec: { name: string, config: string }
  status: { setting: "\${ext.data.setting}" }
resources:
  - id: ext
    externalRef: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.config}" } }
  - id: app
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name}" }, data: { setting: "\${ext.data.setting}" } }
`;

  test('missing: the node waits and dependents are pending, not an error', async () => {
    const graph = await compileYaml(RGD);
    const cluster = clusterWith(graph, { name: 'app', config: 'shared' });
    let outcome = await reconcileOnce(graph, cluster);
    assert.equal(outcome.nodes.get('ext')?.status.state, 'WAITING_FOR_READINESS');
    assert.equal(outcome.nodes.get('ext')?.status.message, 'waiting for external reference "ext": configmaps "shared" not found');
    assert.equal(outcome.nodes.get('ext')?.pending?.reason, 'not-found');
    assert.equal(cluster.find('ConfigMap', 'app'), undefined);
    assert.equal(outcome.status.state, 'IN_PROGRESS');
    assert.deepEqual(outcome.watches[0], { kind: 'object', nodeId: 'ext', gvr: { group: '', version: 'v1', resource: 'configmaps' }, namespace: 'default', name: 'shared' });

    cluster.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared', namespace: 'default' }, data: { setting: 'on' } });
    outcome = await reconcileOnce(graph, cluster);
    assert.equal(outcome.nodes.get('ext')?.status.state, 'SYNCED');
    assert.equal((cluster.find('ConfigMap', 'app')?.data as Record<string, string>).setting, 'on');
    assert.equal(outcome.status.status?.setting, 'on');
    assert.equal(outcome.status.state, 'ACTIVE');
    const shared = cluster.find('ConfigMap', 'shared')!;
    assert.equal(shared.metadata.labels, undefined, 'external objects are never modified (J5)');
    assert.equal(outcome.applied.some((a) => a.nodeId === 'ext'), false);
    assert.equal(cluster.instance().metadata.annotations?.['applyset.kubernetes.io/contains-group-kinds'], 'ConfigMap');
  });
});

describe('externalRef by selector (H5)', () => {
  test('matchExpressions with CEL values; namespace omitted lists every namespace; size() follows matches', async () => {
    const graph = await compileYaml(`
schema:
  apiVersion: v1alpha1
  kind: Sel
  spec: { team: string }
  status: { members: "\${size(peers)}", names: "\${peers.map(p, p.metadata.name)}" }
resources:
  - id: peers
    externalRef:
      apiVersion: v1
      kind: ConfigMap
      metadata:
        selector:
          matchLabels: { role: peer }
          matchExpressions: [{ key: team, operator: In, values: ["\${schema.spec.team}"] }]
`);
    const cluster = clusterWith(graph, { team: 'blue' });
    cluster.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p1', namespace: 'a', labels: { role: 'peer', team: 'blue' } } });
    cluster.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p2', namespace: 'b', labels: { role: 'peer', team: 'red' } } });
    let outcome = await reconcileOnce(graph, cluster);
    assert.equal(outcome.status.status?.members, 1);
    assert.deepEqual(outcome.status.status?.names, ['p1']);
    const watch = outcome.watches.find((w) => w.kind === 'selector');
    assert.deepEqual(watch, { kind: 'selector', nodeId: 'peers', gvr: { group: '', version: 'v1', resource: 'configmaps' }, labelSelector: 'role=peer,team in (blue)' });
    cluster.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p3', namespace: 'c', labels: { role: 'peer', team: 'blue' } } });
    outcome = await reconcileOnce(graph, cluster);
    assert.equal(outcome.status.status?.members, 2);
    assert.equal(outcome.status.state, 'ACTIVE');
  });
});

describe('cluster-scoped instances (M1)', () => {
  const RGD = `
schema:
  apiVersion: v1alpha1
  kind: Platform
  scope: Cluster
  spec: { ns: string }
  status: { setting: "\${extconfig.data.setting}" }
resources:
  - id: extconfig
    externalRef: { apiVersion: v1, kind: ConfigMap, metadata: { name: platform-config, namespace: kube-system } }
  - id: cm
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: platform, namespace: "\${schema.spec.ns}" }, data: { setting: "\${extconfig.data.setting}" } }
`;

  test('children get explicit namespaces, no instance-namespace label; the ApplySet id uses an empty namespace', async () => {
    const graph = await compileYaml(RGD);
    const cluster = clusterWith(graph, { ns: 'apps' }, { namespace: null, name: 'prod' });
    cluster.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'platform-config', namespace: 'kube-system' }, data: { setting: 'x' } });
    const outcome = await reconcileOnce(graph, cluster);
    assert.equal(outcome.status.state, 'ACTIVE');
    assert.equal(outcome.status.status?.setting, 'x');
    const cm = cluster.find('ConfigMap', 'platform', 'apps')!;
    assert.equal(cm.metadata.labels?.['kro.run/instance-namespace'], undefined);
    assert.equal(outcome.applySet.id, applySetId({ name: 'prod', namespace: '', kind: 'Platform', group: 'kro.run' }));
    assert.deepEqual(outcome.applySet.superset.additionalNamespaces, ['apps']);
  });

  test('an empty resolved namespace is an error naming metadata.namespace (32)', async () => {
    const graph = await compileYaml(RGD);
    const cluster = clusterWith(graph, { ns: '' }, { namespace: null });
    cluster.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'platform-config', namespace: 'kube-system' }, data: { setting: 'x' } });
    const outcome = await reconcileOnce(graph, cluster);
    assert.equal(outcome.status.state, 'ERROR');
    assert.match(String(condition(outcome, 'ResourcesReady')?.message), /metadata\.namespace/);
    assert.equal(outcome.requeue.kind, 'backoff');
  });
});
