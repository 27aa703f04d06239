// SimpleSchema -> OpenAPI v3 (the `spec` of a generated instance CRD), following upstream's
// pkg/simpleschema: field strings `type | markers`, nested maps as inline objects, custom types resolved in
// dependency order and expanded inline, `required` collected on the parent (sorted), and the implicit
// `default: {}` on objects whose children have defaults and that have no required fields. Unlike upstream,
// which stops at the first error, every broken field is reported, each with its YAML path and, inside the
// field string, the span of the offending part.

import { diagnostic, type Diagnostic, type Result, type Span, type YamlPath } from '../api/diagnostics.js';
import { goTypeName, isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import { sortSchemaKeys, type JSONSchemaProps } from '../api/openapi.js';
import { analyzeTypeGraph } from './custom-types.js';
import { applyMarkers } from './marker-apply.js';
import { MARKER_KEYS, parseMarkers } from './markers.js';
import { parseTypeString, splitField, type TypeExpr } from './type-expr.js';

export interface SimpleSchemaOptions {
  /** Prefix of diagnostic paths for spec fields. @default ['spec', 'schema', 'spec'] */
  readonly specPath?: YamlPath;
  /** Prefix of diagnostic paths for custom types. @default ['spec', 'schema', 'types'] */
  readonly typesPath?: YamlPath;
}

export const DEFAULT_SPEC_PATH: YamlPath = ['spec', 'schema', 'spec'];
export const DEFAULT_TYPES_PATH: YamlPath = ['spec', 'schema', 'types'];


interface CustomType {
  readonly schema: JSONSchemaProps;
  readonly required: boolean;
}

/** Marks a schema whose type could not be resolved because of an error reported elsewhere. */
const UNRESOLVED = Symbol('unresolved');

class Transformer {
  readonly diagnostics: Diagnostic[] = [];
  private readonly customTypes = new Map<string, CustomType>();
  private readonly brokenTypes = new Set<string>();

  loadCustomTypes(types: JsonValue | undefined, typesPath: YamlPath): void {
    if (types === undefined || types === null) return;
    if (!isJsonObject(types)) {
      this.report('schema/invalid-custom-type', `unexpected type: ${goTypeName(types)}`, typesPath, undefined, {
        hint: 'types is a map of type name to a struct map or an alias field string',
      });
      return;
    }
    const definitions = new Map<string, JsonValue>();
    const unparsable = new Set<string>();
    for (const name of Object.keys(types).sort()) {
      const definition = types[name]!;
      definitions.set(name, definition);
      if (!this.checkDefinitionSyntax(definition, [...typesPath, name])) unparsable.add(name);
    }
    const graph = analyzeTypeGraph(definitions, unparsable);
    for (const problem of graph.problems) this.report(problem.code, problem.message, [...typesPath, problem.type]);
    for (const name of graph.broken) this.brokenTypes.add(name);
    for (const name of graph.order) {
      const definition = definitions.get(name)!;
      const path = [...typesPath, name];
      const before = this.diagnostics.length;
      let built: CustomType | undefined;
      if (typeof definition === 'string') {
        const required: string[] = [];
        const schema = this.buildFromString(name, definition, path, required);
        if (schema) built = { schema, required: required.length > 0 };
      } else if (isJsonObject(definition)) {
        built = { schema: this.buildObject(definition, path), required: false };
      }
      if (built && this.diagnostics.length === before) this.customTypes.set(name, built);
      else this.brokenTypes.add(name);
    }
  }

  /** Reports definitions that are neither field strings nor maps, and type strings that do not parse. */
  private checkDefinitionSyntax(definition: JsonValue, path: YamlPath): boolean {
    if (typeof definition === 'string') {
      const parsed = parseTypeString(definition);
      if (!parsed.ok) this.report(parsed.error.code, parsed.error.message, path, typeSpan(definition));
      return parsed.ok;
    }
    if (isJsonObject(definition)) {
      let ok = true;
      for (const [key, value] of Object.entries(definition)) ok = this.checkDefinitionSyntax(value, [...path, key]) && ok;
      return ok;
    }
    this.report('schema/invalid-field', `unexpected type: ${goTypeName(definition)}`, path, undefined, fieldHint);
    return false;
  }

  buildObject(spec: JsonObject, path: YamlPath): JSONSchemaProps {
    const properties: Record<string, JSONSchemaProps> = {};
    const required: string[] = [];
    let childHasDefault = false;
    for (const name of Object.keys(spec).sort()) {
      const child = this.buildField(name, spec[name]!, [...path, name], required);
      if (!child) continue;
      properties[name] = child;
      if (child.default !== undefined) childHasDefault = true;
    }
    const schema: JSONSchemaProps = { type: 'object' };
    if (Object.keys(properties).length > 0) schema.properties = properties;
    const unique = [...new Set(required)].sort();
    if (unique.length > 0) schema.required = unique;
    if (unique.length === 0 && childHasDefault) schema.default = {};
    return schema;
  }

  private buildField(name: string, value: JsonValue, path: YamlPath, required: string[]): JSONSchemaProps | undefined {
    if (typeof value === 'string') return this.buildFromString(name, value, path, required);
    if (isJsonObject(value)) return this.buildObject(value, path);
    this.report('schema/invalid-field', `unexpected type: ${goTypeName(value)}`, path, undefined, fieldHint);
    return undefined;
  }

  buildFromString(name: string, field: string, path: YamlPath, required: string[]): JSONSchemaProps | undefined {
    const parsedType = parseTypeString(field);
    if (!parsedType.ok) {
      this.report(parsedType.error.code, parsedType.error.message, path, typeSpan(field));
      return undefined;
    }
    const { markers: markerText, markersOffset } = splitField(field);
    const parsedMarkers = markerText === undefined ? { ok: true as const, markers: [] } : parseMarkers(markerText);
    if (!parsedMarkers.ok) {
      const { code, message, start, end } = parsedMarkers.error;
      this.report(code, message, path, { start: markersOffset + start, end: markersOffset + end }, markerHint);
      return undefined;
    }
    const schema = this.resolve(parsedType.type, path, typeSpan(field));
    if (schema === UNRESOLVED) return undefined;
    if (parsedType.type.kind === 'custom' && this.customTypes.get(parsedType.type.name)?.required) required.push(name);
    const error = applyMarkers({ schema, addRequired: () => required.push(name) }, parsedMarkers.markers);
    if (error) {
      const span = error.marker
        ? { start: markersOffset + error.marker.keyStart, end: markersOffset + error.marker.valueEnd }
        : undefined;
      this.report(error.code, error.message, path, span, error.hint === undefined ? {} : { hint: error.hint });
      return undefined;
    }
    return schema;
  }

  private resolve(type: TypeExpr, path: YamlPath, span: Span): JSONSchemaProps | typeof UNRESOLVED {
    switch (type.kind) {
      case 'atomic':
        // OpenAPI (and CEL) know `number`, not `float`.
        return { type: type.name === 'float' ? 'number' : type.name };
      case 'object':
        return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
      case 'slice': {
        const items = this.resolve(type.elem, path, span);
        return items === UNRESOLVED ? UNRESOLVED : { items, type: 'array' };
      }
      case 'map': {
        const value = this.resolve(type.value, path, span);
        return value === UNRESOLVED ? UNRESOLVED : { additionalProperties: value, type: 'object' };
      }
      case 'custom': {
        const custom = this.customTypes.get(type.name);
        if (custom) return structuredClone(custom.schema);
        if (!this.brokenTypes.has(type.name)) this.report('schema/unknown-type', `unknown type: ${type.name}`, path, span);
        return UNRESOLVED;
      }
    }
  }

  private report(
    code: Diagnostic['code'],
    message: string,
    path: YamlPath,
    span?: Span,
    extra: { hint?: string } = {},
  ): void {
    this.diagnostics.push(diagnostic(code, message, path, span === undefined ? extra : { ...extra, span }));
  }
}

const fieldHint = {
  hint: 'a SimpleSchema field is a string like "integer | default=1" or a nested map of fields; quote the type',
};

const markerHint = {
  hint:
    `markers are key=value pairs separated by spaces after the first "|" (${MARKER_KEYS.join(', ')}); ` +
    'quote values that contain spaces, e.g. description="two words"',
};

/** The span of the trimmed type part of a field string. */
function typeSpan(field: string): Span {
  const { type } = splitField(field);
  const start = type.length - type.trimStart().length;
  return { start, end: start + type.trim().length };
}

/**
 * Converts a SimpleSchema `spec` (with optional custom `types`) to the OpenAPI schema of the instance spec.
 * Keys come out sorted, so equal input gives byte-identical output.
 */
export function simpleSchemaToOpenApi(
  spec: JsonValue | undefined,
  types?: JsonValue,
  options: SimpleSchemaOptions = {},
): Result<JSONSchemaProps> {
  const specPath = options.specPath ?? DEFAULT_SPEC_PATH;
  const transformer = new Transformer();
  transformer.loadCustomTypes(types, options.typesPath ?? DEFAULT_TYPES_PATH);
  let schema: JSONSchemaProps = { type: 'object' };
  if (isJsonObject(spec)) {
    schema = transformer.buildObject(spec, specPath);
  } else if (spec !== undefined && spec !== null) {
    transformer.diagnostics.push(
      diagnostic('schema/invalid-field', `unexpected type: ${goTypeName(spec)}`, specPath, fieldHint),
    );
  }
  const [first, ...rest] = transformer.diagnostics;
  if (first) return { ok: false, diagnostics: [first, ...rest] };
  return { ok: true, value: sortSchemaKeys(schema) };
}
