// Scenario dependency_readiness_test (spec section 5; 1.H H2, behavior 27): a resource is created only when ALL of
// its dependencies are ready: a Deployment reading two ConfigMaps waits while either one's readyWhen is false, and
// is created with both values once both hold; a Job chained on another Job's completion (optional-field readyWhen)
// is created only after the first completes, and the instance is ACTIVE once the second does.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CONFIGMAPS,
  createInstance,
  createRgdAndWait,
  createTestNamespace,
  deleteObject,
  rgdObject,
  uniqueKind,
  waitGone,
  waitInstanceState,
  waitObject,
} from '../instance/harness.js';
import { DEPLOYMENTS, JOBS, completeJob, createRgdExpectActive, dataOf, deploymentTemplate, patchSpec, specOf, staysAbsent, useScenario, waitAll } from './helpers.js';

const env = useScenario('depready');
const { prefix } = env;

describe('dependency readiness', { concurrency: true }, () => {
  test('a resource waits for all of its dependencies to be ready', async () => {
    const namespace = await createTestNamespace('depready');
    const kind = uniqueKind('TestDependencyReadiness');
    const configMap = (id: string, suffix: string, field: string) => ({
      id,
      template: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `\${schema.spec.name}-${suffix}` },
        data: { value: `\${schema.spec.${field}.data}`, ready: `\${string(schema.spec.${field}.ready)}` },
      },
      readyWhen: [`\${${id}.data.?ready.orValue("false") == "true"}`],
    });
    const { gvr } = await createRgdAndWait(
      env.kube,
      rgdObject(
        `${prefix}-two-deps`,
        kind,
        {
          name: 'string',
          configA: { data: 'string', ready: 'boolean | default=false' },
          configB: { data: 'string', ready: 'boolean | default=false' },
          replicas: 'integer | default=1',
        },
        [
          configMap('configmapA', 'config-a', 'configA'),
          configMap('configmapB', 'config-b', 'configB'),
          {
            id: 'deployment',
            template: deploymentTemplate(
              '${schema.spec.name}',
              'test',
              {
                containers: [
                  {
                    name: 'nginx',
                    image: 'nginx',
                    env: [
                      { name: 'CONFIG_A', value: '${configmapA.data.?value.orValue("")}' },
                      { name: 'CONFIG_B', value: '${configmapB.data.?value.orValue("")}' },
                    ],
                  },
                ],
              },
              '${schema.spec.replicas}',
            ),
          },
        ],
      ),
    );
    const name = 'test-dep-readiness';
    await createInstance(env.kube, gvr, kind, namespace, name, { name, configA: { data: 'valueA', ready: false }, configB: { data: 'valueB', ready: false }, replicas: 1 });
    const [a, b] = await waitAll(env.kube, CONFIGMAPS, namespace, [`${name}-config-a`, `${name}-config-b`]);
    assert.deepEqual(dataOf(a), { value: 'valueA', ready: 'false' });
    assert.deepEqual(dataOf(b), { value: 'valueB', ready: 'false' });
    await staysAbsent(env.kube, DEPLOYMENTS, namespace, [name], 2_000, 'while no dependency is ready');
    await waitInstanceState(env.kube, gvr, namespace, name, 'IN_PROGRESS');

    await patchSpec(env.kube, gvr, namespace, name, { configA: { ready: true } });
    await waitObject(env.kube, CONFIGMAPS, namespace, `${name}-config-a`, (o) => dataOf(o).ready === 'true', 'config-a ready');
    await staysAbsent(env.kube, DEPLOYMENTS, namespace, [name], 2_000, 'while configmapB is not ready');

    await patchSpec(env.kube, gvr, namespace, name, { configB: { ready: true } });
    const deployment = await waitObject(env.kube, DEPLOYMENTS, namespace, name, () => true, 'deployment created once both are ready');
    assert.equal(specOf(deployment).replicas, 1);
    const containers = (specOf(deployment).template as { spec: { containers: { env: unknown[] }[] } }).spec.containers;
    assert.equal(containers.length, 1);
    assert.deepEqual(containers[0]?.env, [
      { name: 'CONFIG_A', value: 'valueA' },
      { name: 'CONFIG_B', value: 'valueB' },
    ]);
    await waitInstanceState(env.kube, gvr, namespace, name, 'ACTIVE');
    await deleteObject(env.kube, gvr, namespace, name);
    await waitGone(env.kube, gvr, namespace, name);
  });

  test('a Job chained on another Job is created only after the first completes', async () => {
    const namespace = await createTestNamespace('depready');
    const kind = uniqueKind('TestJobs');
    const job = (id: string, annotations: Record<string, string>, script: string) => ({
      id,
      template: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: `\${schema.spec.name}-${id}`, ...(Object.keys(annotations).length ? { annotations } : {}) },
        spec: { template: { spec: { containers: [{ name: 'sleeper', image: 'busybox', command: ['sh', '-c', script] }], restartPolicy: 'Never' } } },
      },
      readyWhen: [`\${${id}.status.?completionTime.orValue(null) != null}`],
    });
    // `.orValue(null)` on an optional timestamp: cel-go types null as assignable to timestamps (legacy nullable).
    const { gvr } = await createRgdExpectActive(
      env.kube,
      rgdObject(`${prefix}-jobs`, kind, { name: 'string' }, [
        job('job1', {}, "echo 'Job 1 starting' && sleep 5 && echo 'Job 1 complete'"),
        job('job2', { 'depends-on': '${job1.metadata.name}' }, "echo 'Job 2 starting' && sleep 1 && echo 'Job 2 complete'"),
      ]),
    );
    const name = 'test-jobs-instance';
    await createInstance(env.kube, gvr, kind, namespace, name, { name: 'test-jobs' });
    await waitObject(env.kube, JOBS, namespace, 'test-jobs-job1', () => true, 'job1 created');
    await staysAbsent(env.kube, JOBS, namespace, ['test-jobs-job2'], 3_000, 'while job1 runs');

    await completeJob(env.kube, namespace, 'test-jobs-job1');
    const job2 = await waitObject(env.kube, JOBS, namespace, 'test-jobs-job2', () => true, 'job2 created after job1 completed');
    assert.equal(job2.metadata.annotations?.['depends-on'], 'test-jobs-job1');
    await waitInstanceState(env.kube, gvr, namespace, name, 'IN_PROGRESS');

    await completeJob(env.kube, namespace, 'test-jobs-job2');
    await waitInstanceState(env.kube, gvr, namespace, name, 'ACTIVE');
  });
});
