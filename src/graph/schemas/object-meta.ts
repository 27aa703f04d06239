// The OpenAPI schema of Kubernetes ObjectMeta (meta/v1), as the API server publishes it for every kind (with
// descriptions left out). Upstream kro types `schema.metadata` with the full ObjectMeta (pkg/graph/schema/schema.go);
// the offline schema source also puts it under `metadata` of CRD kinds, because the API server publishes CRD
// schemas with `metadata` replaced by ObjectMeta, so offline and cluster builds type `x.metadata.*` the same way.
import type { JsonObject } from '../../api/index.js';

const string = (): JsonObject => ({ type: 'string' });
const dateTime = (): JsonObject => ({ type: 'string', format: 'date-time' });
const int64 = (): JsonObject => ({ type: 'integer', format: 'int64' });
const stringMap = (): JsonObject => ({ type: 'object', additionalProperties: { type: 'string', default: '' } });

const ownerReference: JsonObject = {
  type: 'object',
  required: ['apiVersion', 'kind', 'name', 'uid'],
  properties: {
    apiVersion: { type: 'string', default: '' },
    blockOwnerDeletion: { type: 'boolean' },
    controller: { type: 'boolean' },
    kind: { type: 'string', default: '' },
    name: { type: 'string', default: '' },
    uid: { type: 'string', default: '' },
  },
  'x-kubernetes-map-type': 'atomic',
};

const managedFieldsEntry: JsonObject = {
  type: 'object',
  properties: {
    apiVersion: string(),
    fieldsType: string(),
    fieldsV1: { type: 'object' },
    manager: string(),
    operation: string(),
    subresource: string(),
    time: dateTime(),
  },
};

function objectMeta(withNamespace: boolean): JsonObject {
  const properties: JsonObject = {
    annotations: stringMap(),
    creationTimestamp: dateTime(),
    deletionGracePeriodSeconds: int64(),
    deletionTimestamp: dateTime(),
    finalizers: { type: 'array', items: { type: 'string', default: '' }, 'x-kubernetes-list-type': 'set' },
    generateName: string(),
    generation: int64(),
    labels: stringMap(),
    managedFields: { type: 'array', items: managedFieldsEntry, 'x-kubernetes-list-type': 'atomic' },
    name: string(),
    namespace: string(),
    ownerReferences: {
      type: 'array',
      items: ownerReference,
      'x-kubernetes-list-map-keys': ['uid'],
      'x-kubernetes-list-type': 'map',
    },
    resourceVersion: string(),
    selfLink: string(),
    uid: string(),
  };
  if (!withNamespace) delete properties.namespace;
  return { type: 'object', properties };
}

/** ObjectMeta with every field. A fresh copy each call: callers may embed it in schemas they own. */
export function objectMetaSchema(): JsonObject {
  return objectMeta(true);
}

/** ObjectMeta without `namespace`: the `schema.metadata` of cluster-scoped instances (behavior 16). */
export function namespacelessObjectMetaSchema(): JsonObject {
  return objectMeta(false);
}
