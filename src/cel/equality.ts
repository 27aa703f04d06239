// CEL's heterogeneous equality and numeric comparison (cel-spec "Equality" / cel-go's default): numbers
// compare by value across int, uint and double (`1u == 1.0` is true), lists element-wise,
// maps by key set (numeric keys match across numeric types) and values, and values of different kinds are
// simply unequal instead of an error. cel-js compares uints by object identity and mixed numbers only in
// some positions, so the facade routes `==`, `!=`, `in` and map indexing through these functions.
import type { EngineEvaluator } from './internals.js';
import { Duration, Optional, UnsignedInt, isCelMap, celMapEntries } from './values.js';

type Numeric = bigint | number;

function numericOf(v: unknown): Numeric | undefined {
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  if (v instanceof UnsignedInt) return v.value;
  return undefined;
}

/** Exact comparison of two numbers of any CEL numeric type: -1, 0, 1, or undefined when NaN is involved. */
export function compareNumeric(a: Numeric, b: Numeric): -1 | 0 | 1 | undefined {
  if (typeof a === 'number' && Number.isNaN(a)) return undefined;
  if (typeof b === 'number' && Number.isNaN(b)) return undefined;
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  // int vs double: cel-go converts the int to double (lossy above 2^53), which the conformance suite pins.
  const x = typeof a === 'bigint' ? Number(a) : a;
  const y = typeof b === 'bigint' ? Number(b) : b;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** cel-go's `==` for any two values. Unknown object types fall back to a registered `==` overload. */
export function celEquals(a: unknown, b: unknown, ev: EngineEvaluator): boolean {
  if (isLibraryValue(a) || isLibraryValue(b)) return registeredEquals(a, b, ev);
  if (a === b) return true;
  const na = numericOf(a);
  if (na !== undefined) {
    const nb = numericOf(b);
    return nb !== undefined && compareNumeric(na, nb) === 0;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Uint8Array) return b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => celEquals(x, b[i], ev));
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof Duration) return b instanceof Duration && a.seconds === b.seconds && a.nanos === b.nanos;
  if (a instanceof Optional) {
    if (!(b instanceof Optional)) return false;
    if (!a.hasValue() || !b.hasValue()) return a.hasValue() === b.hasValue();
    return celEquals(a.value(), b.value(), ev);
  }
  if (isCelMap(a)) {
    if (!isCelMap(b)) return false;
    const entries = celMapEntries(a);
    const other = celMapEntries(b);
    if (entries.length !== other.length) return false;
    return entries.every(([k, v]) => {
      const match = other.find(([k2]) => keysEqual(k, k2));
      return match !== undefined && celEquals(v, match[1], ev);
    });
  }
  return registeredEquals(a, b, ev);
}

function keysEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const na = numericOf(a);
  const nb = numericOf(b);
  return na !== undefined && nb !== undefined && compareNumeric(na, nb) === 0;
}

/** A value of a type some library registered (quantity, IP, the omit sentinel, ...): its `==` overload decides. */
function isLibraryValue(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Map) return false;
  if (v instanceof Uint8Array || v instanceof Date || v instanceof Duration || v instanceof Optional || v instanceof UnsignedInt) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto !== Object.prototype && proto !== null;
}

function registeredEquals(a: unknown, b: unknown, ev: EngineEvaluator): boolean {
  let left;
  let right;
  try {
    left = ev.debugType(a);
    right = ev.debugType(b);
  } catch {
    return false;
  }
  const overload = findEqualityOverload(ev, left, right);
  if (!overload) return a === b;
  return overload.handler(a, b, undefined, ev) === true;
}

type Handler = { handler: (...args: unknown[]) => unknown };
type Declaration = Handler & { leftType: { matches(t: unknown): boolean }; rightType: { matches(t: unknown): boolean } };

/** The `==` overload for two runtime types; when several match (cel-js then throws), the first declared wins. */
function findEqualityOverload(ev: EngineEvaluator, left: unknown, right: unknown): Handler | undefined {
  try {
    return ev.registry.findBinaryOverload('==', left as never, right as never) || undefined;
  } catch {
    const candidates = (ev.registry as unknown as { operatorCandidates(op: string): { declarations: Declaration[] } }).operatorCandidates('==');
    return candidates.declarations.find((d) => d.leftType.matches(left) && d.rightType.matches(right));
  }
}

/** The key of `map` equal to `key` under CEL key equality (numeric keys across types), or undefined. */
export function findMapKey(map: ReadonlyMap<unknown, unknown>, key: unknown): unknown {
  if (map.has(key)) return key;
  if (numericOf(key) === undefined) return undefined;
  for (const k of map.keys()) if (keysEqual(k, key)) return k;
  return undefined;
}

/** `x in collection` with CEL equality. */
export function celIn(x: unknown, collection: unknown, ev: EngineEvaluator): boolean | undefined {
  if (Array.isArray(collection)) return collection.some((item) => celEquals(x, item, ev));
  if (collection instanceof Map) return findMapKey(collection as ReadonlyMap<unknown, unknown>, x) !== undefined;
  if (isCelMap(collection)) return typeof x === 'string' && Object.prototype.hasOwnProperty.call(collection, x);
  return undefined;
}
