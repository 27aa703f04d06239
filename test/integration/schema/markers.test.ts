// Markers enforced by the real kube-apiserver: a CRD generated from SimpleSchema rejects instances that break
// pattern, enum, minimum/maximum, minLength/maxLength, minItems/maxItems, required, validation and immutable
// (on update), each with the marker's message; defaults (incl. the implicit `default: {}`) are materialized;
// `kubectl explain` shows the descriptions.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CustomResourceDefinition } from '../../../src/api/index.js';
import { generateInstanceCrd } from '../../../src/schema/index.js';
import { eventually, kubectl, kubectlOk, uniqueName } from '../support.js';
import { apply, applyOk, deleteCrds, installCrdWithNamespace } from './helpers.js';

const group = `${uniqueName('markers')}.kro-ts.test`;
const apiVersion = `${group}/v1alpha1`;
let crd: CustomResourceDefinition;
let ns: string;

before(async () => {
  const r = generateInstanceCrd(
    {
      apiVersion: 'v1alpha1',
      kind: 'MarkerApp',
      group,
      spec: {
        name: 'string | required=true pattern="^[a-z]+$" description="Lowercase name of the app"',
        id: 'string | immutable=true description="Never changes"',
        env: 'string | enum="dev,staging" default=dev',
        replicas: 'integer | minimum=1 maximum=10 default=1',
        ports: '[]integer | minItems=2 maxItems=3',
        tags: '[]string | uniqueItems=true',
        code: 'string | minLength=2 maxLength=4',
        even: 'integer | validation="self % 2 == 0"',
        ingress: { enabled: 'boolean | default=false', host: 'string | default="example.com" description="Public host"' },
      },
    },
    { labels: { kroVersion: 'test', rgdUid: 'uid', rgdName: 'marker-app' } },
  );
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  crd = r.value;
  ns = await installCrdWithNamespace(crd, 'schema-markers');
});

after(async () => {
  if (ns) await kubectl(['delete', 'namespace', ns, '--wait=false']);
  if (crd) await deleteCrds([crd]);
});

function instance(name: string, spec: Record<string, unknown>) {
  return { apiVersion, kind: 'MarkerApp', metadata: { name, namespace: ns }, spec: { name: 'app', ...spec } };
}

test('a valid instance is accepted and defaults are materialized, nested ones included', async () => {
  await applyOk([instance('valid', { ports: [80, 443], id: 'a' })]);
  const got = JSON.parse(await kubectlOk(['get', 'markerapps.' + group, 'valid', '-n', ns, '-o', 'json'])) as { spec: Record<string, unknown> };
  assert.equal(got.spec.env, 'dev');
  assert.equal(got.spec.replicas, 1);
  assert.deepEqual(got.spec.ingress, { enabled: false, host: 'example.com' }, 'implicit default {} on ingress');
});

const rejections: { name: string; spec: Record<string, unknown>; message: RegExp; args?: string[] }[] = [
  { name: 'pattern', spec: { name: 'Bad_Name' }, message: /spec\.name in body should match '\^\[a-z\]\+\$'/ },
  { name: 'enum', spec: { env: 'prod' }, message: /spec\.env: Unsupported value: "prod": supported values: "dev", "staging"/ },
  { name: 'minimum', spec: { replicas: 0 }, message: /spec\.replicas in body should be greater than or equal to 1/ },
  { name: 'maximum', spec: { replicas: 11 }, message: /spec\.replicas in body should be less than or equal to 10/ },
  { name: 'minItems', spec: { ports: [80] }, message: /spec\.ports in body should have at least 2 items/ },
  { name: 'maxItems', spec: { ports: [1, 2, 3, 4] }, message: /spec\.ports: Too many: 4: must have at most 3 items/ },
  { name: 'uniqueItems (list type set)', spec: { tags: ['a', 'a'] }, message: /spec\.tags\[1\]: Duplicate value: "a"/ },
  { name: 'minLength', spec: { code: 'a' }, message: /spec\.code in body should be at least 2 chars long/ },
  { name: 'maxLength', spec: { code: 'abcde' }, message: /spec\.code: Too long: may not be (more|longer) than 4/ },
  { name: 'validation', spec: { even: 3 }, message: /spec\.even: Invalid value: 3: validation failed/ },
  // kubectl validates required fields client-side first; skip that to see the server's answer.
  { name: 'required', spec: { name: undefined }, message: /spec\.name: Required value/, args: ['--validate=false'] },
];

for (const row of rejections) {
  test(`the API server rejects an instance breaking ${row.name}`, async () => {
    const r = await apply([instance(`bad-${row.name.replace(/\W+/g, '-').toLowerCase()}`, row.spec)], row.args);
    assert.notEqual(r.code, 0, 'rejected');
    assert.match(r.stderr, row.message);
  });
}

test('immutable: the field cannot change on update', async () => {
  await applyOk([instance('immutable', { id: 'first', ports: [1, 2] })]);
  const r = await apply([instance('immutable', { id: 'second', ports: [1, 2] })]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /spec\.id: Invalid value: "second": field is immutable/);
  await applyOk([instance('immutable', { id: 'first', ports: [1, 2, 3] })]);
});

test('kubectl explain shows the descriptions of spec fields', { timeout: 60_000 }, async () => {
  const out = await eventually(
    async () => {
      const r = await kubectl(['explain', 'markerapps.spec', `--api-version=${apiVersion}`]);
      return r.code === 0 && r.stdout.includes('Lowercase name of the app') ? r.stdout : undefined;
    },
    { timeoutMs: 45_000, intervalMs: 500, message: 'explain with descriptions' },
  );
  assert.match(out, /Never changes/);
  const nested = await kubectlOk(['explain', 'markerapps.spec.ingress.host', `--api-version=${apiVersion}`]);
  assert.match(nested, /Public host/);
});
