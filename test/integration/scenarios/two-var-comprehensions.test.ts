// Scenario two_var_comprehensions_test (spec section 5; 1.E): cel-go's two-variable comprehension macros
// (transformMap, transformMapEntry, transformList, with and without a filter) in templates, end to end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONFIGMAPS,
  createInstance,
  createTestNamespace,
  deleteObject,
  waitInstanceState,
  waitObject,
} from '../instance/harness.js';
import { configMapTemplate, dataOf, useScenario } from './helpers.js';

const env = useScenario('twovar');

test('transformMap, transformMapEntry and transformList evaluate in resource templates', async () => {
  const namespace = await createTestNamespace('twovar');
  const { gvr, kind } = await env.createActiveRgd('comp', 'TwoVarComp', { name: 'string' }, [
    {
      id: 'configmap',
      template: configMapTemplate('${schema.spec.name}', {
        transformMapValue: "${string({'a': 1, 'b': 2}.transformMap(k, v, v + 10)['a'])}",
        transformMapEntryValue: "${string(['x', 'y'].transformMapEntry(i, v, {v: string(i)})['x'])}",
        transformListSize: "${string({'p': 1, 'q': 2, 'r': 3}.transformList(k, v, k).size())}",
        transformMapFiltered: '${string([10, 20, 30].transformMap(i, v, i > 0, v * 2).size())}',
      }),
    },
  ]);
  await createInstance(env.kube, gvr, kind, namespace, 'test-two-var', { name: 'two-var-result' });
  const cm = await waitObject(env.kube, CONFIGMAPS, namespace, 'two-var-result', () => true, 'ConfigMap created');
  assert.deepEqual(dataOf(cm), { transformMapValue: '11', transformMapEntryValue: '0', transformListSize: '3', transformMapFiltered: '2' });
  await waitInstanceState(env.kube, gvr, namespace, 'test-two-var', 'ACTIVE');
  await deleteObject(env.kube, gvr, namespace, 'test-two-var');
});
