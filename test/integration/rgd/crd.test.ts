// Upstream's crd_test.go scenarios against the real API server: the RGD controller creates, updates (only when
// compatible, or when allowed), guards, reverts and recreates the generated CRD, and deletes it with the RGD.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CustomResourceDefinition, KubeObject } from '../../../src/api/index.js';
import { createTestNamespace, eventually, kubectl, kubectlOk } from '../support.js';
import {
  CRD_GVR,
  RGD_GVR,
  condition,
  createRgd,
  createRgdAndWaitActive,
  deleteRgd,
  getCrd,
  getRgd,
  rgdObject,
  specProperties,
  uniqueKind,
  updateRgd,
  useRgdController,
  waitActive,
  waitRgd,
} from './harness.js';

const env = useRgdController('crdt');
const { prefix } = env;

function crdNameOf(kind: string): string {
  return `${kind.toLowerCase()}s.kro.run`;
}

async function waitCrd(name: string, check: (crd: CustomResourceDefinition) => boolean, message: string): Promise<CustomResourceDefinition> {
  return eventually(async () => {
    const crd = await getCrd(env.kube, name);
    return crd && check(crd) ? crd : undefined;
  }, { message, timeoutMs: 30_000 });
}

test('an RGD creates its CRD with the spec fields, defaults and kro labels', async () => {
  const name = `${prefix}-create`;
  const kind = uniqueKind('CrdCreate');
  const rgd = await createRgd(env.kube, rgdObject(name, kind, { field1: 'string', field2: 'integer | default=42' }, [
    { id: 'res1', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.field1}' }, data: { key: 'value', key2: '${string(schema.spec.field2)}' } } },
  ]));
  await waitActive(env.kube, name);
  const crd = await waitCrd(crdNameOf(kind), () => true, 'CRD created');
  assert.equal(crd.spec.group, 'kro.run');
  assert.equal(crd.spec.names.kind, kind);
  assert.equal(crd.spec.names.plural, `${kind.toLowerCase()}s`);
  const props = specProperties(crd);
  assert.equal(props.field1?.type, 'string');
  assert.equal(props.field2?.type, 'integer');
  assert.equal(props.field2?.default, 42);
  const labels = crd.metadata.labels ?? {};
  assert.equal(labels['kro.run/owned'], 'true');
  assert.equal(labels['kro.run/resource-graph-definition-name'], name);
  assert.equal(labels['kro.run/resource-graph-definition-id'], rgd.metadata.uid);
  assert.ok(labels['kro.run/kro-version']);
  assert.equal(crd.metadata.ownerReferences, undefined, 'no ownerReferences on the CRD');
  await deleteRgd(env.kube, name);
});

test('adding fields to the RGD updates the CRD', async () => {
  const name = `${prefix}-update`;
  const kind = uniqueKind('CrdUpdate');
  await createRgdAndWaitActive(env.kube, rgdObject(name, kind, { field1: 'string', field2: 'integer | default=42' }));
  await updateRgd(env.kube, name, (r) => {
    r.spec.schema.spec = { field1: 'string', field2: 'integer | default=42', field3: 'boolean' };
  });
  const crd = await waitCrd(crdNameOf(kind), (c) => Object.keys(specProperties(c)).length === 3, 'CRD has field3');
  assert.equal(specProperties(crd).field3?.type, 'boolean');
  await waitActive(env.kube, name);
  await deleteRgd(env.kube, name);
});

