// Timestamps and durations at the JSON boundary, in the formats Kubernetes uses: RFC 3339 (metav1.Time,
// second precision on output) and Go's time.Duration syntax (`1h30m`, `1.5s`, `300ms`), which metav1.Duration
// parses and prints. Hand-written because no maintained library reproduces Go's exact formatting rules.

const NANOS_PER_SECOND = 1_000_000_000n;

const UNIT_NANOS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: NANOS_PER_SECOND,
  m: 60n * NANOS_PER_SECOND,
  h: 3600n * NANOS_PER_SECOND,
};

/** Go's time.Duration range: int64 nanoseconds. */
const MAX_DURATION_NANOS = 9223372036854775807n;

/** Parses a Go duration string (time.ParseDuration) into total nanoseconds; undefined if malformed. */
export function parseGoDuration(text: string): bigint | undefined {
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  const part = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;
  while (rest !== '') {
    const m = part.exec(rest);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
    const unit = UNIT_NANOS[m[3] ?? ''];
    if (unit === undefined) return undefined;
    const whole = BigInt(m[1] === '' ? '0' : m[1] ?? '0');
    const frac = m[2] ?? '';
    let value = whole * unit;
    if (frac !== '') value += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    total += value;
    if (total > MAX_DURATION_NANOS + 1n) return undefined;
    rest = rest.slice(m[0].length);
  }
  if (negative) total = -total;
  if (total > MAX_DURATION_NANOS || total < -MAX_DURATION_NANOS - 1n) return undefined;
  return total;
}

/** Formats nanoseconds exactly like Go's time.Duration.String(): `1h0m0s`, `1.5s`, `300ms`, `0s`. */
export function formatGoDuration(totalNanos: bigint): string {
  if (totalNanos === 0n) return '0s';
  const negative = totalNanos < 0n;
  let u = negative ? -totalNanos : totalNanos;
  let out: string;
  if (u < NANOS_PER_SECOND) {
    if (u < 1_000n) out = `${u}ns`;
    else if (u < 1_000_000n) out = `${fraction(u, 3)}µs`;
    else out = `${fraction(u, 6)}ms`;
  } else {
    const secondsWithFraction = fraction(u % (60n * NANOS_PER_SECOND), 9);
    u /= 60n * NANOS_PER_SECOND;
    out = `${secondsWithFraction}s`;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return negative ? `-${out}` : out;
}

/** `value / 10^digits` with the fraction's trailing zeros (and a bare point) removed, as Go's fmtFrac. */
function fraction(value: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const whole = value / scale;
  const frac = (value % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return frac === '' ? `${whole}` : `${whole}.${frac}`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2}))?$/;

/** Parses RFC 3339 date-time or full-date (midnight UTC) text; undefined if malformed or out of range. */
export function parseRfc3339(text: string): Date | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const iso =
    m[4] === undefined
      ? `${m[1]}-${m[2]}-${m[3]}T00:00:00Z`
      : `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ? `.${m[7].slice(0, 3).padEnd(3, '0')}` : ''}${(m[8] ?? 'Z').toUpperCase()}`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Formats a timestamp as metav1.Time does on the wire: RFC 3339 in UTC, whole seconds. */
export function formatRfc3339(date: Date): string {
  const iso = date.toISOString();
  return iso.replace(/\.\d{3}Z$/, 'Z');
}
