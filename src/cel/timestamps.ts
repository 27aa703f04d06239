// Timestamp accessors and the timestamp/duration value ranges of the CEL spec. cel-js's accessors only
// accept IANA zone names (cel-go also takes `+11:00`-style offsets) and it does not check ranges, so the
// facade evaluates accessor calls and range-checks timestamp/duration arithmetic itself.
import type { Duration } from './values.js';

/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z in epoch milliseconds (CEL's timestamp range). */
const MIN_TIMESTAMP_MS = -62135596800000;
const MAX_TIMESTAMP_MS = 253402300799999;
/** cel-go durations are Go time.Durations: int64 nanoseconds (about ±292 years). */
const MAX_DURATION_NANOS = 9223372036854775807n;

export function timestampInRange(t: Date): boolean {
  const ms = t.getTime();
  return ms >= MIN_TIMESTAMP_MS && ms <= MAX_TIMESTAMP_MS;
}

export function durationInRange(d: Duration): boolean {
  const nanos = d.seconds * 1_000_000_000n + BigInt(d.nanos);
  return nanos <= MAX_DURATION_NANOS && nanos >= -MAX_DURATION_NANOS - 1n;
}

interface Parts {
  readonly year: number;
  readonly month: number; // 0-11
  readonly day: number; // 1-31
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  readonly weekday: number; // 0 = Sunday
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function utcParts(d: Date): Parts {
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth(),
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    weekday: d.getUTCDay(),
  };
}

/** The calendar fields of `d` in zone `tz` (IANA name or `[+-]HH:MM` offset); undefined if `tz` is invalid. */
function zonedParts(d: Date, tz: string): Parts | undefined {
  const offset = /^([+-])?(\d{2}):(\d{2})$/.exec(tz);
  if (offset) {
    const minutes = (Number(offset[2]) * 60 + Number(offset[3])) * (offset[1] === '-' ? -1 : 1);
    return utcParts(new Date(d.getTime() + minutes * 60_000));
  }
  let format = formatters.get(tz);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        weekday: 'short',
      });
    } catch {
      return undefined;
    }
    formatters.set(tz, format);
  }
  const parts: Record<string, string> = {};
  for (const p of format.formatToParts(d)) parts[p.type] = p.value;
  return {
    year: Number(parts['year']),
    month: Number(parts['month']) - 1,
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
    millisecond: d.getUTCMilliseconds(),
    weekday: WEEKDAYS.indexOf(parts['weekday'] ?? ''),
  };
}

export const TIMESTAMP_ACCESSORS = new Set([
  'getFullYear', 'getMonth', 'getDayOfYear', 'getDayOfMonth', 'getDate', 'getDayOfWeek',
  'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds',
]);

/** Evaluates `t.<accessor>([tz])`; throws a plain Error for an invalid zone. */
export function timestampAccessor(name: string, t: Date, tz: string | undefined): bigint {
  const p = tz === undefined ? utcParts(t) : zonedParts(t, tz);
  if (!p) throw new Error(`invalid time zone: ${tz}`);
  switch (name) {
    case 'getFullYear':
      return BigInt(p.year);
    case 'getMonth':
      return BigInt(p.month);
    case 'getDayOfYear':
      return BigInt(Math.round((Date.UTC(p.year, p.month, p.day) - Date.UTC(p.year, 0, 1)) / 86_400_000));
    case 'getDayOfMonth':
      return BigInt(p.day - 1);
    case 'getDate':
      return BigInt(p.day);
    case 'getDayOfWeek':
      return BigInt(p.weekday);
    case 'getHours':
      return BigInt(p.hour);
    case 'getMinutes':
      return BigInt(p.minute);
    case 'getSeconds':
      return BigInt(p.second);
    default:
      return BigInt(p.millisecond);
  }
}

/** The milliseconds component of a duration (cel-js returns the total). */
export function durationMilliseconds(d: Duration): bigint {
  return BigInt(Math.trunc(d.nanos / 1_000_000));
}
