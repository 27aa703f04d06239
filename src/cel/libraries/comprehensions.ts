// cel-go ext.TwoVarComprehensions: all/exists/existsOne(k, v, pred), transformList, transformMap and
// transformMapEntry (3- and 4-argument forms), as cel-js macros. Over a list the variables are (index,
// value), over a map (key, value). Semantics follow cel-go's macro expansions: all/exists absorb errors
// when another element decides the result (CEL's commutative && / ||), existsOne and the transforms stop
// at the first error, and transformMapEntry refuses to produce a key twice.
import type { ASTNode, Environment } from '@marcbachmann/cel-js';
import { ParseError } from '@marcbachmann/cel-js';
import { celMapEntries, celMapGet, isCelMap } from '../values.js';
import type { CelLibrary } from '../library.js';
import { libraryError } from './errors.js';
import { identifierName, registerMacro } from './macro-api.js';
import type { CelTypeDecl, CheckContext, IterationContext, MacroChecker, MacroDefinition, MacroEvaluator, MacroExpansion } from './macro-api.js';
import { goPrint } from './format-value.js';
import { celTypeName } from './value-ops.js';
import { concrete } from './type-names.js';

type Kind = 'all' | 'exists' | 'existsOne' | 'transformList' | 'transformMap' | 'transformMapEntry';

// cel-go's accumulator names; an iteration variable may not shadow them.
const ACCUMULATORS = new Set(['@result', '__result__']);

interface TwoVarMacro extends MacroDefinition<TwoVarMacro> {
  readonly kind: Kind;
  readonly name: string;
  readonly receiver: ASTNode;
  readonly keyVar: string;
  readonly valueVar: string;
  readonly filter: ASTNode | undefined;
  readonly body: ASTNode;
  keyCtx: IterationContext | undefined;
  valueCtx: IterationContext | undefined;
}

function iterVar(node: ASTNode): string {
  const name = identifierName(node);
  if (name === undefined) throw new ParseError({ code: 'invalid_macro_argument', message: 'argument must be a simple name', node });
  return name;
}

function expander(kind: Kind, name: string) {
  return ({ args, receiver, ast }: MacroExpansion): TwoVarMacro => {
    const [a0, a1] = args as [ASTNode, ASTNode];
    const keyVar = iterVar(a0);
    const valueVar = iterVar(a1);
    if (keyVar === valueVar) throw new ParseError({ code: 'invalid_macro_argument', message: `duplicate variable name: ${keyVar}`, node: a1 });
    if (ACCUMULATORS.has(keyVar)) throw new ParseError({ code: 'invalid_macro_argument', message: 'iteration variable overwrites accumulator variable', node: a0 });
    if (ACCUMULATORS.has(valueVar)) throw new ParseError({ code: 'invalid_macro_argument', message: 'iteration variable overwrites accumulator variable', node: a1 });
    const four = args.length === 4;
    return {
      kind,
      name,
      receiver: receiver ?? ast,
      keyVar,
      valueVar,
      filter: four ? args[2] : undefined,
      body: (four ? args[3] : args[2]) as ASTNode,
      keyCtx: undefined,
      valueCtx: undefined,
      async: false,
      typeCheck,
      evaluate,
    };
  };
}

function requireBool(chk: MacroChecker, node: ASTNode, ctx: CheckContext): void {
  const t = chk.check(node, ctx);
  if (!t.isDynOrBool()) throw chk.createError('invalid_condition_type', `expected type 'bool' but found '${chk.formatType(t)}'`, node);
}

function typeCheck(chk: MacroChecker, m: TwoVarMacro, ctx: CheckContext): CelTypeDecl {
  const rt = chk.check(m.receiver, ctx);
  let keyType: CelTypeDecl;
  let valueType: CelTypeDecl;
  if (rt.kind === 'list') {
    keyType = chk.intType;
    valueType = concrete(chk, rt.valueType);
  } else if (rt.kind === 'map') {
    keyType = concrete(chk, rt.keyType);
    valueType = concrete(chk, rt.valueType);
  } else if (rt.kind === 'dyn') {
    keyType = chk.dynType;
    valueType = chk.dynType;
  } else {
    throw chk.createError(
      'invalid_comprehension_range',
      `expression of type '${chk.formatType(rt)}' cannot be range of a comprehension (must be list, map, or dynamic)`,
      m.receiver,
    );
  }
  m.keyCtx = ctx.forkWithVariable(m.keyVar, keyType);
  m.valueCtx = m.keyCtx.forkWithVariable(m.valueVar, valueType);
  const label = `${m.name}(${m.keyVar}, ${m.valueVar}, ...)`;
  if (m.filter !== undefined) requireBool(chk, m.filter, m.valueCtx);
  switch (m.kind) {
    case 'all':
    case 'exists':
    case 'existsOne':
      requireBool(chk, m.body, m.valueCtx);
      return chk.boolType;
    case 'transformList':
      return chk.registry.getListType(chk.check(m.body, m.valueCtx));
    case 'transformMap':
      return chk.registry.getMapType(keyType, chk.check(m.body, m.valueCtx));
    case 'transformMapEntry': {
      const et = chk.check(m.body, m.valueCtx);
      if (et.kind === 'map') return et;
      if (et.kind === 'dyn') return chk.registry.getMapType(chk.dynType, chk.dynType);
      throw chk.createError('no_matching_overload', `${label} transform must return a map, got '${chk.formatType(et)}'`, m.body);
    }
  }
}

