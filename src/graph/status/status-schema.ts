// C4: the OpenAPI schema of an instance's status, inferred from the CEL output types of its status expressions
// (upstream pkg/graph/schema/conversion_cel_type.go + field_descriptor.go). Scalars map to their OpenAPI types,
// lists/maps/objects recurse (objects keep the JSON names of their fields), and anything open (dyn, null,
// optionals, library types) becomes x-kubernetes-preserve-unknown-fields so the API server keeps the value.
import type { JSONSchemaProps, YamlPath } from '../../api/index.js';
import type { CelObjectType, CelType } from '../../cel/index.js';

const OPEN: JSONSchemaProps = { 'x-kubernetes-preserve-unknown-fields': true };
const MAX_DEPTH = 32;

export function schemaFromCelType(type: CelType, depth = 0): JSONSchemaProps {
  if (depth > MAX_DEPTH) return { ...OPEN };
  switch (type.kind) {
    case 'bool':
      return { type: 'boolean' };
    case 'int':
    case 'uint':
      return { type: 'integer' };
    case 'double':
      return { type: 'number' };
    case 'string':
      return { type: 'string' };
    case 'bytes':
      return { type: 'string', format: 'byte' };
    case 'timestamp':
      return { type: 'string', format: 'date-time' };
    case 'list':
      return { type: 'array', items: schemaFromCelType(type.elem, depth + 1) };
    case 'map':
      return { type: 'object', additionalProperties: schemaFromCelType(type.value, depth + 1) };
    case 'object':
      return objectSchema(type, depth);
    default:
      return { ...OPEN };
  }
}

function objectSchema(type: CelObjectType, depth: number): JSONSchemaProps {
  const properties: Record<string, JSONSchemaProps> = {};
  for (const field of type.fields.values()) {
    if (field.jsonName in properties) continue;
    properties[field.jsonName] = schemaFromCelType(field.type, depth + 1);
  }
  // An object with no declared fields would prune every value the API server receives: keep them instead.
  if (Object.keys(properties).length === 0) return { type: 'object', ...OPEN };
  const schema: JSONSchemaProps = { type: 'object', properties };
  if (type.preserveUnknownFields) schema['x-kubernetes-preserve-unknown-fields'] = true;
  return schema;
}

export interface StatusField {
  /** Path below `status`, e.g. ['endpoint'], ['names', 0], ['db', 'host']. */
  readonly path: YamlPath;
  readonly schema: JSONSchemaProps;
}

/** Builds the nested status object schema from its leaves; list indexes share one `items` schema. */
export function statusSchemaFromFields(fields: readonly StatusField[]): JSONSchemaProps {
  const root: JSONSchemaProps = { type: 'object', properties: {} };
  for (const field of fields) place(root, field.path, field.schema);
  return root;
}

function ensureObject(s: JSONSchemaProps): void {
  s.type ??= 'object';
  s.properties ??= {};
}

function place(current: JSONSchemaProps, path: YamlPath, leaf: JSONSchemaProps): void {
  const [seg, ...rest] = path;
  if (seg === undefined) return;
  if (typeof seg === 'number') {
    current.type = 'array';
    current.items ??= {};
    if (rest.length === 0) {
      current.items = leaf;
      return;
    }
    ensureObject(current.items);
    place(current.items, rest, leaf);
    return;
  }
  ensureObject(current);
  const properties = current.properties!;
  if (rest.length === 0) {
    properties[seg] = leaf;
    return;
  }
  const child = properties[seg] ?? {};
  if (typeof rest[0] !== 'number') ensureObject(child);
  place(child, rest, leaf);
  properties[seg] = child;
}
