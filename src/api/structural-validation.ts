// Offline admission: validates a JSON value against a structural CRD schema the way the API server does on
// create (types, required, pattern, enum, lengths, item counts, sets, property counts, unknown fields under
// kubectl's default strict field validation) and applies schema defaults. Messages follow the API server's
// wording so an error seen offline reads like the one `kubectl apply` would print.
// CEL rules (x-kubernetes-validations) run in a second pass over the defaulted value, as the API server runs them
// after defaulting, and only when the first pass found no error that blocks them on the server. src/api cannot
// depend on src/cel, so rules are interpreted by callers: a native check registered per exact rule string, or the
// `evaluateRule` hook (src/cel's createValidationRuleEvaluator). Transition rules (oldSelf) are skipped since a
// create has no old object.

import { diagnostic, formatYamlPath, type Diagnostic, type DiagnosticCode, type PathSegment, type YamlPath } from './diagnostics.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import type { JSONSchemaProps, ValidationRule } from './openapi.js';

/** A native implementation of one x-kubernetes-validations rule: true when `self` passes. */
export interface RuleCheck {
  readonly code: DiagnosticCode;
  readonly check: (self: JsonObject) => boolean;
}

/**
 * What an interpreter made of one rule at one node. `skipped`: it could not compile or evaluate the rule (an
 * unsupported function, a runtime error, its own cost budget): never reported as an error, since the API server
 * may well accept the value.
 */
export type RuleOutcome =
  | { readonly outcome: 'pass' }
  | {
      readonly outcome: 'fail';
      /** The detail the API server prints: the evaluated messageExpression, the message or `failed rule: <rule>`. */
      readonly message: string;
      /** The rule's fieldPath, relative to the node. */
      readonly fieldPath?: YamlPath;
    }
  | { readonly outcome: 'skipped'; readonly reason: string };

/** Interprets `rule` with `self` bound to the (defaulted) value at `path`, whose schema node is `schema`. */
export type RuleEvaluator = (rule: ValidationRule, self: JsonValue, schema: JSONSchemaProps, path: YamlPath) => RuleOutcome;

export interface StructuralValidationOptions {
  /** Prefix of every diagnostic code, e.g. 'rgd'. */
  readonly codePrefix: 'rgd' | 'graph' | 'kube';
  /** Native checks keyed by the exact rule text; they take precedence over `evaluateRule`. */
  readonly rules?: Readonly<Record<string, RuleCheck>>;
  /** Interprets the rules that have no native check; without it they are not checked. */
  readonly evaluateRule?: RuleEvaluator;
}

/** A rule the evaluator could not check, at one node. */
export interface SkippedRule {
  readonly path: YamlPath;
  readonly rule: string;
  readonly reason: string;
}

export interface StructuralValidationResult {
  readonly diagnostics: Diagnostic[];
  /** The value with schema defaults applied (a copy; the input is not changed). */
  readonly defaulted: JsonValue;
  /** Rules `evaluateRule` skipped; empty without it. */
  readonly skippedRules: readonly SkippedRule[];
}

export function validateStructural(
  value: JsonValue,
  schema: JSONSchemaProps,
  options: StructuralValidationOptions,
  basePath: YamlPath = [],
): StructuralValidationResult {
  const diagnostics: Diagnostic[] = [];
  const skippedRules: SkippedRule[] = [];
  const defaulted = visit(value, schema, [...basePath], options, diagnostics);
  // The API server does not run CEL rules on an object with these errors: it reports "some validation rules were
  // not checked because the object was invalid" instead (strict decoding fails even before that).
  const blocking = diagnostics.some((d) => BLOCKING_CODES.has(d.code.slice(d.code.indexOf('/') + 1)));
  if (!blocking) checkRules(defaulted, schema, [...basePath], formatYamlPath(basePath), options, diagnostics, skippedRules);
  return { diagnostics, defaulted, skippedRules };
}

const BLOCKING_CODES = new Set(['type', 'enum', 'required', 'max-length', 'max-items', 'max-properties', 'unknown-field']);

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
  if (value === null && schema.nullable === true) return value;
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
  return result;
}

/**
 * Pre-order, like the API server: a node's rules, then its items, properties and additionalProperties values.
 * `shown` is the path as the API server prints it in rule errors: map keys in brackets unquoted (`sizes[big]`).
 */
