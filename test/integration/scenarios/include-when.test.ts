// Scenario include_when_test (spec section 5; 1.H H1, behaviors 1, 4, 28, 29): includeWhen false skips a resource
// and, contagiously, everything that depends on it, and the instance is still ACTIVE; the served topological order
// breaks ties by declaration order; an includeWhen reading another resource propagates exclusion; an includeWhen
// reading a status field waits (IN_PROGRESS, nothing gated created) until the data satisfies it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../../../src/api/index.js';
import {
  CONFIGMAPS,
  createActiveInstance,
  createInstance,
  createRgdAndWait,
  createTestNamespace,
  deleteObject,
  deleteRgd,
  getObject,
  rgdObject,
  statusOf,
  uniqueKind,
  waitGone,
  waitInstanceState,
  waitObject,
} from '../instance/harness.js';
import {
  DEPLOYMENTS,
  SERVICES,
  SERVICE_ACCOUNTS,
  configMapTemplate as configMap,
  dataOf,
  deploymentTemplate,
  makeDeploymentAvailable,
  patchSpec,
  specOf,
  statusGatedResources,
  staysAbsent,
  useScenario,
} from './helpers.js';

const env = useScenario('incl');
const { prefix } = env;

function deployment(name: string, extraPodSpec: JsonObject = {}): JsonObject {
  return deploymentTemplate(name, 'deployment', { ...extraPodSpec, containers: [{ name: '${schema.spec.name}-deployment', image: 'nginx', ports: [{ containerPort: 8080 }] }] });
}

function service(name: string): JsonObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: 'deployment' }, ports: [{ port: 8080, targetPort: 8080 }] } };
}


