// ApplySet helpers (J2, K3-K5) against values computed with upstream's Go code (crypto/sha256 +
// base64.RawURLEncoding, as pkg/controller/instance/applyset does), the inventory validation cases of upstream's
// inventory_test.go, kro's labels (J2, J3, behavior 57), label selectors, prune ordering and deletion waves.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject } from '../../../src/api/index.js';
import {
  applySetConflict,
  applySetId,
  applySetMetadata,
  applySetParentAnnotations,
  applySetParentLabels,
  conflictingTargets,
  highestDeletionWave,
  instanceChildLabels,
  instanceLabels,
  inventoryHash,
  kroVersionLabelValue,
  labelSelectorString,
  matchesLabelSelector,
  orderPruneCandidates,
  parseLabelSelector,
  projectInventory,
  readParentInventory,
  validateParentInventory,
} from '../../../src/runtime/index.js';

const obj = (kind: string, name: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1',
  kind,
  metadata: { name, namespace: 'default', ...extra },
});

describe('ApplySet ids and inventory hash (vectors from upstream Go code)', () => {
  const vectors = [
    { parent: { name: 'my-app', namespace: 'default', kind: 'WebApp', group: 'kro.run' }, id: 'applyset-9sHw3-6HBl2VO07VeDzfkQhwSs1_MRB3IBzTC1N-yt8-v1' },
    { parent: { name: 'cluster-app', namespace: '', kind: 'Platform', group: 'example.com' }, id: 'applyset-TYlqZY-4u5uFiIgGW2HtSla3b1f14KOxPDumrcupNb4-v1' },
    { parent: { name: 'test-instance', namespace: 'test-ns', kind: 'TestKind', group: 'kro.run' }, id: 'applyset-SXJMzzh4xYKZ0acN-EKZ6O44_9GjS2mcV_0Zaav5hlQ-v1' },
  ];
  for (const v of vectors) test(`id of ${v.parent.name}`, () => assert.equal(applySetId(v.parent), v.id));

  test('inventory hashes', () => {
    assert.equal(
      inventoryHash(vectors[0]!.id, [{ group: '', kind: 'Service' }, { group: 'apps', kind: 'Deployment' }, { group: '', kind: 'ConfigMap' }], []),
      'sha256:s1qckdvlVjxBHus0rykIiCDYms2kJ-L8JBsqtY5ZWhM',
    );
    assert.equal(inventoryHash(vectors[1]!.id, [{ group: '', kind: 'ConfigMap' }], ['team-a', 'default']), 'sha256:MwH5DxMPoOzUFbQRdSgKGvfq_5t0k15teeQUc1Ds7R4');
    assert.equal(inventoryHash(vectors[2]!.id, [], []), 'sha256:4j9xi9EACgWt0PB2kc6sDFHvRrbm9yZDqjh0JXCTpyk');
  });

  test('parent annotations: sorted group-kinds (Kind or Kind.group) and namespaces', () => {
    const meta = applySetMetadata('applyset-x-v1', 'kro/v0.9.3', [{ group: '', kind: 'Secret' }, { group: 'apps', kind: 'Deployment' }, { group: '', kind: 'ConfigMap' }, { group: '', kind: 'Secret' }], ['b', 'a']);
    assert.deepEqual(applySetParentLabels(meta), { 'applyset.kubernetes.io/id': 'applyset-x-v1' });
    assert.deepEqual(applySetParentAnnotations(meta), {
      'applyset.kubernetes.io/tooling': 'kro/v0.9.3',
      'applyset.kubernetes.io/contains-group-kinds': 'ConfigMap,Deployment.apps,Secret',
      'applyset.kubernetes.io/additional-namespaces': 'a,b',
      'internal.kro.run/applyset-inventory-hash': inventoryHash('applyset-x-v1', meta.groupKinds, meta.additionalNamespaces),
    });
  });

  test('superset = batch ∪ recorded memory; the parent namespace is never listed', () => {
    const memory = readParentInventory({ 'applyset.kubernetes.io/contains-group-kinds': 'Secret,, Job.batch', 'applyset.kubernetes.io/additional-namespaces': 'old,' });
    assert.deepEqual(memory, { groupKinds: [{ kind: 'Secret', group: '' }, { kind: 'Job', group: 'batch' }], namespaces: ['old'] });
    const items = [
      { object: obj('ConfigMap', 'a'), namespaced: true },
      { object: { ...obj('ConfigMap', 'b'), metadata: { name: 'b', namespace: 'other' } }, namespaced: true },
      { object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }, namespaced: false },
    ];
    const superset = projectInventory('id', 'kro/v', 'default', items, memory);
    assert.deepEqual(superset.groupKinds.map((g) => `${g.kind}.${g.group}`), ['ConfigMap.', 'Job.batch', 'Namespace.', 'Secret.']);
    assert.deepEqual(superset.additionalNamespaces, ['old', 'other']);
    const batch = projectInventory('id', 'kro/v', 'default', items);
    assert.deepEqual(batch.additionalNamespaces, ['other']);
    const clusterScoped = projectInventory('id', 'kro/v', '', [{ object: obj('ConfigMap', 'a'), namespaced: true }]);
    assert.deepEqual(clusterScoped.additionalNamespaces, ['default'], 'a cluster-scoped parent lists every namespace');
  });
});

