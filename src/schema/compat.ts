// CRD compatibility diff: compares an existing instance CRD with the newly generated one and classifies every
// schema change as breaking or not, exactly as upstream kro's pkg/graph/crd/compat does, for the
// breaking-change gate (`kro.run/allow-breaking-changes`). Changes are visited in sorted property order, so
// the report is stable (upstream's follows Go map order).
//
// Upstream (without its StrictCRDCompatibilityChecks gate) does not look at x-kubernetes-validations, list/map
// topology, map value schemas, preserve-unknown-fields, format, nullable or other keywords, so changing only
// those never reaches an existing CRD (spec subtle behavior 48). kro-ts reports them as non-breaking changes by
// default, so the CRD is updated; with `strict: true` they are classified like upstream's strict gate.

import { jsonEqual, type JsonValue } from '../api/json.js';
import type { CustomResourceDefinition, CustomResourceDefinitionVersion, JSONSchemaProps } from '../api/openapi.js';
import { describeChange, summarizeBreakingChanges, type ChangeType, type SchemaChange } from './compat-changes.js';

export interface CompatOptions {
  /** Classify facet changes (CEL rules, topology, format, ...) as upstream's StrictCRDCompatibilityChecks does. */
  readonly strict?: boolean;
}

export interface CrdDiff {
  readonly breaking: readonly SchemaChange[];
  readonly nonBreaking: readonly SchemaChange[];
  /** spec.names differ (plural, kind, shortNames, categories, ...): always propagated, never breaking. */
  readonly namesChanged: boolean;
}

export type CrdDiffResult = { ok: true; diff: CrdDiff } | { ok: false; error: string };

class Report {
  readonly breaking: SchemaChange[] = [];
  readonly nonBreaking: SchemaChange[] = [];
  constructor(
    readonly strict: boolean,
    /** Inside a part upstream does not diff (default mode): everything found is non-breaking. */
    readonly demoted = false,
  ) {}
  add(breaking: boolean, path: string, type: ChangeType, oldValue = '', newValue = ''): void {
    (breaking && !this.demoted ? this.breaking : this.nonBreaking).push({ path, type, oldValue, newValue });
  }
  /** A facet upstream only diffs in strict mode. */
  facet(breaking: boolean, path: string, type: ChangeType, oldValue = '', newValue = ''): void {
    this.add(breaking && this.strict, path, type, oldValue, newValue);
  }
  nested(demote: boolean): Report {
    return new Report(this.strict, this.demoted || demote);
  }
  merge(child: Report): void {
    this.breaking.push(...child.breaking);
    this.nonBreaking.push(...child.nonBreaking);
  }
}

const raw = (v: JsonValue | undefined): string => (v === undefined ? '' : JSON.stringify(v));
const hasDefault = (s: JSONSchemaProps | undefined): boolean => s?.default !== undefined;

/** Compares two OpenAPI schemas (upstream compat.Compare). */
export function compareSchemas(oldSchema: JSONSchemaProps | undefined, newSchema: JSONSchemaProps | undefined, options: CompatOptions = {}): {
  breaking: SchemaChange[];
  nonBreaking: SchemaChange[];
} {
  const report = new Report(options.strict ?? false);
  compare('', oldSchema, newSchema, report);
  return { breaking: report.breaking, nonBreaking: report.nonBreaking };
}

function compare(path: string, o: JSONSchemaProps | undefined, n: JSONSchemaProps | undefined, r: Report): void {
  if (!o && !n) return;
  if (!o) return r.add(false, path, 'PROPERTY_ADDED');
  if (!n) return r.add(true, path, 'PROPERTY_REMOVED');
  if ((o.description ?? '') !== (n.description ?? '')) {
    r.add(false, `${path}.description`, 'DESCRIPTION_CHANGED', o.description ?? '', n.description ?? '');
  }
  if (!jsonEqual(o.default, n.default)) r.add(false, `${path}.default`, 'DEFAULT_CHANGED', raw(o.default), raw(n.default));
  if ((o.type ?? '') !== (n.type ?? '')) {
    r.add(true, `${path}.type`, 'TYPE_CHANGED', o.type ?? '', n.type ?? '');
    return;
  }
  const op = o.pattern ?? '';
  const np = n.pattern ?? '';
  if (op !== np) {
    if (op === '') r.add(true, `${path}.pattern`, 'PATTERN_ADDED', '', np);
    else if (np === '') r.add(false, `${path}.pattern`, 'PATTERN_REMOVED', op, '');
    else r.add(true, `${path}.pattern`, 'PATTERN_CHANGED', op, np);
  }
  compareBound(path, 'minimum', o.minimum, n.minimum, true, r);
  compareBound(path, 'maximum', o.maximum, n.maximum, false, r);
  compareBound(path, 'minLength', o.minLength, n.minLength, true, r);
  compareBound(path, 'maxLength', o.maxLength, n.maxLength, false, r);
  compareBound(path, 'minItems', o.minItems, n.minItems, true, r);
  compareBound(path, 'maxItems', o.maxItems, n.maxItems, false, r);
  compareProperties(path, o, n, r);
  compareRequired(path, o, n, r);
  compareEnum(path, o, n, r);
  if (o.type === 'array' && n.type === 'array') {
    if (o.items && n.items) compare(`${path}.items`, o.items, n.items, r);
    else if (o.items) r.add(true, `${path}.items`, 'PROPERTY_REMOVED');
    else if (n.items) r.add(false, `${path}.items`, 'PROPERTY_ADDED');
  }
  compareFacets(path, o, n, r);
}

