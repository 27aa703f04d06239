// The kro.run and internal.kro.run API types as plain JSON shapes, plus the generic Kubernetes object
// shapes the rest of kro-ts passes around. Objects stay plain JSON end to end (no class models), so
// nothing is lost between the API server, the CEL engine and server-side apply.

import type { JsonObject, JsonValue } from './json.js';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: JsonObject;
  subresource?: string;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  managedFields?: ManagedFieldsEntry[];
  [key: string]: unknown;
}

/** Any Kubernetes object, unstructured. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

// ---- ResourceGraphDefinition (kro.run/v1alpha1) ----

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

export interface RgdSchema {
  kind: string;
  apiVersion: string;
  group?: string;
  scope?: 'Namespaced' | 'Cluster';
  /** SimpleSchema of the instance spec. */
  spec?: JsonObject;
  /** Custom SimpleSchema types: name -> struct map or alias field string. */
  types?: JsonObject;
  /** Status projection: leaves are `${...}` expressions; optional `conditions` list. */
  status?: JsonObject;
  additionalPrinterColumns?: PrinterColumn[];
  shortNames?: string[];
  categories?: string[];
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: JsonValue[];
}

export interface LabelSelector {
  matchLabels?: Record<string, JsonValue>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface ExternalRef {
  apiVersion: string;
  kind: string;
  metadata: {
    name?: string;
    namespace?: string;
    selector?: LabelSelector;
  };
}

export interface RgdResource {
  id: string;
  template?: JsonObject;
  externalRef?: ExternalRef;
  readyWhen?: string[];
  includeWhen?: string[];
  /** Each entry has exactly one key: iterator name -> `${list expression}`. */
  forEach?: Record<string, string>[];
}

export interface ResourceGraphDefinitionSpec {
  schema: RgdSchema;
  resources?: RgdResource[];
}

export interface ResourceDependency {
  id: string;
}

export interface ResourceInformation {
  id: string;
  dependencies?: ResourceDependency[];
}

export interface ResourceGraphDefinitionStatus {
  state?: string;
  topologicalOrder?: string[];
  conditions?: Condition[];
  resources?: ResourceInformation[];
  lastIssuedRevision?: number;
}

export interface ResourceGraphDefinition extends KubeObject {
  spec: ResourceGraphDefinitionSpec;
  status?: ResourceGraphDefinitionStatus;
}

// ---- GraphRevision (internal.kro.run/v1alpha1) ----

export interface GraphRevisionSpec {
  revision: number;
  snapshot: {
    name: string;
    generation: number;
    spec: ResourceGraphDefinitionSpec;
  };
}

export interface GraphRevisionStatus {
  topologicalOrder?: string[];
  conditions?: Condition[];
  resources?: ResourceInformation[];
}

export interface GraphRevision extends KubeObject {
  spec: GraphRevisionSpec;
  status?: GraphRevisionStatus;
}

/** `apps/v1` -> {group: 'apps', version: 'v1'}; `v1` -> {group: '', version: 'v1'}. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function gvkOf(obj: { apiVersion: string; kind: string }): GroupVersionKind {
  return { ...parseApiVersion(obj.apiVersion), kind: obj.kind };
}

export function apiVersionOf(gv: { group: string; version: string }): string {
  return gv.group === '' ? gv.version : `${gv.group}/${gv.version}`;
}

export function formatGvk(gvk: GroupVersionKind): string {
  return `${apiVersionOf(gvk)}, Kind=${gvk.kind}`;
}
