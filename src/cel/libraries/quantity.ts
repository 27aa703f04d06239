// A port of k8s.io/apimachinery resource.Quantity: parsing (with its fast int64 path and its inf.Dec
// path, which matters because isInteger/asInteger only succeed on the int64 representation), canonical
// String(), exact comparison, Add/Sub with apimachinery's format rules, AsApproximateFloat64 (same float
// bits: Go's math.Pow10 composition) and Sign. Amounts are exact: bigint unscaled values with a decimal scale.
import { goPow10 } from '../../go/index.js';

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** int64Amount: value * 10^scale with value in int64 (apimachinery's fast representation). */
interface IntAmount {
  readonly kind: 'int';
  readonly value: bigint;
  readonly scale: number;
}

/** inf.Dec: unscaled * 10^-scale (note the inverted scale, as inf.v0 defines it). */
interface DecAmount {
  readonly kind: 'dec';
  readonly unscaled: bigint;
  readonly scale: number;
}

type Amount = IntAmount | DecAmount;

export class QuantityError extends Error {}

const SPLIT_RE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
const ERR_FORMAT = `quantities must match the regular expression '${SPLIT_RE}'`;
const ERR_NUMERIC = 'unable to parse numeric part of quantity';
const ERR_SUFFIX = "unable to parse quantity's suffix";

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const NANO = -9;
const MAX_INT64_FACTORS = 18;

function fitsInt64(v: bigint): boolean {
  return v >= INT64_MIN && v <= INT64_MAX;
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

export class Quantity {
  constructor(
    readonly amount: Amount,
    readonly format: QuantityFormat,
    private cached: string | undefined = undefined,
  ) {}

  /** resource.Quantity.String(): the parsed text when already canonical, else the canonical form. */
  toString(): string {
    this.cached ??= canonicalize(this);
    return this.cached;
  }
}

interface ParsedString {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function parseQuantityString(str: string): ParsedString {
  const r: ParsedString = { positive: true, value: '', num: '', denom: '', suffix: '' };
  let pos = 0;
  const end = str.length;
  if (str[0] === '-') {
    r.positive = false;
    pos++;
  } else if (str[0] === '+') {
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) {
    r.num = '0';
    r.value = '0';
    return r;
  }
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) {
    r.num = str.slice(pos);
    r.value = str;
    return r;
  }
  r.num = str.slice(pos, i) || '0';
  pos = i;
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    r.denom = str.slice(pos, i);
    if (i >= end) {
      r.value = str;
      return r;
    }
    pos = i;
  }
  r.value = str.slice(0, pos);
  const suffixStart = pos;
  i = pos;
  while (i < end && 'eEinumkKMGTP'.includes(str[i] as string)) i++;
  if (i >= end) {
    r.suffix = str.slice(suffixStart);
    return r;
  }
  pos = i;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) {
    r.suffix = str.slice(suffixStart);
    return r;
  }
  throw new QuantityError(ERR_FORMAT);
}

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

