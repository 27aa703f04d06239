// JSON text exactly as Go's encoding/json writes it, so hashes computed over it match upstream kro bit for bit:
// map keys sorted by their UTF-8 bytes, `<`, `>`, `&`, U+2028 and U+2029 escaped, control characters as
// \b \f \n \r \t or \u00XX (lowercase hex), invalid UTF-16 (lone surrogates) replaced by U+FFFD, and numbers
// in Go's float64 format (JavaScript's shortest round-trip digits agree; exponents differ only in form).
import type { JsonValue } from '../../api/index.js';

const HEX = '0123456789abcdef';

export function goJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
      } else {
        out += '\ufffd';
      }
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      out += '\ufffd';
      continue;
    }
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x08:
        out += '\\b';
        break;
      case 0x0c:
        out += '\\f';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x3c:
      case 0x3e:
      case 0x26:
      case 0x2028:
      case 0x2029:
        out += `\\u${c.toString(16).padStart(4, '0')}`;
        break;
      default:
        out += c < 0x20 ? `\\u00${HEX[c >> 4]}${HEX[c & 15]}` : s[i];
    }
  }
  return `${out}"`;
}

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
