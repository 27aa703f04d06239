// The GraphRevision spec hash (L2, behavior 2): bit-for-bit equal to upstream's hash.Spec. The golden values were
// computed by Go's encoding/json + hash/fnv over the same specs with upstream's normalization.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ResourceGraphDefinitionSpec } from '../../../src/api/index.js';
import { fnv64a, normalizedSpecJson, specHash } from '../../../src/graph/index.js';

const conditions: ResourceGraphDefinitionSpec = {
  schema: { kind: 'App', apiVersion: 'v1alpha1' },
  resources: [{ id: 'svc', template: { apiVersion: 'v1', kind: 'Service' }, readyWhen: ['a', 'b', 'c'], includeWhen: ['x', 'y'] }],
};

const full: ResourceGraphDefinitionSpec = {
  schema: {
    kind: 'App',
    apiVersion: 'v1alpha1',
    group: 'kro.run',
    spec: { b: { x: 2, a: 1 }, a: [{ k: 'v', n: 1 }] },
    types: { Server: { port: 'integer', host: 'string' } },
    status: { endpoint: '${service.status.loadBalancer.ingress[0].hostname}' },
    metadata: { labels: { z: '1', a: '2' }, annotations: { team: 'kro' } },
  },
  resources: [{ id: 'service', template: { apiVersion: 'v1', kind: 'Service', metadata: { labels: { y: '2', x: '1' }, name: 'my-svc' }, spec: { ports: [{ port: 80 }] } } }],
};

const escapes: ResourceGraphDefinitionSpec = {
  schema: {
    kind: 'Web',
    apiVersion: 'v1',
    scope: 'Cluster',
    additionalPrinterColumns: [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', priority: 1 }],
    shortNames: ['w'],
    spec: { html: 'string | default="<b>&</b>"' },
  },
  resources: [
    { id: 'ext', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'x' } } },
    { id: 'sel', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { selector: { matchLabels: { a: 'b' } } } } },
    { id: 'col', forEach: [{ z: '${schema.spec.zs}' }, { a: '${schema.spec.as}' }], template: { n: 1.5, big: 12345678901234567000 } },
  ],
};

describe('specHash', () => {
  test('matches upstream bit for bit', () => {
    assert.equal(specHash(conditions), '489c446502002283');
    assert.equal(specHash(full), 'a24d89406d755d18');
    assert.equal(specHash(escapes), 'cb9b6d37ff3fbf86');
  });

  test('reordering resources, readyWhen or includeWhen changes nothing (behavior 2)', () => {
    const reordered: ResourceGraphDefinitionSpec = {
      schema: conditions.schema,
      resources: [{ id: 'svc', template: { kind: 'Service', apiVersion: 'v1' }, readyWhen: ['c', 'a', 'b'], includeWhen: ['y', 'x'] }],
    };
    assert.equal(specHash(reordered), specHash(conditions));
    const two = (ids: string[]): ResourceGraphDefinitionSpec => ({ schema: conditions.schema, resources: ids.map((id) => ({ id, template: { apiVersion: 'v1', kind: 'ConfigMap' } })) });
    assert.equal(specHash(two(['a', 'b'])), specHash(two(['b', 'a'])));
  });

  test('defaults are filled: an explicit kro.run group and Namespaced scope hash the same', () => {
    assert.equal(specHash({ ...conditions, schema: { ...conditions.schema, group: 'kro.run', scope: 'Namespaced' } }), specHash(conditions));
  });

  test('forEach order is semantic and semantic changes change the hash', () => {
    const a: ResourceGraphDefinitionSpec = { schema: conditions.schema, resources: [{ id: 'c', forEach: [{ x: '${a}' }, { y: '${b}' }], template: {} }] };
    const b: ResourceGraphDefinitionSpec = { schema: conditions.schema, resources: [{ id: 'c', forEach: [{ y: '${b}' }, { x: '${a}' }], template: {} }] };
    assert.notEqual(specHash(a), specHash(b));
    assert.notEqual(specHash({ ...full, schema: { ...full.schema, spec: { b: 1 } } }), specHash(full));
  });

  test('Go JSON details: sorted keys, HTML escaping, null RawExtensions', () => {
    const json = normalizedSpecJson(escapes);
    assert.ok(json.includes('default=\\"\\u003cb\\u003e\\u0026\\u003c/b\\u003e\\""'));
    assert.ok(json.includes('"selector":null'));
    assert.ok(json.startsWith('{"schema":{"kind":"Web","apiVersion":"v1","group":"kro.run","spec":'));
  });

  test('fnv64a', () => {
    assert.equal(fnv64a(''), 'cbf29ce484222325');
    assert.equal(fnv64a('a'), 'af63dc4c8601ec8c');
  });
});
