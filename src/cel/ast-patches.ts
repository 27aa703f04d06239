// Per-expression fixes applied to cel-js's AST, where its semantics differ from cel-go and the difference
// can be repaired on the node (cel-js keeps each node's check/evaluate functions in a mutable `meta`):
//   before checking  - optional entries in map/list literals (`{?k: v}`, `[?x]`, see syntax.ts);
//                    - has() with cel-go's rules (undefined fields are check errors, any operand allowed);
//                    - comprehensions over `[]` / `{}` iterate as dyn (cel-js throws an internal overlap error);
//                    - literal placeholders and backtick field names get their real values (syntax.ts);
//                    - selecting from a value of unbound type (`{}.?k.f`, `optional.none().?f`) checks as dyn;
//                    - `duration + timestamp` is typed timestamp (cel-js types it duration);
//                    - `x == null` / `x != null` for cel-go's legacy-nullable types (objects, timestamps,
//                      durations, opaque types), which cel-js rejects as "no such overload";
//   after checking   - map literals evaluate to Maps with typed keys and reject repeated keys (cel-js builds
//                      plain objects, turning `{1: "a"}` into `{"1": "a"}`);
//                    - list/string/bytes concatenation charges its result size to the cost budget;
//                    - the runtime semantics fixes of semantic-patches.ts.
import { chargeCost } from './budget.js';
import {
  childNodes,
  isNode,
  type EngineChecker,
  type EngineContext,
  type EngineEvaluateFn,
  type EngineEvaluator,
  type EngineMacro,
  type EngineNode,
  type EngineType,
} from './internals.js';
import { isLegacyNullable, isNullType } from './legacy-null.js';
import { patchSemantics } from './semantic-patches.js';
import { applyLiteralFixups, type PreparedSource } from './syntax.js';
import { Optional, UnsignedInt } from './values.js';

type Entry = readonly [EngineNode, EngineNode];

/** Visits every node once: the nodes as written plus macro expansions. */
function walk(root: EngineNode, visit: (node: EngineNode) => void): void {
  const seen = new Set<EngineNode>();
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as EngineNode;
    if (seen.has(node)) continue;
    seen.add(node);
    visit(node);
    stack.push(...childNodes(node));
    if (node.meta.alternate) stack.push(node.meta.alternate);
  }
}

/** Patches to apply between parsing and type-checking. */
export function patchBeforeCheck(root: EngineNode, prepared: PreparedSource): void {
  const marks = prepared.optionalMarks;
  walk(root, (node) => {
    applyLiteralFixups(node, prepared);
    if (node.op === 'map') markOptionalEntries(node, marks);
    else if (node.op === 'list') markOptionalElements(node, marks);
    else if (node.op === 'comprehension') patchComprehensionRange(node);
    else if (node.op === 'call' && isCall(node, 'has') && node.meta.macro) node.setMeta('macro', hasMacro(node));
    else if (node.op === '.' || node.op === '.?' || node.op === '[]' || node.op === '[?]') patchUnboundOperand(node);
    else if (node.op === '+') patchDurationPlusTimestamp(node);
    else if (node.op === '==' || node.op === '!=') patchNullComparison(node);
    else if (node.op === 'rcall') patchMacroReceiver(node);
  });
}

/** Patches to apply after a successful type-check, before the first evaluation. */
export function patchAfterCheck(root: EngineNode): void {
  walk(root, (node) => {
    if (node.op === 'map') node.setMeta('evaluate', evaluateMapLiteral(optionalIndexes.get(node)));
    else if (node.op === '+') chargeConcatenation(node);
    patchSemantics(node);
  });
}

const optionalIndexes = new WeakMap<EngineNode, ReadonlySet<number>>();

function isCall(node: EngineNode, name: string): boolean {
  return Array.isArray(node.args) && node.args[0] === name;
}

