// Upstream's validation_test.go and recover_test.go scenarios, plus what users see of an invalid RGD: admission
// rejects malformed names, an RGD whose graph does not build is Inactive with the builder's error located at its
// YAML path (`kubectl get rgd` shows STATE Inactive), deletes cleanly, and recovers once fixed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonObject } from '../../../src/api/index.js';
import { specHash } from '../../../src/graph/index.js';
import { kubectl, kubectlOk } from '../support.js';
import {
  condition,
  configmapRgd,
  createRgd,
  createRgdAndWaitActive,
  deleteRgd,
  getCrd,
  listGraphRevisions,
  revisionNumbers,
  rgdObject,
  uniqueKind,
  updateRgd,
  useRgdController,
  waitRgd,
} from './harness.js';

const env = useRgdController('valt');
const { prefix } = env;

const admissionCases: { name: string; schema: JsonObject; message: RegExp }[] = [
  { name: 'an uppercase short name', schema: { shortNames: ['Bad'] }, message: /shortNames\[0\]/ },
  { name: 'duplicate short names', schema: { shortNames: ['dup', 'dup'] }, message: /Duplicate value/ },
  { name: 'a category longer than 63 characters', schema: { categories: ['c'.repeat(64)] }, message: /categories\[0\]/ },
  { name: 'an uppercase category', schema: { categories: ['Bad'] }, message: /categories\[0\]/ },
  { name: 'a kind that is not UpperCamelCase', schema: { kind: 'lowerCase' }, message: /spec\.schema\.kind/ },
];

for (const c of admissionCases) {
  test(`admission rejects ${c.name}`, async () => {
    const obj = rgdObject(`${prefix}-adm`, uniqueKind('Adm'), { a: 'string' }, [], c.schema);
    const r = await kubectl(['create', '-f', '-'], JSON.stringify(obj));
    assert.notEqual(r.code, 0, 'rejected');
    assert.match(r.stderr, c.message);
  });
}

test('an RGD with a bad expression is Inactive with an empty topological order, and deletes cleanly', async () => {
  const name = `${prefix}-badexpr`;
  const kind = uniqueKind('BadExpr');
  await createRgd(env.kube, rgdObject(name, kind, { name: 'string' }, [
    { id: 'configmap', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.doesNotExist}' } } },
  ]));
  const rgd = await waitRgd(env.kube, name, (r) => condition(r, 'GraphAccepted')?.status === 'False', 'GraphAccepted False');
  assert.equal(rgd.status?.state, 'Inactive');
  assert.equal(rgd.status?.topologicalOrder, undefined);
  assert.equal(rgd.status?.lastIssuedRevision, undefined, 'no revision issued');
  assert.match(condition(rgd, 'GraphAccepted')?.message ?? '', /doesNotExist/);
  assert.equal(condition(rgd, 'Ready')?.status, 'False');
  assert.deepEqual(await listGraphRevisions(env.kube, name), []);
  assert.equal(await getCrd(env.kube, `${kind.toLowerCase()}s.kro.run`), undefined, 'no CRD for a graph that never built');
  await deleteRgd(env.kube, name);
});

test('a type error is reported with its expression and YAML path, and kubectl shows STATE Inactive', async () => {
  const name = `${prefix}-typeerr`;
  const kind = uniqueKind('TypeErr');
  await createRgd(env.kube, rgdObject(name, kind, { name: 'string', size: 'string' }, [
    {
      id: 'deployment',
      template: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: '${schema.spec.name}' },
        spec: {
          replicas: '${schema.spec.size}',
          selector: { matchLabels: { app: 'x' } },
          template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
        },
      },
    },
    { id: 'configmap', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.name + 1}' } } },
  ]));
  const rgd = await waitRgd(env.kube, name, (r) => condition(r, 'GraphAccepted')?.status === 'False', 'GraphAccepted False');
  const message = condition(rgd, 'GraphAccepted')?.message ?? '';
  assert.equal(condition(rgd, 'GraphAccepted')?.reason, 'InvalidResourceGraph');
  assert.match(message, /schema\.spec\.size/, 'names the expression');
  assert.match(message, /at spec\.resources\[0\]\.template\.spec\.replicas/, 'names the YAML path');
  assert.match(message, /spec\.resources\[1\]\.template\.metadata\.name/, 'every error is reported, each with its path');

  const table = await kubectlOk(['get', 'rgd', name]);
  const [header, row] = table.trim().split('\n');
  assert.match(header ?? '', /APIVERSION\s+KIND\s+STATE\s+READY\s+AGE/);
  assert.match(row ?? '', new RegExp(`^${name}\\s+v1alpha1\\s+${kind}\\s+Inactive\\s+False\\s+`));
  const described = await kubectlOk(['describe', 'rgd', name]);
  assert.match(described, /InvalidResourceGraph/);
  await deleteRgd(env.kube, name);
});

test('recovers: valid, then cyclic (Inactive, revision 1 serving), then a new valid spec (Active, served)', async () => {
  const name = `${prefix}-recover`;
  const kind = uniqueKind('Recover');
  await createRgdAndWaitActive(env.kube, configmapRgd(name, kind));
  await updateRgd(env.kube, name, (r) => {
    r.spec.resources = [
      { id: 'a', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${b.metadata.name}-a' } } },
      { id: 'b', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${a.metadata.name}-b' } } },
    ];
  });
  const broken = await waitRgd(env.kube, name, (r) => r.status?.state === 'Inactive', 'Inactive');
  assert.match(condition(broken, 'GraphAccepted')?.message ?? '', /cycle/);
  assert.equal(env.controller.manager.revisions.latest(name)?.revision, 1, 'revision 1 keeps serving');

  const fixed = await updateRgd(env.kube, name, (r) => {
    r.spec.schema.spec = { data: 'string | default=recovered', extra: 'string | default=x' };
    r.spec.resources = [
      { id: 'configmap', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-${schema.metadata.name}' }, data: { key: '${schema.spec.data}', extra: '${schema.spec.extra}' } } },
    ];
  });
  const active = await waitRgd(env.kube, name, (r) => r.status?.state === 'Active' && condition(r, 'Ready')?.status === 'True' && r.status.lastIssuedRevision === 2, 'Active at revision 2');
  assert.deepEqual(active.status?.topologicalOrder, ['configmap']);
  assert.deepEqual(revisionNumbers(await listGraphRevisions(env.kube, name)), [1, 2]);
  const latest = env.controller.manager.revisions.latest(name);
  assert.equal(latest?.state, 'Active');
  assert.equal(latest?.specHash, specHash(fixed.spec), 'instances resolve the latest valid spec');
  const crd = await getCrd(env.kube, `${kind.toLowerCase()}s.kro.run`);
  assert.ok(crd?.spec.versions[0]?.schema?.openAPIV3Schema.properties?.spec?.properties?.extra, 'the CRD follows the new spec');
  await deleteRgd(env.kube, name);
});
