// cel-go's semantics for the ext-strings functions cel-js already defines as built-ins (which libraries
// cannot replace): indexes count Unicode code points, not UTF-16 units; out-of-range offsets and
// substring ranges fail with cel-go's texts; split follows Go's strings.Split/SplitN; matches uses RE2. The core applies
// these to checked calls on string receivers (see STRING_BUILTIN_FIXES), as it does for lowerAscii/trim.
import { libraryError } from './errors.js';
import { goMatchString } from '../../go/index.js';

const SURROGATE = /[\uD800-\uDFFF]/;

/** Code points of `s`, or undefined when UTF-16 indexes already are code point indexes. */
function codePoints(s: string): string[] | undefined {
  return SURROGATE.test(s) ? Array.from(s) : undefined;
}

function outOfRange(i: bigint | number): Error {
  return libraryError(`index out of range: ${i}`, 'index_out_of_range');
}

export function indexOf(s: string, sub: string, offset = 0n): bigint {
  if (offset < 0n) throw outOfRange(offset);
  const chars = codePoints(s);
  const length = chars === undefined ? s.length : chars.length;
  if (sub === '') return offset > BigInt(length) ? BigInt(length) : offset;
  if (offset >= BigInt(length)) return -1n;
  if (chars === undefined) return BigInt(s.indexOf(sub, Number(offset)));
  const subChars = Array.from(sub);
  for (let i = Number(offset); i <= chars.length - subChars.length; i++) {
    if (subChars.every((c, j) => chars[i + j] === c)) return BigInt(i);
  }
  return -1n;
}

export function lastIndexOf(s: string, sub: string, offset?: bigint): bigint {
  // Without surrogates in `s`, UTF-16 indexes are code point indexes (and `s` cannot contain a `sub` that has them).
  const chars = codePoints(s);
  const length = chars === undefined ? s.length : chars.length;
  const start = offset ?? BigInt(length - 1);
  if (sub === '') return offset === undefined ? BigInt(length) : start > BigInt(length) ? BigInt(length) : start;
  if (offset !== undefined && start < 0n) throw outOfRange(start);
  if (start < 0n || start >= BigInt(length)) return -1n;
  if (chars === undefined) return BigInt(s.lastIndexOf(sub, Number(start)));
  const subChars = Array.from(sub);
  for (let i = Math.min(Number(start), chars.length - subChars.length); i >= 0; i--) {
    if (subChars.every((c, j) => chars[i + j] === c)) return BigInt(i);
  }
  return -1n;
}

export function substring(s: string, start: bigint, end?: bigint): string {
  const chars = codePoints(s);
  const length = BigInt(chars === undefined ? s.length : chars.length);
  if (end !== undefined && start > end) throw libraryError(`invalid substring range. start: ${start}, end: ${end}`, 'index_out_of_range');
  if (start < 0n || start > length) throw outOfRange(start);
  const stop = end ?? length;
  if (stop < 0n || stop > length) throw outOfRange(stop);
  return chars === undefined ? s.slice(Number(start), Number(stop)) : chars.slice(Number(start), Number(stop)).join('');
}

/** Go's strings.SplitN (n < 0: all; n == 0: none; an empty separator splits into code points). */
export function split(s: string, sep: string, n = -1n): string[] {
  if (n === 0n) return [];
  const parts = sep === '' ? Array.from(s) : s.split(sep);
  if (n < 0n || BigInt(parts.length) <= n) return parts;
  const keep = Number(n) - 1;
  return [...parts.slice(0, keep), parts.slice(keep).join(sep)];
}

/**
 * Replacements for cel-js built-ins on string receivers, keyed `name/argument count`; each takes the
 * receiver first. The core's patcher swaps a checked call's evaluation for these.
 */
export const STRING_BUILTIN_FIXES: Readonly<Record<string, (receiver: string, ...args: never[]) => unknown>> = Object.freeze({
  'indexOf/1': (s: string, sub: string) => indexOf(s, sub),
  'indexOf/2': (s: string, sub: string, offset: bigint) => indexOf(s, sub, offset),
  'lastIndexOf/1': (s: string, sub: string) => lastIndexOf(s, sub),
  'lastIndexOf/2': (s: string, sub: string, offset: bigint) => lastIndexOf(s, sub, offset),
  'substring/1': (s: string, start: bigint) => substring(s, start),
  'substring/2': (s: string, start: bigint, end: bigint) => substring(s, start, end),
  'split/1': (s: string, sep: string) => split(s, sep),
  'split/2': (s: string, sep: string, n: bigint) => split(s, sep, n),
  // CEL's `matches` is Go's regexp (RE2): `(?i)` works, backreferences and lookarounds do not.
  'matches/1': (s: string, pattern: string) => goMatchString(s, pattern),
});
