// The live view of `kro dev`: one line per change of an RGD's or instance's state or Ready condition.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject } from '../../../src/api/index.js';
import { formatLiveLine, LiveChanges, snapshotOf } from '../../../src/cli/dev/live-line.js';
import { instanceResourceOf } from '../../../src/cli/dev/live-view.js';

const at = new Date(2026, 0, 2, 3, 4, 5);

function instance(status?: Record<string, unknown>, extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  return { apiVersion: 'kro.run/v1alpha1', kind: 'WebApp', metadata: { name: 'hello', namespace: 'default', ...extra }, ...(status ? { status } : {}) };
}

const notReady = {
  state: 'IN_PROGRESS',
  conditions: [
    { type: 'InstanceManaged', status: 'True', reason: 'Managed', message: 'ok' },
    { type: 'Ready', status: 'False', reason: 'NotReady', message: 'waiting for deployment:\n  data pending' },
  ],
};

describe('formatLiveLine', () => {
  test('time, kind namespace/name, state, and Ready with reason and message on one line', () => {
    const line = formatLiveLine(at, snapshotOf(instance(notReady)), { labelWidth: 24 });
    assert.equal(line, '03:04:05  WebApp default/hello      IN_PROGRESS  Ready=False NotReady: waiting for deployment: data pending');
  });

  test('Ready=True shows no reason or message', () => {
    const line = formatLiveLine(at, snapshotOf(instance({ state: 'ACTIVE', conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: 'all good' }] })), { labelWidth: 24 });
    assert.equal(line, '03:04:05  WebApp default/hello      ACTIVE       Ready=True');
  });

  test('an object without status shows "-" and no Ready', () => {
    assert.equal(formatLiveLine(at, snapshotOf(instance()), { labelWidth: 24 }), '03:04:05  WebApp default/hello      -');
  });

  test('RGDs are cluster-scoped and called RGD', () => {
    const rgd: KubeObject = {
      apiVersion: 'kro.run/v1alpha1',
      kind: 'ResourceGraphDefinition',
      metadata: { name: 'webapp.kro.run' },
      status: { state: 'Inactive', conditions: [{ type: 'Ready', status: 'False', reason: 'InvalidResourceGraph', message: 'bad' }] },
    };
    assert.equal(formatLiveLine(at, snapshotOf(rgd), { labelWidth: 20 }), '03:04:05  RGD webapp.kro.run    Inactive     Ready=False InvalidResourceGraph: bad');
  });

  test('a deleted object says deleted; one being deleted says so next to its state', () => {
    assert.equal(formatLiveLine(at, snapshotOf(instance(notReady), true), { labelWidth: 24 }), '03:04:05  WebApp default/hello      deleted');
    const deleting = snapshotOf(instance({ state: 'ACTIVE' }, { deletionTimestamp: '2026-01-02T03:04:05Z' }));
    assert.equal(deleting.state, 'ACTIVE (deleting)');
  });

  test('long messages end with an ellipsis', () => {
    const long = instance({ state: 'IN_PROGRESS', conditions: [{ type: 'Ready', status: 'False', reason: 'NotReady', message: 'x'.repeat(500) }] });
    const line = formatLiveLine(at, snapshotOf(long), { maxMessage: 50 });
    assert.ok(line.endsWith('…'), line);
    assert.equal(line.split('Ready=')[1]!.length, 50 - 'Ready='.length);
  });
});

describe('LiveChanges', () => {
  test('prints a line only when state or Ready changes', () => {
    const changes = new LiveChanges();
    assert.equal(changes.changed(snapshotOf(instance(notReady))), true);
    // Another condition or a resourceVersion bump alone is no news.
    const sameReady = { ...notReady, conditions: [...notReady.conditions, { type: 'GraphResolved', status: 'True' }] };
    assert.equal(changes.changed(snapshotOf(instance(sameReady, { resourceVersion: '9' }))), false);
    assert.equal(changes.changed(snapshotOf(instance({ state: 'ACTIVE', conditions: [{ type: 'Ready', status: 'True' }] }))), true);
    assert.equal(changes.changed(snapshotOf(instance({ state: 'ACTIVE', conditions: [{ type: 'Ready', status: 'True' }] }))), false);
  });

  test('objects are told apart by kind, namespace and name; a re-created object prints again', () => {
    const changes = new LiveChanges();
    assert.equal(changes.changed(snapshotOf(instance(notReady))), true);
    assert.equal(changes.changed(snapshotOf(instance(notReady, { namespace: 'other' }))), true);
    assert.equal(changes.changed(snapshotOf(instance(notReady), true)), true);
    assert.equal(changes.changed(snapshotOf(instance(notReady))), true);
  });
});

describe('instanceResourceOf', () => {
  test("the instance resource of an RGD: its group (kro.run by default), apiVersion and kro's plural", () => {
    const rgd = { apiVersion: 'kro.run/v1alpha1', kind: 'ResourceGraphDefinition', metadata: { name: 'x' }, spec: { schema: { apiVersion: 'v1alpha1', kind: 'WebApp' }, resources: [] } };
    assert.deepEqual(instanceResourceOf(rgd)?.gvr, { group: 'kro.run', version: 'v1alpha1', resource: 'webapps' });
    const grouped = { ...rgd, spec: { schema: { apiVersion: 'v2', kind: 'Policy', group: 'example.com' }, resources: [] } };
    assert.deepEqual(instanceResourceOf(grouped)?.gvr, { group: 'example.com', version: 'v2', resource: 'policies' });
  });
});
