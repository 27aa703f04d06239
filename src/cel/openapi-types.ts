// OpenAPI v3 schema -> CEL type, following Kubernetes' SchemaDeclType as upstream kro uses it
// (pkg/cel/schemas.go): objects with properties become struct types named after their path
// (`__type_x.spec.ports.@idx`), additionalProperties become map(string, T), arrays list(T),
// int-or-string dyn, formats byte/date/date-time/duration become bytes/timestamp/duration.
// Where upstream hides a property from CEL (no type at all, an array without items), we expose it as dyn
// instead: the user gets a value rather than "undefined field". allOf/anyOf/oneOf only contribute when the
// schema itself has no type (OpenAPI v3 documents wrap `$ref`s in allOf); a `$ref` is followed through the
// caller's resolver, and a recursive reference becomes dyn.
import { CelTypes, listType, mapType, objectType, type CelField, type CelObjectType, type CelType } from './types.js';

/** The parts of an OpenAPI v3 schema (and CRD JSONSchemaProps) this conversion reads. */
export interface OpenApiSchema {
  readonly type?: string;
  readonly format?: string;
  readonly properties?: Readonly<Record<string, OpenApiSchema>>;
  readonly additionalProperties?: OpenApiSchema | boolean;
  readonly items?: OpenApiSchema | readonly OpenApiSchema[];
  readonly required?: readonly string[];
  readonly nullable?: boolean;
  readonly enum?: readonly unknown[];
  readonly allOf?: readonly OpenApiSchema[];
  readonly anyOf?: readonly OpenApiSchema[];
  readonly oneOf?: readonly OpenApiSchema[];
  readonly $ref?: string;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
}

export interface OpenApiToCelOptions {
  /** Name of the root struct type; nested structs are named `<root>.<field>`, `.@idx`, `.@elem`. @default '__type_object' */
  readonly typeName?: string;
  /**
   * The root of a Kubernetes object: `apiVersion`, `kind`, `metadata.name` and `metadata.generateName` are
   * declared even when the schema omits them (k8s WithTypeAndObjectMeta). @default false
   */
  readonly resourceRoot?: boolean;
  /** Resolves a `$ref` (e.g. `#/components/schemas/io.k8s.api.core.v1.PodSpec`). */
  readonly resolveRef?: (ref: string) => OpenApiSchema | undefined;
}

/** Upstream's prefix for struct type names generated from schemas. */
export const TYPE_NAME_PREFIX = '__type_';

type CacheByName = Map<string, CelType>;
const cacheWithoutResolver = new WeakMap<OpenApiSchema, CacheByName>();
const cacheByResolver = new WeakMap<(ref: string) => OpenApiSchema | undefined, WeakMap<OpenApiSchema, CacheByName>>();

/** Converts `schema` to a CEL type. Results are cached per schema object, type name and resolver. */
export function celTypeFromOpenApi(schema: OpenApiSchema, options: OpenApiToCelOptions = {}): CelType {
  const typeName = options.typeName ?? `${TYPE_NAME_PREFIX}object`;
  const key = `${typeName}\u0000${options.resourceRoot === true}`;
  let bySchema = cacheWithoutResolver;
  if (options.resolveRef) {
    bySchema = cacheByResolver.get(options.resolveRef) ?? new WeakMap();
    cacheByResolver.set(options.resolveRef, bySchema);
  }
  const byName = bySchema.get(schema) ?? new Map<string, CelType>();
  bySchema.set(schema, byName);
  const cached = byName.get(key);
  if (cached) return cached;
  const converter = new Converter(options.resolveRef);
  const result = converter.convert(schema, typeName, options.resourceRoot === true);
  byName.set(key, result);
  return result;
}

const CEL_RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);

/**
 * Kubernetes' CEL property-name escaping (apiserver/pkg/cel/escaping.go): `x-y` -> `x__dash__y`,
 * `a.b` -> `a__dot__b`, `a/b` -> `a__slash__b`, `__` -> `__underscores__`, reserved words -> `__word__`.
 * Returns undefined for names that cannot be escaped (those are reachable with `obj["name"]` only).
 */
export function escapeCelFieldName(name: string): string | undefined {
  if (name === '' || (name[0] !== undefined && name[0] >= '0' && name[0] <= '9')) return undefined;
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !name.includes('__')) return name;
  let ok = true;
  const escaped = name.replace(/__|[-./]|[^A-Za-z0-9_]/g, (s) => {
    switch (s) {
      case '__':
        return '__underscores__';
      case '.':
        return '__dot__';
      case '-':
        return '__dash__';
      case '/':
        return '__slash__';
      default:
        ok = false;
        return '';
    }
  });
  return ok ? escaped : undefined;
}

const stringField = (jsonName: string): CelField => ({ type: CelTypes.string, required: false, jsonName });

class Converter {
  private readonly refStack: string[] = [];
  private readonly usedNames = new Set<string>();

  constructor(private readonly resolveRef: ((ref: string) => OpenApiSchema | undefined) | undefined) {}

