// The CRD kro generates for the instances of an RGD (upstream pkg/graph/crd): name `<plural>.<group>` with flect
// pluralization, names, scope, one served+storage version with the status subresource, `spec` from SimpleSchema,
// `status` from the inferred status schema plus kro's `state` and `conditions`, printer columns (the user's, or
// State/Ready/Age), and labels (schema.metadata, then kro's on top). Output keys are in a fixed order.

import { DEFAULT_INSTANCE_GROUP, Labels } from '../api/constants.js';
import type { Result } from '../api/diagnostics.js';
import {
  sortSchemaKeys,
  type CustomResourceColumnDefinition,
  type CustomResourceDefinition,
  type JSONSchemaProps,
  type ResourceScope,
} from '../api/openapi.js';
import type { RgdSchema } from '../api/types.js';
import { pluralizeKind } from './pluralize.js';
import { simpleSchemaToOpenApi, type SimpleSchemaOptions } from './simpleschema.js';

/** Values of kro's labels on generated CRDs (spec 1.J J1). */
export interface KroCrdLabelValues {
  /** kro's version (the `kro.run/kro-version` label; `+` is replaced when not a valid label value). */
  readonly kroVersion: string;
  readonly rgdUid: string;
  readonly rgdName: string;
}

export interface InstanceCrdOptions {
  /** The OpenAPI schema of the instance spec (simpleSchemaToOpenApi's output). */
  readonly specSchema: JSONSchemaProps;
  /**
   * The status schema inferred from the RGD's status expressions (an object schema). `state` and `conditions`
   * are added unless it defines them. Omitted: only those two.
   */
  readonly statusSchema?: JSONSchemaProps;
  /** kro's labels; omitted for offline rendering without an RGD object. */
  readonly labels?: KroCrdLabelValues;
}

export const DEFAULT_STATE_SCHEMA: JSONSchemaProps = { type: 'string' };

export const DEFAULT_CONDITIONS_SCHEMA: JSONSchemaProps = {
  items: {
    properties: {
      lastTransitionTime: { type: 'string' },
      message: { type: 'string' },
      observedGeneration: { type: 'integer' },
      reason: { type: 'string' },
      status: { type: 'string' },
      type: { type: 'string' },
    },
    type: 'object',
  },
  type: 'array',
};

export const DEFAULT_PRINTER_COLUMNS: readonly CustomResourceColumnDefinition[] = [
  {
    description: 'The state of a ResourceGraphDefinition instance',
    jsonPath: '.status.state',
    name: 'State',
    type: 'string',
  },
  {
    description: 'Whether a ResourceGraphDefinition instance is ready',
    jsonPath: '.status.conditions[?(@.type=="Ready")].status',
    name: 'Ready',
    type: 'string',
  },
  { description: 'Age of the resource', jsonPath: '.metadata.creationTimestamp', name: 'Age', type: 'date' },
];

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** kro's version as a label value: unchanged when valid, else with `+` replaced by `-` (upstream safeVersion). */
export function kroVersionLabelValue(version: string): string {
  return version.length <= 63 && LABEL_VALUE.test(version) ? version : version.replaceAll('+', '-');
}

/** The group, kind, plural and CRD name an RGD schema yields; an empty group means kro.run. */
export function instanceCrdIdentity(schema: Pick<RgdSchema, 'group' | 'kind'>): {
  group: string;
  plural: string;
  singular: string;
  crdName: string;
} {
  const group = schema.group || DEFAULT_INSTANCE_GROUP;
  const plural = pluralizeKind(schema.kind);
  return { group, plural, singular: schema.kind.toLowerCase(), crdName: `${plural}.${group}` };
}

/** The status schema of the CRD: the inferred one plus kro's `state` and `conditions` unless defined. */
export function instanceStatusSchema(inferred?: JSONSchemaProps): JSONSchemaProps {
  const status: JSONSchemaProps = inferred ? structuredClone(inferred) : {};
  status.type ??= 'object';
  const properties = (status.properties ??= {});
  properties.state ??= structuredClone(DEFAULT_STATE_SCHEMA);
  properties.conditions ??= structuredClone(DEFAULT_CONDITIONS_SCHEMA);
  return status;
}

function sortedRecord(record: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!record || Object.keys(record).length === 0) return undefined;
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]!]));
}

/** Builds the instance CRD from an RGD schema whose spec was already converted. */
export function buildInstanceCrd(schema: RgdSchema, options: InstanceCrdOptions): CustomResourceDefinition {
  const { group, plural, singular, crdName } = instanceCrdIdentity(schema);
  const scope: ResourceScope = schema.scope === 'Cluster' ? 'Cluster' : 'Namespaced';
  const labels: Record<string, string> = { ...(schema.metadata?.labels ?? {}) };
  if (options.labels) {
    labels[Labels.owned] = 'true';
    labels[Labels.kroVersion] = kroVersionLabelValue(options.labels.kroVersion);
    labels[Labels.rgdId] = options.labels.rgdUid;
    labels[Labels.rgdName] = options.labels.rgdName;
  }
  const metadata: CustomResourceDefinition['metadata'] = { name: crdName };
  const sortedLabels = sortedRecord(labels);
  const sortedAnnotations = sortedRecord(schema.metadata?.annotations);
  if (sortedLabels) metadata.labels = sortedLabels;
  if (sortedAnnotations) metadata.annotations = sortedAnnotations;
  const names: CustomResourceDefinition['spec']['names'] = { kind: schema.kind, listKind: `${schema.kind}List`, plural, singular };
  if (schema.shortNames && schema.shortNames.length > 0) names.shortNames = [...schema.shortNames];
  if (schema.categories && schema.categories.length > 0) names.categories = [...schema.categories];
  const columns = schema.additionalPrinterColumns && schema.additionalPrinterColumns.length > 0
    ? schema.additionalPrinterColumns
    : DEFAULT_PRINTER_COLUMNS;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata,
    spec: {
      group,
      names,
      scope,
      versions: [
        {
          name: schema.apiVersion,
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: sortSchemaKeys({
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: options.specSchema,
                status: instanceStatusSchema(options.statusSchema),
              },
              type: 'object',
            }),
          },
          subresources: { status: {} },
          additionalPrinterColumns: columns.map((c) => ({ ...c })),
        },
      ],
    },
  };
}

/**
 * Converts the RGD schema's SimpleSchema and builds the instance CRD. Diagnostics carry paths under
 * `spec.schema.spec` / `spec.schema.types` unless `paths` says otherwise.
 */
export function generateInstanceCrd(
  schema: RgdSchema,
  options: Omit<InstanceCrdOptions, 'specSchema'> & { readonly paths?: SimpleSchemaOptions } = {},
): Result<CustomResourceDefinition> {
  const spec = simpleSchemaToOpenApi(schema.spec, schema.types, options.paths);
  if (!spec.ok) return spec;
  return { ok: true, value: buildInstanceCrd(schema, { ...options, specSchema: spec.value }) };
}
