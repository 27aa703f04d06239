// A typed environment like the graph builder makes: `schema` (an instance) and `deployment`, `configmap`
// (resources), plus helpers to compile and evaluate against JSON.
import assert from 'node:assert/strict';
import {
  CelEnvironment,
  CelTypes,
  celTypeFromOpenApi,
  compileExpression,
  toActivation,
  type CompiledExpression,
  type OpenApiSchema,
} from '../../../src/cel/index.js';
import type { Diagnostic } from '../../../src/api/index.js';

const str: OpenApiSchema = { type: 'string' };
const int: OpenApiSchema = { type: 'integer' };

export const instanceSchema: OpenApiSchema = {
  type: 'object',
  properties: {
    metadata: { type: 'object', properties: { name: str, namespace: str, labels: { type: 'object', additionalProperties: str } } },
    spec: {
      type: 'object',
      properties: {
        name: str,
        replicas: int,
        image: str,
        secret: { type: 'string', format: 'byte' },
        since: { type: 'string', format: 'date-time' },
        timeout: { type: 'string', format: 'duration' },
        ports: { type: 'array', items: { type: 'object', properties: { name: str, port: int } } },
        tags: { type: 'array', items: str },
        env: { type: 'object', additionalProperties: str },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        target: { 'x-kubernetes-int-or-string': true },
        'x-flag': { type: 'boolean' },
      },
    },
  },
};

export const deploymentSchema: OpenApiSchema = {
  type: 'object',
  properties: {
    spec: { type: 'object', properties: { replicas: int } },
    status: { type: 'object', properties: { availableReplicas: int, readyReplicas: int } },
  },
};

export const testEnv = CelEnvironment.create({ omitEnabled: true }).extend([
  { name: 'schema', type: celTypeFromOpenApi(instanceSchema, { typeName: '__type_schema', resourceRoot: true }) },
  { name: 'deployment', type: celTypeFromOpenApi(deploymentSchema, { typeName: '__type_deployment', resourceRoot: true }) },
  { name: 'configmap', type: celTypeFromOpenApi({ type: 'object', properties: { data: { type: 'object', additionalProperties: str } } }, { typeName: '__type_configmap', resourceRoot: true }) },
  { name: 'anything', type: CelTypes.dyn },
]);

export const instance = {
  metadata: { name: 'demo', namespace: 'team-a', labels: { app: 'demo' } },
  spec: {
    name: 'web',
    replicas: 3,
    image: 'nginx',
    secret: 'aGVsbG8=',
    since: '2024-05-01T10:00:00Z',
    timeout: '1m30s',
    ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }],
    tags: ['a', 'b'],
    env: { LOG: 'debug' },
    extra: { nested: { n: 1 } },
    target: '50%',
    'x-flag': true,
  },
};

export const deployment = { spec: { replicas: 3 }, status: { availableReplicas: 2 } };

export function compile(expression: string, env = testEnv): CompiledExpression {
  const r = compileExpression(env, expression);
  assert.ok(r.ok, r.ok ? '' : r.diagnostics.map((d) => d.message).join('; '));
  return r.value;
}

export function compileError(expression: string, env = testEnv): Diagnostic[] {
  const r = compileExpression(env, expression);
  assert.ok(!r.ok, `expected ${expression} to fail`);
  return r.ok ? [] : [...r.diagnostics];
}

export function activation(values: Record<string, unknown> = { schema: instance, deployment }): Record<string, unknown> {
  return toActivation(testEnv, values);
}
