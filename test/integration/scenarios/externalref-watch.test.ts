// Scenario externalref_watch_test (spec section 5, 1.N N3): changes of external objects reach their instances
// through watches, not timers. This file's controller requeues only every 30 s, so anything that happens within
// 3 s after an external change was triggered by a watch event. Covered: a changed external ConfigMap flows into a
// managed one; selector externalRefs with CEL in matchExpressions values; a selector that follows a changed
// instance spec; new objects entering (and leaving) a selector; sortBy over the matched list; and a consumer RGD
// that externalRefs a producer RGD's kind does not break the producer's parent watch when the consumer instance is
// deleted (the watch on the shared kind is reference-counted, not torn down).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONFIGMAPS,
  createActiveInstance,
  createTestNamespace,
  deleteObject,
  statusOf,
  uniqueName,
  waitGone,
  waitObject,
} from '../instance/harness.js';
import { createConfigMap, dataOf, useScenario } from './helpers.js';

const env = useScenario('extwatch', { sharedNamespace: true, options: { instanceRequeueIntervalMs: 30_000 } });
/** Well under the requeue interval: only a watch event can explain a reaction this fast. */
const WATCH_DEADLINE_MS = 3_000;

test('a change of an external object re-reconciles its instance through the watch', async () => {
  const { gvr, kind } = await env.createActiveRgd('byname', 'TestExtRefWatch', {}, [
    { id: 'extcm', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ext-config' } } },
    { id: 'managed', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'managed-config' }, data: { replicas: '${extcm.data.replicas}' } } },
  ]);
  await createConfigMap(env.kube, env.namespace, 'ext-config', { replicas: '1' });
  await createActiveInstance(env.kube, gvr, kind, env.namespace, 'test-instance', {});
  await waitObject(env.kube, CONFIGMAPS, env.namespace, 'managed-config', (o) => dataOf(o).replicas === '1', 'replicas=1');
  const before = env.controller.stats(gvr, env.namespace, 'test-instance')?.reconciles ?? 0;

  await env.kube.dynamic.patch({ gvr: CONFIGMAPS, namespace: env.namespace }, 'ext-config', { data: { replicas: '3' } }, { type: 'merge' });
  await waitObject(env.kube, CONFIGMAPS, env.namespace, 'managed-config', (o) => dataOf(o).replicas === '3', 'replicas=3 (watch-driven)', WATCH_DEADLINE_MS);
  assert.ok((env.controller.stats(gvr, env.namespace, 'test-instance')?.reconciles ?? 0) > before, 'a reconcile followed the external change');
});

test('a selector externalRef with a CEL value in matchExpressions', async () => {
  const ns = await createTestNamespace('extwatch');
  const { gvr, kind } = await env.createActiveRgd(
    'matchexpr',
    'TestExtCollMatchExpr',
    { teamName: 'string' },
    [
      {
        id: 'extconfigs',
        externalRef: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { selector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['${schema.spec.teamName}'] }] } },
        },
      },
    ],
    { status: { configCount: '${string(size(extconfigs))}' } },
  );
  await createConfigMap(env.kube, ns, 'bravo-config-1', { key: 'value1' }, { team: 'bravo' });
  await createConfigMap(env.kube, ns, 'bravo-config-2', { key: 'value2' }, { team: 'bravo' });
  await createConfigMap(env.kube, ns, 'charlie-config-1', { key: 'other' }, { team: 'charlie' });
  const live = await createActiveInstance(env.kube, gvr, kind, ns, 'test-matchexpr', { teamName: 'bravo' });
  assert.equal(statusOf(live).configCount, '2', 'only team=bravo');
});

test('a selector follows the instance spec it is built from', async () => {
  const ns = await createTestNamespace('extwatch');
  const { gvr, kind } = await env.createActiveRgd(
    'rebind',
    'TestExtCollSelectorRebind',
    { teamName: 'string' },
    [{ id: 'extconfigs', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { selector: { matchLabels: { team: '${schema.spec.teamName}' } } } } }],
    {
      status: {
        configCount: '${string(size(extconfigs))}',
        matchedNames: '${extconfigs.sortBy(c, c.metadata.name).map(c, c.metadata.name).join(",")}',
      },
    },
  );
  await createConfigMap(env.kube, ns, 'alpha-team-1', { key: 'a1' }, { team: 'alpha' });
  await createConfigMap(env.kube, ns, 'alpha-team-2', { key: 'a2' }, { team: 'alpha' });
  await createConfigMap(env.kube, ns, 'beta-team-1', { key: 'b1' }, { team: 'beta' });
  const alpha = await createActiveInstance(env.kube, gvr, kind, ns, 'test-selector-rebind', { teamName: 'alpha' });
  assert.equal(statusOf(alpha).configCount, '2');
  assert.equal(statusOf(alpha).matchedNames, 'alpha-team-1,alpha-team-2');

  await env.kube.dynamic.patch({ gvr, namespace: ns }, 'test-selector-rebind', { spec: { teamName: 'beta' } }, { type: 'merge' });
  const beta = await waitObject(env.kube, gvr, ns, 'test-selector-rebind', (o) => statusOf(o).matchedNames === 'beta-team-1', 'rebound to beta', WATCH_DEADLINE_MS);
  assert.equal(statusOf(beta).configCount, '1');
  assert.equal(statusOf(beta).state, 'ACTIVE');
});