test('short names and categories are propagated and can be cleared', async () => {
  const name = `${prefix}-names`;
  const kind = uniqueKind('CrdNames');
  const short = `cn${kind.slice(-6).toLowerCase()}`;
  await createRgd(env.kube, rgdObject(name, kind, { field1: 'string' }, [], { shortNames: [short], categories: ['kro-test'] }));
  await waitCrd(crdNameOf(kind), (c) => c.spec.names.shortNames?.[0] === short && c.spec.names.categories?.[0] === 'kro-test', 'names set');
  await updateRgd(env.kube, name, (r) => {
    r.spec.schema.shortNames = [short, `${short}x`];
    r.spec.schema.categories = ['kro-test', 'kro-more'];
  });
  await waitCrd(crdNameOf(kind), (c) => c.spec.names.shortNames?.length === 2 && c.spec.names.categories?.length === 2, 'names updated');
  await updateRgd(env.kube, name, (r) => {
    delete r.spec.schema.shortNames;
    delete r.spec.schema.categories;
  });
  await waitCrd(crdNameOf(kind), (c) => c.spec.names.shortNames === undefined && c.spec.names.categories === undefined, 'names cleared');
  await deleteRgd(env.kube, name);
});

test('deleting the RGD deletes its CRD (--allow-crd-deletion)', async () => {
  const name = `${prefix}-delete`;
  const kind = uniqueKind('CrdDelete');
  await createRgdAndWaitActive(env.kube, rgdObject(name, kind, { field1: 'string' }));
  await waitCrd(crdNameOf(kind), () => true, 'CRD created');
  await deleteRgd(env.kube, name);
  await eventually(async () => ((await getCrd(env.kube, crdNameOf(kind))) === undefined ? true : undefined), { message: 'CRD deleted' });
  const registry = env.controller.instances;
  assert.ok(registry.calls.some((c) => c.op === 'deregister' && c.gvr.resource === `${kind.toLowerCase()}s`), 'the kind was deregistered');
});

test('a second RGD claiming the same CRD stays Inactive, and deleting it leaves the first serving', async () => {
  const first = `${prefix}-owner`;
  const second = `${prefix}-claimer`;
  const kind = uniqueKind('CrdShared');
  await createRgdAndWaitActive(env.kube, rgdObject(first, kind, { field1: 'string' }));
  await createRgd(env.kube, rgdObject(second, kind, { field1: 'string', other: 'integer' }));
  const claimed = await waitRgd(env.kube, second, (r) => condition(r, 'KindReady')?.status === 'False', 'KindReady False');
  assert.equal(claimed.status?.state, 'Inactive');
  assert.equal(condition(claimed, 'KindReady')?.reason, 'Failed');
  assert.equal(
    condition(claimed, 'KindReady')?.message,
    `failed to update CRD ${crdNameOf(kind)}: CRD is owned by another ResourceGraphDefinition ${first}`,
  );
  assert.equal(condition(claimed, 'Ready')?.status, 'False');
  const crd = await getCrd(env.kube, crdNameOf(kind));
  assert.deepEqual(Object.keys(specProperties(crd!)), ['field1'], 'the first RGD’s schema stays');

  await deleteRgd(env.kube, second);
  const crdAfter = await getCrd(env.kube, crdNameOf(kind));
  assert.ok(crdAfter, 'the CRD of the first RGD survives');
  assert.equal(crdAfter.metadata.labels?.['kro.run/resource-graph-definition-name'], first);
  await waitActive(env.kube, first);
  assert.ok(env.controller.instances.active.has(`kro.run/v1alpha1/${kind.toLowerCase()}s`), 'the first RGD is still registered');
  await deleteRgd(env.kube, first);
});

