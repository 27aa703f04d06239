// The reconcile driver's rules (3.1 step 9, behaviors 26-27, 40, 46, 61-62): hard errors stop every apply,
// terminating children block the instance, apply errors are per item and disable pruning, other ApplySets'
// objects are refused while unlabeled ones are adopted, readiness waits do not requeue.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clusterWith, compileYaml, condition, reconcileOnce } from './helpers.js';

const TWO = `
schema: { apiVersion: v1alpha1, kind: Two, spec: { name: string, n: "string | default=1" } }
resources:
  - id: a
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name}-a" }, data: { k: a } }
  - id: b
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name}-b" }, data: { k: "\${string(100 / int(schema.spec.n))}" } }
`;

describe('hard errors, terminating children, apply errors', () => {
  test('a CEL error anywhere applies nothing (26)', async () => {
    const graph = await compileYaml(TWO);
    const cluster = clusterWith(graph, { name: 'x', n: '0' });
    const outcome = await reconcileOnce(graph, cluster);
    assert.equal(cluster.calls.applyCalls, 0);
    assert.equal(cluster.find('ConfigMap', 'x-a'), undefined, 'independent node a is not applied either');
    assert.equal(outcome.state, 'ERROR');
    assert.equal(outcome.status.state, 'ERROR');
    assert.equal(outcome.nodes.get('b')?.status.state, 'ERROR');
    assert.equal(outcome.nodes.get('a')?.status.state, 'IN_PROGRESS');
    assert.equal(outcome.requeue.kind, 'backoff');
    assert.match(String(condition(outcome, 'ResourcesReady')?.message), /^resource reconciliation failed: node "b": .*division by zero/);
    assert.equal(outcome.prune.ran, false);
  });

  test('a terminating child blocks the whole instance until it is gone (46)', async () => {
    const graph = await compileYaml(TWO);
    const cluster = clusterWith(graph, { name: 'x', n: '1' });
    cluster.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x-b', namespace: 'default', finalizers: ['hold'], deletionTimestamp: '2024-01-01T00:00:00Z' } });
    let outcome = await reconcileOnce(graph, cluster);
    assert.equal(cluster.calls.applyCalls, 0);
    assert.equal(outcome.nodes.get('b')?.status.state, 'DELETING');
    assert.equal(outcome.status.state, 'IN_PROGRESS');
    const rr = condition(outcome, 'ResourcesReady');
    assert.equal(rr?.reason, 'ResourceDeleting');
    assert.equal(rr?.message, 'resource "default/x-b" for node "b" is currently being deleted; waiting for deletion to complete before continuing reconciliation');
    assert.equal(outcome.requeue.kind, 'after-interval');

    cluster.release('ConfigMap', 'x-b');
    outcome = await reconcileOnce(graph, cluster);
    assert.ok(cluster.find('ConfigMap', 'x-b'), 'recreated once gone');
    assert.equal(outcome.status.state, 'ACTIVE');
  });

  test('an apply refused by a webhook is a per-item error: others applied, no pruning, ERROR (62)', async () => {
    const graph = await compileYaml(TWO);
    const cluster = clusterWith(graph, { name: 'x', n: '1' });
    cluster.denyApply.set('x-b', 'admission webhook "deny.example.com" denied the request: nope');
    let outcome = await reconcileOnce(graph, cluster);
    assert.ok(cluster.find('ConfigMap', 'x-a'));
    assert.equal(outcome.nodes.get('b')?.status.state, 'ERROR');
    assert.equal(outcome.state, 'ERROR');
    assert.equal(outcome.prune.ran, false);
    assert.equal(
      condition(outcome, 'ResourcesReady')?.message,
      'resource reconciliation failed: apply results contain errors: admission webhook "deny.example.com" denied the request: nope',
    );
    assert.equal(outcome.requeue.kind, 'after-interval');
    cluster.denyApply.clear();
    outcome = await reconcileOnce(graph, cluster);
    assert.equal(outcome.status.state, 'ACTIVE');
  });
});

