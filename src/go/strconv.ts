// Go's strconv parsing rules and error texts, hand-written because SimpleSchema marker values are parsed with
// strconv.ParseBool/ParseInt/ParseFloat upstream: what they accept (e.g. `t`, `1`, `+5`, `1e3`, `0x1p-2`) and the
// exact error strings (`strconv.ParseInt: parsing "x": invalid syntax`) are part of kro's observable behavior.

import { goQuote } from './quote.js';

export type GoParse<T> = { ok: true; value: T } | { ok: false; error: string };

function syntaxError(fn: string, s: string): { ok: false; error: string } {
  return { ok: false, error: `strconv.${fn}: parsing ${goQuote(s)}: invalid syntax` };
}

function rangeError(fn: string, s: string): { ok: false; error: string } {
  return { ok: false, error: `strconv.${fn}: parsing ${goQuote(s)}: value out of range` };
}

const TRUE_VALUES = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_VALUES = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

export function parseGoBool(s: string): GoParse<boolean> {
  if (TRUE_VALUES.has(s)) return { ok: true, value: true };
  if (FALSE_VALUES.has(s)) return { ok: true, value: false };
  return syntaxError('ParseBool', s);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * strconv.ParseInt(s, 10, 64). The value is returned as a number when it is exactly representable, else as the
 * decimal string (callers emitting JSON keep the digits).
 */
export function parseGoInt64(s: string): GoParse<number | bigint> {
  if (!/^[+-]?[0-9]+$/.test(s)) return syntaxError('ParseInt', s);
  const big = BigInt(s);
  if (big < INT64_MIN || big > INT64_MAX) return rangeError('ParseInt', s);
  const n = Number(big);
  return { ok: true, value: Number.isSafeInteger(n) ? n : big };
}

// Go float literal syntax accepted by ParseFloat (decimal or hexadecimal mantissa, optional underscores as
// digit separators, which underscoreOK only allows between digits or after a base prefix).
const DECIMAL_FLOAT = /^[+-]?(?:(?:\d(?:_?\d)*)(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const HEX_FLOAT = /^([+-]?)0[xX](?:_?([0-9a-fA-F](?:_?[0-9a-fA-F])*)?(?:\.([0-9a-fA-F](?:_?[0-9a-fA-F])*)?)?)[pP]([+-]?\d(?:_?\d)*)$/;
const SPECIAL_FLOAT = /^([+-]?)(inf|infinity|nan)$/i;

/** strconv.ParseFloat(s, 64). Infinities and NaN parse (as in Go); overflow is a range error. */
export function parseGoFloat64(s: string): GoParse<number> {
  const special = SPECIAL_FLOAT.exec(s);
  if (special) {
    if (special[2]!.toLowerCase() === 'nan') return special[1] === '' ? { ok: true, value: Number.NaN } : syntaxError('ParseFloat', s);
    return { ok: true, value: special[1] === '-' ? -Infinity : Infinity };
  }
  let value: number;
  const hex = HEX_FLOAT.exec(s);
  if (hex) {
    const intPart = (hex[2] ?? '').replaceAll('_', '');
    const fracPart = (hex[3] ?? '').replaceAll('_', '');
    if (intPart === '' && fracPart === '') return syntaxError('ParseFloat', s);
    const mantissa = Number.parseInt(`${intPart}${fracPart}` || '0', 16);
    const exponent = Number(hex[4]!.replaceAll('_', '')) - 4 * fracPart.length;
    value = (hex[1] === '-' ? -1 : 1) * mantissa * 2 ** exponent;
  } else if (DECIMAL_FLOAT.test(s)) {
    value = Number(s.replaceAll('_', ''));
  } else {
    return syntaxError('ParseFloat', s);
  }
  if (!Number.isFinite(value)) return rangeError('ParseFloat', s);
  return { ok: true, value };
}
