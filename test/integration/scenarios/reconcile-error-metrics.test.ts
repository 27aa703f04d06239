// Scenario reconcile_error_metrics_test (spec section 5, 1.O): `instance_reconcile_errors_total` counts
// reconcile-level failures only. A child that targets a namespace that does not exist fails every apply with a
// retryable error: the instance reports it in its conditions and keeps being retried, and the counter (read from the
// manager's registry) does not move, so alerts on it do not fire for an instance that is merely waiting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createInstance,
  createTestNamespace,
  eventually,
  statusOf,
  uniqueName,
  waitObject,
} from '../instance/harness.js';
import { conditionsText, consistently, reconcileErrors, useScenario } from './helpers.js';

const env = useScenario('errmetric');

test('a retryable apply failure is not counted as a reconcile error', async () => {
  const namespace = await createTestNamespace('errmetric');
  const missing = uniqueName('does-not-exist');
  const { gvr, kind } = await env.createActiveRgd('missing-ns', 'TestReconcileErrorMetric', { name: 'string' }, [
    { id: 'cm', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.name}-cm', namespace: missing }, data: { managed: 'yes' } } },
  ]);
  const before = await reconcileErrors(env.controller, gvr);
  await createInstance(env.kube, gvr, kind, namespace, 'reconcile-error-metric', { name: 'reconcile-error-metric' });
  // The failure is visible to the user; otherwise this test would pass because nothing happened.
  const failing = await waitObject(env.kube, gvr, namespace, 'reconcile-error-metric', (o) => conditionsText(o).includes(missing), 'the failing apply reported');
  assert.equal(statusOf(failing).state, 'ERROR');
  const reconciles = env.controller.stats(gvr, namespace, 'reconcile-error-metric')?.reconciles ?? 0;
  await consistently(async () => {
    assert.equal(await reconcileErrors(env.controller, gvr), before, 'a retryable apply failure incremented instance_reconcile_errors_total');
  }, 6_000, 500);
  const later = env.controller.stats(gvr, namespace, 'reconcile-error-metric')?.reconciles ?? 0;
  assert.ok(later >= reconciles + 2, `retried meanwhile (${reconciles} -> ${later} reconciles)`);
});

test('a hard evaluation error is counted (the counter and its label are live)', async () => {
  const namespace = await createTestNamespace('errmetric');
  const { gvr, kind } = await env.createActiveRgd('hard', 'TestReconcileHardError', { divisor: 'integer | default=0' }, [
    // Behavior 11: division by zero is not data pending; it fails the reconcile.
    { id: 'cm', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.metadata.name}-cm' }, data: { ratio: '${string(10 / schema.spec.divisor)}' } } },
  ]);
  const before = await reconcileErrors(env.controller, gvr);
  await createInstance(env.kube, gvr, kind, namespace, 'hard-error', {});
  const failing = await waitObject(env.kube, gvr, namespace, 'hard-error', (o) => statusOf(o).state === 'ERROR', 'ERROR');
  assert.match(conditionsText(failing), /division by zero/);
  // Counted when the reconcile returns, just after it wrote the status.
  await eventually(async () => ((await reconcileErrors(env.controller, gvr)) > before ? true : undefined), { message: 'instance_reconcile_errors_total increases' });
});
