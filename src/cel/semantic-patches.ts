// Evaluation-time fixes for a checked node, where cel-js's runtime semantics differ from the CEL spec:
// heterogeneous equality and `in`, numeric map keys across types, int/double comparison, int64 overflow
// on negation/division/int(), the timestamp and duration ranges, timestamp accessors with UTC offsets,
// duration.getMilliseconds(), and UTF-8 validation in string(bytes). Each fix replaces the node's evaluate
// function only where its static types allow the deviation, so the common typed paths (string + string,
// int < int, field access by name) keep cel-js's own code.
import { celEquals, celIn, compareNumeric, findMapKey } from './equality.js';
import { STRING_BUILTIN_FIXES } from './libraries/index.js';
import type { EngineEvaluateFn, EngineEvaluator, EngineNode, EngineType } from './internals.js';
import { durationInRange, durationMilliseconds, TIMESTAMP_ACCESSORS, timestampAccessor, timestampInRange } from './timestamps.js';
import { Duration, INT64_MAX, INT64_MIN, isCelMap, Optional, UnsignedInt } from './values.js';

const TIMESTAMP = 'google.protobuf.Timestamp';
const DURATION = 'google.protobuf.Duration';
const SIMPLE = new Set(['string', 'int', 'double', 'bool', 'null']);

type Binary = [EngineNode, EngineNode];

function staticType(node: EngineNode | undefined): EngineType | undefined {
  return node?.checkedType;
}

function isSimple(t: EngineType | undefined): boolean {
  return t !== undefined && t.kind === 'primitive' && SIMPLE.has(t.name);
}

function replace(node: EngineNode, evaluate: EngineEvaluateFn): void {
  node.setMeta('evaluate', evaluate);
}

/** Applies the runtime fixes relevant to `node` (called once per node after a successful check). */
export function patchSemantics(node: EngineNode): void {
  switch (node.op) {
    case '==':
    case '!=':
      patchEquality(node);
      break;
    case 'in':
      replace(node, (ev, n, ctx) => {
        const [l, r] = n.args as Binary;
        const x = ev.run(l, ctx);
        const coll = ev.run(r, ctx);
        return celIn(x, coll, ev) ?? callHandle(n, ev, x, coll);
      });
      break;
    case '[]':
    case '[?]':
      patchIndex(node);
      break;
    case '.':
      patchOptionalSelect(node);
      break;
    case '<':
    case '<=':
    case '>':
    case '>=':
      patchRelational(node);
      break;
    case '-_':
    case '/':
      guardResult(node, (v) => typeof v !== 'bigint' || (v <= INT64_MAX && v >= INT64_MIN), 'numeric_overflow', 'integer overflow');
      break;
    case '+':
    case '-':
      guardTimeRange(node);
      break;
    case 'call':
      patchCall(node);
      break;
    case 'rcall':
      patchMethodCall(node);
      break;
    default:
      break;
  }
}

function callHandle(node: EngineNode, ev: EngineEvaluator, a: unknown, b: unknown): unknown {
  return (node.handle as (l: unknown, r: unknown, n: EngineNode, e: EngineEvaluator) => unknown)(a, b, node, ev);
}

function callCallHandle(node: EngineNode, ev: EngineEvaluator, args: unknown[]): unknown {
  return (node.handle as (a: unknown[], n: EngineNode, e: EngineEvaluator) => unknown)(args, node, ev);
}

/** `opt.field` on a present optional must select from a map or object (cel-js yields none for anything). */
function patchOptionalSelect(node: EngineNode): void {
  const [operand, field] = node.args as [EngineNode, string];
  if (staticType(operand)?.kind !== 'optional') return;
  replace(node, (ev, n, ctx) => {
    const v = ev.run(operand, ctx);
    if (v instanceof Optional && v.hasValue()) {
      const inner: unknown = v.value();
      if (!(inner instanceof Map) && !isCelMap(inner)) throw ev.createError('no_such_key', `No such key: ${field}`, n);
    }
    return callHandle(n, ev, v, field);
  });
}

function patchEquality(node: EngineNode): void {
  const [l, r] = node.args as Binary;
  const lt = staticType(l);
  if (isSimple(lt) && lt === staticType(r)) return;
  const negate = node.op === '!=';
  replace(node, (ev, n, ctx) => {
    const [left, right] = n.args as Binary;
    return celEquals(ev.run(left, ctx), ev.run(right, ctx), ev) !== negate;
  });
}

/** `{1u: "a"}[1]` finds the entry: map keys compare numerically across int, uint and double. */
function patchIndex(node: EngineNode): void {
  const [, r] = node.args as Binary;
  const it = staticType(r);
  if (it?.kind === 'primitive' && it.name === 'string') return;
  const original = node.meta.evaluate;
  replace(node, (ev, n, ctx) => {
    const [left, right] = n.args as Binary;
    const obj = ev.run(left, ctx);
    if (Array.isArray(obj)) {
      const index = ev.run(right, ctx);
      return callHandle(n, ev, obj, index instanceof UnsignedInt ? index.value : index);
    }
    if (!(obj instanceof Map)) return original(ev, n, ctx);
    const key = ev.run(right, ctx);
    const found = findMapKey(obj as ReadonlyMap<unknown, unknown>, key);
    return callHandle(n, ev, obj, found === undefined ? key : found);
  });
}

