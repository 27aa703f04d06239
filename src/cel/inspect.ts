// Static inspection of a parsed expression (upstream pkg/cel/ast/inspector.go): which declared variables
// it reads and through which field paths (the graph builder's dependency edges), which functions it calls,
// and which identifiers and functions the environment does not know. Comprehension and cel.bind
// variables are scoped, so a local named like a resource is never mistaken for it.
import type { Span } from '../api/index.js';
import type { CelEnvironment } from './environment.js';
import { childNodes, type EngineNode } from './internals.js';

export type PathSegment = string | number;

export interface CelReference {
  /** The declared variable read, e.g. `deployment`. */
  readonly variable: string;
  /** Fields (and literal indexes) selected from it, e.g. ['status', 'availableReplicas']. Stops at a computed index. */
  readonly path: readonly PathSegment[];
  /** `deployment.status.availableReplicas`, `deployment.spec.containers[0].image`. */
  readonly text: string;
  /** True when the path uses optional selection (`.?` or `[?]`). */
  readonly optional: boolean;
  readonly span: Span;
}

export interface NamedSpan {
  readonly name: string;
  readonly span: Span;
}

export interface ExpressionInspection {
  readonly references: readonly CelReference[];
  /** Distinct declared variables referenced, in order of first use. */
  readonly variables: readonly string[];
  /** Distinct functions called (namespaced ones as `base64.encode`), in order of first use. */
  readonly functions: readonly string[];
  readonly unknownIdentifiers: readonly NamedSpan[];
  readonly unknownFunctions: readonly NamedSpan[];
}

/** How many leading arguments of a comprehension-style macro are variable binders, by argument count. */
const BINDERS: Readonly<Record<string, Readonly<Record<number, number>>>> = {
  all: { 2: 1, 3: 2 },
  exists: { 2: 1, 3: 2 },
  exists_one: { 2: 1 },
  existsOne: { 2: 1, 3: 2 },
  map: { 2: 1, 3: 1 },
  filter: { 2: 1 },
  transformList: { 3: 2, 4: 2 },
  transformMap: { 3: 2, 4: 2 },
  transformMapEntry: { 3: 2, 4: 2 },
  sortBy: { 2: 1 },
  optMap: { 2: 1 },
  optFlatMap: { 2: 1 },
};

export function inspectAst(root: EngineNode, env: CelEnvironment): ExpressionInspection {
  return new Inspector(env).run(root);
}

class Inspector {
  private readonly references: CelReference[] = [];
  private readonly variables = new Set<string>();
  private readonly functions = new Set<string>();
  private readonly unknownIdentifiers: NamedSpan[] = [];
  private readonly unknownFunctions: NamedSpan[] = [];

  constructor(private readonly env: CelEnvironment) {}

  run(root: EngineNode): ExpressionInspection {
    this.visit(root, new Set());
    return {
      references: this.references,
      variables: [...this.variables],
      functions: [...this.functions],
      unknownIdentifiers: dedupe(this.unknownIdentifiers),
      unknownFunctions: dedupe(this.unknownFunctions),
    };
  }

  private visit(node: EngineNode, locals: ReadonlySet<string>): void {
    switch (node.op) {
      case 'id':
        this.identifier(node, node.args as string, [], false, node, locals);
        return;
      case '.':
      case '.?':
      case '[]':
      case '[?]':
        this.access(node, locals);
        return;
      case 'call':
        this.call(node, locals);
        return;
      case 'rcall':
        this.methodCall(node, locals);
        return;
      default:
        for (const child of childNodes(node)) this.visit(child, locals);
    }
  }

  /** A chain of selections and literal indexes ending in an identifier is one reference. */
  private access(outer: EngineNode, locals: ReadonlySet<string>): void {
    let path: PathSegment[] = [];
    let optional = false;
    let node = outer;
    let top = outer;
    for (;;) {
      if (node.op === '.' || node.op === '.?') {
        const [operand, field] = node.args as [EngineNode, string];
        path.unshift(field);
        optional ||= node.op === '.?';
        node = operand;
      } else if (node.op === '[]' || node.op === '[?]') {
        const [operand, index] = node.args as [EngineNode, EngineNode];
        const literal = literalIndex(index);
        if (literal === undefined) {
          this.visit(index, locals);
          path = [];
          optional = false;
          top = operand;
        } else {
          path.unshift(literal);
          optional ||= node.op === '[?]';
        }
        node = operand;
      } else break;
    }
    if (node.op === 'id') this.identifier(node, node.args as string, path, optional, top, locals);
    else this.visit(node, locals);
  }

