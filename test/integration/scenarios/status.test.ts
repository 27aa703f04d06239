// Scenario status_test (spec section 5; 1.C C1-C6, behavior 28): an RGD that builds has every condition True; one
// with an invalid spec type is Inactive with Ready False; a string template in the instance status
// (`${a}-in-${b}`) is interpolated; a status field appears only when every resource it references is available,
// and disappears again when one of them is skipped (the status is rebuilt from scratch each reconcile).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CONFIGMAPS,
  createInstance,
  createRgd,
  createRgdAndWait,
  createTestNamespace,
  eventually,
  getObject,
  rgdObject,
  statusOf,
  uniqueKind,
  waitObject,
} from '../instance/harness.js';
import { condition, waitRgd } from '../rgd/harness.js';
import { configMapTemplate as configMap, consistently, patchSpec, useScenario } from './helpers.js';

const env = useScenario('status');
const { prefix } = env;


/** Edits a field kro manages on the child (drift the watch-driven reconcile undoes). */
function driftChild(namespace: string, name: string, value: string): Promise<unknown> {
  return env.kube.dynamic.patch({ gvr: CONFIGMAPS, namespace }, name, { data: { key: value } }, { type: 'merge' });
}

describe('status', { concurrency: true }, () => {
  test('an RGD that builds has every condition True', async () => {
    const { rgd } = await createRgdAndWait(env.kube, rgdObject(`${prefix}-ok`, uniqueKind('TestStatus'), { field1: 'string' }, [{ id: 'res1', template: configMap('${schema.spec.field1}') }]));
    assert.equal(rgd.status?.state, 'Active');
    const conditions = rgd.status?.conditions ?? [];
    assert.ok(conditions.length > 0);
    for (const c of conditions) assert.equal(c.status, 'True', `${c.type} True`);
  });

  test('an RGD with an invalid type is Inactive with Ready False', async () => {
    const name = `${prefix}-fail`;
    await createRgd(env.kube, rgdObject(name, uniqueKind('TestStatusFail'), { field1: 'invalid-type' }));
    const rgd = await waitRgd(env.kube, name, (r) => r.status?.state === 'Inactive' && condition(r, 'Ready')?.status === 'False', 'Inactive, Ready False');
    const message = condition(rgd, 'Ready')?.message ?? '';
    assert.match(message, /failed to build resourcegraphdefinition/);
    assert.match(message, /invalid-type/, 'the message names the bad type');
  });

  test('a string template in the status is interpolated', async () => {
    const namespace = await createTestNamespace('status');
    const { gvr, kind } = await env.createActiveRgd('interpolation', 'StatusInterpolation', { name: 'string' }, [{ id: 'configmap', template: configMap('${schema.spec.name}', { key: 'value' }) }], {
      status: { configmapRef: '${configmap.metadata.name}-in-${configmap.metadata.namespace}' },
    });
    await createInstance(env.kube, gvr, kind, namespace, 'test-interpolation', { name: 'my-configmap' });
    await waitObject(env.kube, gvr, namespace, 'test-interpolation', (o) => statusOf(o).configmapRef === `my-configmap-in-${namespace}`, 'status.configmapRef interpolated');
  });

  test('a status field appears only when every resource it references is available, and disappears when one is skipped', async () => {
    const namespace = await createTestNamespace('status');
    const cm = (id: string, value: string) => ({ id, template: configMap(id, { value }), includeWhen: [`\${schema.spec.include${id[0]!.toUpperCase()}${id.slice(1)}}`] });
    const { gvr, kind } = await env.createActiveRgd('partial', 'StatusPartial', { includeCm1: 'boolean', includeCm2: 'boolean', includeCm3: 'boolean' }, [cm('cm1', 'one'), cm('cm2', 'two'), cm('cm3', 'three')], {
      status: {
        field1: '${cm1.data.value}',
        field2: '${cm1.data.value}-${cm2.data.value}',
        field3: '${cm1.data.value}-${cm2.data.value}-${cm3.data.value}',
      },
    });
    const name = 'test-partial';
    const expectFields = async (fields: Record<string, string>, message: string) => {
      const live = await waitObject(env.kube, gvr, namespace, name, (o) => {
        const s = statusOf(o);
        return s.state === 'ACTIVE' && ['field1', 'field2', 'field3'].every((f) => s[f] === fields[f]);
      }, message);
      for (const f of ['field1', 'field2', 'field3']) assert.equal(f in statusOf(live), f in fields, `${f} ${f in fields ? 'present' : 'absent'}`);
    };
    await createInstance(env.kube, gvr, kind, namespace, name, { includeCm1: false, includeCm2: false, includeCm3: false });
    await expectFields({}, 'all disabled: no field');
    await patchSpec(env.kube, gvr, namespace, name, { includeCm1: true });
    await expectFields({ field1: 'one' }, 'cm1 only');
    await patchSpec(env.kube, gvr, namespace, name, { includeCm2: true });
    await expectFields({ field1: 'one', field2: 'one-two' }, 'cm1 and cm2');
    await patchSpec(env.kube, gvr, namespace, name, { includeCm3: true });
    await expectFields({ field1: 'one', field2: 'one-two', field3: 'one-two-three' }, 'all enabled');
    await patchSpec(env.kube, gvr, namespace, name, { includeCm2: false });
    await expectFields({ field1: 'one' }, 'cm2 disabled again: field2 and field3 disappear');
  });

  test('an unchanged status is not written again: numbers compare as JSON, whatever CEL typed them (18, 37)', async () => {
    const namespace = await createTestNamespace('status');
    const { gvr, kind } = await env.createActiveRgd('no-rewrite', 'StatusNoRewrite', { name: 'string', values: '[]string', ratio: 'float' }, [{ id: 'cm', template: configMap('${schema.spec.name}', { key: 'value' }) }], {
      status: { count: '${size(schema.spec.values)}', ratio: '${schema.spec.ratio}', whole: '${double(size(schema.spec.values))}', name: '${cm.metadata.name}' },
    });
    const name = 'no-rewrite';
    await createInstance(env.kube, gvr, kind, namespace, name, { name, values: ['a', 'b'], ratio: 0.5 });
    const active = await waitObject(env.kube, gvr, namespace, name, (o) => statusOf(o).state === 'ACTIVE' && statusOf(o).name === name, 'ACTIVE with its status');
    assert.deepEqual([statusOf(active).count, statusOf(active).ratio, statusOf(active).whole], [2, 0.5, 2]);
    const settled = await eventually(async () => {
      const a = await getObject(env.kube, gvr, namespace, name);
      await new Promise((r) => setTimeout(r, 1_500));
      const b = await getObject(env.kube, gvr, namespace, name);
      return a?.metadata.resourceVersion === b?.metadata.resourceVersion ? b : undefined;
    }, { message: 'instance settled' });

    // Reconciles that change nothing on the instance (a child edit undone through its watch) leave it untouched.
    // kro-ts-specific: upstream reports every such repair as "cluster mutated" (ResourcesReady False for one cycle,
    // two status writes); kro-ts does not (docs/compatibility.md, behavior 61).
    for (const value of ['drift-1', 'drift-2']) {
      await driftChild(namespace, name, value);
      await waitObject(env.kube, CONFIGMAPS, namespace, name, (o) => (o.data as Record<string, string> | undefined)?.key === 'value', 'drift undone');
    }
    await consistently(async () => {
      assert.equal((await getObject(env.kube, gvr, namespace, name))?.metadata.resourceVersion, settled.metadata.resourceVersion, 'no status write when nothing changed');
    }, 1_500);
  });
});
