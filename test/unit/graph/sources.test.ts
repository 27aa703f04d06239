// Schema sources: the bundled built-in kinds (loaded through the CLI's loader), CRD kinds as the API server
// publishes them, layering, and the cluster source's cache (bounded LRU, expiry, one load per key under concurrency).
// The cluster client here is a plain function pair: this tests the cache, not the API server.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CustomResourceDefinition, GroupVersionKind, JsonObject } from '../../../src/api/index.js';
import { loadBuiltinSchemas, loadCrdFiles } from '../../../src/cli/offline-schemas.js';
import {
  createClusterSchemaSource,
  kindsFromCrd,
  layeredSchemaSource,
  LoadingCache,
  objectMetaSchema,
  OfflineSchemaSource,
  type ClusterSchemaClient,
} from '../../../src/graph/index.js';
import { corpusPath } from './helpers.js';

const widgetCrd: CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Widget', plural: 'widgets' },
    scope: 'Cluster',
    versions: [
      { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } },
      { name: 'v0', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
    ],
  },
};

describe('bundled built-in kinds', () => {
  test('Kubernetes v1.36.3 kinds with scope, resource and resolved schemas', async () => {
    const bundle = await loadBuiltinSchemas();
    assert.equal(bundle.kubernetesVersion, 'v1.36.3');
    const source = new OfflineSchemaSource({ kinds: bundle.kinds });
    const deployment = await source.resolve({ group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.ok(deployment.found);
    assert.equal(deployment.kind.resource, 'deployments');
    assert.equal(deployment.kind.namespaced, true);
    const spec = (deployment.kind.schema.properties as JsonObject).spec as JsonObject;
    assert.equal(((spec.properties as JsonObject).replicas as JsonObject).type, 'integer');
    assert.equal(JSON.stringify(deployment.kind.schema).includes('$ref'), false, 'references are resolved');
    assert.equal(JSON.stringify(deployment.kind.schema).includes('"description"'), false, 'descriptions are stripped');
    const ns = await source.resolve({ group: '', version: 'v1', kind: 'Namespace' });
    assert.ok(ns.found && !ns.kind.namespaced);
  });

  test("the ObjectMeta given to CRD kinds types like the API server's own", async () => {
    const shape = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(shape);
      if (typeof v !== 'object' || v === null) return v;
      const keep = ['type', 'format', 'properties', 'items', 'additionalProperties', 'required'];
      const o = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const k of keep) if (k in o) out[k] = k === 'properties' ? Object.fromEntries(Object.entries(o[k] as object).map(([n, x]) => [n, shape(x)])) : shape(o[k]);
      return out;
    };
    const source = new OfflineSchemaSource({ kinds: (await loadBuiltinSchemas()).kinds });
    const cm = await source.resolve({ group: '', version: 'v1', kind: 'ConfigMap' });
    assert.ok(cm.found);
    assert.deepEqual(shape(objectMetaSchema()), shape((cm.kind.schema.properties as JsonObject).metadata));
  });

  test('a kind the bundle lacks is not found', async () => {
    const source = new OfflineSchemaSource({ kinds: (await loadBuiltinSchemas()).kinds, description: 'the bundle' });
    const r = await source.resolve({ group: 'apps', version: 'v1beta1', kind: 'Deployment' });
    assert.deepEqual(r, { found: false, reason: 'not-found', missing: 'schema', detail: 'schema not found for apps/v1beta1, Kind=Deployment in the bundle' });
  });
});

describe('CRD kinds', () => {
  test('served versions become kinds, published like the API server does', async () => {
    const kinds = kindsFromCrd(widgetCrd);
    assert.deepEqual(kinds.map((k) => k.gvk), [{ group: 'example.com', version: 'v1', kind: 'Widget' }]);
    const source = new OfflineSchemaSource({ crds: [widgetCrd] });
    const r = await source.resolve({ group: 'example.com', version: 'v1', kind: 'Widget' });
    assert.ok(r.found);
    assert.equal(r.kind.namespaced, false);
    assert.equal(r.kind.resource, 'widgets');
    const props = r.kind.schema.properties as JsonObject;
    assert.deepEqual(Object.keys(props).sort(), ['apiVersion', 'kind', 'metadata', 'spec']);
    assert.ok(((props.metadata as JsonObject).properties as JsonObject).labels, 'metadata is the full ObjectMeta');
  });

  test('CRD files are read from a folder (the ACK CRDs)', async () => {
    const loaded = await loadCrdFiles([corpusPath('crds/ack')]);
    assert.deepEqual(loaded.diagnostics, []);
    assert.deepEqual(loaded.crds.map((c) => c.spec.names.kind).sort(), ['Cluster', 'ElasticIPAddress', 'InternetGateway', 'NATGateway', 'Nodegroup', 'Policy', 'Role', 'RouteTable', 'SecurityGroup', 'Subnet', 'VPC']);
  });

  test('layers: the first source that knows a kind wins; misses report the bottom layer', async () => {
    const top = new OfflineSchemaSource({ crds: [widgetCrd], description: 'top' });
    const bottom = new OfflineSchemaSource({ description: 'bottom' });
    const layered = layeredSchemaSource([top, bottom]);
    assert.ok((await layered.resolve({ group: 'example.com', version: 'v1', kind: 'Widget' })).found);
    const miss = await layered.resolve({ group: 'x', version: 'v1', kind: 'Y' });
    assert.ok(!miss.found && miss.detail.endsWith('in bottom'));
  });
});

