// JSON text exactly as Go's encoding/json writes it, so hashes computed over it match upstream kro bit for bit:
// map keys sorted by their UTF-8 bytes, strings escaped as Go escapes them (src/go's goJsonString), and numbers
// in Go's float64 format (JavaScript's shortest round-trip digits agree; exponents differ only in form).
import type { JsonValue } from '../../api/index.js';
import { goJsonString } from '../../go/index.js';

/**
 * Go's strconv.FormatFloat(f, 'f' or 'e', -1, 64) as encoding/json chooses it: plain digits in [1e-6, 1e21),
 * else exponent form with "e-7"/"e+21" exponents. JavaScript's String() makes the same choices with the same
 * shortest round-trip digits; only negative zero differs.
 */
export function goJsonNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n}`);
  return Object.is(n, -0) ? '-0' : String(n);
}

/** Compares strings by their UTF-8 bytes (code point order), as Go sorts map keys. */
export function compareUtf8(a: string, b: string): number {
  const ai = a[Symbol.iterator]();
  const bi = b[Symbol.iterator]();
  for (;;) {
    const x = ai.next();
    const y = bi.next();
    if (x.done || y.done) return x.done === y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** A JSON value (from json.Unmarshal into `any`) re-encoded by json.Marshal. */
export function goJson(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number') return goJsonNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  const keys = Object.keys(value).sort(compareUtf8);
  return `{${keys.map((k) => `${goJsonString(k)}:${goJson(value[k]!)}`).join(',')}}`;
}
