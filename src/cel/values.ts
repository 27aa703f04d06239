// How CEL values are represented in JavaScript inside kro-ts. This is the contract for everything that
// produces or consumes CEL values: the JSON converters, the function libraries and the evaluator.
// We adopt @marcbachmann/cel-js's runtime representation (its operators and built-ins depend on it) and
// narrow it where cel-js is loose, so libraries see one shape per CEL type:
//
//   CEL type            JavaScript value
//   ------------------  -----------------------------------------------------------------------------
//   int                 bigint, always within int64 (cel-js checks overflow on + - *)
//   uint                UnsignedInt (from cel-js), `.value` is the bigint
//   double              number (NaN and ±Infinity allowed)
//   string              string
//   bool                boolean
//   bytes               Uint8Array (never Buffer-specific APIs in results)
//   null_type           null
//   list(T)             Array; treat as immutable (never mutate an argument, always return a new array)
//   map(K, V)           Map<K, V>. Values converted from JSON and map literals are always `Map`s. cel-js may
//                       still hand a plain object (string keys) to a function; read maps with
//                       `celMapEntries` / `celMapGet`, which accept every representation below.
//   object (struct)     an instance of a per-schema subclass of `CelStruct` (itself a Map<string, value>), so
//                       a struct is also readable as a map. Absent fields are absent keys (JSON nulls in
//                       typed objects are dropped on conversion: a null field reads as absent).
//   timestamp           Date (millisecond precision: cel-js's choice; sub-millisecond digits are truncated)
//   duration            Duration (from cel-js): `seconds` bigint + `nanos` number, same sign
//   optional(T)         Optional (from cel-js): `Optional.of(v)`, `Optional.none()`
//   type                cel-js's Type object (has `.name`)
//   kro.omit            the `OMIT` singleton below (created by `omit()`; removes the field it is assigned to)
//   dyn                 any of the above
//
// Results of an evaluation are turned into JSON by `celToJson` (convert-out.ts), which implements
// upstream's rules (D9): timestamps become RFC 3339 strings, durations Go duration strings, optional none
// becomes null, bytes and too-large uints are errors, OMIT removes the field.
import { Duration, UnsignedInt } from '@marcbachmann/cel-js/evaluator';
import { Optional } from '@marcbachmann/cel-js';

export { Duration, Optional, UnsignedInt };

/** Base class of every struct (OpenAPI object with properties) value. Subclassed once per struct type. */
export class CelStruct extends Map<string, unknown> {}

/** The CEL type name of the omit sentinel, as upstream (`kro.omit`). */
export const OMIT_TYPE_NAME = 'kro.omit';

/** The class of the omit sentinel; the omit library registers it as the cel-js type `kro.omit`. */
export class CelOmit {
  toString(): string {
    return 'omit()';
  }
}

/** The one omit sentinel. `omit()` returns it; `celToJson` removes the field or list element holding it. */
export const OMIT: CelOmit = Object.freeze(new CelOmit());

export function isOmit(value: unknown): value is CelOmit {
  return value instanceof CelOmit;
}

/**
 * A library value that has a JSON form implements this method (e.g. `kro.run.Condition` -> its fields); `celToJson`
 * calls it and converts what it returns like any other CEL value. Values without it cannot be written to JSON.
 */
export const TO_CEL_JSON: unique symbol = Symbol.for('kro-ts.cel.toJson');

export interface CelJsonConvertible {
  [TO_CEL_JSON](): unknown;
}

/** A CEL value as seen from TypeScript. Deliberately wide: cel-js values are dynamically typed. */
export type CelValue =
  | bigint
  | number
  | string
  | boolean
  | null
  | Uint8Array
  | UnsignedInt
  | Duration
  | Date
  | Optional
  | CelOmit
  | readonly unknown[]
  | ReadonlyMap<unknown, unknown>
  | { readonly [key: string]: unknown };

/** True for every representation of a CEL map (Map, struct, plain object from cel-js). */
export function isCelMap(value: unknown): value is ReadonlyMap<unknown, unknown> | Record<string, unknown> {
  if (value instanceof Map) return true;
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The entries of a CEL map in iteration order, whatever its representation. */
export function celMapEntries(value: ReadonlyMap<unknown, unknown> | Record<string, unknown>): [unknown, unknown][] {
  if (value instanceof Map) return [...(value as ReadonlyMap<unknown, unknown>).entries()];
  return Object.entries(value);
}

/** Looks a key up in a CEL map; undefined when absent. */
export function celMapGet(value: ReadonlyMap<unknown, unknown> | Record<string, unknown>, key: unknown): unknown {
  if (value instanceof Map) return (value as ReadonlyMap<unknown, unknown>).get(key);
  if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
  return (value as Record<string, unknown>)[key];
}

/** Number of entries of a CEL map. */
export function celMapSize(value: ReadonlyMap<unknown, unknown> | Record<string, unknown>): number {
  return value instanceof Map ? (value as ReadonlyMap<unknown, unknown>).size : Object.keys(value).length;
}

export const INT64_MAX = 9223372036854775807n;
export const INT64_MIN = -9223372036854775808n;
export const UINT64_MAX = 18446744073709551615n;
