// Scenario two_var_comprehensions_test (spec section 5; 1.E): cel-go's two-variable comprehension macros
// (transformMap, transformMapEntry, transformList, with and without a filter) in templates, end to end.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KubeClient } from '../../../src/kube/index.js';
import {
  CONFIGMAPS,
  createInstance,
  createRgdAndWait,
  createTestNamespace,
  deleteObject,
  rgdObject,
  startInstanceController,
  testClient,
  uniqueKind,
  uniqueName,
  waitInstanceState,
  waitObject,
  type InstanceTestController,
} from '../instance/harness.js';
import { dataOf } from './helpers.js';

const prefix = uniqueName('twovar');
let kube: KubeClient;
let controller: InstanceTestController;

before(async () => {
  kube = await testClient();
  controller = await startInstanceController(prefix);
});

after(async () => {
  await controller?.stop();
  await kube?.close();
});

test('transformMap, transformMapEntry and transformList evaluate in resource templates', async () => {
  const namespace = await createTestNamespace('twovar');
  const kind = uniqueKind('TwoVarComp');
  const { gvr } = await createRgdAndWait(
    kube,
    rgdObject(`${prefix}-comp`, kind, { name: 'string' }, [
      {
        id: 'configmap',
        template: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: '${schema.spec.name}' },
          data: {
            transformMapValue: "${string({'a': 1, 'b': 2}.transformMap(k, v, v + 10)['a'])}",
            transformMapEntryValue: "${string(['x', 'y'].transformMapEntry(i, v, {v: string(i)})['x'])}",
            transformListSize: "${string({'p': 1, 'q': 2, 'r': 3}.transformList(k, v, k).size())}",
            transformMapFiltered: '${string([10, 20, 30].transformMap(i, v, i > 0, v * 2).size())}',
          },
        },
      },
    ]),
  );
  await createInstance(kube, gvr, kind, namespace, 'test-two-var', { name: 'two-var-result' });
  const cm = await waitObject(kube, CONFIGMAPS, namespace, 'two-var-result', () => true, 'ConfigMap created');
  assert.deepEqual(dataOf(cm), { transformMapValue: '11', transformMapEntryValue: '0', transformListSize: '3', transformMapFiltered: '2' });
  await waitInstanceState(kube, gvr, namespace, 'test-two-var', 'ACTIVE');
  await deleteObject(kube, gvr, namespace, 'test-two-var');
});