/** Indexes of items whose preceding gap (after the previous item, before this one) holds a marker. */
function markedItems(node: EngineNode, firstNodes: readonly EngineNode[], lastNodes: readonly EngineNode[], marks: readonly number[]): Set<number> {
  const out = new Set<number>();
  firstNodes.forEach((first, i) => {
    const lo = i === 0 ? node.start : (lastNodes[i - 1]?.end ?? node.start);
    if (marks.some((m) => m >= lo && m < first.start)) out.add(i);
  });
  return out;
}

function markOptionalEntries(node: EngineNode, marks: readonly number[]): void {
  if (marks.length === 0) return;
  const entries = node.args as Entry[];
  const optional = markedItems(node, entries.map((e) => e[0]), entries.map((e) => e[1]), marks);
  if (optional.size === 0) return;
  optionalIndexes.set(node, optional);
  node.setMeta('check', (chk: EngineChecker, n: EngineNode, ctx: EngineContext) => {
    let key: EngineType | undefined;
    let value: EngineType | undefined;
    (n.args as Entry[]).forEach(([k, v], i) => {
      const kt = chk.check(k, ctx);
      const vt = optional.has(i) ? unwrapOptionalType(chk, chk.check(v, ctx), v) : chk.check(v, ctx);
      key = key ? unify(chk, key, kt) : kt;
      value = value ? unify(chk, value, vt) : vt;
    });
    const dyn = chk.registry.getType('dyn');
    return chk.registry.getMapType(key ?? dyn, value ?? dyn);
  });
}

function markOptionalElements(node: EngineNode, marks: readonly number[]): void {
  if (marks.length === 0) return;
  const elements = node.args as EngineNode[];
  const optional = markedItems(node, elements, elements, marks);
  if (optional.size === 0) return;
  node.setMeta('check', (chk: EngineChecker, n: EngineNode, ctx: EngineContext) => {
    let elem: EngineType | undefined;
    (n.args as EngineNode[]).forEach((el, i) => {
      const t = optional.has(i) ? unwrapOptionalType(chk, chk.check(el, ctx), el) : chk.check(el, ctx);
      elem = elem ? unify(chk, elem, t) : t;
    });
    return chk.registry.getListType(elem ?? chk.registry.getType('dyn'));
  });
  node.setMeta('evaluate', (ev: EngineEvaluator, n: EngineNode, ctx: unknown) => {
    const out: unknown[] = [];
    (n.args as EngineNode[]).forEach((el, i) => {
      const v = ev.run(el, ctx);
      if (!optional.has(i)) out.push(v);
      else if (optionalValue(ev, v, el).hasValue()) out.push((v as Optional).value());
    });
    return out;
  });
}

function unify(chk: EngineChecker, a: EngineType, b: EngineType): EngineType {
  return a.unify(chk.registry, b) ?? chk.registry.getType('dyn');
}

function unwrapOptionalType(chk: EngineChecker, t: EngineType, node: EngineNode): EngineType {
  if (t.kind === 'optional') return t.valueType ?? chk.registry.getType('dyn');
  if (t.kind === 'dyn') return t;
  throw chk.createError('optional_expected', `optional entry must have an optional value, got '${t.name}'`, node);
}

function optionalValue(ev: EngineEvaluator, v: unknown, node: EngineNode): Optional {
  if (v instanceof Optional) return v;
  throw ev.createError('optional_expected', 'optional entry must have an optional value', node);
}

function evaluateMapLiteral(optional: ReadonlySet<number> | undefined): EngineEvaluateFn {
  return (ev, node, ctx) => {
    const out = new Map<unknown, unknown>();
    const entries = node.args as Entry[];
    for (let i = 0; i < entries.length; i++) {
      const [kNode, vNode] = entries[i] as Entry;
      const key = ev.run(kNode, ctx);
      if (!(typeof key === 'string' || typeof key === 'bigint' || typeof key === 'boolean' || key instanceof UnsignedInt)) {
        throw ev.createError('unsupported_key_type', `unsupported key type: ${describeKey(key)}`, kNode);
      }
      let value = ev.run(vNode, ctx);
      if (optional?.has(i)) {
        const opt = optionalValue(ev, value, vNode);
        if (!opt.hasValue()) continue;
        value = opt.value();
      }
      const normalized = key instanceof UnsignedInt ? key.value : key;
      if (out.has(normalized) || out.has(key)) throw ev.createError('repeated_key', 'Failed with repeated key', kNode);
      out.set(key, value);
    }
    return out;
  };
}

