// Scenario readiness_test (spec section 5; 1.H H2, behaviors 3, 27): a dependent waits for its dependency's
// readyWhen (`deployment.spec.replicas == deployment.status.availableReplicas`): the Service is absent and the
// instance IN_PROGRESS until the Deployment reports its replicas, then the Service is created (apply-order "2" after
// the Deployment's "1"); a readyWhen on the last node of the graph (`job.status.completionTime != null`) keeps the
// instance IN_PROGRESS, through several requeue intervals, until the Job completes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  conditionOf,
  createInstance,
  createTestNamespace,
  deleteObject,
  getObject,
  statusOf,
  waitGone,
  waitInstanceState,
  waitObject,
} from '../instance/harness.js';
import { DEPLOYMENTS, JOBS, SERVICES, completeJob, consistently, kubectlColumns, makeDeploymentAvailable, specOf, staysAbsent, useScenario } from './helpers.js';

const env = useScenario('ready');

describe('readiness', { concurrency: true }, () => {
  test('the Service waits until deployment.spec.replicas == deployment.status.availableReplicas', async () => {
    const namespace = await createTestNamespace('ready');
    const { rgd, gvr, kind } = await env.createActiveRgd(
      'deploy',
      'TestReadiness',
      {
        name: 'string',
        replicas: 'integer',
        deployment: { includeAnnotations: 'boolean | default=false', annotations: 'map[string]string' },
        service: { includeAnnotations: 'boolean | default=true', annotations: 'map[string]string' },
      },
      [
        {
          id: 'deployment',
          template: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: '${schema.spec.name}', annotations: '${schema.spec.deployment.includeAnnotations ? schema.spec.deployment.annotations : {}}' },
            spec: {
              replicas: '${schema.spec.replicas}',
              selector: { matchLabels: { app: 'deployment' } },
              template: {
                metadata: { labels: { app: 'deployment' } },
                spec: { containers: [{ name: '${schema.spec.name}-deployment', image: 'nginx', ports: [{ containerPort: 8080 }] }] },
              },
            },
          },
          readyWhen: ['${deployment.spec.replicas == deployment.status.availableReplicas}'],
        },
        {
          id: 'service',
          template: {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: '${deployment.metadata.name}', annotations: '${schema.spec.service.includeAnnotations ? schema.spec.service.annotations : {}}' },
            spec: { selector: { app: 'deployment' }, ports: [{ port: 8080, targetPort: 8080 }] },
          },
        },
      ],
    );
    assert.deepEqual(rgd.status?.topologicalOrder, ['deployment', 'service']);

    const name = 'test-readiness';
    await createInstance(env.kube, gvr, kind, namespace, name, {
      name,
      replicas: 5,
      deployment: { includeAnnotations: false, annotations: {} },
      service: { includeAnnotations: true, annotations: { app: 'service' } },
    });
    const deployment = await waitObject(env.kube, DEPLOYMENTS, namespace, name, () => true, 'deployment created');
    assert.equal(specOf(deployment).replicas, 5);
    assert.equal((specOf(deployment).template as { spec: { containers: unknown[] } }).spec.containers.length, 1);
    assert.equal(deployment.metadata.annotations?.app, undefined, 'annotations excluded by the expression');
    assert.equal(deployment.metadata.annotations?.['internal.kro.run/apply-order'], '1');

    const waiting = await waitInstanceState(env.kube, gvr, namespace, name, 'IN_PROGRESS');
    assert.equal(conditionOf(waiting, 'ResourcesReady')?.status, 'False');
    await staysAbsent(env.kube, SERVICES, namespace, [name], 2_000, 'until the deployment is ready');
    assert.deepEqual(await kubectlColumns(gvr, namespace, name).then((c) => [c.STATE, c.READY]), ['IN_PROGRESS', 'False']);

    await makeDeploymentAvailable(env.kube, namespace, name, 5);
    const service = await waitObject(env.kube, SERVICES, namespace, name, () => true, 'service created');
    assert.equal(service.metadata.annotations?.app, 'service');
    assert.equal(service.metadata.annotations?.['internal.kro.run/apply-order'], '2');
    await waitInstanceState(env.kube, gvr, namespace, name, 'ACTIVE');

    await deleteObject(env.kube, gvr, namespace, name);
    await waitGone(env.kube, gvr, namespace, name);
  });

  test('a readyWhen on the last node keeps the instance IN_PROGRESS until it holds', async () => {
    const namespace = await createTestNamespace('ready');
    const { gvr, kind } = await env.createActiveRgd('tail', 'TestReadinessTail', { name: 'string' }, [
      {
        id: 'job',
        template: {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: { name: '${schema.spec.name}' },
          spec: { template: { spec: { containers: [{ name: 'sleep', image: 'busybox', args: ['sleep', '3'] }], restartPolicy: 'Never' } } },
        },
        readyWhen: ['${job.status.completionTime != null}'],
      },
    ]);
    const name = 'test-readiness-tail';
    await createInstance(env.kube, gvr, kind, namespace, name, { name });
    await waitObject(env.kube, JOBS, namespace, name, () => true, 'job created');
    await waitInstanceState(env.kube, gvr, namespace, name, 'IN_PROGRESS');
    // Several requeue intervals (1 s here, 5 s in upstream's environment).
    await consistently(async () => {
      assert.equal(statusOf((await getObject(env.kube, gvr, namespace, name))!).state, 'IN_PROGRESS');
    }, 3_000);

    await completeJob(env.kube, namespace, name);
    await waitInstanceState(env.kube, gvr, namespace, name, 'ACTIVE', 10_000);
    await deleteObject(env.kube, gvr, namespace, name);
  });
});