describe('deletion inventory validation (upstream inventory_test.go cases)', () => {
  const id = applySetId({ name: 'p', namespace: 'test-ns', kind: 'TestKind', group: 'kro.run' });
  const valid = () => {
    const meta = applySetMetadata(id, 'kro/v1.0.0', [{ group: '', kind: 'ConfigMap' }], ['other-ns']);
    return { labels: applySetParentLabels(meta), annotations: applySetParentAnnotations(meta) };
  };
  const cases: { name: string; mutate?: (p: { labels: Record<string, string>; annotations: Record<string, string> }) => void; error?: string }[] = [
    { name: 'valid' },
    { name: 'legacy parent without hash', mutate: (p) => delete p.annotations['internal.kro.run/applyset-inventory-hash'] },
    { name: 'wrong parent ID', mutate: (p) => (p.labels['applyset.kubernetes.io/id'] = 'applyset-wrong-v1'), error: `invalid applyset.kubernetes.io/id label: got "applyset-wrong-v1", want "${id}"` },
    { name: 'foreign tooling', mutate: (p) => (p.annotations['applyset.kubernetes.io/tooling'] = 'other/v1'), error: 'invalid applyset.kubernetes.io/tooling annotation: "other/v1" is not owned by kro' },
    { name: 'missing group kinds', mutate: (p) => delete p.annotations['applyset.kubernetes.io/contains-group-kinds'], error: 'missing required applyset.kubernetes.io/contains-group-kinds annotation' },
    { name: 'missing namespaces', mutate: (p) => delete p.annotations['applyset.kubernetes.io/additional-namespaces'], error: 'missing required applyset.kubernetes.io/additional-namespaces annotation' },
    { name: 'malformed group kinds', mutate: (p) => (p.annotations['applyset.kubernetes.io/contains-group-kinds'] = 'ConfigMap,'), error: 'invalid applyset.kubernetes.io/contains-group-kinds annotation: contains an empty group-kind' },
    {
      name: 'malformed namespace',
      mutate: (p) => (p.annotations['applyset.kubernetes.io/additional-namespaces'] = 'NOT_A_NAMESPACE'),
      error:
        "invalid applyset.kubernetes.io/additional-namespaces annotation: invalid namespace \"NOT_A_NAMESPACE\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    },
    { name: 'inventory hash mismatch', mutate: (p) => (p.annotations['applyset.kubernetes.io/contains-group-kinds'] = 'ConfigMap,Secret'), error: 'invalid internal.kro.run/applyset-inventory-hash annotation: got' },
    {
      name: 'explicit empty inventory',
      mutate: (p) => {
        const empty = applySetMetadata(id, 'kro/v1.0.0', [], []);
        Object.assign(p.annotations, applySetParentAnnotations(empty));
      },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const parent = valid();
      c.mutate?.(parent);
      const result = validateParentInventory(parent, id);
      if (c.error === undefined) assert.equal(result.ok, true, result.ok ? '' : result.message);
      else {
        assert.equal(result.ok, false);
        if (!result.ok) assert.ok(result.message.startsWith(c.error), result.message);
      }
    });
  }
});

