// C4: the OpenAPI schema of a value of a CEL type, for status fields whose schema kro infers from their
// expressions (upstream pkg/graph/schema/conversion_cel_type.go): bool -> boolean, int/uint -> integer,
// double -> number, string -> string, bytes -> string/byte, timestamp -> string/date-time, lists, maps and
// structs recursively (struct properties under their JSON names), and everything open or opaque (dyn,
// null, optionals, durations, library types) -> x-kubernetes-preserve-unknown-fields.
import type { CelType } from './types.js';

/** The subset of OpenAPI v3 / JSONSchemaProps this inference produces. */
export interface InferredSchema {
  readonly type?: 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';
  readonly format?: 'byte' | 'date-time';
  readonly description?: string;
  readonly items?: InferredSchema;
  readonly properties?: Readonly<Record<string, InferredSchema>>;
  readonly additionalProperties?: InferredSchema;
  readonly 'x-kubernetes-preserve-unknown-fields'?: true;
}

const MAX_DEPTH = 32;

export function openApiSchemaFromCelType(t: CelType, depth = 0): InferredSchema {
  if (depth > MAX_DEPTH) return { 'x-kubernetes-preserve-unknown-fields': true };
  switch (t.kind) {
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
      return { type: 'array', items: openApiSchemaFromCelType(t.elem, depth + 1) };
    case 'map':
      return { type: 'object', additionalProperties: openApiSchemaFromCelType(t.value, depth + 1) };
    case 'object': {
      const properties: Record<string, InferredSchema> = {};
      for (const [name, field] of t.fields) {
        if (name === field.jsonName) properties[name] = openApiSchemaFromCelType(field.type, depth + 1);
      }
      return t.preserveUnknownFields
        ? { type: 'object', properties, 'x-kubernetes-preserve-unknown-fields': true }
        : { type: 'object', properties };
    }
    case 'null':
      return { description: 'null type - any value allowed', 'x-kubernetes-preserve-unknown-fields': true };
    default:
      return { 'x-kubernetes-preserve-unknown-fields': true };
  }
}
