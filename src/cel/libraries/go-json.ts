// Go's encoding/json as kro's json.marshal / json.unmarshal use it: marshal sorts object keys, escapes
// <, > and & (\u003c ...), U+2028/9 and control characters, formats floats like Go (1e21 and up or below
// 1e-6 in exponent form, "e-07" shortened to "e-7"), base64-encodes bytes; unmarshal reports Go's syntax
// error texts and reads every number as a double.
import { Duration, OMIT, Optional, UnsignedInt, celMapEntries, isCelMap, isOmit } from '../values.js';
import { compareStrings, celTypeName } from './value-ops.js';
import { formatShortestExponent, formatShortestFixed, goJsonString } from '../../go/index.js';
import { formatGoDuration, formatRfc3339 } from '../time.js';
import { base64Encode } from './encoders.js';

/** A marshal failure: `convert` for values Go cannot represent natively, `encode` for encoding/json errors. */
export class GoJsonError extends Error {
  constructor(
    readonly phase: 'convert' | 'encode',
    message: string,
  ) {
    super(message);
  }
}

function goJsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new GoJsonError('encode', `json: unsupported value: ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  const abs = Math.abs(f);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    return formatShortestExponent(f).replace(/e-0(\d)$/, 'e-$1');
  }
  return formatShortestFixed(f);
}

const ZERO_TIME_MS = new Date('0001-01-01T00:00:00Z').getTime();

/** json.Marshal(GoNativeType(v)) for a CEL value. */
export function goJsonMarshal(v: unknown): string {
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      return goJsonFloat(v);
    case 'string':
      return goJsonString(v);
    default:
      break;
  }
  if (v === null || v === undefined) return 'null';
  if (v instanceof UnsignedInt) return v.value.toString();
  if (v instanceof Uint8Array) return `"${base64Encode(v)}"`;
  if (v instanceof Duration) return goJsonString(formatGoDuration(v.seconds * 1_000_000_000n + BigInt(v.nanos)));
  if (v instanceof Date) return v.getTime() === ZERO_TIME_MS ? 'null' : goJsonString(formatRfc3339(v));
  if (v instanceof Optional) return v.hasValue() ? goJsonMarshal(v.value()) : 'null';
  if (Array.isArray(v)) return `[${v.map(goJsonMarshal).join(',')}]`;
  if (isOmit(v) || v === OMIT) return '{}';
  if (isCelMap(v)) {
    const entries: [string, string][] = [];
    for (const [k, x] of celMapEntries(v)) {
      if (typeof k !== 'string') throw new GoJsonError('convert', `map key must be string, got ${goNativeTypeName(k)}`);
      entries.push([k, goJsonMarshal(x)]);
    }
    entries.sort((a, b) => compareStrings(a[0], b[0]));
    return `{${entries.map(([k, x]) => `${goJsonString(k)}:${x}`).join(',')}}`;
  }
  throw new GoJsonError('convert', `unsupported type: ${celTypeName(v)}`);
}

function goNativeTypeName(k: unknown): string {
  if (typeof k === 'bigint') return 'int64';
  if (typeof k === 'boolean') return 'bool';
  if (k instanceof UnsignedInt) return 'uint64';
  if (typeof k === 'number') return 'float64';
  return celTypeName(k);
}