/**
 * Calls `visit(key, value)` for each entry of a list (index, value) or map (key, value) until it returns
 * true. Iterates in place: no entry array is built per evaluation.
 */
function forEachPair(range: unknown, visit: (k: unknown, v: unknown) => boolean): void {
  if (Array.isArray(range)) {
    for (let i = 0; i < range.length; i++) if (visit(BigInt(i), range[i])) return;
  } else if (range instanceof Map) {
    for (const [k, v] of range as ReadonlyMap<unknown, unknown>) if (visit(k, v)) return;
  } else if (isCelMap(range)) {
    for (const [k, v] of celMapEntries(range)) if (visit(k, v)) return;
  } else {
    throw libraryError(
      `expression of type '${celTypeName(range)}' cannot be range of a comprehension (must be list, map, or dynamic)`,
      'no_such_overload',
    );
  }
}

function evaluate(ev: MacroEvaluator, m: TwoVarMacro, ctx: unknown): unknown {
  const range = ev.run(m.receiver, ctx);
  const keyCtx = m.keyCtx as IterationContext;
  const valueCtx = m.valueCtx as IterationContext;
  const bind = (k: unknown, v: unknown): IterationContext => valueCtx.reuse(keyCtx.reuse(ctx).setIterValue(k, ev)).setIterValue(v, ev);
  const keep = (c: IterationContext): boolean => m.filter === undefined || asBool(ev.run(m.filter, c));
  switch (m.kind) {
    case 'all':
    case 'exists':
      return quantify(ev, m, range, bind);
    case 'existsOne': {
      let count = 0;
      forEachPair(range, (k, v) => {
        if (asBool(ev.run(m.body, bind(k, v)))) count++;
        return false;
      });
      return count === 1;
    }
    case 'transformList': {
      const out: unknown[] = [];
      forEachPair(range, (k, v) => {
        const c = bind(k, v);
        if (keep(c)) out.push(ev.run(m.body, c));
        return false;
      });
      return out;
    }
    case 'transformMap': {
      const out = new Map<unknown, unknown>();
      forEachPair(range, (k, v) => {
        const c = bind(k, v);
        if (keep(c)) out.set(k, ev.run(m.body, c));
        return false;
      });
      return out;
    }
    case 'transformMapEntry': {
      const out = new Map<unknown, unknown>();
      forEachPair(range, (k, v) => {
        const c = bind(k, v);
        if (!keep(c)) return false;
        const entry = ev.run(m.body, c);
        if (!isCelMap(entry)) throw libraryError('no such overload', 'no_such_overload');
        for (const [ek, evalue] of celMapEntries(entry)) {
          if (out.has(ek) || (typeof ek !== 'string' && celMapGet(out, ek) !== undefined)) {
            throw libraryError(`insert failed: key ${goPrint(ek)} already exists`);
          }
          out.set(ek, evalue);
        }
        return false;
      });
      return out;
    }
  }
}

function asBool(v: unknown): boolean {
  if (typeof v !== 'boolean') throw libraryError('no such overload', 'no_such_overload');
  return v;
}

/** all / exists with CEL's error absorption: a deciding element wins over an earlier error. */
function quantify(ev: MacroEvaluator, m: TwoVarMacro, range: unknown, bind: (k: unknown, v: unknown) => IterationContext): boolean {
  const decisive = m.kind === 'exists';
  let pending: Error | undefined;
  let decided = false;
  forEachPair(range, (k, v) => {
    let r: unknown;
    try {
      r = ev.run(m.body, bind(k, v));
    } catch (e) {
      pending ??= e instanceof Error ? e : new Error(String(e));
      return false;
    }
    if (typeof r !== 'boolean') {
      pending ??= libraryError('no such overload', 'no_such_overload');
      return false;
    }
    decided = r === decisive;
    return decided;
  });
  if (decided) return decisive;
  if (pending !== undefined) throw pending;
  return !decisive;
}

const MACROS: readonly [Kind, string, number][] = [
  ['all', 'all', 3],
  ['exists', 'exists', 3],
  ['existsOne', 'existsOne', 3],
  ['existsOne', 'exists_one', 3],
  ['transformList', 'transformList', 3],
  ['transformList', 'transformList', 4],
  ['transformMap', 'transformMap', 3],
  ['transformMap', 'transformMap', 4],
  ['transformMapEntry', 'transformMapEntry', 3],
  ['transformMapEntry', 'transformMapEntry', 4],
];

export const twoVarComprehensionsLibrary: CelLibrary = {
  name: 'ext.two_var_comprehensions',
  register(env: Environment): void {
    for (const [kind, name, arity] of MACROS) {
      const returnType = kind === 'transformList' ? 'list<dyn>' : kind.startsWith('transformMap') ? 'map<dyn, dyn>' : 'bool';
      registerMacro(env, `dyn.${name}(${Array(arity).fill('ast').join(', ')}): ${returnType}`, expander(kind, name));
    }
  },
};
