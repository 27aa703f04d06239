// kro-ts's own CRDs on the real kube-apiserver: both are accepted and Established with their printer columns
// and short names, and the API server's admission of RGDs says what the offline structural checks say.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { kroCrds, validateRgdStructure, type JsonObject } from '../../../src/api/index.js';
import { eventually, kubectl, kubectlOk } from '../support.js';
import { applyOk, waitEstablished } from './helpers.js';

// Other test files may install the same CRDs; apply is idempotent and they are never deleted here.
before(async () => {
  await applyOk(kroCrds());
  await waitEstablished(kroCrds().map((c) => c.metadata.name!));
  await eventually(async () => ((await kubectl(['get', 'rgd'])).code === 0 ? true : undefined), { message: 'rgd served' });
});

test('the CRDs are served with their short names', async () => {
  const resources = await kubectlOk(['api-resources', '--api-group=kro.run', '-o', 'wide']);
  assert.match(resources, /resourcegraphdefinitions\s+rgd\s+kro\.run\/v1alpha1\s+false\s+ResourceGraphDefinition/);
  const internal = await kubectlOk(['api-resources', '--api-group=internal.kro.run']);
  assert.match(internal, /graphrevisions\s+gr\s+internal\.kro\.run\/v1alpha1\s+false\s+GraphRevision/);
});

function rgd(name: string, resources: JsonObject[], schema: JsonObject = {}): JsonObject {
  return {
    apiVersion: 'kro.run/v1alpha1',
    kind: 'ResourceGraphDefinition',
    metadata: { name },
    spec: { schema: { apiVersion: 'v1alpha1', kind: 'OwnCrdTest', spec: { name: 'string' }, ...schema }, resources },
  };
}

/** Server-side dry run: admission runs, nothing is stored (no controller of another test sees it). */
function dryRun(obj: JsonObject) {
  return kubectl(['create', '--dry-run=server', '-o', 'json', '-f', '-'], JSON.stringify(obj));
}

test('a valid RGD passes admission and gets the API defaults the offline loader applies', async () => {
  const obj = rgd('own-crds-valid', [{ id: 'cm', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } }]);
  const r = await dryRun(obj);
  assert.equal(r.code, 0, r.stderr);
  const admitted = JSON.parse(r.stdout) as { spec: unknown };
  const offline = validateRgdStructure(obj);
  assert.deepEqual(offline.rgd?.spec, admitted.spec);
});

const rejected: { name: string; obj: JsonObject }[] = [
  { name: 'neither template nor externalRef', obj: rgd('own-crds-neither', [{ id: 'cm' }]) },
  {
    name: 'externalRef with name and selector',
    obj: rgd('own-crds-both', [{ id: 'cm', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', selector: {} } } }]),
  },
  { name: 'lowercase kind', obj: rgd('own-crds-kind', [], { kind: 'ownCrdTest' }) },
  { name: 'bad apiVersion', obj: rgd('own-crds-version', [], { apiVersion: 'v1gamma1' }) },
  { name: 'scope not in the enum', obj: rgd('own-crds-scope', [], { scope: 'Global' }) },
  { name: 'forEach entry with two keys', obj: rgd('own-crds-foreach', [{ id: 'cm', template: {}, forEach: [{ a: '${x}', b: '${y}' }] }]) },
  { name: 'duplicate short names', obj: rgd('own-crds-short', [], { shortNames: ['oc', 'oc'] }) },
  { name: 'forEach entry without a key', obj: rgd('own-crds-foreach-empty', [{ id: 'cm', template: {}, forEach: [{}] }]) },
  { name: 'category longer than 63', obj: rgd('own-crds-category', [], { categories: ['c'.repeat(64)] }) },
  {
    name: 'empty externalRef name',
    obj: rgd('own-crds-empty-name', [{ id: 'cm', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '' } } }]),
  },
  { name: 'missing kind', obj: rgd('own-crds-no-kind', [], { kind: null }) },
  { name: 'unknown field', obj: rgd('own-crds-unknown', [], { kinds: 'Typo' }) },
  { name: 'kind of the wrong type', obj: rgd('own-crds-type', [], { kind: 5 }) },
];

for (const row of rejected) {
  test(`admission and the offline checks agree: ${row.name}`, async () => {
    const r = await dryRun(row.obj);
    assert.notEqual(r.code, 0, 'the API server rejects it');
    const offline = validateRgdStructure(row.obj);
    assert.ok(offline.diagnostics.length > 0, 'the offline checks reject it');
    for (const d of offline.diagnostics) {
      // The API server prints "<path>: <detail>"; our message is the same text.
      const detail = d.message.slice(d.message.indexOf(': ') + 2);
      assert.ok(r.stderr.includes(detail), `server said: ${r.stderr}\noffline said: ${d.message}`);
    }
  });
}

test('GraphRevision admission: revision starts at 1', async () => {
  const gr = {
    apiVersion: 'internal.kro.run/v1alpha1',
    kind: 'GraphRevision',
    metadata: { name: 'own-crds-gr' },
    spec: { revision: 0, snapshot: { name: 'x', generation: 1, spec: { schema: { apiVersion: 'v1alpha1', kind: 'X' } } } },
  };
  const r = await dryRun(gr);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /spec\.revision in body should be greater than or equal to 1/);
});