test('an existing CRD not made by kro is never touched', async () => {
  const name = `${prefix}-foreign`;
  const kind = uniqueKind('CrdForeign');
  const plural = `${kind.toLowerCase()}s`;
  const foreign = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.kro.run` },
    spec: {
      group: 'kro.run',
      names: { kind, plural, listKind: `${kind}List`, singular: kind.toLowerCase() },
      scope: 'Namespaced',
      versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  };
  await env.kube.dynamic.create(foreign);
  await createRgd(env.kube, rgdObject(name, kind, { field1: 'string' }));
  const rgd = await waitRgd(env.kube, name, (r) => condition(r, 'KindReady')?.status === 'False', 'KindReady False');
  assert.equal(condition(rgd, 'KindReady')?.message, `failed to update CRD ${plural}.kro.run: CRD already exists and is not owned by KRO`);
  assert.equal(rgd.status?.state, 'Inactive');
  await deleteRgd(env.kube, name);
  assert.ok(await getCrd(env.kube, `${plural}.kro.run`), 'a foreign CRD is not deleted with the RGD');
  await env.kube.dynamic.delete({ gvr: CRD_GVR }, `${plural}.kro.run`);
});

test('a kro CRD left by a deleted RGD of the same name is adopted', async () => {
  const name = `${prefix}-adopt`;
  const kind = uniqueKind('CrdAdopt');
  const plural = `${kind.toLowerCase()}s`;
  await env.kube.dynamic.create({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${plural}.kro.run`,
      labels: { 'kro.run/owned': 'true', 'kro.run/resource-graph-definition-name': name, 'kro.run/resource-graph-definition-id': 'an-older-uid' },
    },
    spec: {
      group: 'kro.run',
      names: { kind, plural, listKind: `${kind}List`, singular: kind.toLowerCase() },
      scope: 'Namespaced',
      versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { field1: { type: 'string' } } } } } } }],
    },
  });
  const rgd = await createRgd(env.kube, rgdObject(name, kind, { field1: 'string' }));
  await waitActive(env.kube, name);
  await waitCrd(`${plural}.kro.run`, (c) => c.metadata.labels?.['kro.run/resource-graph-definition-id'] === rgd.metadata.uid, 'CRD relabeled with the new uid');
  await deleteRgd(env.kube, name);
});

test('removing a field is breaking: blocked until the allow-breaking-changes annotation is set', async () => {
  const name = `${prefix}-breaking`;
  const kind = uniqueKind('CrdBreaking');
  await createRgdAndWaitActive(env.kube, rgdObject(name, kind, { field1: 'string', field2: 'integer' }));
  await updateRgd(env.kube, name, (r) => {
    r.spec.schema.spec = { field1: 'string' };
  });
  const blocked = await waitRgd(env.kube, name, (r) => condition(r, 'KindReady')?.status === 'False', 'KindReady False');
  assert.equal(blocked.status?.state, 'Inactive');
  const message = condition(blocked, 'KindReady')?.message ?? '';
  assert.match(message, /breaking/);
  assert.match(message, /field2/, 'the message names the change');
  assert.ok(specProperties((await getCrd(env.kube, crdNameOf(kind)))!).field2, 'the CRD keeps field2 meanwhile');

  await updateRgd(env.kube, name, (r) => {
    r.metadata.annotations = { ...(r.metadata.annotations ?? {}), 'kro.run/allow-breaking-changes': 'true' };
  });
  await waitActive(env.kube, name);
  await waitCrd(crdNameOf(kind), (c) => specProperties(c).field2 === undefined, 'field2 removed');
  await deleteRgd(env.kube, name);
});

test('adding an optional field and changing a default are not breaking', async () => {
  const name = `${prefix}-compatible`;
  const kind = uniqueKind('CrdCompat');
  await createRgdAndWaitActive(env.kube, rgdObject(name, kind, { field1: 'string | default=a' }));
  await updateRgd(env.kube, name, (r) => {
    r.spec.schema.spec = { field1: 'string | default=b', field2: 'integer' };
  });
  const crd = await waitCrd(crdNameOf(kind), (c) => specProperties(c).field1?.default === 'b' && specProperties(c).field2 !== undefined, 'CRD updated');
  assert.equal(specProperties(crd).field2?.type, 'integer');
  const rgd = await waitActive(env.kube, name);
  assert.equal(condition(rgd, 'KindReady')?.status, 'True');
  await deleteRgd(env.kube, name);
});

