// Offline admission: validates a JSON value against a structural CRD schema the way the API server does on
// create (types, required, pattern, enum, lengths, item counts, sets, property counts, unknown fields under
// kubectl's default strict field validation) and applies schema defaults. Messages follow the API server's
// wording so an error seen offline reads like the one `kubectl apply` would print. CEL rules
// (x-kubernetes-validations) are not interpreted: callers register native checks per rule string; transition
// rules (oldSelf) are skipped since there is no old object.

import { diagnostic, formatYamlPath, type Diagnostic, type DiagnosticCode, type YamlPath } from './diagnostics.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import type { JSONSchemaProps } from './openapi.js';

/** A native implementation of one x-kubernetes-validations rule: true when `self` passes. */
export interface RuleCheck {
  readonly code: DiagnosticCode;
  readonly check: (self: JsonObject) => boolean;
}

export interface StructuralValidationOptions {
  /** Prefix of every diagnostic code, e.g. 'rgd'. */
  readonly codePrefix: 'rgd' | 'graph' | 'kube';
  /** Native checks keyed by the exact rule text. */
  readonly rules?: Readonly<Record<string, RuleCheck>>;
}

export interface StructuralValidationResult {
  readonly diagnostics: Diagnostic[];
  /** The value with schema defaults applied (a copy; the input is not changed). */
  readonly defaulted: JsonValue;
}

export function validateStructural(
  value: JsonValue,
  schema: JSONSchemaProps,
  options: StructuralValidationOptions,
  basePath: YamlPath = [],
): StructuralValidationResult {
  const diagnostics: Diagnostic[] = [];
  const defaulted = visit(value, schema, [...basePath], options, diagnostics);
  return { diagnostics, defaulted };
}

function jsonType(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(value: JsonValue, type: string | undefined): boolean {
  if (type === undefined) return true;
  const actual = jsonType(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** field.TooMany's wording, used by the API server for both item and property counts. */
function countOf(n: number): string {
  return n === 1 ? '1 item' : `${n} items`;
}

function quote(value: JsonValue): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? 'null';
}

function visit(
  value: JsonValue,
  schema: JSONSchemaProps,
  path: YamlPath,
  options: StructuralValidationOptions,
  out: Diagnostic[],
): JsonValue {
  const p = formatYamlPath(path);
  const code = (suffix: string): DiagnosticCode => `${options.codePrefix}/${suffix}`;
  if (!typeMatches(value, schema.type)) {
    const found = jsonType(value);
    out.push(
      diagnostic(code('type'), `${p}: Invalid value: "${found}": ${p} in body must be of type ${schema.type}: "${found}"`, path, {
        expected: schema.type,
        found,
      }),
    );
    return value;
  }
  if (typeof value === 'string') checkString(value, schema, path, p, code, out);
  if (typeof value === 'number') checkNumber(value, schema, path, p, code, out);
  if (schema.enum && !schema.enum.some((e) => e === value)) {
    const supported = schema.enum.map(quote).join(', ');
    out.push(diagnostic(code('enum'), `${p}: Unsupported value: ${quote(value)}: supported values: ${supported}`, path));
  }
  if (Array.isArray(value)) return visitArray(value, schema, path, p, options, out);
  if (isJsonObject(value) && schema.type === 'object') return visitObject(value, schema, path, p, options, out);
  return value;
}

function checkString(
  value: string,
  schema: JSONSchemaProps,
  path: YamlPath,
  p: string,
  code: (s: string) => DiagnosticCode,
  out: Diagnostic[],
): void {
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
    out.push(
      diagnostic(code('pattern'), `${p}: Invalid value: ${quote(value)}: ${p} in body should match '${schema.pattern}'`, path, {
        expected: schema.pattern,
        found: value,
      }),
    );
  }
  const length = [...value].length;
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    out.push(diagnostic(code('max-length'), `${p}: Too long: may not be more than ${schema.maxLength} bytes`, path));
  }
  if (schema.minLength !== undefined && length < schema.minLength) {
    out.push(
      diagnostic(
        code('min-length'),
        `${p}: Invalid value: ${quote(value)}: ${p} in body should be at least ${schema.minLength} chars long`,
        path,
      ),
    );
  }
}

