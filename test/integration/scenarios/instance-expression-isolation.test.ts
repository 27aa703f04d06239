// Scenario instance_expression_isolation_test (spec section 5, behavior 17): values inside an instance are data,
// never templates. A `${...}` in a spec field (a shell snippet) reaches the managed object verbatim; an instance
// whose annotations contain `${...}` reconciles normally; a spec value naming one of the definition's resources
// (`${secretCarrier.data.token}`) stays a plain string and never reveals that resource's data.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { JsonObject } from '../../../src/api/index.js';
import type { KubeClient } from '../../../src/kube/index.js';
import {
  CONFIGMAPS,
  createInstance,
  createRgdAndWait,
  createTestNamespace,
  rgdObject,
  startInstanceController,
  testClient,
  uniqueKind,
  uniqueName,
  waitInstanceState,
  waitObject,
  type InstanceTestController,
} from '../instance/harness.js';
import { conditionsText, dataOf } from './helpers.js';

const prefix = uniqueName('isolation');
let kube: KubeClient;
let controller: InstanceTestController;
let namespace: string;

before(async () => {
  kube = await testClient();
  controller = await startInstanceController(prefix);
  namespace = await createTestNamespace('isolation');
});

after(async () => {
  await controller?.stop();
  await kube?.close();
});

function cm(id: string, suffix: string, data: JsonObject): JsonObject {
  return { id, template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `\${schema.spec.name}-${suffix}` }, data } };
}

test('a literal ${...} in an instance spec field reaches the managed object verbatim', async () => {
  const kind = uniqueKind('TestInstanceLiteralExpr');
  const { gvr } = await createRgdAndWait(kube, rgdObject(`${prefix}-literal`, kind, { name: 'string', note: 'string' }, [cm('cm', 'cm', { note: '${schema.spec.note}' })]));
  const literal = 'echo ${HOME} && echo ${NOT_A_RESOURCE.field}';
  await createInstance(kube, gvr, kind, namespace, 'literal-expr', { name: 'literal-expr', note: literal });
  const live = await waitInstanceState(kube, gvr, namespace, 'literal-expr', 'ACTIVE');
  const child = await waitObject(kube, CONFIGMAPS, namespace, 'literal-expr-cm', () => true, 'cm');
  assert.equal(dataOf(child).note, literal, conditionsText(live));
});

test('an instance whose annotations contain ${...} reconciles normally', async () => {
  const kind = uniqueKind('TestInstanceAnnotationExpr');
  const { gvr } = await createRgdAndWait(kube, rgdObject(`${prefix}-annotation`, kind, { name: 'string' }, [cm('cm', 'cm', { name: '${schema.spec.name}' })]));
  await createInstance(kube, gvr, kind, namespace, 'annotation-expr', { name: 'annotation-expr' }, { annotations: { 'example.com/command': 'run ${SOME_VAR}' } });
  const live = await waitInstanceState(kube, gvr, namespace, 'annotation-expr', 'ACTIVE');
  assert.equal(live.metadata.annotations?.['example.com/command'], 'run ${SOME_VAR}');
  const child = await waitObject(kube, CONFIGMAPS, namespace, 'annotation-expr-cm', () => true, 'cm');
  assert.equal(dataOf(child).name, 'annotation-expr');
});

test("an instance value naming one of the definition's resources is not resolved", async () => {
  const kind = uniqueKind('TestInstanceScopeIsolation');
  const { gvr } = await createRgdAndWait(
    kube,
    rgdObject(`${prefix}-scope`, kind, { name: 'string', note: 'string' }, [
      cm('secretCarrier', 'carrier', { token: 'carrier-token-value' }),
      cm('echo', 'echo', { note: '${schema.spec.note}' }),
    ]),
  );
  const literal = '${secretCarrier.data.token}';
  await createInstance(kube, gvr, kind, namespace, 'scope-isolation', { name: 'scope-isolation', note: literal });
  await waitInstanceState(kube, gvr, namespace, 'scope-isolation', 'ACTIVE');
  const echo = await waitObject(kube, CONFIGMAPS, namespace, 'scope-isolation-echo', () => true, 'echo');
  assert.equal(dataOf(echo).note, literal);
  assert.notEqual(dataOf(echo).note, 'carrier-token-value', "the resource's value must not be substituted into instance data");
});
