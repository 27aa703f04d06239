// Conversion between our CelType model and cel-js's type names/declarations.
import type { EngineType } from './internals.js';
import {
  CelTypes,
  listType,
  mapType,
  opaqueType,
  optionalType,
  type CelObjectType,
  type CelType,
} from './types.js';

export const TIMESTAMP_TYPE = 'google.protobuf.Timestamp';
export const DURATION_TYPE = 'google.protobuf.Duration';

/** The cel-js type string of a CelType (object types by their registered name). */
export function engineTypeName(t: CelType): string {
  switch (t.kind) {
    case 'list':
      return `list<${engineTypeName(t.elem)}>`;
    case 'map':
      return `map<${engineTypeName(t.key)}, ${engineTypeName(t.value)}>`;
    case 'optional':
      return `optional<${engineTypeName(t.inner)}>`;
    case 'object':
    case 'opaque':
      return t.name;
    case 'timestamp':
      return TIMESTAMP_TYPE;
    case 'duration':
      return DURATION_TYPE;
    default:
      return t.kind;
  }
}

/**
 * The CelType of a cel-js type declaration. Unresolved type parameters (the element type of `[]`) become dyn,
 * as cel-go reports them; message types become our object types when we registered them, else opaque.
 */
export function celTypeFromEngine(t: EngineType, objects: ReadonlyMap<string, CelObjectType>): CelType {
  switch (t.kind) {
    case 'list':
      return listType(t.valueType ? celTypeFromEngine(t.valueType, objects) : CelTypes.dyn);
    case 'map':
      return mapType(
        t.keyType ? celTypeFromEngine(t.keyType, objects) : CelTypes.dyn,
        t.valueType ? celTypeFromEngine(t.valueType, objects) : CelTypes.dyn,
      );
    case 'optional':
      return optionalType(t.valueType ? celTypeFromEngine(t.valueType, objects) : CelTypes.dyn);
    case 'dyn':
    case 'param':
      return CelTypes.dyn;
    case 'message':
      if (t.name === TIMESTAMP_TYPE) return CelTypes.timestamp;
      if (t.name === DURATION_TYPE) return CelTypes.duration;
      return objects.get(t.name) ?? opaqueType(t.name);
    case 'primitive':
      return primitive(t.name);
    default:
      return opaqueType(t.name);
  }
}

function primitive(name: string): CelType {
  switch (name) {
    case 'bool':
      return CelTypes.bool;
    case 'int':
      return CelTypes.int;
    case 'uint':
      return CelTypes.uint;
    case 'double':
      return CelTypes.double;
    case 'string':
      return CelTypes.string;
    case 'bytes':
      return CelTypes.bytes;
    case 'null':
      return CelTypes.null;
    case 'type':
      return CelTypes.type;
    default:
      return opaqueType(name);
  }
}
