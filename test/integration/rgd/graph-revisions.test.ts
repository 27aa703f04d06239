// Upstream's graphrevision_test.go scenarios against the real API server: issuance, naming, labels, ownership,
// compilation status, deduplication by spec hash, monotonic numbering, invalid updates that keep the previous
// revision serving, immutability, recreation and adoption of orphaned revisions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { specHash } from '../../../src/graph/index.js';
import { eventually, kubectl, kubectlOk } from '../support.js';
import {
  GR_GVR,
  condition,
  configmapRgd,
  createRgd,
  createRgdAndWaitActive,
  deleteRgd,
  getRgd,
  listGraphRevisions,
  revisionNumbers,
  rgdObject,
  uniqueKind,
  updateRgd,
  useRgdController,
  waitActive,
  waitRgd,
} from './harness.js';

const env = useRgdController('grt');
const { prefix } = env;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asserts that `check` keeps holding for `ms` (upstream's Consistently). */
async function consistently(check: () => Promise<void>, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    await check();
    await sleep(200);
  }
}

async function waitRevisions(name: string, check: (numbers: number[]) => boolean, message: string) {
  return eventually(async () => {
    const grs = await listGraphRevisions(env.kube, name);
    return check(revisionNumbers(grs)) ? grs : undefined;
  }, { message: `${name}: ${message}`, timeoutMs: 30_000 });
}

/** Changes the RGD's spec so its hash changes (a new default for `data`). */
function setDefault(name: string, value: string) {
  return updateRgd(env.kube, name, (r) => {
    r.spec.schema.spec = { data: `string | default=${value}` };
  });
}

test('creating an RGD issues revision 1: name, labels, owner, finalizer, compiled status', async () => {
  const name = `${prefix}-create`;
  const kind = uniqueKind('GrCreate');
  const rgd = await createRgd(env.kube, configmapRgd(name, kind));
  const active = await waitActive(env.kube, name);
  assert.equal(active.status?.lastIssuedRevision, 1);
  const [gr] = await waitRevisions(name, (n) => n.length === 1, 'one revision');
  assert.ok(gr);
  assert.equal(gr.metadata.name, `${name}-r00001`);
  assert.equal(gr.spec.revision, 1);
  assert.equal(gr.spec.snapshot.name, name);
  assert.equal(gr.spec.snapshot.generation, rgd.metadata.generation);
  assert.equal(gr.spec.snapshot.spec.schema.kind, kind);
  const labels = gr.metadata.labels ?? {};
  assert.equal(labels['kro.run/owned'], 'true');
  assert.equal(labels['kro.run/resource-graph-definition-name'], name);
  assert.equal(labels['kro.run/graph-revision-hash'], specHash(active.spec));
  assert.ok(labels['kro.run/kro-version']);
  assert.equal(labels['kro.run/resource-graph-definition-id'], undefined, 'lineage is by name, not uid');
  assert.deepEqual(gr.metadata.ownerReferences?.map((r) => ({ kind: r.kind, name: r.name, uid: r.uid, controller: r.controller })), [
    { kind: 'ResourceGraphDefinition', name, uid: rgd.metadata.uid, controller: true },
  ]);
  assert.ok(gr.metadata.finalizers?.includes('kro.run/finalizer'));
  const compiled = await eventually(async () => {
    const [fresh] = await listGraphRevisions(env.kube, name);
    return condition(fresh!, 'Ready')?.status === 'True' ? fresh : undefined;
  }, { message: 'GraphRevision Ready' });
  assert.equal(condition(compiled, 'GraphVerified')?.status, 'True');
  assert.equal(condition(compiled, 'GraphVerified')?.reason, 'Verified');
  assert.equal(condition(compiled, 'GraphVerified')?.message, 'graph revision compiled and verified');
  assert.deepEqual(compiled.status?.topologicalOrder, ['configmap']);
  const entry = env.controller.manager.revisions.latest(name);
  assert.equal(entry?.state, 'Active');
  assert.equal(entry?.revision, 1);
  await deleteRgd(env.kube, name);
});

