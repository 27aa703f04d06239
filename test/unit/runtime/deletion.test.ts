// Instance deletion (3.3, K5, behaviors 43, 47): from the persisted inventory only, the highest apply-order wave
// first, waiting while a wave is terminating, `done` when nothing is left; a broken inventory blocks deletion.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { reconcileDeletion } from '../../../src/runtime/index.js';
import { NOW, clusterWith, compileYaml, reconcileOnce } from './helpers.js';

const RGD = `
schema: { apiVersion: v1alpha1, kind: Del, spec: { name: string } }
resources:
  - id: extcm
    externalRef: { apiVersion: v1, kind: ConfigMap, metadata: { name: external } }
  - id: managedcm
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name}-managed" }, data: { v: "\${extcm.data.v}" } }
  - id: leaf
    template: { apiVersion: v1, kind: Secret, metadata: { name: "\${managedcm.metadata.name}-leaf" } }
`;

describe('instance deletion by waves', () => {
  test('highest wave first, waits for terminating objects, then done; works without the external object (47)', async () => {
    const graph = await compileYaml(RGD);
    const cluster = clusterWith(graph, { name: 'd' });
    cluster.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'external', namespace: 'default' }, data: { v: '1' } });
    await reconcileOnce(graph, cluster);
    assert.equal(cluster.find('ConfigMap', 'd-managed')?.metadata.annotations?.['internal.kro.run/apply-order'], '2');
    assert.equal(cluster.find('Secret', 'd-managed-leaf')?.metadata.annotations?.['internal.kro.run/apply-order'], '3');
    cluster.remove('ConfigMap', 'external');
    cluster.find('Secret', 'd-managed-leaf')!.metadata.finalizers = ['hold'];

    const instance = { ...cluster.instance(), metadata: { ...cluster.instance().metadata, deletionTimestamp: '2024-06-01T00:00:00Z' } };
    let outcome = await reconcileDeletion({ instance, port: cluster, hasAuthorConditions: false, now: NOW });
    assert.equal(outcome.wave, 3);
    assert.equal(outcome.done, false);
    assert.deepEqual(outcome.requeue, { kind: 'after-interval', reason: 'deleting apply-order wave 3' });
    assert.equal(outcome.status.state, 'DELETING');
    const rr = (outcome.status.status?.conditions as Record<string, unknown>[]).find((c) => c.type === 'ResourcesReady');
    assert.deepEqual([rr?.status, rr?.reason, rr?.message], ['Unknown', 'UnderDeletion', 'deleting resources']);
    assert.ok(cluster.find('ConfigMap', 'd-managed'), 'the lower wave waits');
    assert.ok(cluster.find('Secret', 'd-managed-leaf')?.metadata.deletionTimestamp, 'terminating, held by a finalizer');

    cluster.resetCalls();
    outcome = await reconcileDeletion({ instance, port: cluster, hasAuthorConditions: false, now: NOW });
    assert.equal(outcome.wave, 3);
    assert.equal(cluster.calls.delete, 0, 'objects already terminating are waited on, not deleted again');

    cluster.release('Secret', 'd-managed-leaf');
    outcome = await reconcileDeletion({ instance, port: cluster, hasAuthorConditions: false, now: NOW });
    assert.equal(outcome.wave, 2);
    assert.equal(cluster.find('ConfigMap', 'd-managed'), undefined);
    outcome = await reconcileDeletion({ instance, port: cluster, hasAuthorConditions: false, now: NOW });
    assert.equal(outcome.done, true);
    assert.deepEqual(outcome.requeue, { kind: 'none' });
  });

  test('a tampered inventory blocks deletion with upstream wording', async () => {
    const graph = await compileYaml(RGD);
    const cluster = clusterWith(graph, { name: 'd' });
    const instance = cluster.instance();
    instance.metadata.deletionTimestamp = '2024-06-01T00:00:00Z';
    instance.metadata.annotations!['applyset.kubernetes.io/contains-group-kinds'] = 'ConfigMap';
    const outcome = await reconcileDeletion({ instance, port: cluster, hasAuthorConditions: false, now: NOW });
    assert.equal(outcome.requeue.kind, 'backoff');
    const rr = (outcome.status.status?.conditions as Record<string, unknown>[]).find((c) => c.type === 'ResourcesReady');
    assert.match(String(rr?.message), /^deletion blocked: validate deletion inventory: invalid internal\.kro\.run\/applyset-inventory-hash annotation: got "sha256:/);
  });
});
