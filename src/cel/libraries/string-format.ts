// cel-go's `<string>.format(<list>)` (ext strings, formatter v2): the clauses %s %d %f %e %b %x %X %o with
// an optional precision (`%.3f`, at most 100), `%%` for a literal percent, and cel-go's error texts. The
// same clause parser drives the compile-time check of literal format strings (validateFormat).
import { UnsignedInt } from '../values.js';
import { formatDouble, formatStringValue } from './format-value.js';
import { formatExponent, formatFixed } from '../../go/index.js';
import { celTypeName } from './value-ops.js';

const DEFAULT_PRECISION = 6;
const MAX_PRECISION = 100;

/** A format failure with cel-go's message; `argIndex` points at the offending argument when known. */
export class FormatError extends Error {
  constructor(
    message: string,
    readonly argIndex?: number,
  ) {
    super(message);
  }
}

type Verb = 's' | 'd' | 'f' | 'e' | 'b' | 'x' | 'X' | 'o';

interface Clause {
  readonly verb: Verb;
  readonly precision: number;
  /** Characters consumed after the `%`. */
  readonly length: number;
}

const VERBS = new Set<string>(['s', 'd', 'f', 'e', 'b', 'x', 'X', 'o']);

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** The clause starting right after a `%` at `start`; throws cel-go's "could not parse" errors. */
function parseClause(fmt: string, start: number): Clause {
  let i = start;
  let precision = DEFAULT_PRECISION;
  if (fmt[i] === '.') {
    i++;
    const digitsStart = i;
    for (;;) {
      if (i >= fmt.length) throw clauseError('error while parsing precision: could not find end of precision specifier');
      if (!isDigit(fmt[i])) break;
      i++;
    }
    const digits = fmt.slice(digitsStart, i);
    if (digits === '') throw clauseError('error while parsing precision: error while converting precision to integer: strconv.Atoi: parsing "": invalid syntax');
    if (digits.length > 18 && BigInt(digits) > 9223372036854775807n) {
      throw clauseError(`error while parsing precision: error while converting precision to integer: strconv.Atoi: parsing "${digits}": value out of range`);
    }
    precision = Number(digits);
    if (precision > MAX_PRECISION) {
      throw clauseError(`error while parsing precision: precision ${digits.replace(/^0+(?=\d)/, '')} exceeds maximum allowed precision ${MAX_PRECISION}`);
    }
  }
  const verb = fmt[i] ?? '';
  if (!VERBS.has(verb)) throw clauseError(`unrecognized formatting clause "${firstByteRune(verb, fmt.codePointAt(i))}"`);
  return { verb: verb as Verb, precision, length: i + 1 - start };
}

// cel-go reads the clause letter as one byte of UTF-8; a non-ASCII letter shows as its first byte's rune.
function firstByteRune(ch: string, cp: number | undefined): string {
  if (cp === undefined || cp < 0x80) return ch;
  const first = new TextEncoder().encode(String.fromCodePoint(cp))[0] as number;
  return String.fromCharCode(first);
}

function clauseError(message: string): FormatError {
  return new FormatError(`could not parse formatting clause: ${message}`);
}

/** Formats `fmt` with `args` exactly as cel-go's string.format does at runtime. */
export function formatString(fmt: string, args: readonly unknown[]): string {
  let out = '';
  let argIndex = 0;
  let i = 0;
  while (i < fmt.length) {
    const pct = fmt.indexOf('%', i);
    if (pct < 0) {
      out += fmt.slice(i);
      break;
    }
    out += fmt.slice(i, pct);
    if (fmt[pct + 1] === '%') {
      out += '%';
      i = pct + 2;
      continue;
    }
    if (argIndex >= args.length) throw new FormatError(`index ${argIndex} out of range`);
    if (pct + 1 >= fmt.length) throw new FormatError('unexpected end of string');
    const clause = parseClause(fmt, pct + 1);
    try {
      out += formatClause(clause, args[argIndex]);
    } catch (e) {
      throw new FormatError(`error during formatting: ${(e as Error).message}`, argIndex);
    }
    i = pct + 1 + clause.length;
    argIndex++;
  }
  return out;
}

function numberKind(v: unknown): 'int' | 'uint' | 'double' | undefined {
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'double';
  if (v instanceof UnsignedInt) return 'uint';
  return undefined;
}

function integerValue(v: unknown): bigint {
  return typeof v === 'bigint' ? v : (v as UnsignedInt).value;
}

function radix(v: bigint, base: number): string {
  return v < 0n ? `-${(-v).toString(base)}` : v.toString(base);
}

