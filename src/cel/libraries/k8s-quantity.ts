// Kubernetes' quantity CEL library (k8s.io/apiserver/pkg/cel/library/quantity.go) over quantity.ts:
// quantity(), isQuantity(), sign() (a global function upstream, not a method), comparisons, add/sub
// (with quantities or ints) and the integer/float conversions, with upstream's error texts.
import type { Environment } from '@marcbachmann/cel-js';
import type { CelLibrary } from '../library.js';
import { libraryError } from './errors.js';
import * as q from './quantity.js';
import { memoize } from './memo.js';

export const QUANTITY_TYPE_NAME = 'kubernetes.Quantity';

export class Quantity {
  readonly celTypeName = QUANTITY_TYPE_NAME;
  constructor(readonly quantity: q.Quantity) {}
  celEquals(other: unknown): boolean {
    return other instanceof Quantity && q.compareQuantities(this.quantity, other.quantity) === 0;
  }
  toString(): string {
    return this.quantity.toString();
  }
}

const parseShared = memoize((s: string) => new Quantity(q.parseQuantity(s)));

export function quantity(s: string): Quantity {
  try {
    return parseShared(s);
  } catch (e) {
    if (e instanceof q.QuantityError) throw libraryError(e.message, 'conversion_error');
    throw e;
  }
}

export function isQuantity(s: string): boolean {
  try {
    q.parseQuantity(s);
    return true;
  } catch {
    return false;
  }
}

export function asInteger(v: Quantity): bigint {
  const i = q.quantityAsInt64(v.quantity);
  if (i === undefined) throw libraryError('cannot convert value to integer', 'overflow');
  return i;
}

export const quantityLibrary: CelLibrary = {
  name: 'k8s.quantity',
  register(env: Environment): void {
    const T = QUANTITY_TYPE_NAME;
    const cmp = (a: Quantity, b: Quantity): number => q.compareQuantities(a.quantity, b.quantity);
    env.registerType(T, Quantity);
    env.registerFunction(`quantity(string): ${T}`, quantity);
    env.registerFunction('isQuantity(string): bool', isQuantity);
    env.registerFunction(`sign(${T}): int`, (v: Quantity) => BigInt(q.quantitySign(v.quantity)));
    env.registerFunction(`${T}.isGreaterThan(${T}): bool`, (a: Quantity, b: Quantity) => cmp(a, b) === 1);
    env.registerFunction(`${T}.isLessThan(${T}): bool`, (a: Quantity, b: Quantity) => cmp(a, b) === -1);
    env.registerFunction(`${T}.compareTo(${T}): int`, (a: Quantity, b: Quantity) => BigInt(cmp(a, b)));
    env.registerFunction(`${T}.asApproximateFloat(): double`, (v: Quantity) => q.quantityAsApproximateFloat(v.quantity));
    env.registerFunction(`${T}.asInteger(): int`, asInteger);
    env.registerFunction(`${T}.isInteger(): bool`, (v: Quantity) => q.quantityAsInt64(v.quantity) !== undefined);
    env.registerFunction(`${T}.add(${T}): ${T}`, (a: Quantity, b: Quantity) => new Quantity(q.addQuantities(a.quantity, b.quantity)));
    env.registerFunction(`${T}.add(int): ${T}`, (a: Quantity, b: bigint) => new Quantity(q.addQuantities(a.quantity, q.quantityFromInt(b))));
    env.registerFunction(`${T}.sub(${T}): ${T}`, (a: Quantity, b: Quantity) => new Quantity(q.subtractQuantities(a.quantity, b.quantity)));
    env.registerFunction(`${T}.sub(int): ${T}`, (a: Quantity, b: bigint) => new Quantity(q.subtractQuantities(a.quantity, q.quantityFromInt(b))));
    env.registerOperator(`${T} == ${T}`, (a: Quantity, b: Quantity) => a.celEquals(b));
  },
};
