// Scenario instance_custom_conditions_test (spec section 5, 1.C C7, subtle behavior 33): a `status.conditions` list
// of `runtime.newCondition(...)` expressions owns the wire. Every case of behavior 33: author conditions written
// and kro's built-ins hidden; lastTransitionTime kept while the status is unchanged (also for an author condition
// overriding a built-in type); built-ins when there is no block; an author `Ready` wins over kro's while `state`
// stays kro-driven; conditions follow the spec; `runtime.condition(schema, 'ResourcesReady')` reads kro's internal
// value, not the author's override; runtime duplicate types drop every copy and set `state: ERROR`, survivors stay;
// literal duplicate types are rejected at build; a pending entry keeps its previous wire condition; removing the
// block brings the built-ins back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Condition, GroupVersionResource, JsonObject, KubeObject } from '../../../src/api/index.js';
import {
  conditionOf,
  createInstance,
  createRgd,
  createRgdAndWait,
  deleteObject,
  getObject,
  rgdObject,
  statusOf,
  uniqueKind,
  waitGone,
  waitObject,
} from '../instance/harness.js';
import { updateRgd } from '../rgd/harness.js';
import { consistently, patchSpec, useScenario, waitRgdRejected } from './helpers.js';

const env = useScenario('ccond', { sharedNamespace: true });
const { prefix } = env;
const BUILT_INS = ['InstanceManaged', 'GraphResolved', 'ResourcesReady', 'Ready'];

function configmap(extra: JsonObject = {}, readyWhen?: string[]): JsonObject {
  return {
    id: 'configmap',
    template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.name}' }, data: { foo: '${schema.spec.name}' }, ...extra },
    ...(readyWhen ? { readyWhen } : {}),
  };
}

/** An RGD `${prefix}-<suffix>` with one ConfigMap and the given author conditions; returns kind and GVR. */
async function conditionsRgd(
  suffix: string,
  spec: JsonObject,
  conditions: string[] | undefined,
  resource: JsonObject = configmap(),
): Promise<{ kind: string; gvr: GroupVersionResource; name: string }> {
  const kind = uniqueKind('TestCc');
  const name = `${prefix}-${suffix}`;
  const { gvr } = await createRgdAndWait(env.kube, rgdObject(name, kind, spec, [resource], conditions ? { status: { conditions } } : {}));
  return { kind, gvr, name };
}

function types(obj: KubeObject): string[] {
  const list = statusOf(obj).conditions;
  return Array.isArray(list) ? (list as unknown as Condition[]).map((c) => c.type) : [];
}

function waitCondition(gvr: GroupVersionResource, name: string, check: (obj: KubeObject) => boolean, message: string): Promise<KubeObject> {
  return waitObject(env.kube, gvr, env.namespace, name, check, message);
}

async function cleanup(gvr: GroupVersionResource, name: string): Promise<void> {
  await deleteObject(env.kube, gvr, env.namespace, name);
  await waitGone(env.kube, gvr, env.namespace, name);
}

test('author conditions are written and the built-ins are hidden; state stays kro-driven', async () => {
  const { kind, gvr } = await conditionsRgd('happy', { name: 'string' }, [
    "${runtime.newCondition({type: 'PrimaryReady', status: 'True', reason: 'OK', message: 'always healthy in this test'})}",
    "${runtime.newCondition({type: 'AppReady', status: 'False', reason: 'Init', message: ''})}",
  ]);
  await createInstance(env.kube, gvr, kind, env.namespace, 'happy', { name: 'happy' });
  const live = await waitCondition(gvr, 'happy', (o) => conditionOf(o, 'PrimaryReady') !== undefined && statusOf(o).state === 'ACTIVE', 'PrimaryReady written');
  const primary = conditionOf(live, 'PrimaryReady');
  assert.equal(primary?.status, 'True');
  assert.equal(primary?.reason, 'OK');
  assert.equal(primary?.message, 'always healthy in this test');
  assert.ok(primary?.lastTransitionTime);
  assert.equal(primary?.observedGeneration, live.metadata.generation);
  assert.equal(conditionOf(live, 'AppReady')?.status, 'False');
  assert.equal(conditionOf(live, 'AppReady')?.reason, 'Init');
  assert.deepEqual(types(live).sort(), ['AppReady', 'PrimaryReady'], 'no built-in condition on the wire');
  await cleanup(gvr, 'happy');
});

test('lastTransitionTime is kept while a condition does not change', async () => {
  const { kind, gvr } = await conditionsRgd(
    'ltt',
    { name: 'string', label: 'string | default=initial' },
    ["${runtime.newCondition({type: 'AlwaysTrue', status: 'True', reason: 'X', message: ''})}"],
    configmap({ metadata: { name: '${schema.spec.name}', labels: { app: '${schema.spec.label}' } } }),
  );
  await createInstance(env.kube, gvr, kind, env.namespace, 'ltt', { name: 'ltt', label: 'initial' });
  const first = await waitCondition(gvr, 'ltt', (o) => conditionOf(o, 'AlwaysTrue') !== undefined, 'AlwaysTrue written');
  const firstLtt = conditionOf(first, 'AlwaysTrue')?.lastTransitionTime;
  // LTT has second precision: a new one would differ after this pause.
  await new Promise((r) => setTimeout(r, 1100));
  const updated = await patchSpec(env.kube, gvr, env.namespace, 'ltt', { label: 'updated' });
  const after = await waitCondition(gvr, 'ltt', (o) => conditionOf(o, 'AlwaysTrue')?.observedGeneration === updated.metadata.generation, 'observedGeneration follows');
  assert.equal(conditionOf(after, 'AlwaysTrue')?.lastTransitionTime, firstLtt);
  await cleanup(gvr, 'ltt');
});

