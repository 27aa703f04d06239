// Deep freezing for the compiled graph (style.md §7.7): the graph is shared by every reconcile of every instance,
// so nothing may change it after compileGraph returns. Maps are wrapped so `set`/`delete` throw too.

/** A ReadonlyMap that also refuses mutation at runtime. */
export class FrozenMap<K, V> extends Map<K, V> {
  #sealed = false;

  constructor(entries: Iterable<readonly [K, V]>) {
    super();
    for (const [key, value] of entries) super.set(key, value);
    this.#sealed = true;
  }

  override set(key: K, value: V): this {
    if (this.#sealed) throw new TypeError('the compiled graph is read-only');
    return super.set(key, value);
  }

  override delete(_key: K): boolean {
    throw new TypeError('the compiled graph is read-only');
  }

  override clear(): void {
    throw new TypeError('the compiled graph is read-only');
  }
}

/** Freezes `value` and everything reachable from it (plain objects, arrays, map entries). Already-frozen parts are skipped. */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current !== 'object' || current === null || Object.isFrozen(current)) continue;
    if (current instanceof Map) {
      for (const [k, v] of current) stack.push(k, v);
    } else if (Array.isArray(current)) {
      stack.push(...(current as unknown[]));
    } else {
      for (const key of Object.keys(current)) stack.push((current as Record<string, unknown>)[key]);
    }
    Object.freeze(current);
  }
  return value;
}
