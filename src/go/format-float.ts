// Go's float64 formatting (strconv.FormatFloat 'f'/'e' with shortest or fixed precision, fmt's %f/%e),
// which string.format and json.marshal must reproduce digit for digit. JavaScript finds the same shortest
// round-trip digits (toExponential()), but its fixed-precision rounding differs from Go on exact ties
// (0.125 -> "0.13" in JS, "0.12" in Go: round half to even), so fixed precision is done exactly here.

/** Shortest round-trip decimal digits of |x| (finite, non-zero) and the exponent of the first digit. */
function shortest(x: number): { digits: string; exp: number } {
  const s = Math.abs(x).toExponential();
  const e = s.indexOf('e');
  return { digits: s.slice(0, e).replace('.', ''), exp: Number(s.slice(e + 1)) };
}

function sign(x: number): string {
  return x < 0 || Object.is(x, -0) ? '-' : '';
}

/** strconv.FormatFloat(x, 'f', -1, 64): shortest digits, never an exponent. */
export function formatShortestFixed(x: number): string {
  if (x === 0) return `${sign(x)}0`;
  const { digits, exp } = shortest(x);
  let body: string;
  if (exp < 0) body = `0.${'0'.repeat(-exp - 1)}${digits}`;
  else if (digits.length <= exp + 1) body = digits + '0'.repeat(exp + 1 - digits.length);
  else body = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return sign(x) + body;
}

function expSuffix(exp: number): string {
  const abs = Math.abs(exp);
  return `e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

/** strconv.FormatFloat(x, 'e', -1, 64): shortest digits in scientific notation (`1.5e+21`). */
export function formatShortestExponent(x: number): string {
  if (x === 0) return `${sign(x)}0e+00`;
  const { digits, exp } = shortest(x);
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return sign(x) + mantissa + expSuffix(exp);
}

/** |x| as an exact fraction num/den of bigints. */
function exactFraction(x: number): { num: bigint; den: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp2: number;
  if (biased === 0) exp2 = -1074;
  else {
    mantissa |= 1n << 52n;
    exp2 = biased - 1075;
  }
  return exp2 >= 0 ? { num: mantissa << BigInt(exp2), den: 1n } : { num: mantissa, den: 1n << BigInt(-exp2) };
}

/** num/den rounded to an integer, half to even (Go's decimal rounding). */
function roundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && q % 2n === 1n)) return q + 1n;
  return q;
}

const TEN = 10n;

/** fmt.Sprintf("%.<prec>f", x) for finite x. */
export function formatFixed(x: number, prec: number): string {
  const { num, den } = exactFraction(x);
  const scaled = roundHalfEven(num * TEN ** BigInt(prec), den).toString();
  const padded = scaled.padStart(prec + 1, '0');
  const intPart = padded.slice(0, padded.length - prec);
  const body = prec > 0 ? `${intPart}.${padded.slice(padded.length - prec)}` : intPart;
  return sign(x) + body;
}

/** fmt.Sprintf("%.<prec>e", x) for finite x: prec digits after the point, exponent of at least two digits. */
export function formatExponent(x: number, prec: number): string {
  if (x === 0) return `${sign(x)}0${prec > 0 ? `.${'0'.repeat(prec)}` : ''}e+00`;
  const { num, den } = exactFraction(x);
  let exp = shortest(x).exp;
  let digits = scaledDigits(num, den, prec - exp);
  if (digits.length > prec + 1) {
    exp++;
    digits = scaledDigits(num, den, prec - exp);
  }
  const mantissa = prec > 0 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return sign(x) + mantissa + expSuffix(exp);
}

/** round(num/den * 10^shift) as a decimal string. */
function scaledDigits(num: bigint, den: bigint, shift: number): string {
  return shift >= 0 ? roundHalfEven(num * TEN ** BigInt(shift), den).toString() : roundHalfEven(num, den * TEN ** BigInt(-shift)).toString();
}

// math.Pow10's tables: Go composes 10^n from two exact-as-possible constants, and Quantity's
// asApproximateFloat multiplies by that result, so the same composition is needed for identical bits.
const POW10 = Array.from({ length: 32 }, (_, i) => Number(`1e${i}`));
const POW10_POS32 = Array.from({ length: 10 }, (_, i) => Number(`1e${i * 32}`));
const POW10_NEG32 = Array.from({ length: 11 }, (_, i) => Number(`1e-${i * 32}`));

/** Go's math.Pow10(n). */
export function goPow10(n: number): number {
  if (n >= 0 && n <= 308) return (POW10_POS32[Math.floor(n / 32)] as number) * (POW10[n % 32] as number);
  if (n <= 0 && n >= -323) return (POW10_NEG32[Math.floor(-n / 32)] as number) / (POW10[-n % 32] as number);
  return n > 0 ? Infinity : 0;
}
