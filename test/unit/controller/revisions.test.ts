// GraphRevision naming (J4, behavior 53), the retention floor, the RGD controller's revision decision (3.2 step 4)
// and the in-memory registry.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CompiledGraph } from '../../../src/graph/index.js';
import { fnv32a, graphRevisionName, retentionFloor, RevisionRegistry, type RevisionEntry } from '../../../src/controller/revisions/index.js';
import { decideRevisionAction, type RevisionDecisionInput } from '../../../src/controller/rgd/decide.js';

describe('graphRevisionName', () => {
  test('short names: <rgd>-r%05d', () => {
    assert.equal(graphRevisionName('my-webapp', 1), 'my-webapp-r00001');
    assert.equal(graphRevisionName('my-webapp', 42), 'my-webapp-r00042');
    assert.equal(graphRevisionName('my-webapp', 123456), 'my-webapp-r123456', 'more digits when needed, like %05d');
  });

  test('exactly 253 characters is not truncated', () => {
    const name = 'a'.repeat(253 - '-r00001'.length);
    assert.equal(graphRevisionName(name, 1), `${name}-r00001`);
    assert.equal(graphRevisionName(name, 1).length, 253);
  });

  test('longer names are truncated and get the fnv32a of the full name', () => {
    const name = 'b'.repeat(250);
    const got = graphRevisionName(name, 7);
    const suffix = `-r00007-${fnv32a(name)}`;
    assert.equal(got.length, 253);
    assert.ok(got.endsWith(suffix));
    assert.equal(got, 'b'.repeat(253 - suffix.length) + suffix);
  });

  test('two long names sharing a prefix stay distinct', () => {
    const common = 'c'.repeat(260);
    assert.notEqual(graphRevisionName(`${common}x`, 1), graphRevisionName(`${common}y`, 1));
  });

  test('a cut landing on dots or dashes is trimmed; nothing left falls back to gr', () => {
    const suffixLength = `-r00001-${fnv32a('')}`.length;
    const dotted = `${'d'.repeat(253 - suffixLength - 2)}${'.-'.repeat(10)}`;
    const got = graphRevisionName(dotted, 1);
    assert.match(got, /^d+-r00001-[0-9a-f]{8}$/);
    assert.match(graphRevisionName('.-'.repeat(200), 1), /^gr-r00001-[0-9a-f]{8}$/);
  });

  test('fnv32a matches Go hash/fnv New32a', () => {
    // Known vectors of FNV-1a 32.
    assert.equal(fnv32a(''), '811c9dc5');
    assert.equal(fnv32a('a'), 'e40c292c');
    assert.equal(fnv32a('foobar'), 'bf9cf968');
  });
});

describe('retentionFloor', () => {
  const cases: { name: string; revisions: number[]; max: number; want: number | undefined }[] = [
    { name: 'disabled', revisions: [1, 2, 3], max: 0, want: undefined },
    { name: 'negative disables too', revisions: [1, 2, 3], max: -1, want: undefined },
    { name: 'within the limit', revisions: [1, 2, 3], max: 3, want: undefined },
    { name: 'one over', revisions: [1, 2, 3, 4, 5, 6], max: 5, want: 2 },
    { name: 'unordered with gaps', revisions: [9, 3, 7, 4], max: 2, want: 7 },
  ];
  for (const c of cases) test(c.name, () => assert.equal(retentionFloor(c.revisions, c.max), c.want));
});

