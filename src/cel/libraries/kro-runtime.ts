// kro's `runtime` variable for custom status conditions (pkg/cel/library/runtime.go), available only in
// status.conditions expressions: runtime.newCondition({type: .., status: .., reason: .., message: ..})
// is a parse-time macro (bare identifier keys from that set, no duplicates, type and status required,
// string values, literal status True/False/Unknown, literal type non-empty) returning a kro.run.Condition;
// runtime.condition(obj, 'Type') finds obj.status.conditions[] by type, else an empty Condition.
import type { ASTNode, Environment } from '@marcbachmann/cel-js';
import { ParseError } from '@marcbachmann/cel-js';
import type { CelLibrary, CelLibraryOptions } from '../library.js';
import { celMapGet, isCelMap } from '../values.js';
import { libraryError } from './errors.js';
import { goQuote } from '../../go/index.js';
import { identifierName, registerMacro } from './macro-api.js';
import type { CelTypeDecl, CheckContext, MacroChecker, MacroDefinition, MacroEvaluator, MacroExpansion } from './macro-api.js';
import { celTypeName } from './value-ops.js';

export const CONDITION_TYPE_NAME = 'kro.run.Condition';
export const RUNTIME_TYPE_NAME = 'kro.run.Runtime';
export const RUNTIME_VAR_NAME = 'runtime';

const CONDITION_KEYS = ['type', 'status', 'reason', 'message'] as const;
type ConditionKey = (typeof CONDITION_KEYS)[number];
const VALID_STATUSES = new Set(['True', 'False', 'Unknown']);

export function isValidConditionStatus(s: string): boolean {
  return VALID_STATUSES.has(s);
}

/** A kro.run.Condition value; its fields read as CEL fields (`c.status`). */
export class Condition {
  readonly celTypeName = CONDITION_TYPE_NAME;
  constructor(
    readonly type = '',
    readonly status = '',
    readonly reason = '',
    readonly message = '',
  ) {}

  celEquals(other: unknown): boolean {
    return other instanceof Condition && other.type === this.type && other.status === this.status && other.reason === this.reason && other.message === this.message;
  }
}

/** The stateless value of the `runtime` variable. */
export class CelRuntime {
  readonly celTypeName = RUNTIME_TYPE_NAME;
}

export const RUNTIME = Object.freeze(new CelRuntime());

/** runtime.newCondition's evaluation-time checks, for computed values the macro cannot see. */
export function newCondition(entries: readonly (readonly [string, unknown])[]): Condition {
  const fields: Record<ConditionKey, string> = { type: '', status: '', reason: '', message: '' };
  for (const [key, value] of entries) {
    if (typeof value !== 'string') throw libraryError(`runtime.newCondition: ${key} must be a string, got ${celTypeName(value)}`);
    if (key === 'type' && value === '') throw libraryError('runtime.newCondition: type must not be empty');
    if (key === 'status' && !isValidConditionStatus(value)) {
      throw libraryError(`runtime.newCondition: status must be one of True, False, Unknown (got ${goQuote(value)})`);
    }
    if ((CONDITION_KEYS as readonly string[]).includes(key)) fields[key as ConditionKey] = value;
  }
  return new Condition(fields.type, fields.status, fields.reason, fields.message);
}

function readString(m: ReadonlyMap<unknown, unknown> | Record<string, unknown>, key: string): string {
  const v = celMapGet(m, key);
  return typeof v === 'string' ? v : '';
}

/** runtime.condition(obj, type): the condition of that type in obj.status.conditions, or an empty one. */
export function findCondition(obj: unknown, wanted: string): Condition {
  if (!isCelMap(obj)) throw libraryError(`runtime.condition: obj must be an object, got ${celTypeName(obj)}`);
  const status = celMapGet(obj, 'status');
  if (status === undefined) return new Condition();
  if (!isCelMap(status)) throw libraryError('runtime.condition: obj.status must be an object');
  const list = celMapGet(status, 'conditions');
  if (list === undefined) return new Condition();
  if (!Array.isArray(list)) throw libraryError('runtime.condition: obj.status.conditions must be a list');
  const conditions = list.map((c: unknown) => {
    if (c instanceof Condition) return c;
    if (isCelMap(c)) return new Condition(readString(c, 'type'), readString(c, 'status'), readString(c, 'reason'), readString(c, 'message'));
    throw libraryError(`runtime.condition: unexpected condition element type ${celTypeName(c)}`);
  });
  return conditions.find((c) => c.type === wanted) ?? new Condition();
}