function interpretSuffix(s: string): { base: 2 | 10; exponent: number; format: QuantityFormat } {
  const dec = DECIMAL_SUFFIXES[s];
  if (dec !== undefined && Object.hasOwn(DECIMAL_SUFFIXES, s)) return { base: 10, exponent: dec, format: 'DecimalSI' };
  const bin = BINARY_SUFFIXES[s];
  if (bin !== undefined && Object.hasOwn(BINARY_SUFFIXES, s)) return { base: 2, exponent: bin, format: 'BinarySI' };
  if (s.length > 1 && (s[0] === 'e' || s[0] === 'E')) {
    const digits = s.slice(1);
    if (!/^[+-]?\d+$/.test(digits)) throw new QuantityError(ERR_SUFFIX);
    const parsed = BigInt(digits);
    if (!fitsInt64(parsed)) throw new QuantityError(ERR_SUFFIX);
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  throw new QuantityError(ERR_SUFFIX);
}

/** inf.Dec Round(x, scale, RoundUp): away from zero, result has exactly `scale`. */
function roundUp(d: DecAmount, scale: number): DecAmount {
  if (d.scale <= scale) return { kind: 'dec', unscaled: d.unscaled * pow10(scale - d.scale), scale };
  const div = pow10(d.scale - scale);
  let q = d.unscaled / div;
  if (d.unscaled % div !== 0n) q += d.unscaled < 0n ? -1n : 1n;
  return { kind: 'dec', unscaled: q, scale };
}

function toDec(a: Amount): DecAmount {
  return a.kind === 'dec' ? a : { kind: 'dec', unscaled: a.value, scale: -a.scale };
}

/** resource.ParseQuantity. */
export function parseQuantity(str: string): Quantity {
  if (str === '') throw new QuantityError(ERR_FORMAT);
  if (str === '0') return new Quantity({ kind: 'int', value: 0n, scale: 0 }, 'DecimalSI', str);
  const { positive, value, num, denom, suffix } = parseQuantityString(str);
  const { base, exponent, format } = interpretSuffix(suffix);
  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (format === 'BinarySI') {
    if (exponent >= 0 && denom.length === 0) {
      mantissa = 1n << BigInt(exponent);
      precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    } else {
      precision = -1;
    }
  } else {
    scale = exponent;
    precision = MAX_INT64_FACTORS - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= NANO) {
      const shifted = num + denom;
      const v = BigInt(shifted);
      if (!fitsInt64(v)) throw new QuantityError(ERR_NUMERIC);
      let result = v * mantissa;
      if (fitsInt64(result)) {
        if (!positive) result = -result;
        const amount: IntAmount = { kind: 'int', value: result, scale };
        const canonical =
          format === 'BinarySI' ? exponent % 10 === 0 && (v & 7n) !== 0n : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        return new Quantity(amount, format, canonical ? str : undefined);
      }
    }
  }
  const dec = parseDecimal(value);
  let amount: DecAmount = base === 10 ? { kind: 'dec', unscaled: dec.unscaled, scale: dec.scale - exponent } : { kind: 'dec', unscaled: dec.unscaled << BigInt(exponent), scale: dec.scale };
  const negative = amount.unscaled < 0n;
  if (negative) amount = { ...amount, unscaled: -amount.unscaled };
  if (amount.unscaled !== 0n) amount = roundUp(amount, -NANO);
  let fmt = format;
  if (fmt === 'BinarySI' && compareAmounts(amount, { kind: 'int', value: INT64_MAX, scale: 0 }) > 0) amount = { kind: 'dec', unscaled: INT64_MAX, scale: 0 };
  if (fmt === 'BinarySI' && compareAmounts(amount, { kind: 'int', value: 1n, scale: 0 }) < 0 && amount.unscaled > 0n) fmt = 'DecimalSI';
  if (negative) amount = { ...amount, unscaled: -amount.unscaled };
  return new Quantity(amount, fmt);
}

/** inf.Dec SetString for the numeric part ("-1.50", ".5", "5."). */
function parseDecimal(s: string): { unscaled: bigint; scale: number } {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (m === null || (m[2] === '' && (m[3] ?? '') === '')) throw new QuantityError(ERR_NUMERIC);
  const frac = m[3] ?? '';
  const digits = `${m[2] ?? ''}${frac}`;
  const unscaled = BigInt(digits);
  return { unscaled: m[1] === '-' ? -unscaled : unscaled, scale: frac.length };
}

/** Exact comparison of two amounts (apimachinery's Cmp is exact in both representations). */
function compareAmounts(a: Amount, b: Amount): number {
  const x = toDec(a);
  const y = toDec(b);
  const s = Math.max(x.scale, y.scale);
  const xu = x.unscaled * pow10(s - x.scale);
  const yu = y.unscaled * pow10(s - y.scale);
  return xu === yu ? 0 : xu < yu ? -1 : 1;
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  return compareAmounts(a.amount, b.amount);
}

