// Parsing of aggregated (apidiscovery v2/v2beta1) and legacy discovery documents.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAggregatedDiscovery, parseApiResourceList } from '../../../src/kube/index.js';
import { aggregatedFormat, parseLegacyGroups } from '../../../src/kube/discovery.js';

const aggregatedApis = {
  kind: 'APIGroupDiscoveryList',
  apiVersion: 'apidiscovery.k8s.io/v2',
  items: [
    {
      metadata: { name: 'apps' },
      versions: [
        {
          version: 'v1',
          resources: [
            {
              resource: 'deployments',
              responseKind: { group: '', version: '', kind: 'Deployment' },
              scope: 'Namespaced',
              singularResource: 'deployment',
              verbs: ['create', 'get', 'list', 'watch'],
              shortNames: ['deploy'],
              categories: ['all'],
              subresources: [
                { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get'] },
                { subresource: 'status', responseKind: { kind: 'Deployment' }, verbs: ['get'] },
              ],
            },
          ],
          freshness: 'Current',
        },
      ],
    },
    {
      metadata: { name: 'metrics.example.com' },
      versions: [
        { version: 'v1beta2', resources: [], freshness: 'Current' },
        {
          version: 'v1beta1',
          resources: [{ resource: 'nodes', responseKind: { kind: 'NodeMetrics' }, scope: 'Cluster', verbs: ['get'] }],
          freshness: 'Stale',
        },
      ],
    },
  ],
};

test('aggregated discovery: resources with scope, names, verbs and subresources', () => {
  assert.equal(aggregatedFormat(aggregatedApis), 'aggregated-v2');
  const parsed = parseAggregatedDiscovery(aggregatedApis);
  assert.deepEqual(parsed.groups, [
    { name: 'apps', versions: ['v1'] },
    { name: 'metrics.example.com', versions: ['v1beta2', 'v1beta1'] },
  ]);
  assert.deepEqual(parsed.resources[0], {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    resource: 'deployments',
    singular: 'deployment',
    namespaced: true,
    verbs: ['create', 'get', 'list', 'watch'],
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['scale', 'status'],
  });
  const nodes = parsed.resources[1]!;
  assert.equal(nodes.namespaced, false);
  assert.equal(nodes.singular, 'nodemetrics', 'singular defaults to the lowercased kind');
  assert.deepEqual(parsed.failedGroupVersions, ['metrics.example.com/v1beta1']);
});

test('the core group has no metadata.name and v2beta1 is recognized', () => {
  const core = {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2beta1',
    items: [{ metadata: {}, versions: [{ version: 'v1', resources: [{ resource: 'configmaps', responseKind: { kind: 'ConfigMap' }, scope: 'Namespaced' }] }] }],
  };
  assert.equal(aggregatedFormat(core), 'aggregated-v2beta1');
  const parsed = parseAggregatedDiscovery(core);
  assert.equal(parsed.resources[0]!.group, '');
  assert.equal(parsed.resources[0]!.kind, 'ConfigMap');
});

test('legacy APIVersions/APIGroupList bodies are not aggregated discovery', () => {
  assert.equal(aggregatedFormat({ kind: 'APIVersions', versions: ['v1'] }), undefined);
  assert.equal(aggregatedFormat({ kind: 'APIGroupList', groups: [] }), undefined);
});

test('legacy groups put the preferred version first', () => {
  const groups = parseLegacyGroups(
    { kind: 'APIVersions', versions: ['v1'] },
    {
      kind: 'APIGroupList',
      groups: [
        {
          name: 'autoscaling',
          versions: [{ groupVersion: 'autoscaling/v1', version: 'v1' }, { groupVersion: 'autoscaling/v2', version: 'v2' }],
          preferredVersion: { groupVersion: 'autoscaling/v2', version: 'v2' },
        },
      ],
    },
  );
  assert.deepEqual(groups, [
    { name: '', versions: ['v1'] },
    { name: 'autoscaling', versions: ['v2', 'v1'] },
  ]);
});

test('legacy APIResourceList folds "plural/sub" entries into subresources', () => {
  const list = {
    kind: 'APIResourceList',
    groupVersion: 'apps/v1',
    resources: [
      { name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: ['get', 'list'], shortNames: ['deploy'] },
      { name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get'] },
      { name: 'deployments/status', singularName: '', namespaced: true, kind: 'Deployment', verbs: ['get'] },
      { name: 'controllerrevisions', singularName: 'controllerrevision', namespaced: true, kind: 'ControllerRevision', verbs: ['get'] },
    ],
  };
  const resources = parseApiResourceList('apps', 'v1', list);
  assert.deepEqual(resources.map((r) => [r.resource, r.kind, r.subresources]), [
    ['deployments', 'Deployment', ['scale', 'status']],
    ['controllerrevisions', 'ControllerRevision', []],
  ]);
  assert.deepEqual(resources[0]!.shortNames, ['deploy']);
});