describe('ApplySet ownership (K3, behavior 40)', () => {
  test('an object of another ApplySet is refused and left untouched', async () => {
    const graph = await compileYaml(TWO);
    const cluster = clusterWith(graph, { name: 'x', n: '1' });
    cluster.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x-a', namespace: 'default', labels: { 'applyset.kubernetes.io/part-of': 'applyset-other-v1' } }, data: { k: 'theirs' } });
    const outcome = await reconcileOnce(graph, cluster);
    const id = outcome.applySet.id;
    assert.equal(
      outcome.nodes.get('a')?.status.message,
      `resource belongs to a different ApplySet: default/x-a (/v1, Kind=ConfigMap) belongs to ApplySet "applyset-other-v1", cannot reassign to "${id}"`,
    );
    assert.equal((cluster.find('ConfigMap', 'x-a')?.data as Record<string, string>).k, 'theirs');
    assert.equal(outcome.state, 'ERROR');
  });

  test('an unlabeled object is adopted', async () => {
    const graph = await compileYaml(TWO);
    const cluster = clusterWith(graph, { name: 'x', n: '1' });
    cluster.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x-a', namespace: 'default' }, data: { k: 'old' } });
    const outcome = await reconcileOnce(graph, cluster);
    const cm = cluster.find('ConfigMap', 'x-a')!;
    assert.equal((cm.data as Record<string, string>).k, 'a');
    assert.equal(cm.metadata.labels?.['applyset.kubernetes.io/part-of'], outcome.applySet.id);
    assert.equal(outcome.status.state, 'ACTIVE');
  });
});

describe('readiness (H2, behavior 27)', () => {
  test('a readiness wait alone does not requeue; the message says what it waits for', async () => {
    const graph = await compileYaml(`
schema: { apiVersion: v1alpha1, kind: Job1, spec: { name: string } }
resources:
  - id: job
    readyWhen: ["\${has(job.status.completionTime)}"]
    template:
      apiVersion: batch/v1
      kind: Job
      metadata: { name: "\${schema.spec.name}" }
      spec: { template: { spec: { restartPolicy: Never, containers: [{ name: c, image: busybox }] } } }
`);
    const cluster = clusterWith(graph, { name: 'j' });
    let outcome = await reconcileOnce(graph, cluster);
    assert.equal(outcome.nodes.get('job')?.status.state, 'WAITING_FOR_READINESS');
    assert.equal(outcome.status.state, 'IN_PROGRESS');
    assert.equal(outcome.requeue.kind, 'none');
    assert.equal(
      condition(outcome, 'ResourcesReady')?.message,
      'awaiting resource readiness: waiting for node "job": node "job": failed to evaluate readyWhen expression: "has(job.status.completionTime)" (waiting for readiness)',
    );
    assert.equal(outcome.prune.ran, true, 'waiting for readiness is not pending: pruning still runs');
    cluster.setStatus('Job', 'j', { completionTime: '2024-01-01T00:00:00Z' }, 'default', 'batch');
    outcome = await reconcileOnce(graph, cluster);
    assert.equal(outcome.status.state, 'ACTIVE');
  });

  test('dependents wait for readyWhen; they are created in the same reconcile once it holds', async () => {
    const graph = await compileYaml(`
schema: { apiVersion: v1alpha1, kind: Dep, spec: { name: string } }
resources:
  - id: deployment
    readyWhen: ["\${deployment.spec.replicas == deployment.status.availableReplicas}"]
    template:
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: "\${schema.spec.name}" }
      spec:
        replicas: 2
        selector: { matchLabels: { app: x } }
        template: { metadata: { labels: { app: x } }, spec: { containers: [{ name: c, image: nginx }] } }
  - id: service
    template:
      apiVersion: v1
      kind: Service
      metadata: { name: "\${deployment.metadata.name}" }
      spec: { selector: { app: x }, ports: [{ port: 80 }] }
`);
    const cluster = clusterWith(graph, { name: 'web' });
    let outcome = await reconcileOnce(graph, cluster);
    assert.equal(cluster.find('Service', 'web'), undefined);
    assert.equal(outcome.nodes.get('service')?.pending?.reason, 'dependency');
    assert.equal(outcome.nodes.get('service')?.pending?.dependency, 'deployment');
    cluster.setStatus('Deployment', 'web', { availableReplicas: 2 }, 'default', 'apps');
    outcome = await reconcileOnce(graph, cluster);
    assert.ok(cluster.find('Service', 'web'));
    assert.equal(outcome.status.state, 'ACTIVE');
  });
});

describe('watches (N3)', () => {
  test('every object read or applied is watched, registered before it is read', async () => {
    const graph = await compileYaml(TWO);
    const cluster = clusterWith(graph, { name: 'x', n: '1' });
    const outcome = await reconcileOnce(graph, cluster);
    assert.deepEqual(
      outcome.watches.map((w) => (w.kind === 'object' ? `${w.nodeId}:${w.namespace}/${w.name}` : w.labelSelector)),
      ['a:default/x-a', 'b:default/x-b'],
    );
    assert.equal(cluster.watches.length, 2);
  });
});
