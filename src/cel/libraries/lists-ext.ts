// cel-go ext.Lists (latest version): slice, flatten, sort, sortBy, distinct, reverse and lists.range, with
// cel-go's error texts. (first/last belong to cel-go's optional library: see optionals.ts.)
import type { ASTNode, Environment } from '@marcbachmann/cel-js';
import { ParseError } from '@marcbachmann/cel-js';
import type { CelLibrary } from '../library.js';
import { celNamespace } from '../namespaces.js';
import { chargeCost } from '../budget.js';
import { libraryError } from './errors.js';
import { identifierName, registerMacro } from './macro-api.js';
import type { CelTypeDecl, CheckContext, IterationContext, MacroChecker, MacroDefinition, MacroEvaluator, MacroExpansion } from './macro-api.js';
import { celCompare, celEquals, comparableKind } from './value-ops.js';
import { concrete } from './type-names.js';

/** cel-go's default cap on lists.range (ListsMaxRangeSize). */
export const MAX_RANGE_SIZE = 1_000_000;

/** Element types cel-go can sort (and compare with min/max/isSorted). */
export const COMPARABLE_TYPES = ['int', 'uint', 'double', 'bool', 'google.protobuf.Duration', 'google.protobuf.Timestamp', 'string', 'bytes'];

export function slice(list: readonly unknown[], start: bigint, end: bigint): unknown[] {
  if (start < 0n || end < 0n) throw libraryError(`cannot slice(${start}, ${end}), negative indexes not supported`, 'index_out_of_range');
  if (start > end) throw libraryError(`cannot slice(${start}, ${end}), start index must be less than or equal to end index`, 'index_out_of_range');
  if (BigInt(list.length) < end) throw libraryError(`cannot slice(${start}, ${end}), list is length ${list.length}`, 'index_out_of_range');
  return list.slice(Number(start), Number(end));
}

export function flatten(list: readonly unknown[], depth: bigint): unknown[] {
  if (depth < 0n) throw libraryError('level must be non-negative');
  const out: unknown[] = [];
  for (const v of list) {
    if (Array.isArray(v) && depth > 0n) out.push(...flatten(v, depth - 1n));
    else out.push(v);
  }
  chargeCost(out.length);
  return out;
}

export function range(n: bigint): bigint[] {
  if (n < 0n) throw libraryError(`lists.range: size must be non-negative, got ${n}`);
  if (n > BigInt(MAX_RANGE_SIZE)) throw libraryError(`lists.range: size ${n} exceeds maximum allowed (${MAX_RANGE_SIZE})`);
  chargeCost(Number(n));
  return Array.from({ length: Number(n) }, (_, i) => BigInt(i));
}

export function distinct(list: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of list) if (!out.some((u) => celEquals(v, u))) out.push(v);
  return out;
}

/** Sorts `list` by `keys` (same length), as cel-go's @sortByAssociatedKeys: keys must share one comparable type. */
export function sortByKeys(list: readonly unknown[], keys: readonly unknown[]): unknown[] {
  if (list.length !== keys.length) {
    throw libraryError(
      `@sortByAssociatedKeys() expected a list of the same size as the associated keys list, but got ${list.length} and ${keys.length} elements respectively`,
    );
  }
  if (list.length === 0) return [...list];
  const kind = comparableKind(keys[0]);
  if (kind === undefined) throw libraryError('list elements must be comparable');
  for (const k of keys) if (comparableKind(k) !== kind) throw libraryError('list elements must have the same type');
  const order = keys.map((_, i) => i);
  order.sort((i, j) => celCompare(keys[i], keys[j]) ?? 0);
  chargeCost(list.length);
  return order.map((i) => list[i]);
}

interface SortByMacro extends MacroDefinition<SortByMacro> {
  readonly target: ASTNode;
  readonly variable: string;
  readonly key: ASTNode;
  keyCtx: IterationContext | undefined;
}

function typeCheckSortBy(chk: MacroChecker, m: SortByMacro, ctx: CheckContext): CelTypeDecl {
  const lt = chk.check(m.target, ctx);
  if (lt.kind !== 'list' && lt.kind !== 'dyn') {
    throw chk.createError('no_matching_overload', `found no matching overload for '${chk.formatType(lt)}.sortBy(...)': not a list`, m.target);
  }
  m.keyCtx = ctx.forkWithVariable(m.variable, concrete(chk, lt.valueType));
  const kt = chk.check(m.key, m.keyCtx);
  if (kt.kind !== 'dyn' && kt.kind !== 'param' && !COMPARABLE_TYPES.includes(kt.name)) {
    throw chk.createError(
      'no_matching_overload',
      `found no matching overload for '@sortByAssociatedKeys' applied to '${chk.formatType(lt)}.(list<${chk.formatType(kt)}>)'`,
      m.key,
    );
  }
  return lt.kind === 'list' ? lt : chk.registry.getListType(chk.dynType);
}

function evaluateSortBy(ev: MacroEvaluator, m: SortByMacro, ctx: unknown): unknown[] {
  const list = ev.run(m.target, ctx);
  if (!Array.isArray(list)) throw libraryError('no such overload', 'no_such_overload');
  const keyCtx = m.keyCtx as IterationContext;
  const keys = list.map((v) => ev.run(m.key, keyCtx.reuse(ctx).setIterValue(v, ev)));
  return sortByKeys(list, keys);
}

function expandSortBy({ receiver, args, ast }: MacroExpansion): SortByMacro {
  const target = receiver ?? ast;
  if (target.op === 'value' || target.op === 'map') {
    throw new ParseError({ code: 'invalid_macro_argument', message: 'sortBy can only be applied to a list, identifier, comprehension, call or select expression', node: target });
  }
  const variable = identifierName(args[0]);
  if (variable === undefined) throw new ParseError({ code: 'invalid_macro_argument', message: 'argument must be a simple name', node: args[0] });
  return { target, variable, key: args[1] as ASTNode, keyCtx: undefined, async: false, typeCheck: typeCheckSortBy, evaluate: evaluateSortBy };
}

export const listsExtLibrary: CelLibrary = {
  name: 'ext.lists',
  register(env: Environment): void {
    env.registerFunction('list<T>.slice(int, int): list<T>', slice);
    env.registerFunction('list<list<T>>.flatten(): list<T>', (l: unknown[]) => flatten(l, 1n));
    env.registerFunction('list<dyn>.flatten(int): list<dyn>', flatten);
    for (const t of COMPARABLE_TYPES) env.registerFunction(`list<${t}>.sort(): list<${t}>`, (l: unknown[]) => sortByKeys(l, l));
    registerMacro(env, 'list.sortBy(ast, ast): list<dyn>', expandSortBy);
    env.registerFunction(`${celNamespace(env, 'lists')}.range(int): list<int>`, (_ns: unknown, n: bigint) => range(n));
    env.registerFunction('list<T>.reverse(): list<T>', (l: unknown[]) => [...l].reverse());
    env.registerFunction('list<T>.distinct(): list<T>', distinct);
  },
};
