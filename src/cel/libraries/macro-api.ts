// A typed view of the parts of cel-js's macro API the libraries use. cel-js ships its checker, evaluator
// and contexts untyped (only `registerFunction` is declared), so the shapes are written down once here and
// the casts stay in this file. Verified against @marcbachmann/cel-js 8.0.0 (pinned); revisit on upgrade.
import type { ASTNode, Environment } from '@marcbachmann/cel-js';

/** cel-js's TypeDeclaration as seen by a macro. */
export interface CelTypeDecl {
  readonly kind: 'primitive' | 'list' | 'map' | 'message' | 'enum' | 'dyn' | 'optional' | 'param';
  readonly name: string;
  readonly type: string;
  readonly keyType?: CelTypeDecl;
  readonly valueType?: CelTypeDecl;
  readonly hasDynType: boolean;
  readonly unwrappedType: CelTypeDecl;
  isDynOrBool(): boolean;
  unify(registry: MacroRegistry, other: CelTypeDecl): CelTypeDecl | null;
}

export interface MacroRegistry {
  getType(name: string): CelTypeDecl;
  getListType(valueType: CelTypeDecl): CelTypeDecl;
  getMapType(keyType: CelTypeDecl, valueType: CelTypeDecl): CelTypeDecl;
  getOptionalType(valueType: CelTypeDecl): CelTypeDecl;
}

/** The type-checking context: variables in scope. */
export interface CheckContext {
  forkWithVariable(name: string, type: CelTypeDecl): IterationContext;
}

/** A context that binds one local variable; reused across evaluations (cel-js's OverlayContext). */
export interface IterationContext extends CheckContext {
  reuse(parent: unknown): IterationContext;
  setIterValue(value: unknown, evaluator: MacroEvaluator): IterationContext;
}

export interface MacroChecker {
  readonly registry: MacroRegistry;
  readonly dynType: CelTypeDecl;
  readonly boolType: CelTypeDecl;
  readonly intType: CelTypeDecl;
  readonly stringType: CelTypeDecl;
  check(node: ASTNode, ctx: CheckContext): CelTypeDecl;
  getType(name: string): CelTypeDecl;
  formatType(type: CelTypeDecl): string;
  createError(code: string, message: string, node?: ASTNode): Error;
}

export interface MacroEvaluator {
  run(node: ASTNode, ctx: unknown): unknown;
}

/** What cel-js hands a macro's expander at parse time. */
export interface MacroExpansion {
  readonly ast: ASTNode;
  readonly args: readonly ASTNode[];
  readonly receiver: ASTNode | null;
}

/** What an expander returns: state plus the two hooks. `async: false` keeps cel-js off its Promise paths. */
export interface MacroDefinition<Self> {
  readonly async: false;
  typeCheck(checker: MacroChecker, self: Self, ctx: CheckContext): CelTypeDecl;
  evaluate(evaluator: MacroEvaluator, self: Self, ctx: unknown): unknown;
}

/**
 * Registers a macro. `expand` runs at parse time and returns the macro's state object with its `typeCheck`
 * and `evaluate` hooks; cel-js passes that same object back to the hooks as `self`.
 */
export function registerMacro<M extends MacroDefinition<M>>(
  env: Environment,
  signature: string,
  expand: (input: MacroExpansion) => M,
): void {
  env.registerFunction(signature, expand as (...args: unknown[]) => unknown);
}

/** The identifier name of `node`, or undefined when it is not a bare identifier. */
export function identifierName(node: ASTNode | undefined): string | undefined {
  return node !== undefined && node.op === 'id' ? node.args : undefined;
}
