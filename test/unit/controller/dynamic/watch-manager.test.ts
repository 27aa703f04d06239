// Watch health without waiting (kubernetes-sigs/kro#1324): `ensure` returns at once; a lasting error (403) is a
// problem at once, a transient one only after the grace period; a watch that never lists is a problem after the
// sync timeout; syncing, an event or a moved resourceVersion clear it. Owners share one informer per GVR.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WatchManager } from '../../../../src/controller/dynamic/index.js';
import { KubeError } from '../../../../src/kube/index.js';
import { FakeInformerFactory, ManualClock, meta } from './fakes.js';

const SECRETS = { group: '', version: 'v1', resource: 'secrets' };
const forbidden = new KubeError({ code: 403, reason: 'Forbidden', message: 'secrets is forbidden: cannot watch' });
const unavailable = new KubeError({ code: 503, reason: 'ServiceUnavailable', message: 'storage is (re)initializing' });

function setup() {
  const factory = new FakeInformerFactory();
  const clock = new ManualClock();
  const changes: (string | undefined)[] = [];
  const manager = new WatchManager({
    informers: factory.asFactory(),
    onEvent: () => undefined,
    onHealthChange: (_gvr, problem) => changes.push(problem),
    clock,
    syncTimeoutMs: 30_000,
    transientGraceMs: 10_000,
  });
  return { factory, clock, changes, manager };
}

describe('WatchManager health', () => {
  test('a forbidden watch is reported at once and cleared when the informer syncs', async () => {
    const { factory, changes, manager } = setup();
    manager.ensure(SECRETS, 'coordinator');
    const informer = factory.informers.get('secrets')!;
    informer.fail(forbidden);
    assert.match(manager.problem(SECRETS) ?? '', /^watch of secrets \(v1\) is failing: secrets is forbidden/);
    assert.equal(changes.length, 1);
    informer.sync();
    await Promise.resolve();
    await Promise.resolve();
    assert.equal(manager.problem(SECRETS), undefined);
    assert.deepEqual(changes.at(-1), undefined);
  });

  test('a transient error counts only when it lasts', () => {
    const { factory, clock, manager } = setup();
    manager.ensure(SECRETS, 'coordinator');
    const informer = factory.informers.get('secrets')!;
    informer.fail(unavailable);
    assert.equal(manager.problem(SECRETS), undefined);
    clock.advance(9_000);
    informer.fail(unavailable);
    assert.equal(manager.problem(SECRETS), undefined, 'the streak started 9 s ago');
    clock.advance(1_000);
    assert.match(manager.problem(SECRETS) ?? '', /storage is \(re\)initializing/);
  });

  test('an error after sync clears when an event arrives or the resourceVersion moves', () => {
    const { factory, clock, manager } = setup();
    manager.ensure(SECRETS, 'coordinator');
    const informer = factory.informers.get('secrets')!;
    informer.sync();
    clock.advance(10);
    informer.fail(forbidden);
    assert.ok(manager.problem(SECRETS));
    informer.lastSyncResourceVersion = '2';
    assert.equal(manager.problem(SECRETS), undefined, 'a bookmark moved the version');
    clock.advance(10);
    informer.fail(forbidden);
    assert.ok(manager.problem(SECRETS));
    clock.advance(10);
    informer.add(meta('s'));
    assert.equal(manager.problem(SECRETS), undefined, 'an event proves the watch works');
  });

  test('a watch that never lists is reported after the sync timeout', () => {
    const { clock, changes, manager } = setup();
    manager.ensure(SECRETS, 'coordinator');
    clock.advance(29_999);
    assert.equal(manager.problem(SECRETS), undefined);
    clock.advance(1);
    assert.equal(manager.problem(SECRETS), 'watch of secrets (v1) has not synced after 30s');
    assert.equal(changes.length, 1, 'reported by the timer, without a caller asking');
  });

  test('owners share one informer; it stops with the last owner', async () => {
    const { factory, manager } = setup();
    manager.ensure(SECRETS, 'parent');
    manager.ensure(SECRETS, 'coordinator');
    assert.equal(factory.informers.get('secrets')!.refs, 1);
    await manager.release(SECRETS, 'parent');
    assert.ok(manager.has(SECRETS));
    await manager.release(SECRETS, 'coordinator');
    assert.equal(manager.has(SECRETS), false);
    assert.equal(factory.informers.size, 0);
  });
});