function describeKey(key: unknown): string {
  if (key === null) return 'null';
  if (typeof key === 'number') return 'double';
  return Array.isArray(key) ? 'list' : typeof key;
}

/** cel-js types the elements of `[]` as an unbound parameter, which breaks overload resolution in the body. */
function patchComprehensionRange(node: EngineNode): void {
  const original = node.meta.check;
  node.setMeta('check', (chk: EngineChecker, n: EngineNode, ctx: EngineContext) => {
    const iterable = (n.args as { iterable: EngineNode }).iterable;
    dynamizeUnbound(chk, iterable, chk.check(iterable, ctx));
    return original(chk, n, ctx);
  });
}

/** A receiver macro (two-variable comprehensions, optMap, ...) over `[]` or `{}` iterates dyn elements. */
function patchMacroReceiver(node: EngineNode): void {
  const macro = node.meta.macro;
  if (!macro) return;
  const receiver = (node.args as [string, EngineNode])[1];
  const original = macro.typeCheck;
  macro.typeCheck = (chk, m, ctx) => {
    dynamizeUnbound(chk, receiver, chk.check(receiver, ctx));
    return Reflect.apply<EngineMacro, Parameters<EngineMacro['typeCheck']>, EngineType>(original, macro, [chk, m, ctx]);
  };
}

function dynamizeUnbound(chk: EngineChecker, node: EngineNode, t: EngineType): void {
  if (t.kind === 'list' && t.valueType?.kind === 'param') node.checkedType = chk.registry.getType('list<dyn>');
  if (t.kind === 'map' && t.keyType?.kind === 'param') node.checkedType = chk.registry.getType('map<dyn, dyn>');
}

/**
 * The element type of `[]`/`{}` and the value of `optional.none()` are unbound; selecting from them is dyn.
 * Optional selection of an undeclared struct field is an error, as in cel-go (cel-js types it dyn).
 */
function patchUnboundOperand(node: EngineNode): void {
  const original = node.meta.check;
  node.setMeta('check', (chk: EngineChecker, n: EngineNode, ctx: EngineContext) => {
    const [operand, selector] = n.args as [EngineNode, unknown];
    const t = chk.check(operand, ctx);
    const dyn = chk.registry.getType('dyn');
    if (t.kind === 'param') operand.checkedType = dyn;
    else if (t.kind === 'optional' && t.valueType?.kind === 'param') operand.checkedType = chk.registry.getOptionalType(dyn);
    const field = n.op === '.?' ? selector : n.op === '[?]' && isNode(selector) && selector.op === 'value' ? selector.args : undefined;
    const struct = t.kind === 'optional' ? t.valueType : t;
    if (typeof field === 'string' && struct?.kind === 'message') checkSelectable(chk, struct, field, n);
    return original(chk, n, ctx);
  });
}

function patchDurationPlusTimestamp(node: EngineNode): void {
  const original = node.meta.check;
  node.setMeta('check', (chk: EngineChecker, n: EngineNode, ctx: EngineContext) => {
    const t = original(chk, n, ctx);
    const [l, r] = n.args as [EngineNode, EngineNode];
    const timestamp = 'google.protobuf.Timestamp';
    if (l.checkedType?.name === 'google.protobuf.Duration' && r.checkedType?.name === timestamp) return chk.registry.getType(timestamp);
    return t;
  });
}

/**
 * cel-go keeps its legacy checker's nullability: a value of an object (message), opaque, timestamp or
 * duration type may be compared with `null` (upstream kro's readiness tests use
 * `job.status.completionTime != null`); strings, numbers, lists and maps may not. cel-js has no such
 * overload, so when its check fails on exactly that shape the comparison is typed bool and evaluated as a
 * null test.
 */
