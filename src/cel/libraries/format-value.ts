// How cel-go renders values as text: `%s` of string.format (ext strings v4 formatter) and `%v` in error
// messages. Timestamps print as RFC 3339 in UTC, durations as seconds ("3600s"), doubles in Go's shortest
// 'f' form, lists and maps recursively with map entries sorted by their rendered key.
import { Duration, Optional, UnsignedInt, celMapEntries, isCelMap } from '../values.js';
import { compareStrings, celTypeName } from './value-ops.js';
import { formatShortestFixed } from '../../go/index.js';
import { libraryError } from './errors.js';

const utf8Decoder = new TextDecoder('utf-8');

/** time.Time.UTC().Format(time.RFC3339Nano): fractional seconds without trailing zeros, `Z`. */
export function formatRfc3339Nano(d: Date): string {
  const iso = d.toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 19)}${frac === '' ? '' : `.${frac}`}Z`;
}

/** float64 seconds of a duration, as Go's Duration.Seconds() computes it. */
export function durationSeconds(d: Duration): number {
  return Number(d.seconds) + d.nanos / 1e9;
}

export function formatDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return formatShortestFixed(x);
}

/** The `%s` rendering of any CEL value (cel-go formatStringV2). */
export function formatStringValue(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      return formatDouble(v);
    default:
      break;
  }
  if (v === null) return 'null';
  if (v instanceof UnsignedInt) return v.value.toString();
  if (v instanceof Uint8Array) return utf8Decoder.decode(v);
  if (v instanceof Duration) return `${formatShortestFixed(durationSeconds(v))}s`;
  if (v instanceof Date) return formatRfc3339Nano(v);
  if (Array.isArray(v)) return `[${v.map(formatStringValue).join(', ')}]`;
  if (isCelMap(v)) {
    const entries = celMapEntries(v).map(([k, x]) => [formatStringValue(k), formatStringValue(x)] as const);
    entries.sort((a, b) => compareStrings(a[0], b[0]));
    return `{${entries.map(([k, x]) => `${k}: ${x}`).join(', ')}}`;
  }
  if (typeof v === 'object' && v !== null && 'name' in v && v.constructor.name === 'Type') return String(v.name);
  throw libraryError(
    `string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, types, durations, and timestamps, was given ${celTypeName(v)}`,
    'invalid_format',
  );
}

/** Go's `%v` of a CEL value, as it appears inside cel-go error messages. */
export function goPrint(v: unknown): string {
  if (v instanceof Optional) return v.hasValue() ? `optional(${goPrint(v.value())})` : 'optional.none()';
  try {
    return formatStringValue(v);
  } catch {
    return String(v);
  }
}