export function quantitySign(q: Quantity): number {
  const v = q.amount.kind === 'int' ? q.amount.value : q.amount.unscaled;
  return v === 0n ? 0 : v > 0n ? 1 : -1;
}

function isZero(q: Quantity): boolean {
  return quantitySign(q) === 0;
}

/** positiveScaleInt64: value * 10^scale if it stays in int64. */
function positiveScale(value: bigint, scale: number): bigint | undefined {
  const r = value * pow10(scale);
  return fitsInt64(r) ? r : undefined;
}

/** negativeScaleInt64: value / 10^scale rounded away from zero, with exactness. */
function negativeScale(value: bigint, scale: number): { result: bigint; exact: boolean } {
  if (scale === 0) return { result: value, exact: true };
  const div = pow10(scale);
  const q = value / div;
  const exact = value % div === 0n;
  if (exact) return { result: q, exact };
  return { result: q + (value > 0n ? 1n : -1n), exact: false };
}

/** Quantity.AsInt64: only the int64 representation converts. */
export function quantityAsInt64(q: Quantity): bigint | undefined {
  const a = q.amount;
  if (a.kind === 'dec') return undefined;
  if (a.scale === 0) return a.value;
  if (a.scale < 0) return undefined;
  return positiveScale(a.value, a.scale);
}

export function quantityAsApproximateFloat(q: Quantity): number {
  const a = q.amount;
  const [base, exponent] = a.kind === 'dec' ? [Number(a.unscaled), -a.scale] : [Number(a.value), a.scale];
  return exponent === 0 ? base : base * goPow10(exponent);
}

/** int64Amount.Add; undefined on int64 overflow (the caller falls back to decimals). */
function addInts(a: IntAmount, b: IntAmount): IntAmount | undefined {
  if (b.value === 0n) return a;
  if (a.value === 0n) return b;
  if (a.scale === b.scale) {
    const c = a.value + b.value;
    return fitsInt64(c) ? { kind: 'int', value: c, scale: a.scale } : undefined;
  }
  if (a.scale > b.scale) {
    const c = positiveScale(a.value, a.scale - b.scale);
    if (c === undefined || !fitsInt64(c + b.value)) return undefined;
    return { kind: 'int', value: c + b.value, scale: b.scale };
  }
  const c = positiveScale(b.value, b.scale - a.scale);
  if (c === undefined || !fitsInt64(a.value + c)) return undefined;
  return { kind: 'int', value: a.value + c, scale: a.scale };
}

function addDecs(a: DecAmount, b: DecAmount, negateB: boolean): DecAmount {
  const s = Math.max(a.scale, b.scale);
  const bu = b.unscaled * pow10(s - b.scale);
  return { kind: 'dec', unscaled: a.unscaled * pow10(s - a.scale) + (negateB ? -bu : bu), scale: s };
}

/** Quantity.Add (returns a new quantity; upstream's CEL binding mutates a shared copy, see docs). */
export function addQuantities(q: Quantity, y: Quantity): Quantity {
  let format = q.format;
  if (q.amount.kind === 'int' && y.amount.kind === 'int') {
    if (q.amount.value === 0n) format = y.format;
    const sum = addInts(q.amount, y.amount);
    if (sum !== undefined) return new Quantity(sum, format);
  } else if (isZero(q)) {
    format = y.format;
  }
  return new Quantity(addDecs(toDec(q.amount), toDec(y.amount), false), format);
}

/** Quantity.Sub. */
export function subtractQuantities(q: Quantity, y: Quantity): Quantity {
  const format = isZero(q) ? y.format : q.format;
  if (q.amount.kind === 'int' && y.amount.kind === 'int') {
    const diff = addInts(q.amount, { kind: 'int', value: -y.amount.value, scale: y.amount.scale });
    if (diff !== undefined && fitsInt64(-y.amount.value)) return new Quantity(diff, format);
  }
  return new Quantity(addDecs(toDec(q.amount), toDec(y.amount), true), format);
}