function hexOfBytes(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

const utf8 = new TextEncoder();

function formatClause(c: Clause, v: unknown): string {
  const kind = numberKind(v);
  switch (c.verb) {
    case 's':
      return formatStringValue(v);
    case 'd':
      if (kind === 'double') return formatDouble(v as number);
      if (kind !== undefined) return integerValue(v).toString();
      throw new Error(`decimal clause can only be used on ints, uints, and doubles, was given ${celTypeName(v)}`);
    case 'f':
    case 'e': {
      if (kind === undefined) {
        const clause = c.verb === 'f' ? 'fixed-point' : 'scientific';
        throw new Error(`${clause} clause can only be used on ints, uints, and doubles, was given ${celTypeName(v)}`);
      }
      const x = kind === 'double' ? (v as number) : Number(integerValue(v));
      if (!Number.isFinite(x)) return formatDouble(x);
      return c.verb === 'f' ? formatFixed(x, c.precision) : formatExponent(x, c.precision);
    }
    case 'b':
      if (typeof v === 'boolean') return v ? '1' : '0';
      if (kind === 'int' || kind === 'uint') return radix(integerValue(v), 2);
      throw new Error(`only ints, uints, and bools can be formatted as binary, was given ${celTypeName(v)}`);
    case 'x':
    case 'X': {
      let hex: string;
      if (kind === 'int' || kind === 'uint') hex = radix(integerValue(v), 16);
      else if (typeof v === 'string') hex = hexOfBytes(utf8.encode(v));
      else if (v instanceof Uint8Array) hex = hexOfBytes(v);
      else throw new Error(`only ints, uints, bytes, and strings can be formatted as hex, was given ${celTypeName(v)}`);
      return c.verb === 'X' ? hex.toUpperCase() : hex;
    }
    case 'o':
      if (kind === 'int' || kind === 'uint') return radix(integerValue(v), 8);
      throw new Error(`octal clause can only be used on ints and uints, was given ${celTypeName(v)}`);
  }
}

/** The static view of one argument of a literal argument list, for compile-time validation. */
export interface StaticFormatArg {
  /** cel-go type name of the checked type (`int`, `list`, `map`, `google.protobuf.Timestamp`, `dyn`, ...). */
  readonly typeName: string;
  /** For list and map literals: the elements (map: keys and values), checked recursively by `%s`. */
  readonly children?: readonly StaticFormatArg[];
}

const ALLOWED: Record<Exclude<Verb, 's' | 'X'>, readonly string[]> = {
  d: ['int', 'uint', 'double'],
  f: ['int', 'uint', 'double'],
  e: ['int', 'uint', 'double'],
  b: ['bool', 'int', 'uint'],
  x: ['int', 'uint', 'string', 'bytes'],
  o: ['int', 'uint'],
};

const STRING_ALLOWED = new Set([
  'list',
  'map',
  'int',
  'uint',
  'double',
  'bool',
  'string',
  'google.protobuf.Timestamp',
  'bytes',
  'google.protobuf.Duration',
  'type',
  'null_type',
]);

const MESSAGES: Record<Exclude<Verb, 'X'>, string> = {
  s: 'string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, types, durations, and timestamps',
  d: 'decimal clause can only be used on ints, uints, and doubles',
  f: 'fixed-point clause can only be used on ints, uints, and doubles',
  e: 'scientific clause can only be used on ints, uints, and doubles',
  b: 'only ints, uints, and bools can be formatted as binary',
  x: 'only ints, uints, bytes, and strings can be formatted as hex',
  o: 'octal clause can only be used on ints and uints',
};

/** The first argument (depth-first) that `%s` cannot print, if any. */
function badStringArg(arg: StaticFormatArg): StaticFormatArg | undefined {
  if (arg.typeName !== 'dyn' && !STRING_ALLOWED.has(arg.typeName)) return arg;
  for (const child of arg.children ?? []) {
    const bad = badStringArg(child);
    if (bad !== undefined) return bad;
  }
  return undefined;
}

/**
 * cel-go's compile-time check of a literal format string against a literal argument list. Returns the
 * message and the offending argument (undefined: the whole call) or undefined when the call is valid.
 */
export function validateFormat(
  fmt: string,
  args: readonly StaticFormatArg[],
): { message: string; arg?: StaticFormatArg } | undefined {
  let argIndex = 0;
  let requested = 0;
  let i = 0;
  while (i < fmt.length) {
    if (fmt[i] !== '%') {
      i++;
      continue;
    }
    if (fmt[i + 1] === '%') {
      i += 2;
      continue;
    }
    requested++;
    if (i + 1 >= fmt.length) return { message: 'unexpected end of string' };
    if (argIndex >= args.length) return { message: `index ${argIndex} out of range` };
    let clause: Clause;
    try {
      clause = parseClause(fmt, i + 1);
    } catch (e) {
      return { message: (e as Error).message };
    }
    const arg = args[argIndex] as StaticFormatArg;
    const verb = clause.verb === 'X' ? 'x' : clause.verb;
    const bad = verb === 's' ? badStringArg(arg) : arg.typeName === 'dyn' || ALLOWED[verb].includes(arg.typeName) ? undefined : arg;
    if (bad !== undefined) return { message: `error during formatting: ${MESSAGES[verb]}, was given ${bad.typeName}`, arg: bad };
    i += 1 + clause.length;
    argIndex++;
  }
  if (args.length > requested) {
    return { message: `too many arguments supplied to string.format (expected ${requested}, got ${args.length})` };
  }
  return undefined;
}