test('a multi-resource graph reports its topological order and dependencies on the revision and the RGD', async () => {
  const name = `${prefix}-topo`;
  const kind = uniqueKind('GrTopo');
  await createRgd(env.kube, rgdObject(name, kind, { name: 'string' }, [
    { id: 'configmap', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-${schema.spec.name}' }, data: { key: 'value' } } },
    {
      id: 'deployment',
      template: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'deploy-${schema.spec.name}' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'test' } },
          template: {
            metadata: { labels: { app: 'test' } },
            spec: { containers: [{ name: 'app', image: 'nginx', env: [{ name: 'CM_NAME', value: '${configmap.metadata.name}' }] }] },
          },
        },
      },
    },
  ]));
  const rgd = await waitActive(env.kube, name);
  assert.deepEqual(rgd.status?.topologicalOrder, ['configmap', 'deployment']);
  assert.deepEqual(rgd.status?.resources, [{ id: 'deployment', dependencies: [{ id: 'configmap' }] }], 'only nodes with dependencies');
  const [gr] = await listGraphRevisions(env.kube, name);
  assert.deepEqual(gr?.status?.topologicalOrder, ['configmap', 'deployment']);
  assert.deepEqual(gr?.status?.resources, [{ id: 'deployment', dependencies: [{ id: 'configmap' }] }]);
  await deleteRgd(env.kube, name);
});

test('deleting a revision completes through its finalizer and the next one continues the numbering', async () => {
  const name = `${prefix}-grdel`;
  await createRgdAndWaitActive(env.kube, configmapRgd(name, uniqueKind('GrDelete')));
  const [gr] = await waitRevisions(name, (n) => n.length === 1, 'one revision');
  await env.kube.dynamic.delete({ gvr: GR_GVR }, gr!.metadata.name ?? '');
  await eventually(async () => {
    try {
      await env.kube.dynamic.get({ gvr: GR_GVR }, gr!.metadata.name ?? '');
      return undefined;
    } catch {
      return true;
    }
  }, { message: 'revision 1 gone' });
  // Monotonic across garbage collection: the watermark in status keeps revision 1 from being issued again.
  await waitRevisions(name, (n) => n.length === 1 && n[0] === 2, 'revision 2 issued');
  const rgd = await waitActive(env.kube, name);
  assert.equal(rgd.status?.lastIssuedRevision, 2);
  await deleteRgd(env.kube, name);
});

test('an unchanged spec issues no new revision (annotation edits and resource reordering included)', async () => {
  const name = `${prefix}-dedup`;
  const kind = uniqueKind('GrDedup');
  const rgd = configmapRgd(name, kind);
  rgd.spec.resources!.push({ id: 'secondmap', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'second-${schema.metadata.name}' } } });
  await createRgd(env.kube, rgd);
  const active = await waitActive(env.kube, name);
  await waitRevisions(name, (n) => n.length === 1, 'one revision');
  await updateRgd(env.kube, name, (r) => {
    r.metadata.annotations = { ...(r.metadata.annotations ?? {}), 'test-trigger': 're-reconcile' };
  });
  await updateRgd(env.kube, name, (r) => {
    // The spec hash sorts resources by id: a pure reorder is no new revision (behavior 2).
    r.spec.resources!.reverse();
  });
  await consistently(async () => assert.deepEqual(revisionNumbers(await listGraphRevisions(env.kube, name)), [1]));
  const settled = await waitRgd(env.kube, name, (r) => condition(r, 'Ready')?.observedGeneration === r.metadata.generation, 'settled');
  assert.deepEqual(settled.status?.topologicalOrder, active.status?.topologicalOrder, 'the served order stays the snapshot’s');
  // A reconcile that changes nothing writes nothing (a CRD event triggers one).
  await kubectlOk(['label', 'crd', `${kind.toLowerCase()}s.kro.run`, 'touched=yes']);
  await consistently(async () => assert.equal((await getRgd(env.kube, name)).metadata.resourceVersion, settled.metadata.resourceVersion));
  await deleteRgd(env.kube, name);
});