test('objects entering and leaving a selector re-reconcile the instance through the watch', async () => {
  const ns = await createTestNamespace('extwatch');
  const label = uniqueName('reactive');
  const { gvr, kind } = await env.createActiveRgd(
    'collwatch',
    'TestExtCollWatch',
    {},
    [{ id: 'extconfigs', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { selector: { matchLabels: { 'watch-test': label } } } } }],
    { status: { configCount: '${string(size(extconfigs))}' } },
  );
  await createConfigMap(env.kube, ns, 'alpha-config-1', { key: 'value1' }, { 'watch-test': label });
  const live = await createActiveInstance(env.kube, gvr, kind, ns, 'test-instance', {});
  assert.equal(statusOf(live).configCount, '1');

  await createConfigMap(env.kube, ns, 'alpha-config-2', { key: 'value2' }, { 'watch-test': label });
  await waitObject(env.kube, gvr, ns, 'test-instance', (o) => statusOf(o).configCount === '2', 'a new match counted (watch-driven)', WATCH_DEADLINE_MS);

  // An object relabeled out of the selector is matched by its old labels, so the instance hears about it.
  await env.kube.dynamic.patch({ gvr: CONFIGMAPS, namespace: ns }, 'alpha-config-2', { metadata: { labels: { 'watch-test': 'elsewhere' } } }, { type: 'merge' });
  await waitObject(env.kube, gvr, ns, 'test-instance', (o) => statusOf(o).configCount === '1', 'a departed match uncounted (watch-driven)', WATCH_DEADLINE_MS);
});

test('sortBy orders the matched objects by a data field', async () => {
  const ns = await createTestNamespace('extwatch');
  const label = uniqueName('sorttest');
  const { gvr, kind } = await env.createActiveRgd(
    'sortby',
    'TestExtCollSortBy',
    {},
    [{ id: 'extconfigs', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { selector: { matchLabels: { app: label } } } } }],
    {
      status: {
        sortedNames: '${extconfigs.sortBy(c, c.data.priority).map(c, c.metadata.name).join(",")}',
        configCount: '${string(size(extconfigs))}',
      },
    },
  );
  await createConfigMap(env.kube, ns, 'cm-charlie', { priority: '1' }, { app: label });
  await createConfigMap(env.kube, ns, 'cm-alpha', { priority: '2' }, { app: label });
  await createConfigMap(env.kube, ns, 'cm-bravo', { priority: '3' }, { app: label });
  const live = await createActiveInstance(env.kube, gvr, kind, ns, 'test-sortby', {});
  assert.equal(statusOf(live).configCount, '3');
  assert.equal(statusOf(live).sortedNames, 'cm-charlie,cm-alpha,cm-bravo');
});

test('deleting a consumer instance that externalRefs a producer kind keeps the producer reconciling', async () => {
  const ns = await createTestNamespace('extwatch');
  const { gvr: producerGvr, kind: producerKind } = await env.createActiveRgd('producer', 'WatchedDatabase', { value: 'string' }, [
    { id: 'managed', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched-database-config' }, data: { value: '${schema.spec.value}' } } },
  ]);
  await createActiveInstance(env.kube, producerGvr, producerKind, ns, 'watched-db', { value: 'one' });
  await waitObject(env.kube, CONFIGMAPS, ns, 'watched-database-config', (o) => dataOf(o).value === 'one', 'producer value one');

  const { gvr: consumerGvr, kind: consumerKind } = await env.createActiveRgd('consumer', 'DatabaseObserver', {}, [
    { id: 'database', externalRef: { apiVersion: `${producerGvr.group}/${producerGvr.version}`, kind: producerKind, metadata: { name: 'watched-db' } } },
    { id: 'managed', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'database-observer-config' }, data: { value: '${database.spec.value}' } } },
  ]);
  await createActiveInstance(env.kube, consumerGvr, consumerKind, ns, 'db-observer', {});
  await waitObject(env.kube, CONFIGMAPS, ns, 'database-observer-config', (o) => dataOf(o).value === 'one', 'consumer copies the producer spec');

  await deleteObject(env.kube, consumerGvr, ns, 'db-observer');
  await waitGone(env.kube, consumerGvr, ns, 'db-observer');

  await env.kube.dynamic.patch({ gvr: producerGvr, namespace: ns }, 'watched-db', { spec: { value: 'two' } }, { type: 'merge' });
  await waitObject(env.kube, CONFIGMAPS, ns, 'watched-database-config', (o) => dataOf(o).value === 'two', 'the producer still reconciles through its parent watch', 5_000);
});
