// kro-ts's own CRDs: resourcegraphdefinitions.kro.run and graphrevisions.internal.kro.run. Generated from the
// schemas in crd-schemas.ts (never from copied YAML) and kept equivalent to upstream kro's helm/crds, which a unit
// test checks structurally.

import {
  GRAPH_REVISION_CRD_NAME,
  GRAPH_REVISION_KIND,
  GRAPH_REVISION_PLURAL,
  KRO_GROUP,
  KRO_INTERNAL_GROUP,
  KRO_VERSION_V1ALPHA1,
  RGD_CRD_NAME,
  RGD_KIND,
  RGD_PLURAL,
} from './constants.js';
import {
  conditionSchema,
  KUBE_API_VERSION_DESCRIPTION,
  KUBE_KIND_DESCRIPTION,
  resourceInformationSchema,
  rgdSpecSchema,
  rgdStatusSchema,
} from './crd-schemas.js';
import { sortSchemaKeys, type CustomResourceDefinition, type JSONSchemaProps } from './openapi.js';

const READY_JSON_PATH = '.status.conditions[?(@.type=="Ready")].status';

function rootSchema(description: string, spec: JSONSchemaProps, status: JSONSchemaProps): JSONSchemaProps {
  return sortSchemaKeys({
    description,
    properties: {
      apiVersion: { description: KUBE_API_VERSION_DESCRIPTION, type: 'string' },
      kind: { description: KUBE_KIND_DESCRIPTION, type: 'string' },
      metadata: { type: 'object' },
      spec,
      status,
    },
    type: 'object',
  });
}

/** The schema of a ResourceGraphDefinition object (openAPIV3Schema of its CRD). */
export function resourceGraphDefinitionSchema(): JSONSchemaProps {
  return rootSchema(
    'A reusable API made of Kubernetes resources: kro generates a CRD from spec.schema and runs a controller ' +
      'that creates, updates and deletes spec.resources for every instance, in dependency order.',
    rgdSpecSchema('The API of the instances (schema) and the resources behind every instance.'),
    rgdStatusSchema(),
  );
}

export function resourceGraphDefinitionCrd(): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: RGD_CRD_NAME },
    spec: {
      group: KRO_GROUP,
      names: {
        kind: RGD_KIND,
        listKind: `${RGD_KIND}List`,
        plural: RGD_PLURAL,
        shortNames: ['rgd'],
        singular: RGD_KIND.toLowerCase(),
      },
      scope: 'Cluster',
      versions: [
        {
          additionalPrinterColumns: [
            { jsonPath: '.spec.schema.apiVersion', name: 'APIVERSION', type: 'string' },
            { jsonPath: '.spec.schema.kind', name: 'KIND', type: 'string' },
            { jsonPath: '.status.state', name: 'STATE', type: 'string' },
            { jsonPath: READY_JSON_PATH, name: 'READY', type: 'string' },
            { jsonPath: '.status.topologicalOrder', name: 'TOPOLOGICALORDER', priority: 1, type: 'string' },
            { jsonPath: '.metadata.creationTimestamp', name: 'AGE', type: 'date' },
          ],
          name: KRO_VERSION_V1ALPHA1,
          schema: { openAPIV3Schema: resourceGraphDefinitionSchema() },
          served: true,
          storage: true,
          subresources: { status: {} },
        },
      ],
    },
  };
}

/** The schema of a GraphRevision object (openAPIV3Schema of its CRD). */
export function graphRevisionSchema(): JSONSchemaProps {
  const spec: JSONSchemaProps = {
    description: 'An immutable snapshot of one revision of a ResourceGraphDefinition.',
    properties: {
      revision: {
        description: 'Revision number, increasing per ResourceGraphDefinition name.',
        format: 'int64',
        minimum: 1,
        type: 'integer',
      },
      snapshot: {
        description: 'The identity and spec of the ResourceGraphDefinition when this revision was issued.',
        properties: {
          generation: {
            description: 'metadata.generation of the ResourceGraphDefinition at that time (informational).',
            format: 'int64',
            type: 'integer',
          },
          name: {
            description: 'Name of the ResourceGraphDefinition; the identity used to adopt revisions.',
            type: 'string',
          },
          spec: rgdSpecSchema('Copy of the ResourceGraphDefinition spec: its schema and resource templates.'),
        },
        required: ['generation', 'name', 'spec'],
        type: 'object',
      },
    },
    required: ['revision', 'snapshot'],
    type: 'object',
    'x-kubernetes-validations': [{ message: 'spec is immutable', rule: 'self == oldSelf' }],
  };
  const status: JSONSchemaProps = {
    description:
      'Observed state of the GraphRevision. Runtime states (pending, active, failed) live in the controller, not here.',
    properties: {
      conditions: {
        description: 'Latest observations: GraphVerified and the aggregate Ready.',
        items: conditionSchema(),
        type: 'array',
      },
      resources: {
        description: 'Resources of the graph that have dependencies, with those dependencies.',
        items: resourceInformationSchema(),
        type: 'array',
      },
      topologicalOrder: {
        description: 'Resource ids in creation order.',
        items: { type: 'string' },
        type: 'array',
      },
    },
    type: 'object',
  };
  return rootSchema('An immutable, compiled-once snapshot of a ResourceGraphDefinition revision.', spec, status);
}

export function graphRevisionCrd(): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: GRAPH_REVISION_CRD_NAME },
    spec: {
      group: KRO_INTERNAL_GROUP,
      names: {
        kind: GRAPH_REVISION_KIND,
        listKind: `${GRAPH_REVISION_KIND}List`,
        plural: GRAPH_REVISION_PLURAL,
        shortNames: ['gr'],
        singular: GRAPH_REVISION_KIND.toLowerCase(),
      },
      scope: 'Cluster',
      versions: [
        {
          additionalPrinterColumns: [
            { jsonPath: '.spec.snapshot.name', name: 'RGD', priority: 1, type: 'string' },
            { jsonPath: '.spec.revision', name: 'REVISION', type: 'integer' },
            {
              jsonPath: '.metadata.labels.kro\\.run/graph-revision-hash',
              name: 'HASH',
              priority: 1,
              type: 'string',
            },
            { jsonPath: READY_JSON_PATH, name: 'READY', type: 'string' },
            { jsonPath: '.metadata.creationTimestamp', name: 'AGE', type: 'date' },
          ],
          name: KRO_VERSION_V1ALPHA1,
          schema: { openAPIV3Schema: graphRevisionSchema() },
          selectableFields: [{ jsonPath: '.spec.snapshot.name' }],
          served: true,
          storage: true,
          subresources: { status: {} },
        },
      ],
    },
  };
}

/** Both CRDs kro-ts needs installed, in install order. */
export function kroCrds(): CustomResourceDefinition[] {
  return [resourceGraphDefinitionCrd(), graphRevisionCrd()];
}
