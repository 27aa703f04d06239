// Scenario webhook_denial_test (spec section 5, 3.1 requeue table): an admission denial of a child (here by a
// ValidatingAdmissionPolicy, which the test control plane enables) is a per-item apply error: the instance is ERROR
// with ResourcesReady False carrying the policy's message, retried on the requeue interval, and ACTIVE once the
// policy is removed. Those retryable apply failures are reported through conditions, not counted in
// `instance_reconcile_errors_total` (read from the manager's registry), although the instance was reconciled many
// times meanwhile.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONFIGMAPS,
  conditionOf,
  createInstance,
  eventually,
  getObject,
  kubectlOk,
  statusOf,
  uniqueName,
  waitInstanceState,
  waitObject,
} from '../instance/harness.js';
import { consistently, patchMetadata, reconcileErrors, useScenario } from './helpers.js';

const env = useScenario('webhook');

test('an admission denial is reported in status, not counted as a reconcile error, and recovers', async () => {
  // The binding matches only this test's namespace (a label unique to it): other files share the API server.
  const label = uniqueName('deny');
  const namespace = uniqueName('webhook');
  await kubectlOk(['create', 'namespace', namespace]);
  await kubectlOk(['label', 'namespace', namespace, `test-webhook=${label}`]);
  const policyName = `${label}-policy`;
  const bindingName = `${label}-binding`;
  const manifests = [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: policyName },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['configmaps'] }] },
        validations: [
          {
            expression: "!has(object.metadata.annotations) || !('deny-me' in object.metadata.annotations) || object.metadata.annotations['deny-me'] != 'true'",
            message: 'ConfigMaps with annotation deny-me=true are not allowed by webhook policy',
          },
        ],
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: bindingName },
      spec: { policyName, validationActions: ['Deny'], matchResources: { namespaceSelector: { matchLabels: { 'test-webhook': label } } } },
    },
  ];
  await kubectlOk(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests }));
  // The API server loads policies asynchronously: wait until a denied object really is denied.
  await eventually(async () => {
    try {
      await env.kube.dynamic.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'probe', namespace, annotations: { 'deny-me': 'true' } } }, { dryRun: true });
      return undefined;
    } catch (err) {
      return err instanceof Error && err.message.includes('not allowed by webhook policy') ? true : undefined;
    }
  }, { message: 'the policy denies', timeoutMs: 30_000, intervalMs: 200 });

  const { gvr, kind } = await env.createActiveRgd('denial', 'TestWebhookDenial', { name: 'string' }, [
    { id: 'configmap', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.name}', annotations: { 'deny-me': 'true' } }, data: { key: 'value' } } },
  ]);
  const errorsBefore = await reconcileErrors(env.controller, gvr);
  const instanceName = 'test-webhook-instance';
  await createInstance(env.kube, gvr, kind, namespace, instanceName, { name: instanceName });
  const denied = await waitObject(env.kube, gvr, namespace, instanceName, (o) => statusOf(o).state === 'ERROR', 'ERROR');
  assert.equal(conditionOf(denied, 'ResourcesReady')?.status, 'False');
  assert.ok((conditionOf(denied, 'ResourcesReady')?.message ?? '').includes('not allowed by webhook policy'), conditionOf(denied, 'ResourcesReady')?.message);
  assert.equal(await getObject(env.kube, CONFIGMAPS, namespace, instanceName), undefined);

  // Retried on the requeue interval, never counted as a reconcile error.
  const reconcilesBefore = env.controller.stats(gvr, namespace, instanceName)?.reconciles ?? 0;
  await consistently(async () => {
    assert.equal(await reconcileErrors(env.controller, gvr), errorsBefore, 'a retryable apply failure incremented instance_reconcile_errors_total');
  }, 5_000, 500);
  const reconcilesAfter = env.controller.stats(gvr, namespace, instanceName)?.reconciles ?? 0;
  assert.ok(reconcilesAfter >= reconcilesBefore + 2, `the denied apply was retried (${reconcilesBefore} -> ${reconcilesAfter} reconciles)`);

  await kubectlOk(['delete', 'validatingadmissionpolicybinding', bindingName]);
  await kubectlOk(['delete', 'validatingadmissionpolicy', policyName]);
  // A label-only edit does not enqueue (behavior 38); the delayed requeue of the ERROR state brings the recovery.
  await patchMetadata(env.kube, gvr, namespace, instanceName, { labels: { 'trigger-reconcile': 'true' } });
  await waitInstanceState(env.kube, gvr, namespace, instanceName, 'ACTIVE', 60_000);
  assert.ok(await getObject(env.kube, CONFIGMAPS, namespace, instanceName), 'the ConfigMap exists');
  assert.equal(await reconcileErrors(env.controller, gvr), errorsBefore);
});
