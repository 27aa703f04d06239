// The RGD controller's pure parts: condition mapping and state (I1, I2), the status it writes and when, the watch
// predicates (what triggers a reconcile), the CRD merge patch, and the build error message.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diagnostic, type CustomResourceDefinition, type KubeObject } from '../../../src/api/index.js';
import { formatBuildErrors, onlySchemaUnavailable } from '../../../src/controller/graph-builder.js';
import { graphRevisionKeys } from '../../../src/controller/graphrevision/controller.js';
import { RgdConditionMarker } from '../../../src/controller/rgd/conditions.js';
import { mergePatchOf } from '../../../src/controller/rgd/crd.js';
import { rgdStatusOf, statusUnchanged } from '../../../src/controller/rgd/status.js';
import { crdEventKeys, graphRevisionEventKeys, rgdEventKeys, rgdUpdateTriggers } from '../../../src/controller/rgd/watches.js';
import { withRgdOwner } from '../../../src/controller/rgd/graph-revisions.js';

const owner = { generation: 2, creationTimestamp: '2026-01-01T00:00:00Z' };
const clock = () => '2026-01-02T00:00:00Z';

describe('RgdConditionMarker', () => {
  test('a fresh RGD starts with every condition Unknown/AwaitingReconciliation and is Inactive', () => {
    const mark = new RgdConditionMarker(owner, undefined, clock);
    const list = mark.list();
    assert.deepEqual(list.map((c) => c.type), ['GraphRevisionsResolved', 'GraphAccepted', 'KindReady', 'ControllerReady', 'Ready']);
    assert.ok(list.filter((c) => c.type !== 'Ready').every((c) => c.status === 'Unknown' && c.reason === 'AwaitingReconciliation'));
    assert.equal(mark.state(), 'Inactive');
  });

  test('serving: every condition True with upstream reasons and messages; Active and Ready', () => {
    const mark = new RgdConditionMarker(owner, undefined, clock);
    mark.revisionsResolved(3);
    mark.graphValid();
    mark.kindReady('WebApp');
    mark.controllerRunning();
    const byType = Object.fromEntries(mark.list().map((c) => [c.type, c]));
    assert.deepEqual(
      Object.fromEntries(Object.entries(byType).map(([t, c]) => [t, [c.status, c.reason, c.message, c.observedGeneration]])),
      {
        GraphRevisionsResolved: ['True', 'Resolved', 'revision 3 compiled and active', 2],
        GraphAccepted: ['True', 'Valid', 'resource graph and schema are valid', 2],
        KindReady: ['True', 'Ready', 'kind WebApp has been accepted and ready', 2],
        ControllerReady: ['True', 'Running', 'controller is running', 2],
        Ready: ['True', 'Ready', '', 2],
      },
    );
    assert.equal(mark.state(), 'Active');
    assert.equal(mark.list().at(-1)?.type, 'Ready', 'root last');
  });

  test('state ignores GraphRevisionsResolved; Ready does not', () => {
    const mark = new RgdConditionMarker(owner, undefined, clock);
    mark.graphValid();
    mark.kindReady('K');
    mark.controllerRunning();
    mark.revisionCompiling(4);
    assert.equal(mark.state(), 'Active');
    const ready = mark.list().find((c) => c.type === 'Ready');
    assert.deepEqual([ready?.status, ready?.reason, ready?.message], ['Unknown', 'WaitingForGraphRevisionCompilation', 'waiting for graph revision 4 to compile']);
  });

  const failures: { name: string; apply: (m: RgdConditionMarker) => void; type: string; reason: string }[] = [
    { name: 'invalid graph', apply: (m) => m.graphInvalid('bad'), type: 'GraphAccepted', reason: 'InvalidResourceGraph' },
    { name: 'CRD not ready', apply: (m) => m.kindUnready('bad'), type: 'KindReady', reason: 'Failed' },
    { name: 'registration failed', apply: (m) => m.controllerFailedToStart('bad'), type: 'ControllerReady', reason: 'FailedToStart' },
    { name: 'labeler', apply: (m) => m.failedLabelerSetup('bad'), type: 'ControllerReady', reason: 'FailedLabelerSetup' },
  ];
  for (const f of failures) {
    test(`${f.name}: ${f.type}=False/${f.reason}, Inactive, Ready copies it`, () => {
      const mark = new RgdConditionMarker(owner, undefined, clock);
      mark.revisionsResolved(1);
      mark.graphValid();
      mark.kindReady('K');
      mark.controllerRunning();
      f.apply(mark);
      const c = mark.list().find((x) => x.type === f.type);
      assert.deepEqual([c?.status, c?.reason, c?.message], ['False', f.reason, 'bad']);
      assert.equal(mark.state(), 'Inactive');
      const ready = mark.list().find((x) => x.type === 'Ready');
      assert.deepEqual([ready?.status, ready?.reason], ['False', f.reason]);
    });
  }

  test('schemas that could not be fetched leave GraphAccepted Unknown/SchemaUnavailable, not False/InvalidResourceGraph', () => {
    const mark = new RgdConditionMarker(owner, undefined, clock);
    mark.revisionsResolved(1);
    mark.graphUndecided('schema for apps/v1, Kind=Deployment: connect ECONNREFUSED');
    mark.kindReady('K');
    mark.controllerRunning();
    const accepted = mark.list().find((c) => c.type === 'GraphAccepted');
    assert.deepEqual([accepted?.status, accepted?.reason], ['Unknown', 'SchemaUnavailable']);
    assert.equal(mark.state(), 'Inactive');
    assert.deepEqual(mark.list().find((c) => c.type === 'Ready')?.reason, 'SchemaUnavailable');
  });

  test('the legacy ResourceGraphAccepted condition is pruned; unchanged conditions keep their transition time', () => {
    const existing = [
      { type: 'ResourceGraphAccepted', status: 'True', reason: 'Valid', lastTransitionTime: '2025-01-01T00:00:00Z' },
      { type: 'GraphAccepted', status: 'True', reason: 'Valid', message: 'resource graph and schema are valid', observedGeneration: 1, lastTransitionTime: '2025-06-01T00:00:00Z' },
    ];
    const mark = new RgdConditionMarker(owner, existing, clock);
    mark.graphValid();
    const list = mark.list();
    assert.equal(list.find((c) => c.type === 'ResourceGraphAccepted'), undefined);
    assert.equal(list.find((c) => c.type === 'GraphAccepted')?.lastTransitionTime, '2025-06-01T00:00:00Z');
    assert.equal(list.find((c) => c.type === 'GraphAccepted')?.observedGeneration, 2);
  });
});

