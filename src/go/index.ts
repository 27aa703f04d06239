// The door of src/go: Go standard-library behavior that kro's outputs and error texts depend on, reproduced
// bit for bit. Upstream kro and the API server are Go programs, so what they print comes from strconv
// (ParseBool/ParseInt/ParseFloat and their errors, FormatFloat, Quote) and regexp (what compiles, Go's
// "error parsing regexp" texts, leftmost-first matching); both src/schema (marker values, `pattern=`) and
// src/cel (string.format, json, `matches`, find/findAll, quoted values in errors) need the same answers,
// so they live here once. A leaf module: pure, it imports nothing from the rest of src.
export { goQuote, SHORT_ESCAPES } from './quote.js';
export { parseGoBool, parseGoFloat64, parseGoInt64 } from './strconv.js';
export type { GoParse } from './strconv.js';
export { formatExponent, formatFixed, formatShortestExponent, formatShortestFixed, goPow10 } from './format-float.js';
export { checkGoRegexp, parseGoRegexp } from './regexp-syntax.js';
export type { AssertionKind, ClassItem, GoRegexpParse, RegexpNode } from './regexp-syntax.js';
export { compileGoRegexp, goFindAll, goFindFirst, goMatchString, GoRegexpError, translateGoRegexp } from './regexp.js';
export { goJsonString } from './json.js';