const BOUND_TYPES: Record<string, readonly [ChangeType, ChangeType, ChangeType, ChangeType]> = {
  // added, removed, tightened, relaxed
  minimum: ['MINIMUM_ADDED', 'MINIMUM_REMOVED', 'MINIMUM_INCREASED', 'MINIMUM_DECREASED'],
  maximum: ['MAXIMUM_ADDED', 'MAXIMUM_REMOVED', 'MAXIMUM_DECREASED', 'MAXIMUM_INCREASED'],
  minLength: ['MIN_LENGTH_ADDED', 'MIN_LENGTH_REMOVED', 'MIN_LENGTH_INCREASED', 'MIN_LENGTH_DECREASED'],
  maxLength: ['MAX_LENGTH_ADDED', 'MAX_LENGTH_REMOVED', 'MAX_LENGTH_DECREASED', 'MAX_LENGTH_INCREASED'],
  minItems: ['MIN_ITEMS_ADDED', 'MIN_ITEMS_REMOVED', 'MIN_ITEMS_INCREASED', 'MIN_ITEMS_DECREASED'],
  maxItems: ['MAX_ITEMS_ADDED', 'MAX_ITEMS_REMOVED', 'MAX_ITEMS_DECREASED', 'MAX_ITEMS_INCREASED'],
};

function compareBound(path: string, name: string, o: number | undefined, n: number | undefined, lower: boolean, r: Report): void {
  if (o === undefined && n === undefined) return;
  const [added, removed, tightened, relaxed] = BOUND_TYPES[name]!;
  const at = `${path}.${name}`;
  if (o === undefined) return r.add(true, at, added, '', String(n));
  if (n === undefined) return r.add(false, at, removed, String(o), '');
  if (o === n) return;
  const tighter = lower ? n > o : n < o;
  r.add(tighter, at, tighter ? tightened : relaxed, String(o), String(n));
}

function compareProperties(path: string, o: JSONSchemaProps, n: JSONSchemaProps, r: Report): void {
  const oldProps = o.properties ?? {};
  const newProps = n.properties ?? {};
  for (const name of Object.keys(oldProps).sort()) {
    const at = `${path}.properties.${name}`;
    if (!(name in newProps)) r.add(true, at, 'PROPERTY_REMOVED');
    else compare(at, oldProps[name], newProps[name], r);
  }
  const required = new Set(n.required ?? []);
  for (const name of Object.keys(newProps).sort()) {
    if (name in oldProps) continue;
    const at = `${path}.properties.${name}`;
    // A new required property without a default breaks existing objects; anything else is additive.
    if (required.has(name) && !hasDefault(newProps[name])) r.add(true, at, 'PROPERTY_ADDED', 'required=false', 'required=true');
    else r.add(false, at, 'PROPERTY_ADDED');
  }
}

function compareRequired(path: string, o: JSONSchemaProps, n: JSONSchemaProps, r: Report): void {
  const oldRequired = new Set(o.required ?? []);
  const newRequired = new Set(n.required ?? []);
  if (oldRequired.size === 0 && newRequired.size === 0) return;
  const existing = o.properties ?? {};
  for (const name of [...newRequired].sort()) {
    if (name in existing && !oldRequired.has(name)) r.add(true, `${path}.required`, 'REQUIRED_ADDED', '', name);
  }
  for (const name of [...oldRequired].sort()) {
    if (!newRequired.has(name)) r.add(false, `${path}.required`, 'REQUIRED_REMOVED', name, '');
  }
  for (const name of [...newRequired].sort()) {
    if (!(name in existing) || !oldRequired.has(name)) continue;
    if (hasDefault(existing[name]) && !hasDefault(n.properties?.[name])) {
      r.add(true, `${path}.required`, 'REQUIRED_DEFAULT_REMOVED', name, '');
    }
  }
}

