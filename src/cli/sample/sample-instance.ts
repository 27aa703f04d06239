// `kro generate instance`: a sample instance of an RGD's kind that the API server would accept, with the same
// output on every run (upstream fills fields with random values). Every field of the spec schema is filled:
// defaults as the schema states them, else the first enum value, else a value that honors the bounds (minimum,
// minLength, minItems, pattern, format), else a readable placeholder (a string field holds its own name in
// kebab-case, integers are 1, booleans false, lists hold one item, maps are empty). The result is checked against
// the schema; what could not be satisfied is returned as warnings.
import {
  diagnostic,
  isJsonObject,
  validateStructural,
  type Diagnostic,
  type JSONSchemaProps,
  type JsonObject,
  type JsonValue,
  type YamlPath,
} from '../../api/index.js';
import { createValidationRuleEvaluator } from '../../cel/index.js';
import type { CompiledGraph } from '../../graph/index.js';
import { matchesPattern, samplePattern } from './pattern-sample.js';

const FORMATS: Readonly<Record<string, string>> = {
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  time: '00:00:00',
  email: 'user@example.com',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uri: 'https://example.com',
  url: 'https://example.com',
  uuid: '00000000-0000-4000-8000-000000000000',
  duration: '1m',
  byte: 'c2FtcGxl',
  password: 'changeme',
};

function kebab(name: string): string {
  const out = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return out === '' ? 'value' : out;
}

interface SampleContext {
  readonly warnings: Diagnostic[];
}

function sampleString(schema: JSONSchemaProps, name: string, index: number, path: YamlPath, ctx: SampleContext): string {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Infinity;
  const suffix = index > 0 ? `-${index + 1}` : '';
  const base = (schema.format ? FORMATS[schema.format] : undefined) ?? `${kebab(name)}${suffix}`;
  const fits = (s: string) => s.length >= min && s.length <= max && (!schema.pattern || safeTest(schema.pattern, s));
  if (fits(base)) return base;
  const padded = base.length < min ? base + 'x'.repeat(min - base.length) : base.slice(0, Number.isFinite(max) ? max : undefined);
  if (fits(padded)) return padded;
  if (schema.pattern) {
    const generated = samplePattern(schema.pattern, min, max);
    if (generated !== undefined) return generated;
    ctx.warnings.push(
      diagnostic('cli/sample-value', `could not produce a value matching the pattern ${JSON.stringify(schema.pattern)}; replace the placeholder`, path, {
        severity: 'warning',
      }),
    );
  }
  return padded;
}

function safeTest(pattern: string, value: string): boolean {
  try {
    return matchesPattern(pattern, value);
  } catch {
    return true;
  }
}

function sampleNumber(schema: JSONSchemaProps, integer: boolean, index: number): number {
  const step = integer ? 1 : 0.5;
  let value: number;
  if (schema.minimum !== undefined) value = schema.exclusiveMinimum ? schema.minimum + step : schema.minimum;
  else if (schema.maximum !== undefined && schema.maximum < 1) value = schema.exclusiveMaximum ? schema.maximum - step : schema.maximum;
  else value = 1;
  value += index;
  if (integer) value = Math.ceil(value);
  if (schema.multipleOf && schema.multipleOf > 0) value = Math.ceil(value / schema.multipleOf) * schema.multipleOf;
  return value;
}

function sampleValue(schema: JSONSchemaProps, name: string, index: number, path: YamlPath, ctx: SampleContext): JsonValue {
  // An object default (SimpleSchema gives `default: {}` to objects whose fields have defaults) is laid over the
  // filled object, so the fields inside still show.
  if (schema.default !== undefined && !(isJsonObject(schema.default) && schema.properties)) return structuredClone(schema.default);
  if (schema.enum && schema.enum.length > 0) return structuredClone(schema.enum[Math.min(index, schema.enum.length - 1)]!);
  if (schema['x-kubernetes-int-or-string']) return sampleNumber(schema, true, index);
  switch (schema.type) {
    case 'string':
      return sampleString(schema, name, index, path, ctx);
    case 'integer':
      return sampleNumber(schema, true, index);
    case 'number':
      return sampleNumber(schema, false, index);
    case 'boolean':
      return index % 2 === 1;
    case 'array': {
      const items = schema.items ?? {};
      const count = Math.min(Math.max(schema.minItems ?? 0, 1), schema.maxItems ?? Infinity);
      return Array.from({ length: count }, (_, i) => sampleValue(items, name, index + i, [...path, i], ctx));
    }
    case 'object':
    case undefined:
      return sampleObject(schema, name, index, path, ctx);
    default:
      return null;
  }
}

function sampleObject(schema: JSONSchemaProps, name: string, index: number, path: YamlPath, ctx: SampleContext): JsonObject {
  const out: JsonObject = isJsonObject(schema.default) ? structuredClone(schema.default) : {};
  for (const [key, prop] of Object.entries(schema.properties ?? {})) out[key] ??= sampleValue(prop, key, index, [...path, key], ctx);
  const additional = schema.additionalProperties;
  if (typeof additional === 'object' && schema.minProperties) {
    for (let i = 0; i < schema.minProperties; i++) out[`key${i + 1}`] = sampleValue(additional, name, i, [...path, `key${i + 1}`], ctx);
  }
  return out;
}

export interface SampleInstance {
  readonly instance: JsonObject;
  /** Constraints the sample could not satisfy (e.g. an unsupported pattern). */
  readonly warnings: readonly Diagnostic[];
}

/** The sample instance of a compiled graph's kind: name `<kind lower>-sample`, namespace `default` when namespaced. */
export function sampleInstance(graph: CompiledGraph): SampleInstance {
  const { gvk, namespaced, specSchema } = graph.instance;
  const ctx: SampleContext = { warnings: [] };
  const spec = sampleObject(specSchema, 'spec', 0, ['spec'], ctx);
  // The CEL rules too: a sample that breaks one gets a warning (we cannot solve arbitrary rules for a value).
  const checked = validateStructural(spec, specSchema, { codePrefix: 'kube', evaluateRule: createValidationRuleEvaluator() }, ['spec']);
  const problems = checked.diagnostics.map((d) => ({ ...d, severity: 'warning' as const }));
  const name = `${gvk.kind.toLowerCase()}-sample`;
  return {
    instance: {
      apiVersion: gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`,
      kind: gvk.kind,
      metadata: namespaced ? { name, namespace: 'default' } : { name },
      spec,
    },
    warnings: [...ctx.warnings, ...problems],
  };
}
