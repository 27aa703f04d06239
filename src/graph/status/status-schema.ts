// C4: the OpenAPI schema of an instance's status, inferred from the CEL output types of its status expressions
// (upstream pkg/graph/schema/conversion_cel_type.go + field_descriptor.go): src/cel maps each type, and the
// fields are placed at their paths (nested maps become objects, list entries share one `items` schema).
import type { JSONSchemaProps, YamlPath } from '../../api/index.js';
import { openApiSchemaFromCelType, type CelType, type InferredSchema } from '../../cel/index.js';

/**
 * The status schema of a value of `type` (src/cel's inference), except that an object type without declared
 * fields keeps whatever it holds: upstream writes `properties: {}` there, and the API server then prunes every
 * value of it (see docs/compatibility.md).
 */
export function schemaFromCelType(type: CelType): JSONSchemaProps {
  return keepOpenObjects(openApiSchemaFromCelType(type));
}

function keepOpenObjects(schema: InferredSchema): JSONSchemaProps {
  const out: JSONSchemaProps = { ...schema };
  if (schema.items) out.items = keepOpenObjects(schema.items);
  if (schema.additionalProperties) out.additionalProperties = keepOpenObjects(schema.additionalProperties);
  if (schema.properties) {
    const names = Object.keys(schema.properties);
    if (names.length === 0) {
      delete out.properties;
      out['x-kubernetes-preserve-unknown-fields'] = true;
    } else {
      out.properties = Object.fromEntries(names.map((n) => [n, keepOpenObjects(schema.properties![n]!)]));
    }
  }
  return out;
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
