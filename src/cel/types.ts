// CEL types as kro-ts sees them: a small structured model that the graph builder, the compatibility check
// and status-schema inference work on, independent of the engine's own type objects. It can be formatted
// the way cel-go prints types (`list(string)`, `map(string, int)`, `optional_type(int)`), which is what
// upstream kro shows in its error messages.

export type CelScalarKind =
  | 'bool'
  | 'int'
  | 'uint'
  | 'double'
  | 'string'
  | 'bytes'
  | 'null'
  | 'timestamp'
  | 'duration'
  | 'type'
  | 'dyn';

export interface CelScalarType {
  readonly kind: CelScalarKind;
}

export interface CelListType {
  readonly kind: 'list';
  readonly elem: CelType;
}

export interface CelMapType {
  readonly kind: 'map';
  readonly key: CelType;
  readonly value: CelType;
}

export interface CelOptionalType {
  readonly kind: 'optional';
  readonly inner: CelType;
}

export interface CelField {
  readonly type: CelType;
  readonly required: boolean;
  /** The property name in JSON when the CEL field name is an escaped alias (e.g. `x__dash__y` for `x-y`). */
  readonly jsonName: string;
}

/** An OpenAPI object with declared properties (cel-go: a struct / DeclType object). */
export interface CelObjectType {
  readonly kind: 'object';
  /** Unique within one environment, upstream style: `__type_deployment.spec.template`. */
  readonly name: string;
  /** CEL field name -> field. Escaped aliases (k8s CEL escaping) are separate entries with the same jsonName. */
  readonly fields: ReadonlyMap<string, CelField>;
  /** x-kubernetes-preserve-unknown-fields: undeclared fields are readable as dyn. */
  readonly preserveUnknownFields: boolean;
}

/** A type registered by a library (e.g. `kro.run.Condition`, `kro.omit`, `net.IP`): known by name only. */
export interface CelOpaqueType {
  readonly kind: 'opaque';
  readonly name: string;
}

export type CelType = CelScalarType | CelListType | CelMapType | CelOptionalType | CelObjectType | CelOpaqueType;

function scalar(kind: CelScalarKind): CelScalarType {
  return Object.freeze({ kind });
}

/** The scalar types, as shared frozen constants (compare kinds, not identity). */
export const CelTypes = Object.freeze({
  bool: scalar('bool'),
  int: scalar('int'),
  uint: scalar('uint'),
  double: scalar('double'),
  string: scalar('string'),
  bytes: scalar('bytes'),
  null: scalar('null'),
  timestamp: scalar('timestamp'),
  duration: scalar('duration'),
  type: scalar('type'),
  dyn: scalar('dyn'),
});

export function listType(elem: CelType): CelListType {
  return Object.freeze({ kind: 'list', elem });
}

export function mapType(key: CelType, value: CelType): CelMapType {
  return Object.freeze({ kind: 'map', key, value });
}

export function optionalType(inner: CelType): CelOptionalType {
  return Object.freeze({ kind: 'optional', inner });
}

export function opaqueType(name: string): CelOpaqueType {
  return Object.freeze({ kind: 'opaque', name });
}

export function objectType(
  name: string,
  fields: ReadonlyMap<string, CelField>,
  preserveUnknownFields = false,
): CelObjectType {
  return Object.freeze({ kind: 'object', name, fields, preserveUnknownFields });
}

/** Formats a type the way cel-go's `Type.String()` does, so messages match upstream kro. */
export function formatCelType(t: CelType): string {
  switch (t.kind) {
    case 'list':
      return `list(${formatCelType(t.elem)})`;
    case 'map':
      return `map(${formatCelType(t.key)}, ${formatCelType(t.value)})`;
    case 'optional':
      return `optional_type(${formatCelType(t.inner)})`;
    case 'object':
    case 'opaque':
      return t.name;
    case 'null':
      return 'null_type';
    case 'timestamp':
      return 'google.protobuf.Timestamp';
    case 'duration':
      return 'google.protobuf.Duration';
    default:
      return t.kind;
  }
}

/** Structural equality of two types (objects and opaque types by name). */
export function celTypesEqual(a: CelType, b: CelType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'list':
      return celTypesEqual(a.elem, (b as CelListType).elem);
    case 'map':
      return celTypesEqual(a.key, (b as CelMapType).key) && celTypesEqual(a.value, (b as CelMapType).value);
    case 'optional':
      return celTypesEqual(a.inner, (b as CelOptionalType).inner);
    case 'object':
    case 'opaque':
      return a.name === (b as CelObjectType | CelOpaqueType).name;
    default:
      return true;
  }
}

/** Every object type reachable from `root` (each once), parents before children. */
export function collectObjectTypes(root: CelType, out: CelObjectType[] = [], seen = new Set<CelType>()): CelObjectType[] {
  if (seen.has(root)) return out;
  seen.add(root);
  switch (root.kind) {
    case 'list':
      collectObjectTypes(root.elem, out, seen);
      break;
    case 'map':
      collectObjectTypes(root.key, out, seen);
      collectObjectTypes(root.value, out, seen);
      break;
    case 'optional':
      collectObjectTypes(root.inner, out, seen);
      break;
    case 'object':
      out.push(root);
      for (const field of root.fields.values()) collectObjectTypes(field.type, out, seen);
      break;
    default:
      break;
  }
  return out;
}