test('a spec change issues revision 2 with another hash; revision 1 stays', async () => {
  const name = `${prefix}-bump`;
  const kind = uniqueKind('GrBump');
  const gvr = { group: 'kro.run', version: 'v1alpha1', resource: `${kind.toLowerCase()}s` };
  await createRgdAndWaitActive(env.kube, configmapRgd(name, kind));
  const [first] = await waitRevisions(name, (n) => n.length === 1, 'one revision');
  const registeredBefore = env.controller.instances.registrations(gvr);
  await setDefault(name, 'changed');
  const grs = await waitRevisions(name, (n) => n.join() === '1,2', 'revisions 1 and 2');
  assert.notEqual(grs[1]!.metadata.labels?.['kro.run/graph-revision-hash'], first!.metadata.labels?.['kro.run/graph-revision-hash']);
  assert.equal(grs[1]!.metadata.name, `${name}-r00002`);
  // While revision 2 compiles the RGD stays Active (revision 1 serves); Ready waits for revision 2.
  const rgd = await waitRgd(env.kube, name, (r) => r.status?.lastIssuedRevision === 2 && condition(r, 'Ready')?.status === 'True', 'revision 2 ready');
  assert.equal(condition(rgd, 'GraphRevisionsResolved')?.message, 'revision 2 compiled and active');
  assert.equal(env.controller.manager.revisions.latest(name)?.revision, 2);
  assert.ok(env.controller.instances.registrations(gvr) > registeredBefore, 'serving revision 2 re-registered the kind (re-enqueues instances)');
  await deleteRgd(env.kube, name);
});

test('revision numbers increase monotonically across updates', async () => {
  const name = `${prefix}-mono`;
  await createRgdAndWaitActive(env.kube, configmapRgd(name, uniqueKind('GrMono')));
  for (let i = 2; i <= 4; i++) {
    await setDefault(name, `value-${i}`);
    await waitRevisions(name, (n) => Math.max(...n) === i, `revision ${i}`);
  }
  assert.deepEqual(revisionNumbers(await listGraphRevisions(env.kube, name)), [1, 2, 3, 4]);
  await deleteRgd(env.kube, name);
});