function compareEnum(path: string, o: JSONSchemaProps, n: JSONSchemaProps, r: Report): void {
  const oldEnum = (o.enum ?? []).map((v) => JSON.stringify(v));
  const newEnum = (n.enum ?? []).map((v) => JSON.stringify(v));
  if (oldEnum.length === 0 && newEnum.length === 0) return;
  const at = `${path}.enum`;
  if (oldEnum.length === 0) return r.facet(true, at, 'ENUM_CONSTRAINT_ADDED', '', `[${newEnum.join(',')}]`);
  if (newEnum.length === 0) return r.facet(false, at, 'ENUM_CONSTRAINT_REMOVED', `[${oldEnum.join(',')}]`, '');
  const oldSet = new Set(oldEnum);
  const newSet = new Set(newEnum);
  for (const v of [...oldSet].sort()) if (!newSet.has(v)) r.add(true, at, 'ENUM_RESTRICTED', v, '');
  for (const v of [...newSet].sort()) if (!oldSet.has(v)) r.add(false, at, 'ENUM_EXPANDED', '', v);
}

/** Keys compared above or in compareFacets; anything else is an unclassified change. */
const CLASSIFIED = new Set([
  'description', 'default', 'type', 'format', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems',
  'maxItems', 'enum', 'properties', 'required', 'items', 'additionalProperties', 'nullable',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-list-map-keys', 'x-kubernetes-list-type',
  'x-kubernetes-map-type', 'x-kubernetes-validations',
]);

function compareFacets(path: string, o: JSONSchemaProps, n: JSONSchemaProps, r: Report): void {
  const oa = o.additionalProperties;
  const na = n.additionalProperties;
  if (!jsonEqual(oa, na)) {
    if (typeof oa === 'object' && typeof na === 'object') {
      const child = r.nested(!r.strict);
      compare(`${path}.additionalProperties`, oa, na, child);
      r.merge(child);
    } else {
      r.facet(true, `${path}.additionalProperties`, 'ADDITIONAL_PROPERTIES_CHANGED', raw(oa as JsonValue), raw(na as JsonValue));
    }
  }
  const of = o.format ?? '';
  const nf = n.format ?? '';
  if (of !== nf) {
    if (nf === '') r.facet(false, `${path}.format`, 'FORMAT_REMOVED', of, '');
    else r.facet(true, `${path}.format`, 'FORMAT_CHANGED', of, nf);
  }
  if ((o.nullable ?? false) !== (n.nullable ?? false)) {
    if (n.nullable) r.facet(false, `${path}.nullable`, 'NULLABLE_ADDED', 'false', 'true');
    else r.facet(true, `${path}.nullable`, 'NULLABLE_REMOVED', 'true', 'false');
  }
  const op = o['x-kubernetes-preserve-unknown-fields'] ?? false;
  const np = n['x-kubernetes-preserve-unknown-fields'] ?? false;
  if (op !== np) {
    const at = `${path}.x-kubernetes-preserve-unknown-fields`;
    if (np) r.facet(false, at, 'PRESERVE_UNKNOWN_FIELDS_ADDED', 'false', 'true');
    else r.facet(true, at, 'PRESERVE_UNKNOWN_FIELDS_REMOVED', 'true', 'false');
  }
  for (const key of ['x-kubernetes-list-map-keys', 'x-kubernetes-list-type', 'x-kubernetes-map-type'] as const) {
    if (!jsonEqual(o[key], n[key])) r.facet(true, `${path}.${key}`, 'TOPOLOGY_CHANGED', raw(o[key]), raw(n[key]));
  }
  const ov = o['x-kubernetes-validations'] ?? [];
  const nv = n['x-kubernetes-validations'] ?? [];
  if (!jsonEqual(ov, nv)) {
    r.facet(true, `${path}.x-kubernetes-validations`, 'VALIDATION_RULES_CHANGED', JSON.stringify(ov), JSON.stringify(nv));
  }
  const keys = new Set([...Object.keys(o), ...Object.keys(n)].filter((k) => !CLASSIFIED.has(k)));
  for (const key of [...keys].sort()) {
    const ov2 = (o as Record<string, JsonValue | undefined>)[key];
    const nv2 = (n as Record<string, JsonValue | undefined>)[key];
    if (!jsonEqual(ov2, nv2)) r.facet(true, `${path}.${key}`, 'UNCLASSIFIED_SCHEMA_CHANGE', raw(ov2), raw(nv2));
  }
}