describe('includeWhen', { concurrency: true }, () => {
  test('includeWhen false skips a resource and its dependents; the instance is ACTIVE; topological order by declaration (behavior 1)', async () => {
    const namespace = await createTestNamespace('incl');
    const kind = uniqueKind('TestConditions');
    const rgdName = `${prefix}-conditions`;
    const { rgd, gvr } = await createRgdAndWait(
      env.kube,
      rgdObject(
        rgdName,
        kind,
        {
          name: 'string',
          deploymentA: { name: 'string', enabled: 'boolean' },
          deploymentBenabled: 'boolean',
          serviceAccountAenabled: 'boolean',
          serviceAccountBenabled: 'boolean',
          serviceBenabled: 'boolean',
        },
        [
          { id: 'deploymentA', template: deployment('${schema.spec.deploymentA.name}'), includeWhen: ['${schema.spec.deploymentA.enabled}'] },
          {
            id: 'deploymentB',
            template: deployment('${schema.spec.name}-b', { serviceAccountName: '${serviceAccountA.metadata.name + schema.spec.name}' }),
            includeWhen: ['${schema.spec.deploymentBenabled}'],
          },
          { id: 'serviceAccountA', template: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: '${schema.spec.name}-a' } }, includeWhen: ['${schema.spec.serviceAccountAenabled}'] },
          { id: 'serviceAccountB', template: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: '${serviceA.metadata.name}' } }, includeWhen: ['${schema.spec.serviceAccountBenabled}'] },
          { id: 'serviceA', template: service('${deploymentA.metadata.name}') },
          { id: 'serviceB', template: service('${deploymentB.metadata.name + deploymentA.metadata.name}'), includeWhen: ['${schema.spec.serviceBenabled}'] },
        ],
      ),
    );
    assert.deepEqual(rgd.status?.topologicalOrder, ['deploymentA', 'serviceAccountA', 'deploymentB', 'serviceA', 'serviceAccountB', 'serviceB']);

    const name = 'test-conditions';
    await createInstance(env.kube, gvr, kind, namespace, name, {
      name,
      deploymentA: { enabled: false },
      deploymentBenabled: true,
      serviceAccountAenabled: true,
      serviceBenabled: true,
      serviceAccountBenabled: true,
    });
    await waitInstanceState(env.kube, gvr, namespace, name, 'ACTIVE');

    assert.ok(await getObject(env.kube, SERVICE_ACCOUNTS, namespace, `${name}-a`), 'serviceAccountA created');
    const deploymentB = await getObject(env.kube, DEPLOYMENTS, namespace, `${name}-b`);
    const podSpec = (specOf(deploymentB).template as { spec: { serviceAccountName: string; containers: unknown[] } }).spec;
    assert.equal(podSpec.containers.length, 1);
    assert.equal(podSpec.serviceAccountName, `${name}-a${name}`);
    // deploymentA is excluded; serviceA, serviceB and serviceAccountB depend on it (transitively) and are skipped.
    assert.deepEqual((await env.kube.dynamic.list({ gvr: DEPLOYMENTS, namespace })).items.map((d) => d.metadata.name), [`${name}-b`]);
    assert.deepEqual((await env.kube.dynamic.list({ gvr: SERVICES, namespace })).items.map((s) => s.metadata.name), [], 'serviceA and serviceB skipped');
    assert.equal(await getObject(env.kube, SERVICE_ACCOUNTS, namespace, name), undefined, 'serviceAccountB skipped');

    await deleteObject(env.kube, gvr, namespace, name);
    await waitGone(env.kube, gvr, namespace, name);
    await deleteRgd(env.kube, rgdName);
  });

  test('an upstream includeWhen false skips downstream dependents contagiously (28)', async () => {
    const namespace = await createTestNamespace('incl');
    const { gvr, kind } = await env.createActiveRgd('contagious', 'ContagiousConditions', { name: 'string', enableParent: 'boolean' }, [
      { id: 'parent', template: configMap('${schema.spec.name}-parent', { key: 'parent' }), includeWhen: ['${schema.spec.enableParent}'] },
      { id: 'child', template: configMap('${parent.metadata.name}-child', { fromParent: '${parent.data.key}' }) },
      { id: 'always', template: configMap('${schema.spec.name}-always', { key: 'always' }) },
    ]);
    const name = 'test-conditions-contagious';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name, enableParent: false });
    assert.equal(dataOf(await getObject(env.kube, CONFIGMAPS, namespace, `${name}-always`)).key, 'always');
    await staysAbsent(env.kube, CONFIGMAPS, namespace, [`${name}-parent`, `${name}-parent-child`], 3_000, 'skipped (includeWhen, contagious)');
  });

  test('an includeWhen reading another resource propagates exclusion', async () => {
    const namespace = await createTestNamespace('incl');
    const { gvr, kind } = await env.createActiveRgd('resource-backed', 'ResourceBackedContagiousConditions', { name: 'string', enableMiddle: 'boolean' }, [
      { id: 'source', template: configMap('${schema.spec.name}-source', { enabled: "${schema.spec.enableMiddle ? 'true' : 'false'}" }) },
      { id: 'middle', template: configMap('${schema.spec.name}-middle', { value: 'middle' }), includeWhen: ["${source.data.enabled == 'true'}"] },
      { id: 'child', template: configMap('${middle.metadata.name}-child', { fromMiddle: '${middle.data.value}' }) },
      { id: 'always', template: configMap('${schema.spec.name}-always', { key: 'always' }) },
    ]);
    const name = 'test-resource-backed-contagious';
    await createActiveInstance(env.kube, gvr, kind, namespace, name, { name, enableMiddle: false });
    assert.equal(dataOf(await getObject(env.kube, CONFIGMAPS, namespace, `${name}-source`)).enabled, 'false');
    assert.ok(await getObject(env.kube, CONFIGMAPS, namespace, `${name}-always`));
    await staysAbsent(env.kube, CONFIGMAPS, namespace, [`${name}-middle`, `${name}-middle-child`], 3_000, 'excluded by the resource-backed includeWhen');
  });

  test("a resource-backed includeWhen waits for its dependency's readyWhen, even when the data already says true (29)", async () => {
    const namespace = await createTestNamespace('incl');
    const { gvr, kind } = await env.createActiveRgd('ready-backed', 'ReadyBackedConditions', { name: 'string', ready: 'boolean' }, [
      {
        id: 'source',
        template: configMap('${schema.spec.name}-source', { enabled: 'true', ready: '${string(schema.spec.ready)}' }),
        readyWhen: ["${source.data.ready == 'true'}"],
      },
      { id: 'gated', template: configMap('${schema.spec.name}-gated', { value: 'gated' }), includeWhen: ["${source.data.enabled == 'true'}"] },
    ]);
    const name = 'ready-backed';
    await createInstance(env.kube, gvr, kind, namespace, name, { name, ready: false });
    await waitObject(env.kube, CONFIGMAPS, namespace, `${name}-source`, (o) => dataOf(o).enabled === 'true', 'source created, enabled');
    await waitInstanceState(env.kube, gvr, namespace, name, 'IN_PROGRESS');
    await staysAbsent(env.kube, CONFIGMAPS, namespace, [`${name}-gated`], 2_000, 'while its includeWhen dependency is not ready');

    await patchSpec(env.kube, gvr, namespace, name, { ready: true });
    await waitObject(env.kube, CONFIGMAPS, namespace, `${name}-gated`, (o) => dataOf(o).value === 'gated', 'gated created once source is ready');
    await waitInstanceState(env.kube, gvr, namespace, name, 'ACTIVE');
  });

  test('a status-backed includeWhen waits (IN_PROGRESS, nothing gated) until the data satisfies it (29)', async () => {
    const namespace = await createTestNamespace('incl');
    const { gvr, kind } = await env.createActiveRgd('status-backed', 'StatusBackedConditions', { name: 'string' }, [
      ...statusGatedResources('${source.status.availableReplicas == source.spec.replicas}'),
      { id: 'always', template: configMap('${schema.spec.name}-always', { key: 'always' }) },
    ]);
    const name = 'status-backed';
    await createInstance(env.kube, gvr, kind, namespace, name, { name });
    await waitObject(env.kube, DEPLOYMENTS, namespace, `${name}-source`, (o) => specOf(o).replicas === 1, 'source with 1 replica');
    await waitObject(env.kube, CONFIGMAPS, namespace, `${name}-always`, (o) => dataOf(o).key === 'always', 'always created');
    await waitInstanceState(env.kube, gvr, namespace, name, 'IN_PROGRESS');
    await staysAbsent(env.kube, CONFIGMAPS, namespace, [`${name}-gated`, `${name}-child`], 3_000, 'waiting for source.status.availableReplicas');
    const waiting = await getObject(env.kube, gvr, namespace, name);
    assert.equal(statusOf(waiting!).state, 'IN_PROGRESS', 'pending, not skipped: the instance is not ACTIVE');

    await makeDeploymentAvailable(env.kube, namespace, `${name}-source`, 1);
    await waitObject(env.kube, CONFIGMAPS, namespace, `${name}-gated`, (o) => dataOf(o).fromSource === `${name}-source`, 'gated created');
    await waitObject(env.kube, CONFIGMAPS, namespace, `${name}-child`, (o) => dataOf(o).fromGated === `${name}-source`, 'child created');
    await waitInstanceState(env.kube, gvr, namespace, name, 'ACTIVE');
  });
});
