// Scenario cascading_deletion_test (spec section 5, 3.3, upstream bug #985): three RGDs in one custom API group,
// each level's template creating an instance of the next level's kind. One top-level instance makes all three
// levels ACTIVE with their children; deleting it cascades through every level (each nested instance is a child
// that kro deletes, whose own deletion removes its children) and nothing is orphaned.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GroupVersionResource, JsonObject } from '../../../src/api/index.js';
import {
  CONFIGMAPS,
  SECRETS,
  createActiveInstance,
  createRgdAndWait,
  createTestNamespace,
  deleteObject,
  rgdObject,
  uniqueKind,
  waitGone,
  waitInstanceState,
} from '../instance/harness.js';
import { DEPLOYMENTS, SERVICES, useScenario, waitAll } from './helpers.js';

const env = useScenario('cascade');
const { prefix } = env;
const group = `${prefix}.kro-test.io`;

function inGroup(name: string, kind: string, spec: JsonObject, resources: JsonObject[]) {
  const rgd = rgdObject(name, kind, spec, resources);
  rgd.spec.schema.group = group;
  return rgd;
}

function meta(suffix: string): JsonObject {
  return { name: `\${schema.metadata.name}-${suffix}`, namespace: '${schema.metadata.namespace}' };
}

test('deleting the top instance cascades through three levels of nested instances', async () => {
  const namespace = await createTestNamespace('cascade');
  const [kind1, kind2, kind3] = [uniqueKind('Level1Resource'), uniqueKind('Level2Resource'), uniqueKind('Level3Resource')];
  const { gvr: gvr3 } = await createRgdAndWait(
    env.kube,
    inGroup(`${prefix}-level3`, kind3, { name: 'string', message: 'string' }, [
      { id: 'configMap', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('config'), data: { name: '${schema.spec.name}', message: '${schema.spec.message}', level: '3' } } },
      { id: 'secret', template: { apiVersion: 'v1', kind: 'Secret', metadata: meta('secret'), type: 'Opaque', stringData: { level: '3', resource: '${schema.spec.name}' } } },
    ]),
  );
  const { gvr: gvr2 } = await createRgdAndWait(
    env.kube,
    inGroup(`${prefix}-level2`, kind2, { name: 'string', description: 'string' }, [
      { id: 'configMap', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('config'), data: { name: '${schema.spec.name}', description: '${schema.spec.description}', level: '2' } } },
      {
        id: 'level3Resource',
        template: { apiVersion: `${group}/v1alpha1`, kind: kind3, metadata: meta('level3'), spec: { name: '${schema.spec.name}-level3', message: 'Created by Level2Resource: ${schema.spec.name}' } },
      },
      {
        id: 'service',
        template: { apiVersion: 'v1', kind: 'Service', metadata: meta('svc'), spec: { type: 'ClusterIP', ports: [{ port: 80, targetPort: 8080 }], selector: { app: '${schema.spec.name}' } } },
      },
    ]),
  );
  const { gvr: gvr1 } = await createRgdAndWait(
    env.kube,
    inGroup(`${prefix}-level1`, kind1, { applicationName: 'string', environment: 'string' }, [
      {
        id: 'configMap',
        template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('config'), data: { applicationName: '${schema.spec.applicationName}', environment: '${schema.spec.environment}', level: '1' } },
      },
      {
        id: 'level2Resource',
        template: {
          apiVersion: `${group}/v1alpha1`,
          kind: kind2,
          metadata: meta('level2'),
          spec: { name: '${schema.spec.applicationName}-level2', description: 'Created by Level1Resource in ${schema.spec.environment}' },
        },
      },
      {
        id: 'deployment',
        template: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: meta('deployment'),
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: '${schema.spec.applicationName}' } },
            template: { metadata: { labels: { app: '${schema.spec.applicationName}' } }, spec: { containers: [{ name: 'app', image: 'nginx:latest', ports: [{ containerPort: 8080 }] }] } },
          },
        },
      },
    ]),
  );
  for (const gvr of [gvr1, gvr2, gvr3]) assert.equal(gvr.group, group);

  await createActiveInstance(env.kube, gvr1, kind1, namespace, 'test-app', { applicationName: 'my-test-app', environment: 'production' });
  await waitInstanceState(env.kube, gvr2, namespace, 'test-app-level2', 'ACTIVE');
  await waitInstanceState(env.kube, gvr3, namespace, 'test-app-level2-level3', 'ACTIVE');

  const children: [GroupVersionResource, string][] = [
    [CONFIGMAPS, 'test-app-config'],
    [CONFIGMAPS, 'test-app-level2-config'],
    [CONFIGMAPS, 'test-app-level2-level3-config'],
    [SECRETS, 'test-app-level2-level3-secret'],
    [SERVICES, 'test-app-level2-svc'],
    [DEPLOYMENTS, 'test-app-deployment'],
  ];
  for (const [gvr, name] of children) await waitAll(env.kube, gvr, namespace, [name]);

  await deleteObject(env.kube, gvr1, namespace, 'test-app');
  await waitGone(env.kube, gvr1, namespace, 'test-app');
  await waitGone(env.kube, gvr2, namespace, 'test-app-level2');
  await waitGone(env.kube, gvr3, namespace, 'test-app-level2-level3');
  for (const [gvr, name] of children) await waitGone(env.kube, gvr, namespace, name);
});