describe('RGD status', () => {
  test('empty lists and a zero revision are left out, like omitempty', () => {
    assert.deepEqual(rgdStatusOf({ state: 'Inactive', conditions: [], topologicalOrder: [], resources: [], lastIssuedRevision: 0 }), { state: 'Inactive', conditions: [] });
  });

  test('a status equal up to omitted fields is unchanged (no write)', () => {
    const next = rgdStatusOf({ state: 'Active', conditions: [{ type: 'Ready', status: 'True' }], topologicalOrder: ['a'], lastIssuedRevision: 1 });
    assert.ok(statusUnchanged({ state: 'Active', conditions: [{ type: 'Ready', status: 'True' }], topologicalOrder: ['a'], resources: [], lastIssuedRevision: 1 }, next));
    assert.ok(!statusUnchanged({ state: 'Active', conditions: [{ type: 'Ready', status: 'True' }], lastIssuedRevision: 1 }, next), 'order cleared or set is a change');
    assert.ok(!statusUnchanged(undefined, next));
  });
});

function obj(meta: Partial<KubeObject['metadata']>, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'X', metadata: { name: 'web', generation: 1, ...meta }, ...extra };
}

describe('watch predicates', () => {
  const all = () => true;

  test('RGD updates: generation, deletion starting and the allow-breaking-changes toggle', () => {
    const cases: { name: string; old: KubeObject; current: KubeObject; want: boolean }[] = [
      { name: 'status-only write', old: obj({}), current: obj({}, { status: { state: 'Active' } }), want: false },
      { name: 'spec change', old: obj({}), current: obj({ generation: 2 }), want: true },
      { name: 'deletion starts', old: obj({}), current: obj({ deletionTimestamp: '2026-01-01T00:00:00Z' }), want: true },
      { name: 'other annotation', old: obj({}), current: obj({ annotations: { note: 'x' } }), want: false },
      { name: 'allow-breaking-changes set', old: obj({}), current: obj({ annotations: { 'kro.run/allow-breaking-changes': 'true' } }), want: true },
      {
        name: 'allow-breaking-changes from "false" to absent is no toggle',
        old: obj({ annotations: { 'kro.run/allow-breaking-changes': 'false' } }),
        current: obj({}),
        want: false,
      },
      { name: 'label edit', old: obj({}), current: obj({ labels: { team: 'a' } }), want: false },
    ];
    for (const c of cases) assert.equal(rgdUpdateTriggers(c.old, c.current), c.want, c.name);
  });

  test('RGD adds (first list included) reconcile; deletes do not; scope filters names', () => {
    const keys = rgdEventKeys((n) => n.startsWith('mine-'));
    assert.deepEqual(keys({ type: 'add', object: obj({ name: 'mine-a' }), initialList: true }), ['mine-a']);
    assert.deepEqual(keys({ type: 'add', object: obj({ name: 'theirs' }), initialList: false }), []);
    assert.deepEqual(keys({ type: 'delete', object: obj({ name: 'mine-a' }) }), []);
  });

  test('GraphRevision events map to spec.snapshot.name', () => {
    const keys = graphRevisionEventKeys(all);
    const gr = obj({ name: 'web-r00001' }, { spec: { revision: 1, snapshot: { name: 'web' } } });
    assert.deepEqual(keys({ type: 'update', old: gr, object: gr }), ['web']);
    assert.deepEqual(keys({ type: 'delete', object: gr }), ['web']);
    assert.deepEqual(keys({ type: 'add', object: obj({ name: 'odd' }, { spec: {} }), initialList: false }), []);
  });

  test('the GraphRevision controller reconciles on create and deletion only', () => {
    const keys = graphRevisionKeys(all);
    const gr = obj({ name: 'web-r00001' }, { spec: { revision: 1, snapshot: { name: 'web' } } });
    assert.deepEqual(keys({ type: 'add', object: gr, initialList: true }), ['web-r00001']);
    assert.deepEqual(keys({ type: 'update', old: gr, object: { ...gr, status: { conditions: [] } } }), [], 'its own status write');
    assert.deepEqual(keys({ type: 'update', old: gr, object: { ...gr, metadata: { ...gr.metadata, deletionTimestamp: 'now' } } }), ['web-r00001']);
    assert.deepEqual(keys({ type: 'delete', object: gr }), ['web-r00001']);
  });

  test('CRD events: kro-owned with an RGD name, updates and deletes only', () => {
    const keys = crdEventKeys(all);
    const owned = obj({ name: 'webs.kro.run', labels: { 'kro.run/owned': 'true', 'kro.run/resource-graph-definition-name': 'web' } });
    const legacy = obj({ name: 'olds.kro.run', labels: { 'app.kubernetes.io/managed-by': 'kro', 'kro.run/resource-graph-definition-name': 'old' } });
    const foreign = obj({ name: 'certs.cert-manager.io', labels: { 'kro.run/resource-graph-definition-name': 'web' } });
    assert.deepEqual(keys({ type: 'update', old: owned, object: owned }), ['web']);
    assert.deepEqual(keys({ type: 'delete', object: owned }), ['web']);
    assert.deepEqual(keys({ type: 'delete', object: legacy }), ['old']);
    assert.deepEqual(keys({ type: 'add', object: owned, initialList: false }), []);
    assert.deepEqual(keys({ type: 'update', old: foreign, object: foreign }), [], 'not kro-owned');
  });
});

