// The parts of cel-go's optional library (latest version) that cel-js lacks: optional.ofNonZeroValue,
// the optMap / optFlatMap macros, optional equality, and the version-2 list helpers first(), last(),
// unwrapOpt() and optional.unwrap(). (`.?`, `[?]`, optional.of/none, value, hasValue, or and orValue are
// cel-js built-ins.)
import type { ASTNode, Environment } from '@marcbachmann/cel-js';
import { ParseError } from '@marcbachmann/cel-js';
import type { CelLibrary } from '../library.js';
import { celNamespace } from '../namespaces.js';
import { Duration, Optional, UnsignedInt, celMapSize, isCelMap } from '../values.js';
import { libraryError } from './errors.js';
import { goPrint } from './format-value.js';
import { identifierName, registerMacro } from './macro-api.js';
import type { CelTypeDecl, CheckContext, IterationContext, MacroChecker, MacroDefinition, MacroEvaluator, MacroExpansion } from './macro-api.js';
import { celEquals } from './value-ops.js';
import { concrete } from './type-names.js';

// time.Time{}: 0001-01-01T00:00:00Z, cel-go's zero timestamp.
const ZERO_TIME_MS = new Date('0001-01-01T00:00:00Z').getTime();

/** cel-go's IsZeroValue for the types that implement it; optionals and objects are never zero. */
export function isZeroValue(v: unknown): boolean {
  switch (typeof v) {
    case 'boolean':
      return !v;
    case 'bigint':
      return v === 0n;
    case 'number':
      return v === 0;
    case 'string':
      return v.length === 0;
    default:
      break;
  }
  if (v === null) return true;
  if (v instanceof UnsignedInt) return v.value === 0n;
  if (v instanceof Uint8Array) return v.length === 0;
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof Duration) return v.seconds === 0n && v.nanos === 0;
  if (v instanceof Date) return v.getTime() === ZERO_TIME_MS;
  if (v instanceof Optional) return !v.hasValue();
  if (isCelMap(v)) return celMapSize(v) === 0;
  return false;
}

export function unwrapOptionals(list: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of list) {
    if (!(v instanceof Optional)) throw libraryError(`value ${goPrint(v)} is not optional`);
    if (v.hasValue()) out.push(v.value());
  }
  return out;
}

interface OptMapMacro extends MacroDefinition<OptMapMacro> {
  readonly flat: boolean;
  readonly target: ASTNode;
  readonly variable: string;
  readonly body: ASTNode;
  varCtx: IterationContext | undefined;
}

function typeCheckOptMap(chk: MacroChecker, m: OptMapMacro, ctx: CheckContext): CelTypeDecl {
  const name = m.flat ? 'optFlatMap' : 'optMap';
  const tt = chk.check(m.target, ctx);
  if (tt.kind !== 'optional' && tt.kind !== 'dyn') {
    throw chk.createError('no_matching_overload', `found no matching overload for '${chk.formatType(tt)}.${name}(...)': receiver must be optional`, m.target);
  }
  m.varCtx = ctx.forkWithVariable(m.variable, concrete(chk, tt.valueType));
  const bt = chk.check(m.body, m.varCtx);
  if (!m.flat) return chk.registry.getOptionalType(bt);
  if (bt.kind === 'optional') return bt;
  if (bt.kind === 'dyn') return chk.registry.getOptionalType(chk.dynType);
  throw chk.createError('no_matching_overload', `optFlatMap(${m.variable}, ...) must return an optional, got '${chk.formatType(bt)}'`, m.body);
}

function evaluateOptMap(ev: MacroEvaluator, m: OptMapMacro, ctx: unknown): unknown {
  const target = ev.run(m.target, ctx);
  if (!(target instanceof Optional)) throw libraryError('no such overload', 'no_such_overload');
  if (!target.hasValue()) return Optional.none();
  const result = ev.run(m.body, (m.varCtx as IterationContext).reuse(ctx).setIterValue(target.value(), ev));
  if (!m.flat) return Optional.of(result);
  if (!(result instanceof Optional)) throw libraryError('no such overload', 'no_such_overload');
  return result;
}

function optMapExpander(flat: boolean) {
  return ({ receiver, args, ast }: MacroExpansion): OptMapMacro => {
    const variable = identifierName(args[0]);
    if (variable === undefined) {
      throw new ParseError({ code: 'invalid_macro_argument', message: `${flat ? 'optFlatMap' : 'optMap'}() variable name must be a simple identifier`, node: args[0] });
    }
    return { flat, target: receiver ?? ast, variable, body: args[1] as ASTNode, varCtx: undefined, async: false, typeCheck: typeCheckOptMap, evaluate: evaluateOptMap };
  };
}

export const optionalsLibrary: CelLibrary = {
  name: 'cel.optional_types',
  register(env: Environment): void {
    const ns = celNamespace(env, 'optional');
    env.registerFunction(`${ns}.ofNonZeroValue(A): optional<A>`, (_ns: unknown, v: unknown) => (isZeroValue(v) ? Optional.none() : Optional.of(v)));
    env.registerFunction(`${ns}.unwrap(list<optional<A>>): list<A>`, (_ns: unknown, l: unknown[]) => unwrapOptionals(l));
    env.registerFunction('list<optional<A>>.unwrapOpt(): list<A>', unwrapOptionals);
    env.registerFunction('list<A>.first(): optional<A>', (l: unknown[]) => (l.length === 0 ? Optional.none() : Optional.of(l[0])));
    env.registerFunction('list<A>.last(): optional<A>', (l: unknown[]) => (l.length === 0 ? Optional.none() : Optional.of(l[l.length - 1])));
    registerMacro(env, 'optional.optMap(ast, ast): optional<dyn>', optMapExpander(false));
    registerMacro(env, 'optional.optFlatMap(ast, ast): optional<dyn>', optMapExpander(true));
    env.registerOperator('optional<A> == optional<A>', (a: unknown, b: unknown) => celEquals(a, b));
  },
};
