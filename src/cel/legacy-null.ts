// cel-go keeps its legacy checker's nullability: `null` is assignable to objects (messages), opaque types,
// timestamps and durations, but not to strings, numbers, lists or maps. Upstream kro's RGDs rely on it
// (`job.status.?completionTime.orValue(null) != null`, `cond ? job.status.completionTime : null`). cel-js
// unifies types only structurally, so this module teaches its type unification that one rule, once per
// process, which covers every construct that unifies (ternaries, optional or/orValue, list and map
// literals, overload return types). Comparisons with null are handled in ast-patches.ts, because cel-js
// resolves `==` through overloads rather than unification.
import type { EngineRegistry, EngineType } from './internals.js';

const PATCHED = Symbol.for('kro-ts.cel.legacy-null-unification');

type Unify = (this: EngineType, registry: EngineRegistry, other: EngineType) => EngineType | null;

/** Whether `null` may stand for a value of type `t`, by cel-go's legacy rule. */
export function isLegacyNullable(t: EngineType): boolean {
  if (t.kind === 'message' || t.kind === 'enum') return true;
  return t.name === 'google.protobuf.Timestamp' || t.name === 'google.protobuf.Duration';
}

export function isNullType(t: EngineType): boolean {
  return t.kind === 'primitive' && t.name === 'null';
}

/** Installs the rule on the engine's type class (idempotent). */
export function installLegacyNullUnification(registry: EngineRegistry): void {
  const proto = Object.getPrototypeOf(registry.getType('null')) as { unify: Unify; [PATCHED]?: true };
  if (proto[PATCHED]) return;
  const original = proto.unify;
  if (typeof original !== 'function') throw new Error('cel-js internals changed: type unification not found (is @marcbachmann/cel-js still 8.0.0?)');
  proto.unify = function unify(this: EngineType, r: EngineRegistry, other: EngineType): EngineType | null {
    const unified = original.call(this, r, other);
    if (unified) return unified;
    if (isNullType(this) && isLegacyNullable(other)) return other;
    if (isNullType(other) && isLegacyNullable(this)) return this;
    return null;
  };
  proto[PATCHED] = true;
}