test('without a conditions block the built-ins are written', async () => {
  const { kind, gvr } = await conditionsRgd('backcompat', { name: 'string' }, undefined);
  await createInstance(env.kube, gvr, kind, env.namespace, 'backcompat', { name: 'backcompat' });
  const live = await waitCondition(gvr, 'backcompat', (o) => conditionOf(o, 'Ready')?.status === 'True', 'Ready True');
  for (const type of BUILT_INS) assert.ok(types(live).includes(type), `${type} present`);
  await cleanup(gvr, 'backcompat');
});

test("an author Ready overrides kro's Ready, and state stays ACTIVE", async () => {
  const { kind, gvr } = await conditionsRgd('author-ready', { name: 'string' }, [
    "${runtime.newCondition({type: 'Ready', status: 'False', reason: 'AuthorSaysNo', message: 'this is a test'})}",
  ]);
  await createInstance(env.kube, gvr, kind, env.namespace, 'author-ready', { name: 'author-ready' });
  const live = await waitCondition(gvr, 'author-ready', (o) => conditionOf(o, 'Ready') !== undefined && statusOf(o).state === 'ACTIVE', 'author Ready written');
  assert.equal(conditionOf(live, 'Ready')?.status, 'False', 'the author wins even though kro would say True');
  assert.equal(conditionOf(live, 'Ready')?.reason, 'AuthorSaysNo');
  assert.equal(conditionOf(live, 'Ready')?.message, 'this is a test');
  assert.equal(statusOf(live).state, 'ACTIVE', 'state is kro-driven');
  await cleanup(gvr, 'author-ready');
});

test('conditions are evaluated against the spec and follow its changes', async () => {
  const { kind, gvr } = await conditionsRgd('schema-read', { name: 'string', healthy: 'boolean | default=true' }, [
    "${runtime.newCondition({type: 'AppReady', status: schema.spec.healthy ? 'True' : 'False', reason: 'CheckedSpec', message: ''})}",
  ]);
  await createInstance(env.kube, gvr, kind, env.namespace, 'schema-read', { name: 'schema-read', healthy: true });
  await waitCondition(gvr, 'schema-read', (o) => conditionOf(o, 'AppReady')?.status === 'True', 'AppReady True');
  await patchSpec(env.kube, gvr, env.namespace, 'schema-read', { healthy: false });
  await waitCondition(gvr, 'schema-read', (o) => conditionOf(o, 'AppReady')?.status === 'False', 'AppReady follows spec.healthy');
  await cleanup(gvr, 'schema-read');
});

test("runtime.condition reads kro's internal value, not the author's override on the wire", async () => {
  const { kind, gvr } = await conditionsRgd(
    'internal',
    { name: 'string' },
    [
      "${runtime.newCondition({type: 'ResourcesReady', status: 'True', reason: 'AuthorOverride', message: 'author claims ready'})}",
      "${runtime.newCondition({type: 'DerivedReady', status: runtime.condition(schema, 'ResourcesReady').status, reason: 'MirrorsKroInternal', message: ''})}",
    ],
    configmap({}, ['${configmap.data["ready"] == "true"}']),
  );
  await createInstance(env.kube, gvr, kind, env.namespace, 'internal', { name: 'internal' });
  const live = await waitCondition(gvr, 'internal', (o) => conditionOf(o, 'DerivedReady') !== undefined && conditionOf(o, 'ResourcesReady') !== undefined, 'both written');
  assert.equal(conditionOf(live, 'ResourcesReady')?.status, 'True', "the author's declaration is on the wire unchanged");
  assert.equal(conditionOf(live, 'ResourcesReady')?.reason, 'AuthorOverride');
  assert.equal(conditionOf(live, 'DerivedReady')?.status, 'False', "kro's internal ResourcesReady (readyWhen never passes)");
  await cleanup(gvr, 'internal');
});

test('runtime duplicate condition types are all dropped, state is ERROR, survivors stay', async () => {
  const { kind, gvr } = await conditionsRgd('dup', { name: 'string' }, [
    "${runtime.newCondition({type: 'Survivor', status: 'True', reason: '', message: ''})}",
    "${runtime.newCondition({type: 'Same-' + schema.spec.name, status: 'True', reason: '', message: ''})}",
    "${runtime.newCondition({type: 'Same-' + schema.spec.name, status: 'False', reason: '', message: ''})}",
  ]);
  await createInstance(env.kube, gvr, kind, env.namespace, 'dup', { name: 'dup' });
  const live = await waitCondition(gvr, 'dup', (o) => statusOf(o).state === 'ERROR', 'state ERROR');
  assert.ok(conditionOf(live, 'Survivor'), 'Survivor stays on the wire');
  assert.equal(conditionOf(live, 'Same-dup'), undefined, 'both copies dropped');
  await cleanup(gvr, 'dup');
});

