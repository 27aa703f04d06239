// Typed views of the @marcbachmann/cel-js internals the facade relies on. cel-js is plain JavaScript with a
// hand-written .d.ts that does not describe its AST nodes' metadata, its type declarations' structure or
// its evaluator; these interfaces name exactly the members we touch, so everything outside this module
// and the patch modules stays typed. The version is pinned (8.0.0); `probeEngine` fails loudly at
// environment creation if an upgrade moves any of these members.
import type { Environment } from '@marcbachmann/cel-js';

export type EngineTypeKind = 'primitive' | 'list' | 'map' | 'message' | 'enum' | 'dyn' | 'optional' | 'param';

export interface EngineType {
  readonly kind: EngineTypeKind;
  readonly name: string;
  readonly type: string;
  readonly keyType?: EngineType;
  readonly valueType?: EngineType;
  readonly hasDynType: boolean;
  readonly hasPlaceholderType: boolean;
  unify(registry: EngineRegistry, other: EngineType): EngineType | null;
}

export interface EngineContext {
  forkWithVariable(name: string, type: EngineType): EngineContext;
}

export interface EngineChecker {
  readonly registry: EngineRegistry;
  check(node: EngineNode, ctx: EngineContext): EngineType;
  createError(code: string, message: string, node?: EngineNode): Error;
}

export interface EngineEvaluator {
  readonly registry: EngineRegistry;
  run(node: EngineNode, ctx: unknown): unknown;
  debugType(value: unknown): EngineType;
  createError(code: string, message: string, node?: EngineNode): Error;
}

/** A macro implementation object (what a macro expander returns, stored in `meta.macro`). */
export interface EngineMacro {
  typeCheck: (checker: EngineChecker, macro: EngineMacro, ctx: EngineContext) => EngineType;
  evaluate: (evaluator: EngineEvaluator, macro: EngineMacro, ctx: unknown) => unknown;
  readonly [field: string]: unknown;
}

export type EngineCheckFn = (checker: EngineChecker, node: EngineNode, ctx: EngineContext) => EngineType;
export type EngineEvaluateFn = (evaluator: EngineEvaluator, node: EngineNode, ctx: unknown) => unknown;

export interface EngineNodeMeta {
  check: EngineCheckFn;
  evaluate: EngineEvaluateFn;
  alternate?: EngineNode;
  macro?: EngineMacro;
}

export interface EngineNode {
  readonly op: string;
  readonly args: unknown;
  readonly start: number;
  readonly end: number;
  /** The offset errors point at (for a field selection: the field name). */
  readonly pos: number;
  readonly meta: EngineNodeMeta;
  /** Set by the checker on operator nodes: the resolved overload handler or the dynamic dispatcher. */
  readonly handle?: (...args: unknown[]) => unknown;
  checkedType?: EngineType;
  setMeta(key: string, value: unknown): EngineNode;
  evaluate(evaluator: EngineEvaluator, node: EngineNode, ctx: unknown): unknown;
}

export interface EngineObjectType {
  readonly name: string;
  readonly fields?: Record<string, EngineType>;
  readonly ctor: unknown;
}

export interface EngineVariable {
  readonly name: string;
  readonly type: EngineType;
  readonly constant: boolean;
  readonly value: unknown;
}

export interface EngineRegistry {
  readonly objectTypes: Map<string, EngineObjectType>;
  readonly variables: Map<string, EngineVariable | undefined>;
  getType(name: string): EngineType;
  getListType(elem: EngineType): EngineType;
  getMapType(key: EngineType, value: EngineType): EngineType;
  getOptionalType(inner: EngineType): EngineType;
  findBinaryOverload(op: string, left: EngineType, right: EngineType): { handler: (...args: unknown[]) => unknown } | false | undefined;
}

/** A parsed expression: callable evaluator plus its AST. */
export interface EngineParsed {
  (context?: object): unknown;
  readonly ast: EngineNode;
}

const PROBE = '__kroEngineProbe';

/** Registers the probe function on a base environment (before it is cloned). */
export function registerProbe(env: Environment): void {
  env.registerFunction(`${PROBE}(): bool`, function (this: unknown) {
    probed = this as EngineEvaluator;
    return true;
  });
}

let probed: EngineEvaluator | undefined;

/** The evaluator (and through it the registry) of `env`, found by running the probe function once. */
export function probeEngine(env: Environment): EngineEvaluator {
  probed = undefined;
  env.evaluate(`${PROBE}()`);
  const evaluator = probed as EngineEvaluator | undefined;
  if (!evaluator || typeof evaluator.run !== 'function' || !evaluator.registry?.objectTypes) {
    throw new Error('cel-js internals changed: the evaluator probe failed (is @marcbachmann/cel-js still 8.0.0?)');
  }
  return evaluator;
}

/** The children of an AST node, including macro expansions, for read-only walks. */
export function childNodes(node: EngineNode): EngineNode[] {
  const out: EngineNode[] = [];
  const add = (x: unknown): void => {
    if (isNode(x)) out.push(x);
    else if (Array.isArray(x)) for (const y of x) add(y);
  };
  switch (node.op) {
    case 'value':
    case 'id':
    case 'accuValue':
    case 'accuInc':
      break;
    case 'comprehension': {
      const a = node.args as Record<string, unknown>;
      add(a['iterable']);
      add(a['init']);
      add(a['step']);
      break;
    }
    default:
      add(node.args);
  }
  return out;
}

export function isNode(x: unknown): x is EngineNode {
  return typeof x === 'object' && x !== null && typeof (x as { op?: unknown }).op === 'string' && 'meta' in x;
}
