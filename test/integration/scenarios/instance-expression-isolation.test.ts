// Scenario instance_expression_isolation_test (spec section 5, behavior 17): values inside an instance are data,
// never templates. A `${...}` in a spec field (a shell snippet) reaches the managed object verbatim; an instance
// whose annotations contain `${...}` reconciles normally; a spec value naming one of the definition's resources
// (`${secretCarrier.data.token}`) stays a plain string and never reveals that resource's data.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonObject } from '../../../src/api/index.js';
import {
  CONFIGMAPS,
  createActiveInstance,
  waitObject,
} from '../instance/harness.js';
import { conditionsText, dataOf, useScenario } from './helpers.js';

const env = useScenario('isolation', { sharedNamespace: true });

function cm(id: string, suffix: string, data: JsonObject): JsonObject {
  return { id, template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `\${schema.spec.name}-${suffix}` }, data } };
}

test('a literal ${...} in an instance spec field reaches the managed object verbatim', async () => {
  const { gvr, kind } = await env.createActiveRgd('literal', 'TestInstanceLiteralExpr', { name: 'string', note: 'string' }, [cm('cm', 'cm', { note: '${schema.spec.note}' })]);
  const literal = 'echo ${HOME} && echo ${NOT_A_RESOURCE.field}';
  const live = await createActiveInstance(env.kube, gvr, kind, env.namespace, 'literal-expr', { name: 'literal-expr', note: literal });
  const child = await waitObject(env.kube, CONFIGMAPS, env.namespace, 'literal-expr-cm', () => true, 'cm');
  assert.equal(dataOf(child).note, literal, conditionsText(live));
});

test('an instance whose annotations contain ${...} reconciles normally', async () => {
  const { gvr, kind } = await env.createActiveRgd('annotation', 'TestInstanceAnnotationExpr', { name: 'string' }, [cm('cm', 'cm', { name: '${schema.spec.name}' })]);
  const live = await createActiveInstance(env.kube, gvr, kind, env.namespace, 'annotation-expr', { name: 'annotation-expr' }, { annotations: { 'example.com/command': 'run ${SOME_VAR}' } });
  assert.equal(live.metadata.annotations?.['example.com/command'], 'run ${SOME_VAR}');
  const child = await waitObject(env.kube, CONFIGMAPS, env.namespace, 'annotation-expr-cm', () => true, 'cm');
  assert.equal(dataOf(child).name, 'annotation-expr');
});

test("an instance value naming one of the definition's resources is not resolved", async () => {
  const { gvr, kind } = await env.createActiveRgd('scope', 'TestInstanceScopeIsolation', { name: 'string', note: 'string' }, [
    cm('secretCarrier', 'carrier', { token: 'carrier-token-value' }),
    cm('echo', 'echo', { note: '${schema.spec.note}' }),
  ]);
  const literal = '${secretCarrier.data.token}';
  await createActiveInstance(env.kube, gvr, kind, env.namespace, 'scope-isolation', { name: 'scope-isolation', note: literal });
  const echo = await waitObject(env.kube, CONFIGMAPS, env.namespace, 'scope-isolation-echo', () => true, 'echo');
  assert.equal(dataOf(echo).note, literal);
  assert.notEqual(dataOf(echo).note, 'carrier-token-value', "the resource's value must not be substituted into instance data");
});