/** resource.NewQuantity(v, DecimalExponent), as the CEL add(int)/sub(int) overloads build it. */
export function quantityFromInt(v: bigint): Quantity {
  return new Quantity({ kind: 'int', value: v, scale: 0 }, 'DecimalExponent');
}

function removeFactors(v: bigint, factor: bigint): { result: bigint; times: number } {
  let result = v;
  let times = 0;
  while (result !== 0n && result % factor === 0n) {
    result /= factor;
    times++;
  }
  return { result, times };
}

function asCanonicalDecimal(a: Amount): { number: string; exponent: number } {
  if (a.kind === 'int') {
    const neg = a.value < 0n;
    const factored = removeFactors(neg ? -a.value : a.value, 10n);
    let result = factored.result;
    const times = factored.times;
    let exponent = a.scale + times;
    if (neg) result = -result;
    const mod = exponent % 3;
    const shift = mod === 1 || mod === -2 ? 1 : mod === 2 || mod === -1 ? 2 : 0;
    if (shift > 0) {
      const scaled = result * pow10(shift);
      if (!fitsInt64(scaled)) return asCanonicalDecimal(toDec(a));
      result = scaled;
      exponent -= shift;
    }
    return { number: result.toString(), exponent };
  }
  const factored = removeFactors(a.unscaled, 10n);
  let result = factored.result;
  let exponent = -a.scale + factored.times;
  while (exponent % 3 !== 0) {
    result *= 10n;
    exponent--;
  }
  return { number: result.toString(), exponent };
}

function asCanonicalBinary(a: Amount): { number: string; exponent: number } {
  let value: bigint;
  if (a.kind === 'int') {
    const scaled = a.scale >= 0 ? positiveScale(a.value, a.scale) : negativeScale(a.value, -a.scale).result;
    value = scaled ?? roundUp(toDec(a), 0).unscaled;
  } else {
    value = roundUp(a, 0).unscaled;
  }
  const { result, times } = removeFactors(value, 1024n);
  return { number: result.toString(), exponent: times };
}

const DECIMAL_SUFFIX_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_SUFFIX_BY_EXPONENT = new Map(Object.entries(BINARY_SUFFIXES).map(([s, e]) => [e, s]));

/** Quantity.CanonicalizeBytes: number and suffix (an exponent without a suffix prints no suffix, as in Go). */
function canonicalize(q: Quantity): string {
  if (isZero(q)) return '0';
  let format = q.format;
  let rounded: Amount | undefined;
  if (format === 'BinarySI') {
    const one = compareAmounts(q.amount, { kind: 'int', value: -1024n, scale: 0 }) > 0 && compareAmounts(q.amount, { kind: 'int', value: 1024n, scale: 0 }) < 0;
    if (one) format = 'DecimalSI';
    else {
      const asScale = asScale0(q.amount);
      if (!asScale.exact) format = 'DecimalSI';
      else rounded = asScale.amount;
    }
  }
  if (format === 'BinarySI' && rounded !== undefined) {
    const { number, exponent } = asCanonicalBinary(rounded);
    return number + (BINARY_SUFFIX_BY_EXPONENT.get(exponent * 10) ?? '');
  }
  const { number, exponent } = asCanonicalDecimal(q.amount);
  if (format === 'DecimalExponent') return exponent === 0 ? number : `${number}e${exponent}`;
  return number + (DECIMAL_SUFFIX_BY_EXPONENT.get(exponent) ?? '');
}

/** Quantity.AsScale(0). */
function asScale0(a: Amount): { amount: Amount; exact: boolean } {
  if (a.kind === 'int') {
    if (a.scale >= 0) return { amount: a, exact: true };
    const { result, exact } = negativeScale(a.value, -a.scale);
    return { amount: { kind: 'int', value: result, scale: 0 }, exact };
  }
  const r = roundUp(a, 0);
  return { amount: r, exact: compareAmounts(r, a) === 0 };
}
