// Namespaced global functions (`base64.encode`, `lists.range`, `hash.sha256`, `random.seededString`).
// cel-js has no qualified function names; a call `ns.f(x)` parses as a method call on the identifier `ns`.
// We make `ns` a constant whose value is a namespace object of a dedicated type, and register `f` as a
// method of that type. Several libraries share a namespace (ext lists `lists.range`, kro
// `lists.setAtIndex`), so declaring one is idempotent per environment.
import type { Environment } from '@marcbachmann/cel-js';

/** The receiver types cel-js itself uses for its own namespaces. */
const BUILTIN_NAMESPACE_TYPES: Readonly<Record<string, string>> = {
  cel: 'CelNamespace',
  optional: 'OptionalNamespace',
};

/**
 * Declares the namespace `name` on `env` (once) and returns the receiver type to use in signatures:
 * `env.registerFunction(`${celNamespace(env, 'base64')}.encode(bytes): string`, (_ns, b) => ...)`.
 * The handler receives the namespace object as its first argument; ignore it.
 */
export function celNamespace(env: Environment, name: string): string {
  const builtin = BUILTIN_NAMESPACE_TYPES[name];
  if (builtin !== undefined) return builtin;
  const typeName = namespaceTypeName(name);
  if (!env.hasVariable(name)) {
    const ctor = { [typeName]: class {} }[typeName];
    if (ctor === undefined) throw new Error(`cannot create namespace ${name}`);
    env.registerType(typeName, ctor);
    env.registerConstant(name, typeName, new ctor());
  }
  return typeName;
}

/** The cel-js type name of namespace `name`. Dots only: cel-js signatures allow `[A-Za-z0-9.<>]` receivers. */
export function namespaceTypeName(name: string): string {
  return `kro.namespace.${name}`;
}

/** True when `typeName` is the receiver type of a namespace (built-in or declared with `celNamespace`). */
export function isNamespaceType(typeName: string): boolean {
  return typeName.startsWith('kro.namespace.') || Object.values(BUILTIN_NAMESPACE_TYPES).includes(typeName);
}