describe('cluster source cache', () => {
  function fakeClient(known: ReadonlySet<string>, delayMs = 0) {
    const calls = { schema: 0, mapping: 0 };
    const client: ClusterSchemaClient = {
      openapi: {
        async schemaFor(gvk: GroupVersionKind) {
          calls.schema++;
          await new Promise((r) => setTimeout(r, delayMs));
          return known.has(gvk.kind) ? { type: 'object' } : undefined;
        },
      },
      mapper: {
        mappingFor(gvk: GroupVersionKind) {
          calls.mapping++;
          if (!known.has(gvk.kind)) {
            const err = new Error(`no matches for kind "${gvk.kind}"`);
            err.name = 'NoKindMatchError';
            return Promise.reject(err);
          }
          return Promise.resolve({ gvr: { resource: `${gvk.kind.toLowerCase()}s` }, namespaced: true });
        },
      },
    };
    return { client, calls };
  }
  const gvk = (kind: string): GroupVersionKind => ({ group: 'x', version: 'v1', kind });

  test('one load per key under concurrency, then hits', async () => {
    const { client, calls } = fakeClient(new Set(['A']), 5);
    const source = createClusterSchemaSource(client);
    const results = await Promise.all([1, 2, 3, 4].map(() => source.resolve(gvk('A'))));
    assert.ok(results.every((r) => r.found && r.kind.resource === 'as'));
    assert.equal(calls.schema, 1);
    assert.equal(source.stats.deduplicated, 3);
    await source.resolve(gvk('A'));
    assert.equal(source.stats.hits, 1);
  });

  test('misses are not cached (a CRD installed later is found)', async () => {
    const known = new Set<string>();
    const { client, calls } = fakeClient(known);
    const source = createClusterSchemaSource(client);
    assert.deepEqual(await source.resolve(gvk('B')), { found: false, reason: 'not-found', missing: 'schema', detail: 'schema not found for x/v1, Kind=B' });
    known.add('B');
    assert.ok((await source.resolve(gvk('B'))).found);
    assert.equal(calls.schema, 2);
  });

  test('a schema without a REST mapping is reported as the mapping missing', async () => {
    const client: ClusterSchemaClient = {
      openapi: { schemaFor: () => Promise.resolve({ type: 'object' }) },
      mapper: { mappingFor: () => Promise.reject(Object.assign(new Error('no matches'), { name: 'NoKindMatchError' })) },
    };
    const r = await createClusterSchemaSource(client).resolve(gvk('C'));
    assert.ok(!r.found && r.missing === 'mapping' && r.reason === 'not-found');
  });

  test('transport errors are "unavailable", not "unknown kind"', async () => {
    const client: ClusterSchemaClient = {
      openapi: { schemaFor: () => Promise.reject(new Error('connect ECONNREFUSED')) },
      mapper: { mappingFor: () => Promise.reject(new Error('unused')) },
    };
    const r = await createClusterSchemaSource(client).resolve(gvk('D'));
    assert.ok(!r.found && r.reason === 'unavailable' && r.detail === 'connect ECONNREFUSED');
  });

  test('entries expire and the least recently used is evicted', async () => {
    let now = 0;
    const cache = new LoadingCache<number>({ maxEntries: 2, ttlMs: 100, clock: { now: () => now } });
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    await cache.get('a', load);
    await cache.get('b', load);
    await cache.get('a', load); // a is now the most recently used
    await cache.get('c', load); // evicts b
    assert.equal(cache.size, 2);
    assert.equal(cache.stats.evictions, 1);
    assert.equal(await cache.get('b', load), 4, 'b was evicted and reloads');
    now = 1000;
    assert.equal(await cache.get('a', load), 5, 'a expired and reloads');
  });
});