function patchRelational(node: EngineNode): void {
  const [l, r] = node.args as Binary;
  const lt = staticType(l);
  if (lt === staticType(r) && lt?.kind === 'primitive') return;
  const op = node.op;
  replace(node, (ev, n, ctx) => {
    const [left, right] = n.args as Binary;
    const a = ev.run(left, ctx);
    const b = ev.run(right, ctx);
    const na = a instanceof UnsignedInt ? a.value : a;
    const nb = b instanceof UnsignedInt ? b.value : b;
    if ((typeof na === 'bigint' || typeof na === 'number') && (typeof nb === 'bigint' || typeof nb === 'number')) {
      const c = compareNumeric(na, nb);
      if (c === undefined) return false;
      return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
    }
    return callHandle(n, ev, a, b);
  });
}

function guardResult(node: EngineNode, ok: (v: unknown) => boolean, code: string, message: string): void {
  const original = node.meta.evaluate;
  replace(node, (ev, n, ctx) => {
    const v = original(ev, n, ctx);
    if (!ok(v)) throw ev.createError(code, message, n);
    return v;
  });
}

function guardTimeRange(node: EngineNode): void {
  const t = staticType(node);
  if (t?.kind !== 'message' && t?.kind !== 'dyn') return;
  if (t.kind === 'message' && t.name !== TIMESTAMP && t.name !== DURATION) return;
  guardResult(node, inTimeRange, 'range_error', 'timestamp or duration out of range');
}

function inTimeRange(v: unknown): boolean {
  if (v instanceof Date) return timestampInRange(v);
  if (v instanceof Duration) return durationInRange(v);
  return true;
}

function patchCall(node: EngineNode): void {
  const [name, args] = node.args as [string, EngineNode[]];
  const argType = staticType(args[0]);
  if (name === 'int' && args.length === 1) {
    replace(node, (ev, n, ctx) => {
      const a = ev.run(args[0] as EngineNode, ctx);
      if (typeof a === 'number') {
        if (!(a > -9223372036854775808 && a < 9223372036854775808)) throw ev.createError('numeric_overflow', 'int() type error: integer overflow', n);
        return BigInt(Math.trunc(a));
      }
      const v = typeof a === 'bigint' ? a : callCallHandle(n, ev, [a]);
      if (typeof v === 'bigint' && (v > INT64_MAX || v < INT64_MIN)) throw ev.createError('numeric_overflow', 'int() type error: integer overflow', n);
      return v;
    });
  } else if (name === 'duration') {
    guardResult(node, inTimeRange, 'range_error', 'duration out of range');
  } else if (name === 'string' && (argType?.name === 'bytes' || argType?.kind === 'dyn')) {
    const original = node.meta.evaluate;
    replace(node, (ev, n, ctx) => {
      const [, fnArgs] = n.args as [string, EngineNode[]];
      const arg = ev.run(fnArgs[0] as EngineNode, ctx);
      if (arg instanceof Uint8Array) {
        try {
          return new TextDecoder('utf-8', { fatal: true }).decode(arg);
        } catch {
          throw ev.createError('invalid_utf8', 'invalid UTF-8 in bytes, cannot convert to string', n);
        }
      }
      return original(ev, n, ctx);
    });
  }
}

function patchMethodCall(node: EngineNode): void {
  const [name, receiver, args] = node.args as [string, EngineNode, EngineNode[]];
  const rt = staticType(receiver);
  if (rt?.name === TIMESTAMP && TIMESTAMP_ACCESSORS.has(name) && args.length <= 1) {
    replace(node, (ev, n, ctx) => {
      const t = ev.run(receiver, ctx) as Date;
      const tz = args[0] ? ev.run(args[0], ctx) : undefined;
      try {
        return timestampAccessor(name, t, typeof tz === 'string' ? tz : undefined);
      } catch (e) {
        throw ev.createError('invalid_time_zone', e instanceof Error ? e.message : String(e), n);
      }
    });
  } else if (rt?.name === DURATION && name === 'getMilliseconds' && args.length === 0) {
    replace(node, (ev, n, ctx) => durationMilliseconds(ev.run(receiver, ctx) as Duration));
  } else if (rt?.name === 'string' || rt?.kind === 'dyn') {
    const fix = args.length === 0 ? STRING_FIXES[name] : undefined;
    const builtin = STRING_BUILTIN_FIXES[`${name}/${args.length}`] as ((s: string, ...a: unknown[]) => unknown) | undefined;
    const chosen = fix ?? builtin;
    if (!chosen) return;
    replace(node, (ev, n, ctx) => {
      const values = (n as { receiverWithArgs?: EngineNode[] }).receiverWithArgs?.map((a) => ev.run(a, ctx)) ?? [];
      const [s, ...rest] = values;
      if (typeof s !== 'string') return (n.handle as (a: unknown[], e: EngineEvaluator, n: EngineNode) => unknown)(values, ev, n);
      try {
        return chosen(s, ...rest);
      } catch (e) {
        throw attachError(ev, e, n);
      }
    });
  }
}

/** Library errors thrown by a replaced evaluation point at the call, as cel-js's own handler errors do. */
function attachError(ev: EngineEvaluator, e: unknown, node: EngineNode): unknown {
  const withAst = (e as { withAst?: (n: EngineNode) => unknown }).withAst;
  if (typeof withAst === 'function') return withAst.call(e, node);
  return e instanceof Error ? ev.createError('evaluation_error', e.message, node) : e;
}

/** Go's unicode.IsSpace, which cel-go's trim() uses (JavaScript's trim() also strips U+FEFF, not U+0085). */
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'g');

/** cel-go semantics for built-ins cel-js implements with JavaScript's Unicode-aware methods. */
const STRING_FIXES: Readonly<Record<string, (s: string) => string>> = {
  lowerAscii: (s) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase()),
  upperAscii: (s) => s.replace(/[a-z]+/g, (m) => m.toUpperCase()),
  trim: (s) => s.replace(TRIM, ''),
};