function patchNullComparison(node: EngineNode): void {
  const original = node.meta.check;
  node.setMeta('check', (chk: EngineChecker, n: EngineNode, ctx: EngineContext) => {
    try {
      return original(chk, n, ctx);
    } catch (err) {
      const [l, r] = n.args as [EngineNode, EngineNode];
      const lt = l.checkedType ?? chk.check(l, ctx);
      const rt = r.checkedType ?? chk.check(r, ctx);
      const nullOnLeft = isNullType(lt) && isLegacyNullable(rt);
      const nullOnRight = isNullType(rt) && isLegacyNullable(lt);
      if (!nullOnLeft && !nullOnRight) throw err;
      const negate = n.op === '!=';
      n.setMeta('evaluate', (ev: EngineEvaluator, self: EngineNode, c: unknown) => {
        const [a, b] = self.args as [EngineNode, EngineNode];
        const value = nullOnRight ? ev.run(a, c) : ev.run(b, c);
        const isNull = value === null || value === undefined;
        return negate ? !isNull : isNull;
      });
      return chk.registry.getType('bool');
    }
  });
}

function chargeConcatenation(node: EngineNode): void {
  const kind = node.checkedType?.kind;
  if (kind === 'primitive' && node.checkedType?.name !== 'string' && node.checkedType?.name !== 'bytes') return;
  const original = node.meta.evaluate;
  node.setMeta('evaluate', (ev: EngineEvaluator, n: EngineNode, ctx: unknown) => {
    const result = original(ev, n, ctx);
    if (typeof result === 'string' || Array.isArray(result) || result instanceof Uint8Array) chargeCost(result.length);
    return result;
  });
}

/** cel-go's has(): the argument must select a field; undeclared fields of typed objects are check errors. */
function hasMacro(callNode: EngineNode): EngineMacro {
  const arg = ((callNode.args as [string, EngineNode[]])[1] ?? [])[0];
  return {
    arg,
    typeCheck(chk: EngineChecker, _macro: EngineMacro, ctx: EngineContext): EngineType {
      if (!arg || arg.op !== '.') throw chk.createError('invalid_macro_argument', 'invalid argument to has() macro', arg ?? callNode);
      const [operand, field] = arg.args as [EngineNode, string];
      const t = chk.check(operand, ctx);
      checkSelectable(chk, t, field, arg);
      return chk.registry.getType('bool');
    },
    evaluate(ev: EngineEvaluator, _macro: EngineMacro, ctx: unknown): unknown {
      const [operand, field] = (arg as EngineNode).args as [EngineNode, string];
      return hasField(ev, ev.run(operand, ctx), field, arg as EngineNode);
    },
  };
}

function checkSelectable(chk: EngineChecker, t: EngineType, field: string, node: EngineNode): void {
  switch (t.kind) {
    case 'dyn':
    case 'param':
    case 'map':
    case 'optional':
      return;
    case 'message': {
      const decl = chk.registry.objectTypes.get(t.name);
      if (!decl?.fields || decl.fields[field]) return;
      throw chk.createError('undefined_field', `undefined field '${field}'`, node);
    }
    default:
      throw chk.createError('invalid_select', `type '${t.name}' does not support field selection`, node);
  }
}

function hasField(ev: EngineEvaluator, obj: unknown, field: string, node: EngineNode): boolean {
  if (obj instanceof Map) return obj.has(field);
  if (obj instanceof Optional) return obj.hasValue() ? hasField(ev, obj.value(), field, node) : false;
  if (typeof obj === 'object' && obj !== null && !Array.isArray(obj) && !(obj instanceof Uint8Array)) {
    const proto: unknown = Object.getPrototypeOf(obj);
    if (proto === Object.prototype || proto === null) return Object.prototype.hasOwnProperty.call(obj, field);
    const registered = ev.registry.objectTypes.get(String((obj.constructor as { name?: string }).name));
    if (registered) return (obj as Record<string, unknown>)[field] !== undefined;
  }
  throw ev.createError('no_such_overload', `has() does not support ${obj === null ? 'null' : typeof obj} values`, node);
}
