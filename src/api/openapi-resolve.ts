// Turns one component schema of an OpenAPI v3 document into a self-contained schema: every `$ref` is
// replaced by the schema it names, and the `allOf: [{$ref}]` wrapper the API server emits around
// referenced types (so it can attach a description or default) is flattened. Recursive types (CRD
// JSONSchemaProps refers to itself) are cut at the second visit and replaced by a preserve-unknown-fields
// schema of the same type, so the result is finite. Pure; shared subtrees are reused, so treat the result
// as read-only.
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import type { GroupVersionKind } from './types.js';

export interface OpenApiDocument {
  readonly openapi?: string;
  readonly components?: { readonly schemas?: Readonly<Record<string, JsonObject>> };
  readonly [key: string]: unknown;
}

const REF_PREFIX = '#/components/schemas/';
/** Marks where a recursive reference was cut, naming the schema it pointed to. */
export const RECURSIVE_REF_EXTENSION = 'x-kro-recursive-ref';
/** Keywords whose values are data, not schemas, so `$ref` inside them must stay as it is. */
const DATA_KEYS: ReadonlySet<string> = new Set(['default', 'example', 'enum', 'x-kubernetes-group-version-kind']);
/** Keywords whose values map names to schemas: their keys are property names, never keywords. */
const SCHEMA_MAP_KEYS: ReadonlySet<string> = new Set(['properties', 'patternProperties', 'definitions']);

/** Name of the component schema whose x-kubernetes-group-version-kind lists `gvk`. */
export function findSchemaNameForGvk(doc: OpenApiDocument, gvk: GroupVersionKind): string | undefined {
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    const gvks = schema['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks)) continue;
    for (const entry of gvks) {
      if (isJsonObject(entry) && (entry.group ?? '') === gvk.group && entry.version === gvk.version && entry.kind === gvk.kind) {
        return name;
      }
    }
  }
  return undefined;
}

/** The component schema `name` with all references inlined; undefined when the document lacks it. */
export function resolveSchema(doc: OpenApiDocument, name: string): JsonObject | undefined {
  const schemas = doc.components?.schemas ?? {};
  if (!Object.prototype.hasOwnProperty.call(schemas, name)) return undefined;
  const memo = new Map<string, JsonObject>();
  const stack = new Set<string>();

  const resolveNamed = (target: string): JsonObject => {
    const cached = memo.get(target);
    if (cached) return cached;
    const schema = schemas[target];
    if (!schema) return { description: `unresolved reference ${target}` };
    if (stack.has(target)) {
      const type = schema.type;
      return {
        ...(typeof type === 'string' ? { type } : {}),
        'x-kubernetes-preserve-unknown-fields': true,
        [RECURSIVE_REF_EXTENSION]: target,
      };
    }
    stack.add(target);
    const resolved = resolveObject(schema);
    stack.delete(target);
    memo.set(target, resolved);
    return resolved;
  };

  const resolveValue = (value: JsonValue): JsonValue => {
    if (Array.isArray(value)) return value.map(resolveValue);
    return isJsonObject(value) ? resolveObject(value) : value;
  };

  const resolveObject = (node: JsonObject): JsonObject => {
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith(REF_PREFIX)) {
      const target = resolveNamed(ref.slice(REF_PREFIX.length));
      const { $ref: _ref, ...siblings } = node;
      return Object.keys(siblings).length === 0 ? target : { ...target, ...resolveObject(siblings) };
    }
    const allOf = node.allOf;
    if (Array.isArray(allOf) && allOf.length === 1 && isJsonObject(allOf[0])) {
      const { allOf: _allOf, ...siblings } = node;
      const inner = resolveObject(allOf[0]);
      return { ...inner, ...resolveObject(siblings) };
    }
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (DATA_KEYS.has(key)) out[key] = value;
      else if (SCHEMA_MAP_KEYS.has(key) && isJsonObject(value)) out[key] = resolveSchemaMap(value);
      else out[key] = resolveValue(value);
    }
    return out;
  };

  const resolveSchemaMap = (map: JsonObject): JsonObject => {
    const out: JsonObject = {};
    for (const [name, schema] of Object.entries(map)) out[name] = resolveValue(schema);
    return out;
  };

  return resolveNamed(name);
}
