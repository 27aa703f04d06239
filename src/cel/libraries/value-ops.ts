// Generic operations on CEL values (see ../values.ts for the representation): CEL equality, ordering and
// cel-go's runtime type names. Library functions such as indexOf, distinct, sort and min need CEL's
// semantics (1 == 1.0, deep list/map equality, code-point string order), not JavaScript's.
import { Duration, Optional, UnsignedInt, celMapEntries, celMapGet, celMapSize, isCelMap } from '../values.js';
import { libraryError } from './errors.js';

/** A library value type (Quantity, URL, IP, ...) that defines its own CEL equality. */
export interface CelEquatable {
  celEquals(other: unknown): boolean;
}

/** A library value type with a CEL type name for messages (`kubernetes.Quantity`, `net.IP`, ...). */
export interface CelNamed {
  readonly celTypeName: string;
}

function isEquatable(v: object): v is CelEquatable {
  return typeof (v as Partial<CelEquatable>).celEquals === 'function';
}

function numericValue(v: unknown): number | bigint | undefined {
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  if (v instanceof UnsignedInt) return v.value;
  return undefined;
}

/** Compares two numbers of any CEL numeric kind exactly (no precision loss between int64 and double). */
function compareNumeric(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  const [x, sign] = typeof a === 'number' ? [a, 1] : [b as number, -1];
  const i = (typeof a === 'bigint' ? a : b) as bigint;
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return sign;
  if (x === -Infinity) return -sign;
  const floor = BigInt(Math.floor(x));
  if (floor !== i) return (floor < i ? -1 : 1) * sign;
  return (Number.isInteger(x) ? 0 : 1) * sign;
}

/** CEL's `==` (heterogeneous numeric equality, deep lists and maps). */
export function celEquals(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'number' || !Number.isNaN(a);
  const na = numericValue(a);
  if (na !== undefined) {
    const nb = numericValue(b);
    return nb !== undefined && compareNumeric(na, nb) === 0;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && listsEqual(a, b);
  if (a instanceof Uint8Array) return b instanceof Uint8Array && bytesEqual(a, b);
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof Duration) return b instanceof Duration && a.seconds === b.seconds && a.nanos === b.nanos;
  if (a instanceof Optional) {
    if (!(b instanceof Optional)) return false;
    return a.hasValue() ? b.hasValue() && celEquals(a.value(), b.value()) : !b.hasValue();
  }
  if (isEquatable(a)) return a.celEquals(b);
  if (isCelMap(a)) return isCelMap(b) && mapsEqual(a, b);
  if ('name' in a && 'name' in b && a.constructor === b.constructor) return a.name === b.name;
  return false;
}

function listsEqual(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!celEquals(a[i], b[i])) return false;
  return true;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function mapsEqual(
  a: ReadonlyMap<unknown, unknown> | Record<string, unknown>,
  b: ReadonlyMap<unknown, unknown> | Record<string, unknown>,
): boolean {
  if (celMapSize(a) !== celMapSize(b)) return false;
  for (const [k, v] of celMapEntries(a)) {
    const other = celMapGet(b, k);
    if (other === undefined || !celEquals(v, other)) return false;
  }
  return true;
}

/** Orders strings by Unicode code point, as Go compares UTF-8 strings (JS `<` compares UTF-16 units). */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

/**
 * cel-go's `Compare` for the orderable types (int, uint, double across kinds; bool, string, bytes,
 * timestamp, duration within their kind). Returns undefined when the two values are not comparable.
 */
export function celCompare(a: unknown, b: unknown): number | undefined {
  const na = numericValue(a);
  if (na !== undefined) {
    const nb = numericValue(b);
    if (nb === undefined) return undefined;
    const c = compareNumeric(na, nb);
    return Number.isNaN(c) ? undefined : Math.sign(c);
  }
  if (typeof a === 'string') return typeof b === 'string' ? Math.sign(compareStrings(a, b)) : undefined;
  if (typeof a === 'boolean') return typeof b === 'boolean' ? Number(a) - Number(b) : undefined;
  if (a instanceof Uint8Array) return b instanceof Uint8Array ? Math.sign(compareBytes(a, b)) : undefined;
  if (a instanceof Date) return b instanceof Date ? Math.sign(a.getTime() - b.getTime()) : undefined;
  if (a instanceof Duration) {
    if (!(b instanceof Duration)) return undefined;
    if (a.seconds !== b.seconds) return a.seconds < b.seconds ? -1 : 1;
    return Math.sign(a.nanos - b.nanos);
  }
  return undefined;
}

/** Like celCompare, but a non-comparable pair is cel-go's "no such overload" error. */
export function celCompareOrThrow(a: unknown, b: unknown): number {
  const c = celCompare(a, b);
  if (c === undefined) throw libraryError('no such overload', 'no_such_overload');
  return c;
}

/** cel-go's runtime type name of a value (`int`, `list`, `google.protobuf.Timestamp`, ...). */
export function celTypeName(v: unknown): string {
  switch (typeof v) {
    case 'bigint':
      return 'int';
    case 'number':
      return 'double';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    default:
      break;
  }
  if (v === null || v === undefined) return 'null_type';
  if (Array.isArray(v)) return 'list';
  if (v instanceof UnsignedInt) return 'uint';
  if (v instanceof Uint8Array) return 'bytes';
  if (v instanceof Date) return 'google.protobuf.Timestamp';
  if (v instanceof Duration) return 'google.protobuf.Duration';
  if (v instanceof Optional) return 'optional_type';
  if (typeof v === 'object' && typeof (v as Partial<CelNamed>).celTypeName === 'string') return (v as CelNamed).celTypeName;
  if (isCelMap(v)) return 'map';
  return 'type';
}

/** The kinds cel-go's Compare accepts in one list (sort keys must share one of these). */
export function comparableKind(v: unknown): string | undefined {
  const name = celTypeName(v);
  switch (name) {
    case 'int':
    case 'uint':
    case 'double':
    case 'bool':
    case 'string':
    case 'bytes':
    case 'google.protobuf.Timestamp':
    case 'google.protobuf.Duration':
      return name;
    default:
      return undefined;
  }
}
