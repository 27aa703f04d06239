// A small bounded cache for parsing functions whose inputs repeat on every reconcile (quantity('1Gi'),
// cidr('10.0.0.0/8'), url(...)): parsed library values are immutable, so one instance can be shared.
export function memoize<T>(parse: (s: string) => T, limit = 1024): (s: string) => T {
  const cache = new Map<string, T>();
  return (s: string): T => {
    let v = cache.get(s);
    if (v === undefined) {
      v = parse(s);
      if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
      cache.set(s, v);
    }
    return v;
  };
}
