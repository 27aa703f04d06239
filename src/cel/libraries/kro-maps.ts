// kro's map functions: `a.merge(b)` (b's entries win; typed map(K, V)) and `a.deepMerge(b)` (dyn; nested
// maps merge recursively, anything else from b replaces a's value; an empty side returns the other map
// unchanged), as upstream pkg/cel/library/maps.go.
import type { Environment } from '@marcbachmann/cel-js';
import type { CelLibrary } from '../library.js';
import { celMapEntries, celMapSize, isCelMap } from '../values.js';
import { libraryError } from './errors.js';
import { celTypeName } from './value-ops.js';

type CelMap = ReadonlyMap<unknown, unknown> | Record<string, unknown>;

function asMap(v: unknown): Map<unknown, unknown> {
  return v instanceof Map ? new Map(v as ReadonlyMap<unknown, unknown>) : new Map(celMapEntries(v as CelMap));
}

export function merge(a: unknown, b: unknown): Map<unknown, unknown> {
  if (!isCelMap(a) || !isCelMap(b)) throw libraryError(`no such overload: ${celTypeName(a)}.merge(${celTypeName(b)})`, 'no_such_overload');
  const out = asMap(a);
  for (const [k, v] of celMapEntries(b)) out.set(k, v);
  return out;
}

export function deepMerge(a: unknown, b: unknown): unknown {
  if (!isCelMap(a) || !isCelMap(b)) throw libraryError('no such overload', 'no_such_overload');
  if (celMapSize(b) === 0) return a;
  if (celMapSize(a) === 0) return b;
  const out = asMap(a);
  for (const [k, v] of celMapEntries(b)) {
    const existing = out.get(k);
    out.set(k, isCelMap(existing) && isCelMap(v) ? deepMerge(existing, v) : v);
  }
  return out;
}

export const kroMapsLibrary: CelLibrary = {
  name: 'kro.maps',
  register(env: Environment): void {
    env.registerFunction({
      name: 'merge',
      receiverType: 'map<K, V>',
      returnType: 'map<K, V>',
      params: [{ name: 'other', type: 'map<K, V>' }],
      handler: merge,
    });
    env.registerFunction('dyn.deepMerge(dyn): dyn', deepMerge);
  },
};