describe('labels (J2, J3, behavior 57)', () => {
  test('kro-version label value: + becomes - only when the version is not a valid label value', () => {
    assert.equal(kroVersionLabelValue('v0.9.3'), 'v0.9.3');
    assert.equal(kroVersionLabelValue('v0.9.3+dirty'), 'v0.9.3-dirty');
    assert.equal(kroVersionLabelValue('devel'), 'devel');
  });

  test('instance labels and child labels', () => {
    assert.deepEqual(instanceLabels('v1.0.0+abc', { uid: 'rgd-1', name: 'web' }), {
      'kro.run/owned': 'true',
      'kro.run/kro-version': 'v1.0.0-abc',
      'kro.run/resource-graph-definition-id': 'rgd-1',
      'kro.run/resource-graph-definition-name': 'web',
    });
    const instance: KubeObject = { apiVersion: 'kro.run/v1alpha1', kind: 'App', metadata: { name: 'a', namespace: 'ns', uid: 'u' } };
    assert.deepEqual(instanceChildLabels(instance, false), {
      'kro.run/instance-id': 'u',
      'kro.run/instance-name': 'a',
      'kro.run/instance-group': 'kro.run',
      'kro.run/instance-version': 'v1alpha1',
      'kro.run/instance-kind': 'App',
    });
    assert.equal(instanceChildLabels(instance, true)['kro.run/instance-namespace'], 'ns');
  });
});

describe('label selectors (H5)', () => {
  test('sorted requirements in apimachinery syntax, matched in memory', () => {
    const parsed = parseLabelSelector({
      matchLabels: { tier: 'web', app: 'x' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'dev'] },
        { key: 'zone', operator: 'NotIn', values: ['b'] },
        { key: 'ha', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    assert.ok(parsed.ok);
    assert.equal(labelSelectorString(parsed.requirements), 'app=x,env in (dev,prod),ha,!legacy,tier=web,zone notin (b)');
    assert.equal(matchesLabelSelector(parsed.requirements, { app: 'x', tier: 'web', env: 'dev', ha: '' }), true);
    assert.equal(matchesLabelSelector(parsed.requirements, { app: 'x', tier: 'web', env: 'dev', ha: '', zone: 'b' }), false);
    assert.equal(matchesLabelSelector(parsed.requirements, { app: 'x', tier: 'web', env: 'dev', ha: '', legacy: 'y' }), false);
    assert.deepEqual(parseLabelSelector({}), { ok: true, requirements: [] });
    assert.deepEqual(parseLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Has' }] }), { ok: false, message: '"Has" is not a valid label selector operator' });
  });
});

describe('conflicts, prune order, deletion waves', () => {
  test('ownership conflict text (K3) and duplicate targets', () => {
    const live = obj('Deployment', 'web', { labels: { 'applyset.kubernetes.io/part-of': 'applyset-a-v1' } });
    assert.equal(
      applySetConflict(obj('Deployment', 'web'), live, 'applyset-b-v1'),
      'resource belongs to a different ApplySet: default/web (apps/v1, Kind=Deployment) belongs to ApplySet "applyset-a-v1", cannot reassign to "applyset-b-v1"',
    );
    assert.equal(applySetConflict(obj('Deployment', 'web'), live, 'applyset-a-v1'), undefined);
    assert.equal(applySetConflict(obj('Deployment', 'web'), obj('Deployment', 'web'), 'applyset-a-v1'), undefined);
    assert.equal(
      conflictingTargets([
        { id: 'a', object: obj('ConfigMap', 'x') },
        { id: 'b', object: obj('ConfigMap', 'x') },
      ]),
      'found resources with conflicts: resourceID: a conflicts with resourceID: b',
    );
  });

  test('prune waves: unknown node ids first, then reverse topological order (43)', () => {
    const c = (name: string, node?: string) => obj('ConfigMap', name, node ? { labels: { 'kro.run/node-id': node } } : {});
    const waves = orderPruneCandidates([c('a1', 'a'), c('c1', 'c'), c('x1', 'removed'), c('b1', 'b'), c('n1'), c('a2', 'a')], ['a', 'b', 'c']);
    assert.deepEqual(waves.map((w) => w.map((o) => o.metadata.name)), [['x1', 'n1'], ['c1'], ['b1'], ['a1', 'a2']]);
  });

  test('deletion deletes the highest apply-order wave; invalid or missing orders are wave 0 (K5)', () => {
    const o = (name: string, order?: string) => obj('ConfigMap', name, order === undefined ? {} : { annotations: { 'internal.kro.run/apply-order': order } });
    const members = [o('root', '1'), o('leaf', '3'), o('leaf2', '+3'), o('mid', '2'), o('bad', 'x'), o('none'), o('neg', '-4')];
    const first = highestDeletionWave(members);
    assert.equal(first.order, 3);
    assert.deepEqual(first.wave.map((m) => m.metadata.name), ['leaf', 'leaf2']);
    const last = highestDeletionWave([o('bad', 'x'), o('none'), o('neg', '-4')]);
    assert.deepEqual([last.order, last.wave.length], [0, 3]);
  });
});
