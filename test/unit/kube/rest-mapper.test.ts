// REST mapping lookups and the mapper's refresh-on-miss policy (single-flight, rate limited).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isNoKindMatch,
  RestMapper,
  RestMappingIndex,
  type ApiResource,
  type DiscoverySnapshot,
} from '../../../src/kube/index.js';
import { FakeClock } from './fake-clock.js';

function resource(group: string, version: string, kind: string, plural: string, namespaced = true): ApiResource {
  return { group, version, kind, resource: plural, singular: kind.toLowerCase(), namespaced, verbs: ['get'], shortNames: [], categories: [], subresources: [] };
}

function snapshot(resources: readonly ApiResource[], groups: DiscoverySnapshot['groups'] = [{ name: '', versions: ['v1'] }]): DiscoverySnapshot {
  return { format: 'aggregated-v2', groups, resources, failedGroupVersions: [] };
}

const base = snapshot(
  [
    resource('', 'v1', 'ConfigMap', 'configmaps'),
    resource('', 'v1', 'Namespace', 'namespaces', false),
    resource('autoscaling', 'v1', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers'),
    resource('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers'),
  ],
  [
    { name: '', versions: ['v1'] },
    { name: 'autoscaling', versions: ['v2', 'v1'] },
  ],
);

test('index: GVK -> GVR and scope, GVR (plural or singular) -> GVK, preferred version', () => {
  const index = new RestMappingIndex(base);
  assert.deepEqual(index.forKind({ group: '', version: 'v1', kind: 'ConfigMap' })?.gvr, { group: '', version: 'v1', resource: 'configmaps' });
  assert.equal(index.forKind({ group: '', version: 'v1', kind: 'Namespace' })?.namespaced, false);
  assert.equal(index.forResource({ group: '', version: 'v1', resource: 'configmap' })?.gvk.kind, 'ConfigMap');
  assert.equal(index.forResource({ group: '', version: 'v1', resource: 'ConfigMaps' })?.gvk.kind, 'ConfigMap');
  assert.equal(index.forGroupKind('autoscaling', 'HorizontalPodAutoscaler')?.gvk.version, 'v2');
  assert.equal(index.forKind({ group: '', version: 'v2', kind: 'ConfigMap' }), undefined);
});

test('a miss refreshes discovery once, then finds a kind added since', async () => {
  const clock = new FakeClock();
  let served = base;
  let loads = 0;
  const mapper = new RestMapper(() => {
    loads++;
    return Promise.resolve(served);
  }, { clock, minRefreshIntervalMs: 1000 });
  await mapper.mappingFor({ group: '', version: 'v1', kind: 'ConfigMap' });
  assert.equal(loads, 1);
  served = snapshot([...base.resources, resource('example.com', 'v1', 'Widget', 'widgets')], [...base.groups, { name: 'example.com', versions: ['v1'] }]);
  const widget = await mapper.mappingFor({ group: 'example.com', version: 'v1', kind: 'Widget' });
  assert.equal(widget.gvr.resource, 'widgets');
  assert.equal(loads, 2);
  assert.deepEqual(clock.sleeps, [1000], 'the refresh waited out the rate limit');
  await mapper.mappingFor({ group: 'example.com', version: 'v1', kind: 'Widget' });
  assert.equal(loads, 2, 'hits are served from the cache');
});

test('an unknown kind is a NoKindMatchError; concurrent misses share one refresh', async () => {
  const clock = new FakeClock();
  let loads = 0;
  const mapper = new RestMapper(() => {
    loads++;
    return Promise.resolve(base);
  }, { clock });
  await mapper.snapshot();
  clock.advance(5_000);
  const misses = await Promise.allSettled([1, 2, 3].map(() => mapper.mappingFor({ group: 'nope', version: 'v1', kind: 'Nothing' })));
  assert.ok(misses.every((m) => m.status === 'rejected' && isNoKindMatch(m.reason)));
  assert.equal(loads, 2);
});

test('invalidate() forces a reload on the next lookup', async () => {
  let loads = 0;
  const mapper = new RestMapper(() => {
    loads++;
    return Promise.resolve(base);
  });
  await mapper.kindFor({ group: '', version: 'v1', resource: 'configmaps' });
  mapper.invalidate();
  await mapper.kindFor({ group: '', version: 'v1', resource: 'configmaps' });
  assert.equal(loads, 2);
});