function checkNumber(
  value: number,
  schema: JSONSchemaProps,
  path: YamlPath,
  p: string,
  code: (s: string) => DiagnosticCode,
  out: Diagnostic[],
): void {
  if (schema.minimum !== undefined && value < schema.minimum) {
    out.push(
      diagnostic(code('minimum'), `${p}: Invalid value: ${value}: ${p} in body should be greater than or equal to ${schema.minimum}`, path),
    );
  }
  if (schema.maximum !== undefined && value > schema.maximum) {
    out.push(
      diagnostic(code('maximum'), `${p}: Invalid value: ${value}: ${p} in body should be less than or equal to ${schema.maximum}`, path),
    );
  }
}

function visitArray(
  value: JsonValue[],
  schema: JSONSchemaProps,
  path: YamlPath,
  p: string,
  options: StructuralValidationOptions,
  out: Diagnostic[],
): JsonValue {
  const code = (suffix: string): DiagnosticCode => `${options.codePrefix}/${suffix}`;
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    out.push(diagnostic(code('max-items'), `${p}: Too many: ${value.length}: must have at most ${countOf(schema.maxItems)}`, path));
  }
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    out.push(diagnostic(code('min-items'), `${p}: Invalid value: ${value.length}: ${p} in body should have at least ${schema.minItems} items`, path));
  }
  if (schema['x-kubernetes-list-type'] === 'set') {
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) {
        const itemPath = [...path, i];
        out.push(diagnostic(code('duplicate'), `${formatYamlPath(itemPath)}: Duplicate value: ${quote(item)}`, itemPath));
      }
      seen.add(key);
    });
  }
  const items = schema.items;
  if (!items) return value;
  return value.map((item, i) => visit(item, items, [...path, i], options, out));
}

function visitObject(
  value: JsonObject,
  schema: JSONSchemaProps,
  path: YamlPath,
  p: string,
  options: StructuralValidationOptions,
  out: Diagnostic[],
): JsonValue {
  const code = (suffix: string): DiagnosticCode => `${options.codePrefix}/${suffix}`;
  const result: JsonObject = {};
  const properties = schema.properties ?? {};
  const additional = schema.additionalProperties;
  const count = Object.keys(value).length;
  if (schema.maxProperties !== undefined && count > schema.maxProperties) {
    out.push(diagnostic(code('max-properties'), `${p}: Too many: ${count}: must have at most ${countOf(schema.maxProperties)}`, path));
  }
  if (schema.minProperties !== undefined && count < schema.minProperties) {
    out.push(diagnostic(code('min-properties'), `${p}: Invalid value: ${count}: ${p} in body should have at least ${schema.minProperties} properties`, path));
  }
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, key];
    // The API server prunes nulls of non-nullable fields before validating.
    if (child === null && !(properties[key]?.nullable ?? false)) continue;
    const childSchema = properties[key] ?? (typeof additional === 'object' ? additional : undefined);
    if (childSchema) {
      result[key] = visit(child, childSchema, childPath, options, out);
    } else if (schema['x-kubernetes-preserve-unknown-fields'] === true || additional === true) {
      result[key] = child;
    } else {
      out.push(diagnostic(code('unknown-field'), `unknown field "${formatYamlPath(childPath)}"`, childPath));
    }
  }
  // As the API server's defaulting: a defaulted value is itself defaulted, so `ingress: {default: {}}` with
  // `enabled: {default: false}` below it yields `ingress: {enabled: false}` when the instance omits `ingress`.
  for (const [key, propSchema] of Object.entries(properties)) {
    if (result[key] === undefined && propSchema.default !== undefined) {
      result[key] = visit(structuredClone(propSchema.default), propSchema, [...path, key], options, out);
    }
  }
  for (const key of schema.required ?? []) {
    if (result[key] === undefined) {
      const childPath = [...path, key];
      out.push(diagnostic(code('required'), `${formatYamlPath(childPath)}: Required value`, childPath));
    }
  }
  for (const rule of schema['x-kubernetes-validations'] ?? []) {
    if (rule.rule.includes('oldSelf')) continue;
    const native = options.rules?.[rule.rule];
    if (native && !native.check(result)) {
      // The API server omits object values from CEL rule errors: `<path>: Invalid value: <message>`.
      out.push(diagnostic(native.code, `${p}: Invalid value: ${rule.message ?? `failed rule: ${rule.rule}`}`, path));
    }
  }
  return result;
}
