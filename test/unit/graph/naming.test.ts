// F1 naming rules and F12 duplicate ids, with upstream's messages; every broken name is reported.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isReservedWord } from '../../../src/graph/index.js';
import { assertOk, compile, configMap, errors, oneError, rgd } from './helpers.js';

describe('F1 kind name', () => {
  test('UpperCamelCase passes', async () => {
    assertOk(await compile(rgd({ schema: { kind: 'WebApp2' } })));
  });

  test('anything else fails with upstream text', async () => {
    const d = oneError(await compile(rgd({ schema: { kind: 'webApp' } })), 'graph/invalid-kind-name', ['spec', 'schema', 'kind']);
    assert.equal(d.message, "failed to validate resourcegraphdefinition: naming convention violation: kind 'webApp' is not a valid KRO kind name: must be UpperCamelCase");
  });
});

describe('F1 resource ids', () => {
  test('lowerCamelCase ids pass', async () => {
    assertOk(await compile(rgd({ resources: [configMap('appConfig2')] })));
  });

  test('a dashed id fails', async () => {
    const d = oneError(await compile(rgd({ resources: [configMap('my-config')] })), 'graph/invalid-id', ['spec', 'resources', 0, 'id']);
    assert.equal(d.message, 'failed to validate resourcegraphdefinition: naming convention violation: id my-config is not a valid KRO resource id: must be lower camelCase');
  });

  test('behavior 6: every reserved word is refused, kro and CEL alike', async () => {
    const words = ['apiVersion', 'context', 'dependency', 'dependencies', 'each', 'externalRef', 'externalReference', 'externalRefs',
      'externalReferences', 'graph', 'instance', 'item', 'items', 'kind', 'kro', 'metadata', 'namespace', 'object', 'resource',
      'resourcegraphdefinition', 'resourceGraphDefinition', 'resources', 'root', 'runtime', 'schema', 'self', 'serviceAccountName',
      'spec', 'status', 'this', 'variables', 'vars', 'version', 'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue',
      'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'return', 'var', 'void', 'while'];
    for (const w of words) assert.ok(isReservedWord(w), w);
    assert.equal(isReservedWord('config'), false);
    const d = oneError(await compile(rgd({ resources: [configMap('schema')] })), 'graph/reserved-id');
    assert.equal(d.message, 'failed to validate resourcegraphdefinition: naming convention violation: id schema is a reserved keyword in KRO');
  });

  test('F12: a duplicate id is an error (and the first one is still built)', async () => {
    const d = oneError(await compile(rgd({ resources: [configMap('config'), configMap('config')] })), 'graph/duplicate-id', ['spec', 'resources', 1, 'id']);
    assert.equal(d.message, 'failed to validate resourcegraphdefinition: naming convention violation: found duplicate resource IDs config');
  });

  test('several broken ids are all reported', async () => {
    const r = await compile(rgd({ resources: [configMap('a-b'), configMap('c_d'), configMap('self')] }));
    assert.deepEqual(errors(r).map((d) => d.code), ['graph/invalid-id', 'graph/invalid-id', 'graph/reserved-id']);
  });
});

describe('F1 forEach iterators', () => {
  const each = (forEach: Record<string, string>[], name = '${schema.metadata.name}-${region}') =>
    rgd({
      schema: { spec: { regions: '[]string', zones: '[]string' } },
      resources: [{ id: 'configs', forEach, template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } } }],
    });

  test('a valid iterator passes', async () => {
    assertOk(await compile(each([{ region: '${schema.spec.regions}' }])));
  });

  test('invalid, reserved, clashing and duplicate names fail', async () => {
    const cases: [Record<string, string>[], string, string][] = [
      [[{ Region: '${schema.spec.regions}' }], 'graph/invalid-iterator-name', 'failed to validate resourcegraphdefinition: resource "configs": forEach iterator name "Region" is not valid: must be lowerCamelCase'],
      [[{ item: '${schema.spec.regions}' }], 'graph/reserved-iterator-name', 'failed to validate resourcegraphdefinition: resource "configs": forEach iterator name "item" is a reserved keyword'],
      [[{ configs: '${schema.spec.regions}' }], 'graph/iterator-conflicts-with-id', 'failed to validate resourcegraphdefinition: resource "configs": forEach iterator name "configs" conflicts with resource ID'],
      [[{ region: '${schema.spec.regions}' }, { region: '${schema.spec.zones}' }], 'graph/duplicate-iterator', 'failed to validate resourcegraphdefinition: resource "configs": duplicate forEach iterator name "region"'],
    ];
    for (const [forEach, code, message] of cases) {
      const d = oneError(await compile(each(forEach)), code);
      assert.equal(d.message, message);
    }
  });

  test('more dimensions than the limit fail', async () => {
    const forEach: Record<string, string>[] = [{ region: '${schema.spec.regions}' }, { zone: '${schema.spec.zones}' }];
    const r = await compile(each(forEach, '${region}-${zone}'), { maxCollectionDimensions: 1 });
    const d = oneError(r, 'graph/too-many-dimensions', ['spec', 'resources', 0, 'forEach']);
    assert.equal(d.message, 'failed to validate resourcegraphdefinition: resource "configs": forEach cannot have more than 1 dimensions, got 2');
    assertOk(await compile(each(forEach, '${region}-${zone}'), { maxCollectionDimensions: 2 }));
  });
});
