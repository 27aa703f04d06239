// Kubernetes' list CEL library (k8s.io/apiserver/pkg/cel/library/lists.go): isSorted, sum, min, max for
// lists of comparable / summable elements, and indexOf / lastIndexOf with CEL equality.
import type { Environment } from '@marcbachmann/cel-js';
import type { CelLibrary } from '../library.js';
import { Duration, INT64_MAX, INT64_MIN, UINT64_MAX, UnsignedInt } from '../values.js';
import { libraryError, noSuchOverload } from './errors.js';
import { COMPARABLE_TYPES } from './lists-ext.js';
import { celCompare, celCompareOrThrow, celEquals } from './value-ops.js';

const MAX_DURATION_SECONDS = 315_576_000_000n;

export function isSorted(list: readonly unknown[]): boolean {
  for (let i = 1; i < list.length; i++) if (celCompare(list[i - 1], list[i]) === 1) return false;
  return true;
}

function extreme(name: 'min' | 'max', list: readonly unknown[]): unknown {
  if (list.length === 0) throw libraryError(`${name} called on empty list`);
  let best = list[0];
  const prefer = name === 'min' ? 1 : -1;
  for (let i = 1; i < list.length; i++) if (celCompareOrThrow(best, list[i]) === prefer) best = list[i];
  return best;
}

export function sumInts(list: readonly unknown[]): bigint {
  let acc = 0n;
  for (const v of list) {
    if (typeof v !== 'bigint') throw noSuchOverload();
    acc += v;
    if (acc > INT64_MAX || acc < INT64_MIN) throw libraryError('integer overflow', 'overflow');
  }
  return acc;
}

export function sumUints(list: readonly unknown[]): UnsignedInt {
  let acc = 0n;
  for (const v of list) {
    if (!(v instanceof UnsignedInt)) throw noSuchOverload();
    acc += v.value;
    if (acc > UINT64_MAX) throw libraryError('unsigned integer overflow', 'overflow');
  }
  return new UnsignedInt(acc);
}

export function sumDoubles(list: readonly unknown[]): number {
  let acc = 0;
  for (const v of list) {
    if (typeof v !== 'number') throw noSuchOverload();
    acc += v;
  }
  return acc;
}

export function sumDurations(list: readonly unknown[]): Duration {
  let nanos = 0n;
  for (const v of list) {
    if (!(v instanceof Duration)) throw noSuchOverload();
    nanos += v.seconds * 1_000_000_000n + BigInt(v.nanos);
    if (nanos > INT64_MAX || nanos < INT64_MIN) throw libraryError('integer overflow', 'overflow');
  }
  const seconds = nanos / 1_000_000_000n;
  if (seconds > MAX_DURATION_SECONDS || seconds < -MAX_DURATION_SECONDS) throw libraryError('integer overflow', 'overflow');
  return new Duration(seconds, Number(nanos % 1_000_000_000n));
}

export function indexOf(list: readonly unknown[], item: unknown): bigint {
  for (let i = 0; i < list.length; i++) if (celEquals(list[i], item)) return BigInt(i);
  return -1n;
}

export function lastIndexOf(list: readonly unknown[], item: unknown): bigint {
  for (let i = list.length - 1; i >= 0; i--) if (celEquals(list[i], item)) return BigInt(i);
  return -1n;
}

const SUMS: readonly [string, (l: readonly unknown[]) => unknown][] = [
  ['int', sumInts],
  ['uint', sumUints],
  ['double', sumDoubles],
  ['google.protobuf.Duration', sumDurations],
];

export const k8sListsLibrary: CelLibrary = {
  name: 'k8s.lists',
  register(env: Environment): void {
    for (const t of COMPARABLE_TYPES) {
      env.registerFunction(`list<${t}>.isSorted(): bool`, isSorted);
      env.registerFunction(`list<${t}>.min(): ${t}`, (l: unknown[]) => extreme('min', l));
      env.registerFunction(`list<${t}>.max(): ${t}`, (l: unknown[]) => extreme('max', l));
    }
    for (const [t, sum] of SUMS) env.registerFunction(`list<${t}>.sum(): ${t}`, sum);
    env.registerFunction('list<A>.indexOf(A): int', indexOf);
    env.registerFunction('list<A>.lastIndexOf(A): int', lastIndexOf);
  },
};