interface NewConditionMacro extends MacroDefinition<NewConditionMacro> {
  readonly receiver: ASTNode;
  readonly entries: readonly (readonly [string, ASTNode])[];
}

function parseError(message: string, node: ASTNode): ParseError {
  return new ParseError({ code: 'invalid_macro_argument', message: `runtime.newCondition: ${message}`, node });
}

function expandNewCondition({ receiver, args, ast }: MacroExpansion): NewConditionMacro {
  const arg = args[0] as ASTNode;
  const target = receiver ?? ast;
  const isRuntime = identifierName(target) === RUNTIME_VAR_NAME;
  const entries: [string, ASTNode][] = [];
  if (isRuntime) {
    if (arg.op !== 'map') throw parseError('argument must be a map literal', arg);
    const seen = new Set<string>();
    for (const [keyNode, valueNode] of arg.args) {
      const name = identifierName(keyNode);
      if (name === undefined) {
        throw parseError('keys must be bare identifiers (type, status, reason, message); quoted or computed keys are not allowed', keyNode);
      }
      if (!(CONDITION_KEYS as readonly string[]).includes(name)) {
        throw parseError(`unknown key ${goQuote(name)} (allowed: type, status, reason, message)`, keyNode);
      }
      if (seen.has(name)) throw parseError(`duplicate key ${goQuote(name)}`, keyNode);
      seen.add(name);
      entries.push([name, valueNode]);
    }
    if (!seen.has('type')) throw parseError("'type' is required", arg);
    if (!seen.has('status')) throw parseError("'status' is required", arg);
  }
  return { receiver: target, entries, async: false, typeCheck: typeCheckNewCondition, evaluate: evaluateNewCondition };
}

function typeCheckNewCondition(chk: MacroChecker, m: NewConditionMacro, ctx: CheckContext): CelTypeDecl {
  const rt = chk.check(m.receiver, ctx);
  if (rt.name !== RUNTIME_TYPE_NAME || m.entries.length === 0) {
    throw chk.createError('no_matching_overload', `found no matching overload for '${chk.formatType(rt)}.newCondition(...)'`, m.receiver);
  }
  for (const [key, node] of m.entries) {
    const t = chk.check(node, ctx);
    if (t.kind !== 'dyn' && t.name !== 'string') {
      throw chk.createError('no_matching_overload', `runtime.newCondition: ${key} must be a string, got ${chk.formatType(t)}`, node);
    }
    if (node.op !== 'value' || typeof node.args !== 'string') continue;
    if (key === 'status' && !isValidConditionStatus(node.args)) {
      throw chk.createError('invalid_argument', `runtime.newCondition: status must be one of True, False, Unknown (got ${goQuote(node.args)})`, node);
    }
    if (key === 'type' && node.args === '') throw chk.createError('invalid_argument', 'runtime.newCondition: type must not be empty', node);
  }
  return chk.getType(CONDITION_TYPE_NAME);
}

function evaluateNewCondition(ev: MacroEvaluator, m: NewConditionMacro, ctx: unknown): Condition {
  return newCondition(m.entries.map(([key, node]) => [key, ev.run(node, ctx)] as const));
}

export const runtimeLibrary: CelLibrary = {
  name: 'kro.runtime',
  register(env: Environment, options: CelLibraryOptions): void {
    if (!options.runtimeEnabled) return;
    env.registerType(CONDITION_TYPE_NAME, {
      ctor: Condition,
      fields: { type: 'string', status: 'string', reason: 'string', message: 'string' },
    });
    env.registerType(RUNTIME_TYPE_NAME, CelRuntime);
    env.registerConstant(RUNTIME_VAR_NAME, RUNTIME_TYPE_NAME, RUNTIME);
    env.registerOperator(`${CONDITION_TYPE_NAME} == ${CONDITION_TYPE_NAME}`, (a: Condition, b: Condition) => a.celEquals(b));
    registerMacro(env, `${RUNTIME_TYPE_NAME}.newCondition(ast): ${CONDITION_TYPE_NAME}`, expandNewCondition);
    env.registerFunction(`${RUNTIME_TYPE_NAME}.condition(dyn, string): ${CONDITION_TYPE_NAME}`, (_rt: unknown, obj: unknown, type: string) => findCondition(obj, type));
  },
};
