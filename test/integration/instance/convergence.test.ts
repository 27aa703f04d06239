// Faster than upstream, same results (issue 7 item 4, behavior 25), against the real API server: the same 3-layer
// chain served by two controllers, one in kro-ts's `converge` mode and one in `upstream` mode (one dependency layer
// per reconcile, then a requeue, exactly as upstream kro). kro-ts reaches ACTIVE in fewer reconciles and API calls,
// and both end with identical children, labels, conditions and status.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { GroupVersionResource, KubeObject } from '../../../src/api/index.js';
import {
  CONFIGMAPS,
  createActiveInstance,
  createRgdAndWait,
  deleteObject,
  getObject,
  rgdObject,
  uniqueKind,
  useInstanceController,
  waitGone,
  waitServed,
  type InstanceTestController,
} from './harness.js';

// Both instances live in the fast controller's namespace and are read through its client.
const fast = useInstanceController('conv-fast', { sharedNamespace: true });
const slow = useInstanceController('conv-slow', { settings: { mode: 'upstream' } });

function chainRgd(name: string, kind: string) {
  const cm = (id: string, value: string) => ({
    id,
    template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `\${schema.metadata.name}-${id}` }, data: { v: value } },
  });
  return rgdObject(
    name,
    kind,
    { value: 'string' },
    [cm('a', '${schema.spec.value}'), cm('b', "${a.data.v + '-b'}"), cm('c', "${b.data.v + '-c'}")],
    { status: { last: '${c.data.v}', first: '${a.data.v}' } },
  );
}

/** What must be identical between the two: everything but names, uids, times and the instance's own identity. */
function comparableChild(obj: KubeObject | undefined): unknown {
  const labels = { ...(obj?.metadata.labels ?? {}) };
  for (const key of ['kro.run/instance-id', 'kro.run/instance-name', 'kro.run/instance-kind', 'applyset.kubernetes.io/part-of']) delete labels[key];
  return { data: obj?.data ?? null, labels, annotations: obj?.metadata.annotations ?? {} };
}

function comparableStatus(obj: KubeObject): unknown {
  const status = structuredClone(obj.status) as { conditions?: { lastTransitionTime?: string }[] };
  for (const c of status.conditions ?? []) delete c.lastTransitionTime;
  return status;
}

async function converge(t: TestContext, controller: InstanceTestController, gvr: GroupVersionResource, kind: string, name: string) {
  const started = performance.now();
  const live = await createActiveInstance(fast.kube, gvr, kind, fast.namespace, name, { value: 'v' });
  const ms = Math.round(performance.now() - started);
  // Let trailing watch-triggered reconciles (steady-state no-ops) finish before counting.
  await new Promise((r) => setTimeout(r, 2500));
  const stats = controller.stats(gvr, fast.namespace, name);
  assert.ok(stats, `stats for ${name}`);
  t.diagnostic(`${name}: ACTIVE after ${ms} ms; ${stats.reconciles} reconciles, ${stats.apiCalls} API calls ${JSON.stringify(stats.calls)}`);
  return { live, stats, ms };
}

test('a 3-layer chain converges in fewer reconciles and API calls than upstream, with the same end state', async (t) => {
  const fastKind = uniqueKind('ChainFast');
  const slowKind = uniqueKind('ChainSlow');
  const [f, s] = await Promise.all([
    createRgdAndWait(fast.kube, chainRgd(`${fast.prefix}-chain`, fastKind)),
    createRgdAndWait(fast.kube, chainRgd(`${slow.prefix}-chain`, slowKind)),
  ]);
  await Promise.all([waitServed(fast.controller, f.gvr), waitServed(slow.controller, s.gvr)]);
  const [quick, layered] = await Promise.all([converge(t, fast.controller, f.gvr, fastKind, 'quick'), converge(t, slow.controller, s.gvr, slowKind, 'layered')]);

  assert.ok(quick.stats.reconciles < layered.stats.reconciles, `reconciles: converge ${quick.stats.reconciles} < upstream ${layered.stats.reconciles}`);
  assert.ok(quick.stats.apiCalls < layered.stats.apiCalls, `API calls: converge ${quick.stats.apiCalls} < upstream ${layered.stats.apiCalls}`);
  assert.ok(layered.stats.reconciles >= 4, 'upstream needs a reconcile per layer plus the "cluster mutated" follow-up');

  for (const id of ['a', 'b', 'c']) {
    const one = await getObject(fast.kube, CONFIGMAPS, fast.namespace, `quick-${id}`);
    const two = await getObject(fast.kube, CONFIGMAPS, fast.namespace, `layered-${id}`);
    assert.deepEqual(comparableChild(one), comparableChild(two), `child ${id}`);
  }
  assert.deepEqual((await getObject(fast.kube, CONFIGMAPS, fast.namespace, 'quick-c'))?.data, { v: 'v-b-c' });
  assert.deepEqual(comparableStatus(quick.live), comparableStatus(layered.live));
  const annotationsOf = (o: KubeObject) => {
    const a = { ...(o.metadata.annotations ?? {}) };
    delete a['internal.kro.run/applyset-inventory-hash'];
    return a;
  };
  assert.deepEqual(annotationsOf(quick.live), annotationsOf(layered.live));
  assert.deepEqual(quick.live.metadata.finalizers, layered.live.metadata.finalizers);

  await Promise.all([deleteObject(fast.kube, f.gvr, fast.namespace, 'quick'), deleteObject(fast.kube, s.gvr, fast.namespace, 'layered')]);
  await Promise.all([waitGone(fast.kube, f.gvr, fast.namespace, 'quick'), waitGone(fast.kube, s.gvr, fast.namespace, 'layered')]);
});
