// Fixes to cel-js's standard library where it deviates from the CEL spec (measured with the conformance
// suite, `npm run conformance:cel`). cel-js does not let built-in overloads be replaced, so the fixes are
// additional overloads for missing conversions and operators, registered on every base environment.
import type { Environment } from '@marcbachmann/cel-js';
import { EvaluationError } from '@marcbachmann/cel-js';
import type { Duration, UnsignedInt } from './values.js';
import { INT64_MAX } from './values.js';

const DURATION = 'google.protobuf.Duration';
const TIMESTAMP = 'google.protobuf.Timestamp';

export function registerStandardLibraryFixes(env: Environment): void {
  env.registerFunction('int(uint): int', (u: UnsignedInt) => {
    if (u.value > INT64_MAX) throw new EvaluationError({ code: 'numeric_overflow', message: 'int() type error: integer overflow' });
    return u.value;
  });
  env.registerFunction(`int(${TIMESTAMP}): int`, (t: Date) => BigInt(Math.floor(t.getTime() / 1000)));
  env.registerFunction(`string(${TIMESTAMP}): string`, (t: Date) => formatTimestamp(t));
  env.registerFunction(`string(${DURATION}): string`, (d: Duration) => formatProtoDuration(d));
  env.registerFunction(`timestamp(${TIMESTAMP}): ${TIMESTAMP}`, (t: Date) => t);
  env.registerFunction(`duration(${DURATION}): ${DURATION}`, (d: Duration) => d);
  registerBytesOrdering(env);
  registerOptionalType(env);
}

/** cel-js has no ordering on bytes; CEL orders them lexicographically by byte. */
function registerBytesOrdering(env: Environment): void {
  const compare = (a: Uint8Array, b: Uint8Array): number => {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
    return a.length - b.length;
  };
  env.registerOperator('bytes < bytes', (a: Uint8Array, b: Uint8Array) => compare(a, b) < 0);
  env.registerOperator('bytes <= bytes', (a: Uint8Array, b: Uint8Array) => compare(a, b) <= 0);
  env.registerOperator('bytes > bytes', (a: Uint8Array, b: Uint8Array) => compare(a, b) > 0);
  env.registerOperator('bytes >= bytes', (a: Uint8Array, b: Uint8Array) => compare(a, b) >= 0);
}

/** The type `optional_type` exists as a value (`type(optional.none()) == optional_type`). */
function registerOptionalType(env: Environment): void {
  const TypeValue = (env.evaluate('type(1)') as object).constructor as new (name: string) => object;
  const optionalTypeValue = new TypeValue('optional_type');
  env.registerConstant('optional_type', 'type', optionalTypeValue);
  env.registerFunction('type(optional<T>): type', () => optionalTypeValue);
}

/** RFC 3339 with only as many fractional digits as needed, as cel-go prints timestamps. */
function formatTimestamp(t: Date): string {
  return t.toISOString().replace(/\.000Z$/, 'Z');
}

/** Protobuf JSON duration format: seconds with up to 9 fractional digits and an `s` suffix. */
function formatProtoDuration(d: Duration): string {
  const negative = d.seconds < 0n || d.nanos < 0;
  const seconds = d.seconds < 0n ? -d.seconds : d.seconds;
  const nanos = Math.abs(d.nanos);
  const frac = nanos === 0 ? '' : `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
  return `${negative ? '-' : ''}${seconds}${frac}s`;
}
