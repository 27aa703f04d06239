// Schemas and objects for the CEL benchmark: a kro instance, a Deployment-shaped resource (the parts kro
// expressions read), and a synthetic wide schema for measuring struct-type registration.
import type { OpenApiSchema } from '../src/cel/index.js';

const str: OpenApiSchema = { type: 'string' };
const int: OpenApiSchema = { type: 'integer' };
const labels: OpenApiSchema = { type: 'object', additionalProperties: str };

const objectMeta: OpenApiSchema = {
  type: 'object',
  properties: {
    name: str,
    namespace: str,
    uid: str,
    generation: int,
    labels,
    annotations: labels,
    creationTimestamp: { type: 'string', format: 'date-time' },
  },
};

export const appSchema: OpenApiSchema = {
  type: 'object',
  properties: {
    apiVersion: str,
    kind: str,
    metadata: objectMeta,
    spec: {
      type: 'object',
      properties: {
        name: str,
        image: str,
        tag: str,
        memory: str,
        replicas: int,
        labels,
        items: { type: 'array', items: { type: 'object', properties: { name: str, weight: int } } },
      },
    },
  },
};

const container: OpenApiSchema = {
  type: 'object',
  required: ['name'],
  properties: {
    name: str,
    image: str,
    args: { type: 'array', items: str },
    env: { type: 'array', items: { type: 'object', properties: { name: str, value: str } } },
    ports: { type: 'array', items: { type: 'object', properties: { containerPort: int, protocol: str } } },
    resources: {
      type: 'object',
      properties: {
        limits: { type: 'object', additionalProperties: { 'x-kubernetes-int-or-string': true } },
        requests: { type: 'object', additionalProperties: { 'x-kubernetes-int-or-string': true } },
      },
    },
  },
};

export const deploymentSchema: OpenApiSchema = {
  type: 'object',
  properties: {
    apiVersion: str,
    kind: str,
    metadata: objectMeta,
    spec: {
      type: 'object',
      properties: {
        replicas: int,
        selector: { type: 'object', properties: { matchLabels: labels } },
        template: {
          type: 'object',
          properties: {
            metadata: objectMeta,
            spec: { type: 'object', properties: { containers: { type: 'array', items: container }, serviceAccountName: str } },
          },
        },
      },
    },
    status: {
      type: 'object',
      properties: {
        replicas: int,
        readyReplicas: int,
        availableReplicas: int,
        conditions: {
          type: 'array',
          items: { type: 'object', properties: { type: str, status: str, reason: str, lastTransitionTime: { type: 'string', format: 'date-time' } } },
        },
      },
    },
  },
};

export function sampleApp(items: number): Record<string, unknown> {
  return {
    apiVersion: 'kro.run/v1alpha1',
    kind: 'WebApp',
    metadata: { name: 'shop', namespace: 'default', uid: '0b0e', generation: 3, labels: { team: 'a' } },
    spec: {
      name: 'shop',
      image: 'nginx',
      memory: '2Gi',
      replicas: 3,
      labels: { app: 'shop', tier: 'web' },
      items: Array.from({ length: items }, (_, i) => ({ name: `item-${i}`, weight: i % 5 })),
    },
  };
}

export function sampleDeployment(): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'shop', namespace: 'default', labels: { app: 'shop' }, creationTimestamp: '2024-05-01T10:00:00Z' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'shop' } },
      template: {
        metadata: { labels: { app: 'shop' } },
        spec: {
          containers: [
            { name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: { limits: { cpu: '500m', memory: '256Mi' } } },
          ],
        },
      },
    },
    status: {
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', lastTransitionTime: '2024-05-01T10:01:00Z' }],
    },
  };
}

/** An object schema `depth` levels deep with `fanout` object-typed and `fanout` scalar properties per level. */
export function wideSchema(depth: number, fanout: number): OpenApiSchema {
  const properties: Record<string, OpenApiSchema> = {};
  for (let i = 0; i < fanout; i++) {
    properties[`s${i}`] = str;
    if (depth > 0) properties[`o${i}`] = wideSchema(depth - 1, fanout);
  }
  return { type: 'object', properties };
}