describe('decideRevisionAction', () => {
  const base: RevisionDecisionInput = { hasTerminating: false, currentSpecHash: 'h2', lastIssuedRevision: 0 };
  const cases: { name: string; input: RevisionDecisionInput; want: ReturnType<typeof decideRevisionAction> }[] = [
    { name: 'no revision: issue 1', input: base, want: { action: 'issue', reason: 'no_revision', revision: 1, lastIssuedRevision: 0 } },
    {
      name: 'no live revision but a watermark (GC, restart): continue from it',
      input: { ...base, lastIssuedRevision: 4 },
      want: { action: 'issue', reason: 'no_revision', revision: 5, lastIssuedRevision: 4 },
    },
    {
      name: 'terminating revisions: settle first, even with nothing else live',
      input: { ...base, hasTerminating: true, latest: { revision: 3, entry: { state: 'Active', specHash: 'h2' } } },
      want: { action: 'wait', reason: 'settling', lastIssuedRevision: 0 },
    },
    {
      name: 'latest not in the registry: warm up, never issue a duplicate',
      input: { ...base, latest: { revision: 3 } },
      want: { action: 'wait', reason: 'warming_up', lastIssuedRevision: 0 },
    },
    {
      name: 'hash changed: issue after the higher of watermark and latest',
      input: { ...base, lastIssuedRevision: 2, latest: { revision: 5, entry: { state: 'Active', specHash: 'h1' } } },
      want: { action: 'issue', reason: 'spec_changed', revision: 6, previous: 5, lastIssuedRevision: 5 },
    },
    {
      name: 'hash changed while the latest still compiles: issue anyway',
      input: { ...base, lastIssuedRevision: 7, latest: { revision: 5, entry: { state: 'Pending', specHash: 'h1' } } },
      want: { action: 'issue', reason: 'spec_changed', revision: 8, previous: 5, lastIssuedRevision: 7 },
    },
    {
      name: 'same hash, Active: serve',
      input: { ...base, latest: { revision: 2, entry: { state: 'Active', specHash: 'h2' } } },
      want: { action: 'serve', revision: 2, lastIssuedRevision: 2 },
    },
    {
      name: 'same hash, Pending: wait for compilation',
      input: { ...base, lastIssuedRevision: 2, latest: { revision: 2, entry: { state: 'Pending', specHash: 'h2' } } },
      want: { action: 'wait', reason: 'compiling', revision: 2, lastIssuedRevision: 2 },
    },
    {
      name: 'same hash, Failed: report it',
      input: { ...base, latest: { revision: 2, entry: { state: 'Failed', specHash: 'h2' } } },
      want: { action: 'failed', revision: 2, message: 'latest graph revision 2 failed compilation', lastIssuedRevision: 2 },
    },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(decideRevisionAction(c.input), c.want));
});

describe('RevisionRegistry', () => {
  const graph = {} as CompiledGraph;
  const entry = (revision: number, state: RevisionEntry['state'], rgdName = 'web'): RevisionEntry =>
    state === 'Active'
      ? { rgdName, revision, specHash: `h${revision}`, state, graph }
      : state === 'Failed'
        ? { rgdName, revision, specHash: `h${revision}`, state, message: 'boom' }
        : { rgdName, revision, specHash: `h${revision}`, state };

  test('latest only moves forward; resolvers see the latest of their RGD only', () => {
    const registry = new RevisionRegistry();
    registry.put(entry(2, 'Active'));
    registry.put(entry(1, 'Active'));
    registry.put(entry(9, 'Active', 'other'));
    const resolver = registry.resolverFor('web');
    assert.equal(resolver.latest()?.revision, 2);
    registry.put(entry(3, 'Pending'));
    assert.equal(resolver.latest()?.state, 'Pending', 'a newer pending revision hides the active one (behavior 36)');
    registry.put(entry(3, 'Failed'));
    assert.equal(resolver.latest()?.state, 'Failed');
  });

  test('deleting the latest falls back to the highest left; the last delete drops the bucket', () => {
    const registry = new RevisionRegistry();
    for (const r of [1, 2, 3]) registry.put(entry(r, 'Active'));
    registry.delete('web', 3);
    assert.equal(registry.latest('web')?.revision, 2);
    registry.delete('web', 1);
    registry.delete('web', 1);
    assert.equal(registry.latest('web')?.revision, 2);
    registry.delete('web', 2);
    assert.deepEqual(registry.names(), []);
  });

  test('listeners see transitions and evictions; counts by state', () => {
    const registry = new RevisionRegistry();
    const seen: string[] = [];
    const unsubscribe = registry.subscribe({
      onTransition: (e, from) => seen.push(`${e.revision}:${from ?? 'None'}->${e.state}`),
      onEvict: (name, revision, state) => seen.push(`evict ${name}/${revision} ${state}`),
    });
    registry.put(entry(1, 'Pending'));
    registry.put(entry(1, 'Active'));
    registry.put(entry(2, 'Failed', 'db'));
    assert.deepEqual(registry.countByState(), { Pending: 0, Active: 1, Failed: 1 });
    registry.deleteAll('web');
    unsubscribe();
    registry.put(entry(3, 'Pending'));
    assert.deepEqual(seen, ['1:None->Pending', '1:Pending->Active', '2:None->Failed', 'evict web/1 Active']);
  });

  test('a throwing listener never breaks a write', () => {
    const registry = new RevisionRegistry();
    registry.subscribe({ onTransition: () => { throw new Error('listener bug'); } });
    registry.put(entry(1, 'Active'));
    assert.equal(registry.latest('web')?.state, 'Active');
  });
});
