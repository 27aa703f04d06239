// CEL result -> JSON, with upstream kro's rules (D9, pkg/cel/conversion): ints and doubles become numbers,
// timestamps RFC 3339 strings (metav1.Time), durations Go duration strings (metav1.Duration), optional none
// null, maps objects (string keys only), the omit sentinel removes the field or list element. Bytes, uints
// above int64 and other non-JSON values are errors that tell the user how to encode them.
import type { JsonObject, JsonValue } from '../api/index.js';
import { formatGoDuration, formatRfc3339 } from './time.js';
import { CelOmit, Duration, INT64_MAX, Optional, TO_CEL_JSON, UnsignedInt, isCelMap, celMapEntries } from './values.js';
import type { CelJsonConvertible } from './values.js';

export type JsonConversion =
  | { readonly ok: true; readonly omit: false; readonly value: JsonValue }
  | { readonly ok: true; readonly omit: true }
  | { readonly ok: false; readonly message: string; readonly hint?: string; readonly path: readonly (string | number)[] };

class ConversionError extends Error {
  constructor(
    message: string,
    readonly hint: string | undefined,
    readonly path: (string | number)[],
  ) {
    super(message);
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Converts an evaluation result to JSON. `omit: true` means the field holding it is to be removed. */
export function celToJson(value: unknown): JsonConversion {
  if (value instanceof CelOmit) return { ok: true, omit: true };
  try {
    return { ok: true, omit: false, value: toJson(value, []) };
  } catch (e) {
    if (e instanceof ConversionError) {
      const where = e.path.length > 0 ? ` at ${formatPath(e.path)}` : '';
      return { ok: false, message: `${e.message}${where}`, ...(e.hint ? { hint: e.hint } : {}), path: e.path };
    }
    throw e;
  }
}

function toJson(value: unknown, path: (string | number)[]): JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'bigint':
      return intToJson(value, path);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new ConversionError(`double value ${value} cannot be represented in JSON`, undefined, path);
      }
      return value;
    case 'object':
      return objectToJson(value, path);
    default:
      throw new ConversionError(`unsupported type: ${typeof value}`, undefined, path);
  }
}

function objectToJson(value: object | null, path: (string | number)[]): JsonValue {
  if (value === null) return null;
  if (Array.isArray(value)) {
    const out: JsonValue[] = [];
    value.forEach((item: unknown, i) => {
      if (!(item instanceof CelOmit)) out.push(toJson(item, [...path, i]));
    });
    return out;
  }
  if (value instanceof Optional) return value.hasValue() ? toJson(value.value(), path) : null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ConversionError('invalid timestamp', undefined, path);
    return formatRfc3339(value);
  }
  if (value instanceof Duration) return formatGoDuration(value.seconds * 1_000_000_000n + BigInt(value.nanos));
  if (value instanceof UnsignedInt) {
    if (value.value > INT64_MAX) {
      throw new ConversionError(
        `uint value ${value.value} exceeds the int64 range of JSON integers`,
        'encode it explicitly, e.g. string(...)',
        path,
      );
    }
    return intToJson(value.value, path);
  }
  if (value instanceof Uint8Array) {
    throw new ConversionError(
      'unsupported type: bytes cannot be written into a JSON field',
      'encode it explicitly, e.g. base64.encode(...)',
      path,
    );
  }
  if (TO_CEL_JSON in value) return toJson((value as CelJsonConvertible)[TO_CEL_JSON](), path);
  if (isCelMap(value)) {
    const out: JsonObject = {};
    for (const [key, v] of celMapEntries(value)) {
      if (typeof key !== 'string') {
        throw new ConversionError(`map key must be string, got ${describe(key)}`, undefined, path);
      }
      if (!(v instanceof CelOmit)) out[key] = toJson(v, [...path, key]);
    }
    return out;
  }
  throw new ConversionError(`unsupported type: ${describe(value)}`, undefined, path);
}

function intToJson(value: bigint, path: (string | number)[]): number {
  if (value <= MAX_SAFE && value >= -MAX_SAFE) return Number(value);
  const n = Number(value);
  if (BigInt(n) === value) return n;
  throw new ConversionError(
    `integer ${value} cannot be represented exactly as a JSON number`,
    'encode it explicitly, e.g. string(...)',
    path,
  );
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'double';
  if (value instanceof UnsignedInt) return 'uint';
  if (typeof value === 'object' && value !== null) {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    const tag = (value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag];
    return typeof tag === 'string' ? tag : name || 'object';
  }
  return typeof value;
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
}
