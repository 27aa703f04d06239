// JSON -> CEL values. With a CEL type (from the object's OpenAPI schema) values are converted the way
// Kubernetes' UnstructuredToVal does for kro (D10): integers become int64 bigints, `byte` strings bytes,
// `date`/`date-time` strings timestamps, `duration` strings durations, objects with properties structs and
// other objects Maps. Without a type (dyn, preserve-unknown subtrees) the schema-less rules apply: integral
// numbers become ints, other numbers doubles, objects Maps. Values that do not fit their declared type are
// kept as they are, so the expression that reads them fails with a type error naming the field, instead of
// the whole object failing to convert. JSON nulls inside typed objects and typed maps are dropped: CEL has
// no nullable fields, so a null field reads as absent (has() is false, access is "data pending").
import { structClassFor } from './structs.js';
import { parseGoDuration, parseRfc3339 } from './time.js';
import type { CelType } from './types.js';
import type { CelStruct} from './values.js';
import { Duration, INT64_MAX, INT64_MIN, Optional, UnsignedInt, UINT64_MAX } from './values.js';

/** Converts a JSON value (as parsed by JSON.parse; bigints accepted) to a CEL value of type `type`. */
export function jsonToCel(value: unknown, type: CelType): unknown {
  switch (type.kind) {
    case 'dyn':
      return dynFromJson(value);
    case 'int':
      return toInt(value);
    case 'uint':
      return toUint(value);
    case 'double':
      return typeof value === 'bigint' ? Number(value) : value;
    case 'bytes':
      return typeof value === 'string' ? decodeBase64(value) : value;
    case 'timestamp':
      return typeof value === 'string' ? (parseRfc3339(value) ?? value) : value;
    case 'duration':
      return typeof value === 'string' ? (durationFromGo(value) ?? value) : value;
    case 'list':
      return Array.isArray(value) ? value.map((item) => jsonToCel(item, type.elem)) : value;
    case 'map':
      return isPlainObject(value) ? mapFromJson(value, type.value) : value;
    case 'object':
      return isPlainObject(value) ? structFromJson(value, type) : value;
    case 'optional':
      if (value instanceof Optional) return value;
      return value === null || value === undefined ? Optional.none() : Optional.of(jsonToCel(value, type.inner));
    default:
      return value;
  }
}

/** Schema-less conversion: integral numbers -> int, other numbers -> double, objects -> Map. */
export function dynFromJson(value: unknown): unknown {
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? toInt(value) : value;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) return value.map(dynFromJson);
      if (!isPlainObject(value)) return value;
      const out = new Map<string, unknown>();
      for (const key of Object.keys(value)) out.set(key, dynFromJson(value[key]));
      return out;
    }
    default:
      return value;
  }
}

function mapFromJson(obj: Record<string, unknown>, valueType: CelType): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const keepNull = valueType.kind === 'dyn';
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (v === null && !keepNull) continue;
    out.set(key, jsonToCel(v, valueType));
  }
  return out;
}

function structFromJson(obj: Record<string, unknown>, type: Extract<CelType, { kind: 'object' }>): CelStruct {
  const Struct = structClassFor(type);
  const struct = new Struct();
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (v === null || v === undefined) continue;
    const field = type.fields.get(key);
    // Undeclared properties are kept (schema-less) so the object renders back unchanged; the checker
    // already prevents expressions from reading them unless the type preserves unknown fields.
    struct.set(key, field && field.jsonName === key ? jsonToCel(v, field.type) : dynFromJson(v));
  }
  return struct;
}

function toInt(value: unknown): unknown {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) {
    const big = BigInt(value);
    return big >= INT64_MIN && big <= INT64_MAX ? big : value;
  }
  return value;
}

function toUint(value: unknown): unknown {
  const big = typeof value === 'bigint' ? value : typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : undefined;
  if (big === undefined || big < 0n || big > UINT64_MAX) return value;
  return new UnsignedInt(big);
}

function durationFromGo(text: string): Duration | undefined {
  const nanos = parseGoDuration(text);
  if (nanos === undefined) return undefined;
  return new Duration(nanos / 1_000_000_000n, Number(nanos % 1_000_000_000n));
}

function decodeBase64(text: string): Uint8Array | string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/\s+/g, ''))) return text;
  const buf = Buffer.from(text, 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