function checkRules(
  value: JsonValue,
  schema: JSONSchemaProps,
  path: YamlPath,
  shown: string,
  options: StructuralValidationOptions,
  out: Diagnostic[],
  skipped: SkippedRule[],
): void {
  // Null values are not validated; a rule on a nullable field sees it from the enclosing object.
  if (value === null) return;
  for (const rule of schema['x-kubernetes-validations'] ?? []) {
    const failure = evaluateRule(rule, value, schema, path, options, skipped);
    if (!failure) continue;
    const at = appendFieldPath({ path, shown }, schema, failure.fieldPath);
    out.push(ruleFailure(rule, value, at, failure.message, failure.code));
  }
  if (Array.isArray(value)) {
    const items = schema.items;
    if (items) value.forEach((item, i) => checkRules(item, items, [...path, i], `${shown}[${i}]`, options, out, skipped));
    return;
  }
  if (!isJsonObject(value)) return;
  const additional = schema.additionalProperties;
  for (const [key, child] of Object.entries(value)) {
    const property = schema.properties?.[key];
    const childSchema = property ?? (typeof additional === 'object' ? additional : undefined);
    if (!childSchema) continue;
    checkRules(child, childSchema, [...path, key], property ? childPath(shown, key) : `${shown}[${key}]`, options, out, skipped);
  }
}

function childPath(shown: string, name: PathSegment): string {
  return shown === '' ? String(name) : `${shown}.${name}`;
}

interface RuleFailure {
  readonly message: string;
  readonly fieldPath: YamlPath;
  readonly code: DiagnosticCode;
}

interface RulePath {
  readonly path: YamlPath;
  readonly shown: string;
}

/** A rule's fieldPath below its node, named as the API server resolves it: properties first, else map keys. */
function appendFieldPath(at: RulePath, schema: JSONSchemaProps, fieldPath: YamlPath): RulePath {
  let node: JSONSchemaProps | undefined = schema;
  let shown = at.shown;
  for (const segment of fieldPath) {
    const named: boolean = node?.properties !== undefined;
    shown = named ? childPath(shown, segment) : `${shown}[${segment}]`;
    const additional: JSONSchemaProps | boolean | undefined = node?.additionalProperties;
    node = named ? node?.properties?.[segment] : typeof additional === 'object' ? additional : undefined;
  }
  return { path: [...at.path, ...fieldPath], shown };
}

function evaluateRule(
  rule: ValidationRule,
  value: JsonValue,
  schema: JSONSchemaProps,
  path: YamlPath,
  options: StructuralValidationOptions,
  skipped: SkippedRule[],
): RuleFailure | undefined {
  // A transition rule runs on updates only; on create the API server skips it (optionalOldSelf rules included:
  // they would see oldSelf as none, which we do not model, so we leave them to the server).
  if (rule.rule.includes('oldSelf')) return undefined;
  const native = options.rules?.[rule.rule];
  if (native) {
    if (!isJsonObject(value) || native.check(value)) return undefined;
    return { message: defaultRuleMessage(rule), fieldPath: [], code: native.code };
  }
  if (!options.evaluateRule) return undefined;
  const outcome = options.evaluateRule(rule, value, schema, path);
  if (outcome.outcome === 'skipped') skipped.push({ path, rule: rule.rule, reason: outcome.reason });
  if (outcome.outcome !== 'fail') return undefined;
  return { message: outcome.message, fieldPath: outcome.fieldPath ?? [], code: `${options.codePrefix}/rule` };
}

/** The API server's detail of a failed rule without messageExpression: the trimmed message, or the rule. */
export function defaultRuleMessage(rule: ValidationRule): string {
  const message = rule.message?.trim() ?? '';
  return message !== '' ? message : `failed rule: ${rule.rule.trim()}`;
}

/**
 * A failed rule as the API server words it; `reason` picks the field error type. The value shown is the node's
 * (not the fieldPath's): scalars are printed, objects and lists omitted (checked against kube-apiserver v1.36).
 */
function ruleFailure(rule: ValidationRule, value: JsonValue, at: RulePath, message: string, code: DiagnosticCode): Diagnostic {
  const d = ruleFailureWording(rule, value, at, message, code);
  // Native checks stand for rules of our own CRDs, whose messages say it all; a user's rule is worth showing.
  return code.endsWith('/rule') ? { ...d, expected: rule.rule.trim() } : d;
}

function ruleFailureWording(rule: ValidationRule, value: JsonValue, at: RulePath, message: string, code: DiagnosticCode): Diagnostic {
  const p = at.shown;
  const scalar = typeof value !== 'object' || value === null;
  switch (rule.reason) {
    case 'FieldValueForbidden':
      return diagnostic(code, `${p}: Forbidden: ${message}`, at.path);
    case 'FieldValueRequired':
      return diagnostic(code, `${p}: Required value: ${message}`, at.path);
    case 'FieldValueDuplicate':
      // The detail is dropped: field.Duplicate has none.
      return diagnostic(code, scalar ? `${p}: Duplicate value: ${quote(value)}` : `${p}: Duplicate value`, at.path);
    default:
      return diagnostic(code, `${p}: Invalid value: ${scalar ? `${quote(value)}: ` : ''}${message}`, at.path);
  }
}