describe('CRD merge patch', () => {
  const crd: CustomResourceDefinition = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'webs.kro.run', labels: { 'kro.run/owned': 'true' } },
    spec: { group: 'kro.run', names: { kind: 'Web', plural: 'webs' }, scope: 'Namespaced', versions: [] },
  };
  test('clears short names and categories the RGD no longer has; keeps labels', () => {
    const patch = mergePatchOf(crd) as { metadata: unknown; spec: { names: Record<string, unknown> } };
    assert.equal(patch.spec.names.shortNames, null);
    assert.equal(patch.spec.names.categories, null);
    assert.deepEqual(patch.metadata, { labels: { 'kro.run/owned': 'true' } });
  });
});

describe('GraphRevision owner references', () => {
  const owner = { apiVersion: 'kro.run/v1alpha1', kind: 'ResourceGraphDefinition', name: 'web', uid: 'new', controller: true, blockOwnerDeletion: true };
  test('an earlier RGD reference is replaced, others kept', () => {
    const other = { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'x' };
    assert.deepEqual(withRgdOwner([other, { ...owner, uid: 'old' }], owner), [other, owner]);
    assert.deepEqual(withRgdOwner(undefined, owner), [owner]);
  });
});

describe('formatBuildErrors', () => {
  test('upstream’s message first, each problem with its expression and YAML path', () => {
    const message = formatBuildErrors([
      diagnostic('cel/type-mismatch', 'type mismatch in resource "deploy" at path "spec.replicas"', ['spec', 'resources', 0, 'template', 'spec', 'replicas'], {
        expression: 'schema.spec.size',
      }),
      diagnostic('graph/cycle', 'failed to build dependency graph: graph contains a cycle: a -> b -> a', ['spec', 'resources']),
    ]);
    assert.equal(
      message,
      'type mismatch in resource "deploy" at path "spec.replicas" (expression: schema.spec.size, at spec.resources[0].template.spec.replicas); ' +
        'failed to build dependency graph: graph contains a cycle: a -> b -> a (at spec.resources)',
    );
  });

  test('an expression already quoted in the message is not repeated; warnings are left out', () => {
    const message = formatBuildErrors([
      diagnostic('cel/x', 'expression "a.b" is bad', [], { expression: 'a.b' }),
      { ...diagnostic('graph/unknown-kind', 'kind unknown'), severity: 'warning' },
    ]);
    assert.equal(message, 'expression "a.b" is bad');
  });
});

describe('onlySchemaUnavailable', () => {
  const unavailable = diagnostic('graph/schema-unavailable', 'cannot fetch schema', ['spec', 'resources', 0]);
  const invalid = diagnostic('graph/cycle', 'graph contains a cycle', ['spec', 'resources']);
  test('true only when every error is an unavailable schema', () => {
    assert.equal(onlySchemaUnavailable([unavailable]), true);
    assert.equal(onlySchemaUnavailable([unavailable, invalid]), false, 'a real error is reported as one');
    assert.equal(onlySchemaUnavailable([]), false);
  });
});