test('removing minimum and maximum updates the CRD', async () => {
  const name = `${prefix}-bounds`;
  const kind = uniqueKind('CrdBounds');
  await createRgdAndWaitActive(env.kube, rgdObject(name, kind, { replicas: 'integer | minimum=1 maximum=10' }));
  await waitCrd(crdNameOf(kind), (c) => specProperties(c).replicas?.minimum === 1 && specProperties(c).replicas?.maximum === 10, 'bounds set');
  await updateRgd(env.kube, name, (r) => {
    r.spec.schema.spec = { replicas: 'integer' };
  });
  await waitCrd(crdNameOf(kind), (c) => specProperties(c).replicas?.minimum === undefined && specProperties(c).replicas?.maximum === undefined, 'bounds removed');
  await waitActive(env.kube, name);
  await deleteRgd(env.kube, name);
});

test('a manual edit of the CRD is reverted', async () => {
  const name = `${prefix}-revert`;
  const kind = uniqueKind('CrdRevert');
  await createRgdAndWaitActive(env.kube, rgdObject(name, kind, { field1: 'string', field2: 'integer | default=42' }));
  const crd = await waitCrd(crdNameOf(kind), (c) => specProperties(c).field2 !== undefined, 'CRD created');
  const edited = structuredClone(crd);
  const spec = edited.spec.versions[0]!.schema!.openAPIV3Schema.properties!.spec!;
  delete spec.properties!.field2;
  const updated = (await env.kube.dynamic.replace(edited as unknown as KubeObject)) as unknown as CustomResourceDefinition;
  const restored = await waitCrd(crdNameOf(kind), (c) => specProperties(c).field2 !== undefined && c.metadata.resourceVersion !== updated.metadata.resourceVersion, 'field2 restored');
  assert.equal(specProperties(restored).field2?.default, 42);
  await deleteRgd(env.kube, name);
});

test('an externally deleted CRD is recreated', async () => {
  const name = `${prefix}-recreate`;
  const kind = uniqueKind('CrdRecreate');
  await createRgdAndWaitActive(env.kube, rgdObject(name, kind, { field1: 'string' }));
  const crd = await waitCrd(crdNameOf(kind), () => true, 'CRD created');
  await kubectlOk(['delete', 'crd', crdNameOf(kind), '--wait=true']);
  const recreated = await waitCrd(crdNameOf(kind), (c) => c.metadata.uid !== crd.metadata.uid, 'CRD recreated');
  assert.equal(recreated.metadata.labels?.['kro.run/resource-graph-definition-name'], name);
  await waitActive(env.kube, name);
  await deleteRgd(env.kube, name);
});

test('deleting an RGD waits until its instances are gone', async () => {
  const name = `${prefix}-instances`;
  const kind = uniqueKind('CrdInstances');
  const plural = `${kind.toLowerCase()}s`;
  await createRgdAndWaitActive(env.kube, rgdObject(name, kind, { field1: 'string' }));
  const namespace = await createTestNamespace('rgdinst');
  await env.kube.dynamic.create({ apiVersion: 'kro.run/v1alpha1', kind, metadata: { name: 'one', namespace }, spec: { field1: 'x' } });
  await env.kube.dynamic.delete({ gvr: RGD_GVR }, name);
  await new Promise((r) => setTimeout(r, 1500));
  const waiting = await getRgd(env.kube, name);
  assert.ok(waiting.metadata.deletionTimestamp, 'deletion started');
  assert.ok(waiting.metadata.finalizers?.includes('kro.run/finalizer'), 'held while an instance exists');
  assert.ok(env.controller.instances.active.has(`kro.run/v1alpha1/${plural}`), 'instances are still served');
  await env.kube.dynamic.delete({ gvr: { group: 'kro.run', version: 'v1alpha1', resource: plural }, namespace }, 'one');
  await deleteRgd(env.kube, name);
  await eventually(async () => ((await getCrd(env.kube, `${plural}.kro.run`)) === undefined ? true : undefined), { message: 'CRD deleted' });
  assert.ok(!env.controller.instances.active.has(`kro.run/v1alpha1/${plural}`), 'deregistered');
  await kubectl(['delete', 'namespace', namespace, '--wait=false']);
});
