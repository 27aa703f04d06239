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
