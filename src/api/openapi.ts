// OpenAPI v3 schemas and CustomResourceDefinitions (apiextensions.k8s.io/v1) as plain JSON shapes, shared by
// the SimpleSchema compiler, the CRD generator, the compatibility diff and kro-ts's own CRDs.
// Field names are the wire names, so objects serialize to what the API server stores without mapping.

import type { JsonValue } from './json.js';
import type { ObjectMeta, PrinterColumn } from './types.js';

export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

/** apiextensions.k8s.io/v1 JSONSchemaProps, restricted to what structural CRD schemas may hold. */
export interface JSONSchemaProps {
  type?: string;
  format?: string;
  description?: string;
  title?: string;
  default?: JsonValue;
  enum?: JsonValue[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  required?: string[];
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  items?: JSONSchemaProps;
  allOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  example?: JsonValue;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-validations'?: ValidationRule[];
}

/** A printer column: the same shape as an RGD's `additionalPrinterColumns` entries. */
export type CustomResourceColumnDefinition = PrinterColumn;

export interface SelectableField {
  jsonPath: string;
}

export interface CustomResourceDefinitionVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema: JSONSchemaProps };
  subresources?: {
    status?: Record<string, never>;
    scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  };
  additionalPrinterColumns?: CustomResourceColumnDefinition[];
  selectableFields?: SelectableField[];
}

export interface CustomResourceDefinitionNames {
  kind: string;
  listKind?: string;
  plural: string;
  singular?: string;
  shortNames?: string[];
  categories?: string[];
}

export type ResourceScope = 'Namespaced' | 'Cluster';

export interface CustomResourceDefinitionSpec {
  group: string;
  names: CustomResourceDefinitionNames;
  scope: ResourceScope;
  versions: CustomResourceDefinitionVersion[];
  preserveUnknownFields?: boolean;
}

export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: ObjectMeta;
  spec: CustomResourceDefinitionSpec;
  status?: Record<string, unknown>;
}

export const CRD_API_VERSION = 'apiextensions.k8s.io/v1';
export const CRD_KIND = 'CustomResourceDefinition';

/**
 * Key order of a schema object in generated output: the order controller-gen and the API server's YAML use
 * (alphabetical), so generated CRDs diff cleanly against upstream's and golden files stay stable.
 */
export function sortSchemaKeys(schema: JSONSchemaProps): JSONSchemaProps {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(schema).sort()) {
    const value = (schema as Record<string, unknown>)[key];
    if (key === 'properties' && value !== undefined) {
      const props: Record<string, JSONSchemaProps> = {};
      const source = value as Record<string, JSONSchemaProps>;
      for (const name of Object.keys(source).sort()) props[name] = sortSchemaKeys(source[name]!);
      out[key] = props;
    } else if ((key === 'items' || key === 'not') && value !== undefined) {
      out[key] = sortSchemaKeys(value as JSONSchemaProps);
    } else if (key === 'additionalProperties' && typeof value === 'object' && value !== null) {
      out[key] = sortSchemaKeys(value);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = (value as JSONSchemaProps[]).map(sortSchemaKeys);
    } else if (key === 'x-kubernetes-validations' && Array.isArray(value)) {
      out[key] = (value as ValidationRule[]).map((r) => sortPlainKeys(r));
    } else {
      out[key] = value;
    }
  }
  return out;
}

function sortPlainKeys<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = (value as Record<string, unknown>)[key];
  return out as T;
}