test('literal duplicate condition types are rejected when the RGD is built', async () => {
  const name = `${prefix}-dup-literal`;
  await createRgd(
    env.kube,
    rgdObject(name, uniqueKind('TestCcDupLiteral'), { name: 'string' }, [configmap()], {
      status: {
        conditions: [
          "${runtime.newCondition({type: 'Twice', status: 'True', reason: '', message: ''})}",
          "${runtime.newCondition({type: 'Twice', status: 'False', reason: '', message: ''})}",
        ],
      },
    }),
  );
  const message = await waitRgdRejected(env.kube, name, 'Twice');
  assert.match(message, /more than one/);
});

test('lastTransitionTime is kept for an author condition overriding a built-in type', async () => {
  const { kind, gvr } = await conditionsRgd(
    'override-ltt',
    { name: 'string', label: 'string | default=initial' },
    ["${runtime.newCondition({type: 'ResourcesReady', status: 'True', reason: 'AuthorOverride', message: ''})}"],
    configmap({ metadata: { name: '${schema.spec.name}', labels: { app: '${schema.spec.label}' } } }, ['${configmap.data["ready"] == "true"}']),
  );
  await createInstance(env.kube, gvr, kind, env.namespace, 'override-ltt', { name: 'override-ltt', label: 'initial' });
  const first = await waitCondition(gvr, 'override-ltt', (o) => conditionOf(o, 'ResourcesReady')?.status === 'True', 'author ResourcesReady');
  const firstLtt = conditionOf(first, 'ResourcesReady')?.lastTransitionTime;
  await new Promise((r) => setTimeout(r, 1100));
  const updated = await patchSpec(env.kube, gvr, env.namespace, 'override-ltt', { label: 'updated' });
  const after = await waitCondition(gvr, 'override-ltt', (o) => conditionOf(o, 'ResourcesReady')?.observedGeneration === updated.metadata.generation, 'observedGeneration follows');
  assert.equal(conditionOf(after, 'ResourcesReady')?.lastTransitionTime, firstLtt, 'no churn although it disagrees with kro');
  await cleanup(gvr, 'override-ltt');
});

test('a condition whose data is pending keeps its previous wire value', async () => {
  const { kind, gvr } = await conditionsRgd(
    'pending',
    { name: 'string', key: 'string' },
    [
      "${runtime.newCondition({type: 'Static', status: 'True', reason: '', message: ''})}",
      "${runtime.newCondition({type: 'DataDriven', status: configmap.data[schema.spec.key] == 'x' ? 'True' : 'False', reason: 'FromConfigMap', message: ''})}",
    ],
    { id: 'configmap', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.name}' }, data: { phase: 'x' } } },
  );
  await createInstance(env.kube, gvr, kind, env.namespace, 'pending', { name: 'pending', key: 'phase' });
  await waitCondition(gvr, 'pending', (o) => conditionOf(o, 'DataDriven')?.status === 'True', 'DataDriven True');
  const updated = await patchSpec(env.kube, gvr, env.namespace, 'pending', { key: 'missing' });
  // The new generation has been reconciled (Static follows it) before the negative check starts.
  await waitCondition(gvr, 'pending', (o) => conditionOf(o, 'Static')?.observedGeneration === updated.metadata.generation, 'new generation reconciled');
  await consistently(async () => {
    const live = await getObject(env.kube, gvr, env.namespace, 'pending');
    assert.ok(live);
    assert.equal(conditionOf(live, 'DataDriven')?.status, 'True', 'the last written value is kept while pending');
    for (const type of BUILT_INS) assert.equal(conditionOf(live, type), undefined, `${type} does not leak onto the wire`);
  }, 5_000);
  await cleanup(gvr, 'pending');
});

test('removing the conditions block brings the built-ins back and drops the author conditions', async () => {
  const { kind, gvr, name } = await conditionsRgd('block-removed', { name: 'string' }, ["${runtime.newCondition({type: 'AppReady', status: 'True', reason: '', message: ''})}"]);
  await createInstance(env.kube, gvr, kind, env.namespace, 'block-removed', { name: 'block-removed' });
  await waitCondition(gvr, 'block-removed', (o) => conditionOf(o, 'AppReady') !== undefined, 'AppReady written');
  await updateRgd(env.kube, name, (rgd) => {
    delete rgd.spec.schema.status;
  });
  const live = await waitCondition(gvr, 'block-removed', (o) => conditionOf(o, 'AppReady') === undefined && conditionOf(o, 'Ready') !== undefined, 'built-ins back');
  for (const type of BUILT_INS) assert.ok(types(live).includes(type), `${type} present`);
  await cleanup(gvr, 'block-removed');
});