  private identifier(
    idNode: EngineNode,
    name: string,
    path: PathSegment[],
    optional: boolean,
    top: EngineNode,
    locals: ReadonlySet<string>,
  ): void {
    if (locals.has(name)) return;
    if (this.env.variables.has(name)) {
      this.variables.add(name);
      this.references.push({ variable: name, path, text: formatReference(name, path), optional, span: spanOf(top) });
      return;
    }
    if (!this.env.isKnownIdentifier(name)) this.unknownIdentifiers.push({ name, span: spanOf(idNode) });
  }

  private call(node: EngineNode, locals: ReadonlySet<string>): void {
    const [name, args] = node.args as [string, EngineNode[]];
    this.useFunction(name, node);
    for (const arg of args) this.visit(arg, locals);
  }

  private methodCall(node: EngineNode, locals: ReadonlySet<string>): void {
    const [name, receiver, args] = node.args as [string, EngineNode, EngineNode[]];
    const namespace = receiver.op === 'id' && !locals.has(receiver.args as string) && this.isNamespace(receiver.args as string);
    if (namespace) {
      const ns = receiver.args as string;
      this.useFunction(`${ns}.${name}`, node);
      if (ns === 'cel' && name === 'bind' && args.length === 3 && args[0]?.op === 'id') {
        this.visit(args[1] as EngineNode, locals);
        this.visit(args[2] as EngineNode, new Set([...locals, args[0].args as string]));
        return;
      }
      for (const arg of args) this.visit(arg, locals);
      return;
    }
    this.useFunction(name, node);
    this.visit(receiver, locals);
    if (isConditionLiteral(receiver, name, args, locals)) {
      // runtime.newCondition({type: .., status: ..}): a parse-time macro whose keys are bare field names.
      for (const [, value] of (args[0] as EngineNode).args as [EngineNode, EngineNode][]) this.visit(value, locals);
      return;
    }
    const binders = BINDERS[name]?.[args.length] ?? 0;
    const bound = args.slice(0, binders);
    if (binders > 0 && bound.every((a) => a.op === 'id')) {
      const inner = new Set([...locals, ...bound.map((a) => a.args as string)]);
      for (const arg of args.slice(binders)) this.visit(arg, inner);
      return;
    }
    for (const arg of args) this.visit(arg, locals);
  }

  /** A constant whose value is a namespace object (`base64`, `lists`, `cel`, `optional`), not a variable. */
  private isNamespace(name: string): boolean {
    return !this.env.variables.has(name) && this.env.isKnownIdentifier(name) && this.env.namespaceNames.has(name);
  }

  private useFunction(name: string, node: EngineNode): void {
    this.functions.add(name);
    if (!this.env.functionNames.has(name)) this.unknownFunctions.push({ name, span: spanOf(node) });
  }
}

function isConditionLiteral(receiver: EngineNode, name: string, args: readonly EngineNode[], locals: ReadonlySet<string>): boolean {
  return (
    name === 'newCondition' &&
    receiver.op === 'id' &&
    receiver.args === 'runtime' &&
    !locals.has('runtime') &&
    args.length === 1 &&
    args[0]?.op === 'map'
  );
}

function literalIndex(index: EngineNode): PathSegment | undefined {
  if (index.op !== 'value') return undefined;
  const v = index.args;
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number(v);
  return undefined;
}

function formatReference(variable: string, path: readonly PathSegment[]): string {
  let out = variable;
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function spanOf(node: EngineNode): Span {
  return { start: node.start, end: node.end };
}

function dedupe(items: NamedSpan[]): NamedSpan[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.name) ? false : (seen.add(i.name), true)));
}