  convert(input: OpenApiSchema, name: string, resourceRoot: boolean): CelType {
    const ref = input.$ref;
    if (ref !== undefined) {
      if (this.refStack.includes(ref)) return CelTypes.dyn;
      const target = this.resolveRef?.(ref);
      if (!target) return CelTypes.dyn;
      this.refStack.push(ref);
      try {
        return this.convert(target, name, resourceRoot);
      } finally {
        this.refStack.pop();
      }
    }
    const { schema, ref: viaRef } = this.effective(input);
    if (viaRef !== undefined) {
      if (this.refStack.includes(viaRef)) return CelTypes.dyn;
      this.refStack.push(viaRef);
      try {
        return this.convertTyped(schema, name, resourceRoot);
      } finally {
        this.refStack.pop();
      }
    }
    return this.convertTyped(schema, name, resourceRoot);
  }

  private convertTyped(schema: OpenApiSchema, name: string, resourceRoot: boolean): CelType {
    if (schema['x-kubernetes-int-or-string'] === true) return CelTypes.dyn;
    const embedded = resourceRoot || schema['x-kubernetes-embedded-resource'] === true;
    const type = schema.type ?? (schema.properties || embedded ? 'object' : undefined);
    switch (type) {
      case 'boolean':
        return CelTypes.bool;
      case 'integer':
        return CelTypes.int;
      case 'number':
        return CelTypes.double;
      case 'string':
        return stringFormatType(schema.format);
      case 'array':
        return this.convertArray(schema, name);
      case 'object':
        return this.convertObject(schema, name, embedded);
      default:
        return CelTypes.dyn;
    }
  }

  /** A schema without its own type takes it from the first allOf branch that has one (possibly a `$ref`). */
  private effective(schema: OpenApiSchema): { schema: OpenApiSchema; ref?: string } {
    if (schema.type !== undefined || schema.properties || schema['x-kubernetes-int-or-string'] === true) return { schema };
    if (schema['x-kubernetes-preserve-unknown-fields'] === true) return { schema };
    for (const branch of schema.allOf ?? []) {
      const resolved = branch.$ref !== undefined ? this.resolveRef?.(branch.$ref) : branch;
      if (resolved && (resolved.type !== undefined || resolved.properties)) {
        const merged = { ...resolved, ...withoutComposition(schema), type: resolved.type ?? 'object' };
        return branch.$ref !== undefined ? { schema: merged, ref: branch.$ref } : { schema: merged };
      }
    }
    return { schema };
  }

  private convertArray(schema: OpenApiSchema, name: string): CelType {
    const items = Array.isArray(schema.items) ? (schema.items as readonly OpenApiSchema[])[0] : schema.items;
    if (!items) return listType(CelTypes.dyn);
    return listType(this.convert(items as OpenApiSchema, `${name}.@idx`, false));
  }

  private convertObject(schema: OpenApiSchema, name: string, resourceRoot: boolean): CelType {
    const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
    const additional = schema.additionalProperties;
    if (additional !== undefined && additional !== false && !schema.properties) {
      const valueType = additional === true ? CelTypes.dyn : this.convert(additional, `${name}.@elem`, false);
      return mapType(CelTypes.string, valueType);
    }
    const properties = schema.properties ?? {};
    if (preserve && Object.keys(properties).length === 0 && !resourceRoot) return CelTypes.dyn;
    const typeName = this.uniqueName(name);
    const required = new Set(schema.required ?? []);
    const fields = new Map<string, CelField>();
    for (const [prop, propSchema] of Object.entries(properties)) {
      const field: CelField = {
        type: this.convert(propSchema, `${typeName}.${sanitize(prop)}`, false),
        required: required.has(prop),
        jsonName: prop,
      };
      fields.set(prop, field);
      const escaped = escapeCelFieldName(prop);
      if (escaped !== undefined && escaped !== prop && !(escaped in properties)) fields.set(escaped, field);
    }
    if (resourceRoot) addTypeAndObjectMeta(fields, typeName);
    return objectType(typeName, fields, preserve);
  }

  private uniqueName(name: string): string {
    let candidate = name;
    for (let i = 2; this.usedNames.has(candidate); i++) candidate = `${name}_${i}`;
    this.usedNames.add(candidate);
    return candidate;
  }
}

function stringFormatType(format: string | undefined): CelType {
  switch (format) {
    case 'byte':
      return CelTypes.bytes;
    case 'date':
    case 'date-time':
      return CelTypes.timestamp;
    case 'duration':
      return CelTypes.duration;
    default:
      return CelTypes.string;
  }
}

function withoutComposition(schema: OpenApiSchema): OpenApiSchema {
  const { allOf: _allOf, anyOf: _anyOf, oneOf: _oneOf, ...rest } = schema;
  return rest;
}

/** Type names end up inside cel-js type strings (`list<...>`, `map<string, ...>`): keep them parseable. */
function sanitize(segment: string): string {
  return segment.replace(/[^A-Za-z0-9_@-]/g, '_');
}

function addTypeAndObjectMeta(fields: Map<string, CelField>, typeName: string): void {
  if (!fields.has('apiVersion')) fields.set('apiVersion', stringField('apiVersion'));
  if (!fields.has('kind')) fields.set('kind', stringField('kind'));
  const metadata = fields.get('metadata');
  const metaType = metadata?.type;
  if (metaType && !(metaType.kind === 'object' && metaType.fields.size === 0)) return;
  const metaFields = new Map<string, CelField>([
    ['name', stringField('name')],
    ['generateName', stringField('generateName')],
  ]);
  const meta: CelObjectType = objectType(`${typeName}.metadata`, metaFields, false);
  fields.set('metadata', { type: meta, required: metadata?.required ?? false, jsonName: 'metadata' });
}