/** Compares the single versions of two instance CRDs (upstream compat.CompareVersions). */
export function compareVersions(
  oldVersions: readonly CustomResourceDefinitionVersion[],
  newVersions: readonly CustomResourceDefinitionVersion[],
  options: CompatOptions = {},
): { ok: true; breaking: SchemaChange[]; nonBreaking: SchemaChange[] } | { ok: false; error: string } {
  const [o] = oldVersions;
  const [n] = newVersions;
  if (oldVersions.length !== 1 || newVersions.length !== 1 || !o || !n) {
    return {
      ok: false,
      error: `expected exactly one version in each CRD, got ${oldVersions.length} old and ${newVersions.length} new versions`,
    };
  }
  if (o.name !== n.name) {
    return { ok: true, breaking: [{ path: 'version', type: 'TYPE_CHANGED', oldValue: o.name, newValue: n.name }], nonBreaking: [] };
  }
  if (!o.schema?.openAPIV3Schema) return { ok: false, error: `old version ${o.name} has no schema` };
  if (!n.schema?.openAPIV3Schema) return { ok: false, error: `new version ${n.name} has no schema` };
  const { breaking, nonBreaking } = compareSchemas(o.schema.openAPIV3Schema, n.schema.openAPIV3Schema, options);
  if (o.served && !n.served) breaking.push({ path: 'version.served', type: 'TYPE_CHANGED', oldValue: 'true', newValue: 'false' });
  if (o.subresources?.status && !n.subresources?.status) {
    breaking.push({ path: 'version.subresources.status', type: 'PROPERTY_REMOVED', oldValue: '', newValue: '' });
  }
  if (!jsonEqual(normalizeColumns(o), normalizeColumns(n))) {
    nonBreaking.push({ path: 'version.additionalPrinterColumns', type: 'ADDITIONAL_PRINTER_COLUMNS_CHANGED', oldValue: '', newValue: '' });
  }
  return { ok: true, breaking, nonBreaking };
}

/** The API server omits `priority: 0`; compare columns as it stores them. */
function normalizeColumns(v: CustomResourceDefinitionVersion): JsonValue {
  return (v.additionalPrinterColumns ?? []).map((c) => {
    const out: Record<string, JsonValue> = { jsonPath: c.jsonPath, name: c.name, type: c.type };
    if (c.description) out.description = c.description;
    if (c.format) out.format = c.format;
    if (c.priority) out.priority = c.priority;
    return out;
  });
}

function namesOf(crd: CustomResourceDefinition): JsonValue {
  const n = crd.spec.names;
  return {
    categories: n.categories ?? [],
    kind: n.kind,
    listKind: n.listKind ?? '',
    plural: n.plural,
    shortNames: n.shortNames ?? [],
    singular: n.singular ?? '',
  };
}

/**
 * Everything that differs between an existing instance CRD and the desired one, classified for the
 * breaking-change gate. Desired labels and annotations missing from the existing CRD count as a non-breaking
 * METADATA_CHANGED (upstream never updates a CRD for those alone).
 */
export function diffCrds(existing: CustomResourceDefinition, desired: CustomResourceDefinition, options: CompatOptions = {}): CrdDiffResult {
  const versions = compareVersions(existing.spec.versions, desired.spec.versions, options);
  if (!versions.ok) return versions;
  const nonBreaking = [...versions.nonBreaking];
  for (const field of ['labels', 'annotations'] as const) {
    const want = desired.metadata[field] ?? {};
    const have = existing.metadata[field] ?? {};
    if (Object.entries(want).some(([k, v]) => have[k] !== v)) nonBreaking.push({ path: `metadata.${field}`, type: 'METADATA_CHANGED', oldValue: '', newValue: '' });
  }
  return {
    ok: true,
    diff: { breaking: versions.breaking, nonBreaking, namesChanged: !jsonEqual(namesOf(existing), namesOf(desired)) },
  };
}

/** Whether the existing CRD must be patched: any change at all, or different names (behavior 48). */
export function crdNeedsUpdate(diff: CrdDiff): boolean {
  return diff.breaking.length > 0 || diff.nonBreaking.length > 0 || diff.namesChanged;
}

/** Upstream's gate message for a blocked update: `cannot update CRD x: breaking changes detected: ...`. */
export function breakingChangesMessage(crdName: string, diff: CrdDiff): string {
  return `cannot update CRD ${crdName}: breaking changes detected: ${summarizeBreakingChanges(diff.breaking)}`;
}

export { describeChange, summarizeBreakingChanges };
