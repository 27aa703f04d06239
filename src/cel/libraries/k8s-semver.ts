// Kubernetes' semver CEL library (k8s.io/apiserver/pkg/cel/library/semverlib.go) as kro registers it:
// semver(s), isSemver(s), major/minor/patch and isGreaterThan/isLessThan/compareTo on kubernetes.Semver.
// kro calls SemverLib() without options, i.e. library version 0, so the two-argument `normalize` overloads
// (version 1) do not exist upstream and are not registered here either (parseSemverNormalized is ready).
import type { Environment } from '@marcbachmann/cel-js';
import type { CelLibrary } from '../library.js';
import { libraryError } from './errors.js';
import { compareSemver, parseSemver, parseSemverNormalized, semverString } from './semver.js';
import type { Version } from './semver.js';
import { memoize } from './memo.js';

export const SEMVER_TYPE_NAME = 'kubernetes.Semver';

export class Semver {
  readonly celTypeName = SEMVER_TYPE_NAME;
  constructor(readonly version: Version) {}
  celEquals(other: unknown): boolean {
    return other instanceof Semver && compareSemver(this.version, other.version) === 0;
  }
  toString(): string {
    return semverString(this.version);
  }
}

const parseShared = memoize((s: string) => new Semver(parseSemver(s)));

export function semver(s: string, normalize = false): Semver {
  try {
    return normalize ? new Semver(parseSemverNormalized(s)) : parseShared(s);
  } catch (e) {
    throw libraryError((e as Error).message, 'conversion_error');
  }
}

export function isSemver(s: string, normalize = false): boolean {
  try {
    semver(s, normalize);
    return true;
  } catch {
    return false;
  }
}

// Upstream returns types.Int(uint64): values above int64 wrap around like Go's conversion.
const asInt = (v: bigint): bigint => BigInt.asIntN(64, v);

export const semverLibrary: CelLibrary = {
  name: 'k8s.semver',
  register(env: Environment): void {
    const T = SEMVER_TYPE_NAME;
    env.registerType(T, Semver);
    env.registerFunction(`semver(string): ${T}`, (s: string) => semver(s));
    env.registerFunction('isSemver(string): bool', (s: string) => isSemver(s));
    env.registerFunction(`${T}.major(): int`, (v: Semver) => asInt(v.version.major));
    env.registerFunction(`${T}.minor(): int`, (v: Semver) => asInt(v.version.minor));
    env.registerFunction(`${T}.patch(): int`, (v: Semver) => asInt(v.version.patch));
    env.registerFunction(`${T}.isGreaterThan(${T}): bool`, (a: Semver, b: Semver) => compareSemver(a.version, b.version) === 1);
    env.registerFunction(`${T}.isLessThan(${T}): bool`, (a: Semver, b: Semver) => compareSemver(a.version, b.version) === -1);
    env.registerFunction(`${T}.compareTo(${T}): int`, (a: Semver, b: Semver) => BigInt(compareSemver(a.version, b.version)));
    env.registerOperator(`${T} == ${T}`, (a: Semver, b: Semver) => a.celEquals(b));
  },
};