test('an invalid update issues no revision: the RGD is Inactive and revision 1 keeps serving', async () => {
  const name = `${prefix}-invalid`;
  const kind = uniqueKind('GrInvalid');
  await createRgdAndWaitActive(env.kube, configmapRgd(name, kind));
  const registrations = env.controller.instances.registrations({ group: 'kro.run', version: 'v1alpha1', resource: `${kind.toLowerCase()}s` });
  await updateRgd(env.kube, name, (r) => {
    r.spec.resources = [
      { id: 'a', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${b.metadata.name}' } } },
      { id: 'b', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${a.metadata.name}' } } },
    ];
  });
  const rgd = await waitRgd(env.kube, name, (r) => condition(r, 'GraphAccepted')?.status === 'False', 'GraphAccepted False');
  assert.equal(rgd.status?.state, 'Inactive');
  assert.equal(rgd.status?.lastIssuedRevision, 1);
  assert.equal(condition(rgd, 'GraphAccepted')?.reason, 'InvalidResourceGraph');
  assert.match(condition(rgd, 'GraphAccepted')?.message ?? '', /graph contains a cycle/);
  assert.equal(condition(rgd, 'Ready')?.status, 'False');
  for (const type of ['GraphRevisionsResolved', 'KindReady', 'ControllerReady']) assert.equal(condition(rgd, type)?.status, 'True', type);
  assert.equal(rgd.status?.topologicalOrder, undefined, 'the invalid spec has no order');
  await consistently(async () => assert.deepEqual(revisionNumbers(await listGraphRevisions(env.kube, name)), [1]));
  const latest = env.controller.manager.revisions.latest(name);
  assert.equal(latest?.revision, 1);
  assert.equal(latest?.state, 'Active', 'instances keep resolving revision 1');
  assert.ok(env.controller.instances.active.has(`kro.run/v1alpha1/${kind.toLowerCase()}s`));
  assert.ok(env.controller.instances.registrations({ group: 'kro.run', version: 'v1alpha1', resource: `${kind.toLowerCase()}s` }) >= registrations);
  await deleteRgd(env.kube, name);
});

test('different RGDs keep independent revision sequences', async () => {
  const a = `${prefix}-multi-a`;
  const b = `${prefix}-multi-b`;
  await createRgd(env.kube, configmapRgd(a, uniqueKind('GrMultiA')));
  await createRgd(env.kube, configmapRgd(b, uniqueKind('GrMultiB')));
  await waitActive(env.kube, a);
  await waitActive(env.kube, b);
  await setDefault(a, 'changed');
  await waitRevisions(a, (n) => n.join() === '1,2', 'A at revision 2');
  assert.deepEqual(revisionNumbers(await listGraphRevisions(env.kube, b)), [1]);
  await deleteRgd(env.kube, a);
  await deleteRgd(env.kube, b);
});

test('a GraphRevision spec is immutable', async () => {
  const name = `${prefix}-immut`;
  await createRgdAndWaitActive(env.kube, configmapRgd(name, uniqueKind('GrImmut')));
  const [gr] = await waitRevisions(name, (n) => n.length === 1, 'one revision');
  const r = await kubectl(['patch', 'graphrevision', gr!.metadata.name ?? '', '--type=merge', '-p', '{"spec":{"revision":7}}']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /immutable/);
  await deleteRgd(env.kube, name);
});

/** Creates an RGD and changes its spec until it has `n` revisions. */
async function withRevisions(name: string, kind: string, n: number): Promise<void> {
  await createRgdAndWaitActive(env.kube, configmapRgd(name, kind));
  for (let i = 2; i <= n; i++) {
    await setDefault(name, `rev-${i}`);
    await waitRevisions(name, (numbers) => Math.max(...numbers) === i, `revision ${i}`);
  }
  await waitActive(env.kube, name);
}

test('recreated after a cascading delete with the same spec: numbering restarts at 1 with the same hash', async () => {
  const name = `${prefix}-recreate`;
  const kind = uniqueKind('GrRecreate');
  await withRevisions(name, kind, 3);
  const grs = await listGraphRevisions(env.kube, name);
  const lastHash = grs.at(-1)!.metadata.labels?.['kro.run/graph-revision-hash'];
  await deleteRgd(env.kube, name);
  const again = configmapRgd(name, kind, 'rev-3');
  await createRgd(env.kube, again);
  const rgd = await waitActive(env.kube, name);
  assert.equal(rgd.status?.lastIssuedRevision, 1);
  const fresh = await waitRevisions(name, (n) => n.join() === '1', 'revision 1');
  assert.equal(fresh[0]!.metadata.labels?.['kro.run/graph-revision-hash'], lastHash, 'same spec, same hash');
  await deleteRgd(env.kube, name);
});

/** Deletes the RGD leaving its revisions behind (kubectl delete --cascade=orphan). */
async function orphanDelete(name: string): Promise<void> {
  for (const gr of await listGraphRevisions(env.kube, name)) {
    await env.kube.dynamic.patch({ gvr: GR_GVR }, gr.metadata.name ?? '', { metadata: { ownerReferences: null } }, { type: 'merge' });
  }
  const rgd = await getRgd(env.kube, name);
  await env.kube.dynamic.delete({ gvr: { group: 'kro.run', version: 'v1alpha1', resource: 'resourcegraphdefinitions' } }, name, { preconditions: { uid: rgd.metadata.uid ?? '' } });
  await eventually(async () => (await getRgd(env.kube, name).then(() => undefined, () => true)), { message: `${name} deleted` });
}

test('orphaned revisions are adopted by a recreated RGD with the same spec; nothing new is issued', async () => {
  const name = `${prefix}-orphan`;
  const kind = uniqueKind('GrOrphan');
  await withRevisions(name, kind, 3);
  await orphanDelete(name);
  assert.deepEqual(revisionNumbers(await listGraphRevisions(env.kube, name)), [1, 2, 3], 'revisions survive');
  const created = await createRgd(env.kube, configmapRgd(name, kind, 'rev-3'));
  await waitActive(env.kube, name);
  const grs = await eventually(async () => {
    const list = await listGraphRevisions(env.kube, name);
    return list.every((gr) => gr.metadata.ownerReferences?.[0]?.uid === created.metadata.uid) ? list : undefined;
  }, { message: 'revisions adopted' });
  assert.deepEqual(revisionNumbers(grs), [1, 2, 3]);
  assert.equal(env.controller.manager.revisions.latest(name)?.revision, 3);
  await deleteRgd(env.kube, name);
});

test('a recreated RGD with a different spec continues from the orphaned revisions’ numbers', async () => {
  const name = `${prefix}-orphdiff`;
  const kind = uniqueKind('GrOrphDiff');
  await withRevisions(name, kind, 3);
  await orphanDelete(name);
  await createRgd(env.kube, configmapRgd(name, kind, 'completely-different'));
  const rgd = await waitRgd(env.kube, name, (r) => r.status?.state === 'Active' && r.status.lastIssuedRevision === 4, 'revision 4 active');
  assert.equal(condition(rgd, 'GraphRevisionsResolved')?.message, 'revision 4 compiled and active');
  assert.deepEqual(revisionNumbers(await listGraphRevisions(env.kube, name)), [1, 2, 3, 4]);
  await deleteRgd(env.kube, name);
});
