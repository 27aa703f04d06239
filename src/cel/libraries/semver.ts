// A port of github.com/blang/semver/v4 Parse and Compare as Kubernetes' semver CEL library uses them,
// with its error texts, plus the library's "normalize" mode (leading v, leading zeros, missing parts).
import { goQuote } from '../../go/index.js';

const NUMBERS = /^[0-9]*$/;
const ALPHANUM = /^[0-9A-Za-z-]*$/;
const UINT64_MAX = 18446744073709551615n;

export class SemverError extends Error {}

export interface PreRelease {
  readonly isNum: boolean;
  readonly num: bigint;
  readonly str: string;
}

export interface Version {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly pre: readonly PreRelease[];
  readonly build: readonly string[];
}

function hasLeadingZeroes(s: string): boolean {
  return s.length > 1 && s[0] === '0';
}

function parseUint(s: string): bigint {
  if (s === '') throw new SemverError('strconv.ParseUint: parsing "": invalid syntax');
  const v = BigInt(s);
  if (v > UINT64_MAX) throw new SemverError(`strconv.ParseUint: parsing ${goQuote(s)}: value out of range`);
  return v;
}

function numberPart(s: string, what: string): bigint {
  if (!NUMBERS.test(s)) throw new SemverError(`Invalid character(s) found in ${what} number ${goQuote(s)}`);
  if (hasLeadingZeroes(s)) throw new SemverError(`${what[0]?.toUpperCase() ?? ''}${what.slice(1)} number must not contain leading zeroes ${goQuote(s)}`);
  return parseUint(s);
}

function preRelease(s: string): PreRelease {
  if (s === '') throw new SemverError('Prerelease is empty');
  if (NUMBERS.test(s)) {
    if (hasLeadingZeroes(s)) throw new SemverError(`Numeric PreRelease version must not contain leading zeroes ${goQuote(s)}`);
    return { isNum: true, num: parseUint(s), str: '' };
  }
  if (ALPHANUM.test(s)) return { isNum: false, num: 0n, str: s };
  throw new SemverError(`Invalid character(s) found in prerelease ${goQuote(s)}`);
}

/** Go's strings.SplitN(s, sep, n). */
function splitN(s: string, sep: string, n: number): string[] {
  const parts = s.split(sep);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

/** blang/semver Parse. */
export function parseSemver(s: string): Version {
  if (s === '') throw new SemverError('Version string empty');
  const parts = splitN(s, '.', 3);
  if (parts.length !== 3) throw new SemverError('No Major.Minor.Patch elements found');
  const major = numberPart(parts[0] as string, 'major');
  const minor = numberPart(parts[1] as string, 'minor');
  let patchStr = parts[2] as string;
  let build: string[] = [];
  let pre: string[] = [];
  const plus = patchStr.indexOf('+');
  if (plus !== -1) {
    build = patchStr.slice(plus + 1).split('.');
    patchStr = patchStr.slice(0, plus);
  }
  const dash = patchStr.indexOf('-');
  if (dash !== -1) {
    pre = patchStr.slice(dash + 1).split('.');
    patchStr = patchStr.slice(0, dash);
  }
  const patch = numberPart(patchStr, 'patch');
  const parsedPre = pre.map(preRelease);
  for (const b of build) {
    if (b === '') throw new SemverError('Build meta data is empty');
    if (!ALPHANUM.test(b)) throw new SemverError(`Invalid character(s) found in build meta data ${goQuote(b)}`);
  }
  return { major, minor, patch, pre: parsedPre, build };
}

/** The Kubernetes library's normalizeAndParse: tolerant of `v`, leading zeros and missing minor/patch. */
export function parseSemverNormalized(s: string): Version {
  const parts = splitN(s.startsWith('v') ? s.slice(1) : s, '.', 3).map((p) => {
    if (p.length <= 1) return p;
    const trimmed = p.replace(/^0+/, '');
    return trimmed === '' || !/^[0-9]/.test(trimmed) ? `0${trimmed}` : trimmed;
  });
  if (parts.length < 3) {
    if (/[+-]/.test(parts[parts.length - 1] as string)) throw new SemverError('short version cannot contain PreRelease/Build meta data');
    while (parts.length < 3) parts.push('0');
  }
  return parseSemver(parts.join('.'));
}

function cmp(a: bigint, b: bigint): number {
  return a === b ? 0 : a > b ? 1 : -1;
}

function comparePre(a: PreRelease, b: PreRelease): number {
  if (a.isNum !== b.isNum) return a.isNum ? -1 : 1;
  if (a.isNum) return cmp(a.num, b.num);
  return a.str === b.str ? 0 : a.str > b.str ? 1 : -1;
}

/** blang/semver Version.Compare (build metadata has no precedence). */
export function compareSemver(a: Version, b: Version): number {
  const c = cmp(a.major, b.major) || cmp(a.minor, b.minor) || cmp(a.patch, b.patch);
  if (c !== 0) return c;
  if (a.pre.length === 0 || b.pre.length === 0) return a.pre.length === b.pre.length ? 0 : a.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < a.pre.length && i < b.pre.length; i++) {
    const pc = comparePre(a.pre[i] as PreRelease, b.pre[i] as PreRelease);
    if (pc !== 0) return pc;
  }
  return a.pre.length === b.pre.length ? 0 : a.pre.length < b.pre.length ? -1 : 1;
}

export function semverString(v: Version): string {
  const pre = v.pre.length > 0 ? `-${v.pre.map((p) => (p.isNum ? p.num.toString() : p.str)).join('.')}` : '';
  const build = v.build.length > 0 ? `+${v.build.join('.')}` : '';
  return `${v.major}.${v.minor}.${v.patch}${pre}${build}`;
}
