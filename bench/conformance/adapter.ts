// Runs one conformance test through kro-ts's CEL facade, exactly as the graph builder and runtime would:
// an environment from CelEnvironment (all kro libraries), variables declared with CelTypes, compileExpression,
// then evaluate. Only the test's own custom function declarations reach into the engine directly.
import { CelEnvironment, CelTypes, compileExpression, formatCelType, listType, mapType, optionalType } from '../../src/cel/index.js';
import type { CelType } from '../../src/cel/index.js';
import { engineTypeName } from '../../src/cel/engine-types.js';
import { Duration, Optional, UnsignedInt } from '../../src/cel/values.js';
import { canonEqual, canonFromJson, canonString, expectationOf, str, type Canon, type Json, type JsonObj, type SpecTest } from './spec-data.js';

export interface Outcome {
  readonly ok: boolean;
  readonly reason?: string;
}

const obj = (x: Json | undefined): JsonObj => (x && typeof x === 'object' && !Array.isArray(x) ? x : {});
const arr = (x: Json | undefined): Json[] => (Array.isArray(x) ? x : []);

function celTypeOf(ty: JsonObj): CelType {
  if ('primitive' in ty) {
    const p = str(ty['primitive']);
    const map: Record<string, CelType> = {
      INT64: CelTypes.int,
      UINT64: CelTypes.uint,
      DOUBLE: CelTypes.double,
      STRING: CelTypes.string,
      BOOL: CelTypes.bool,
      BYTES: CelTypes.bytes,
    };
    return map[p] ?? CelTypes.dyn;
  }
  if ('null' in ty) return CelTypes.null;
  if ('listType' in ty) return listType(celTypeOf(obj(obj(ty['listType'])['elemType'])));
  if ('mapType' in ty) {
    const m = obj(ty['mapType']);
    return mapType(celTypeOf(obj(m['keyType'])), celTypeOf(obj(m['valueType'])));
  }
  if ('wellKnown' in ty) return ty['wellKnown'] === 'TIMESTAMP' ? CelTypes.timestamp : ty['wellKnown'] === 'DURATION' ? CelTypes.duration : CelTypes.dyn;
  if ('messageType' in ty) {
    const m = str(ty['messageType']);
    return m === 'google.protobuf.Timestamp' ? CelTypes.timestamp : m === 'google.protobuf.Duration' ? CelTypes.duration : CelTypes.dyn;
  }
  if ('abstractType' in ty) {
    const a = obj(ty['abstractType']);
    const params = arr(a['parameterTypes']).map((p) => celTypeOf(obj(p)));
    if (a['name'] === 'optional_type' && params[0]) return optionalType(params[0]);
  }
  if ('type' in ty) return CelTypes.type;
  return CelTypes.dyn;
}

function engineTypeString(ty: JsonObj): string {
  return 'typeParam' in ty ? str(ty['typeParam']) : engineTypeName(celTypeOf(ty));
}

export function toNative(c: Canon): unknown {
  switch (c.t) {
    case 'int':
      return c.v;
    case 'uint':
      return new UnsignedInt(c.v);
    case 'double':
    case 'string':
    case 'bool':
      return c.v;
    case 'bytes':
      return Uint8Array.from(Buffer.from(c.v, 'hex'));
    case 'null':
      return null;
    case 'list':
      return c.v.map(toNative);
    case 'map':
      return new Map(c.v.map(([k, v]) => [toNative(k), toNative(v)]));
    case 'timestamp':
      return new Date(Number(c.v.s) * 1000 + Math.floor(c.v.n / 1e6));
    case 'duration':
      return new Duration(c.v.s, c.v.n);
    default:
      throw new Error(`cannot bind ${c.t}`);
  }
}

const ENGINE_TYPE_NAMES: Record<string, string> = { null: 'null_type' };

export function fromNative(x: unknown): Canon {
  if (typeof x === 'bigint') return { t: 'int', v: x };
  if (x instanceof UnsignedInt) return { t: 'uint', v: x.value };
  if (typeof x === 'number') return { t: 'double', v: x };
  if (typeof x === 'string') return { t: 'string', v: x };
  if (typeof x === 'boolean') return { t: 'bool', v: x };
  if (x === null) return { t: 'null' };
  if (x instanceof Uint8Array) return { t: 'bytes', v: Buffer.from(x).toString('hex') };
  if (Array.isArray(x)) return { t: 'list', v: x.map(fromNative) };
  if (x instanceof Map) return { t: 'map', v: [...(x as Map<unknown, unknown>).entries()].map(([k, v]) => [fromNative(k), fromNative(v)]) };
  if (x instanceof Date) {
    const ms = x.getTime();
    return { t: 'timestamp', v: { s: BigInt(Math.floor(ms / 1000)), n: (((ms % 1000) + 1000) % 1000) * 1e6 } };
  }
  if (x instanceof Duration) return { t: 'duration', v: { s: x.seconds, n: x.nanos } };
  if (x instanceof Optional) return { t: 'optional', v: x.hasValue() ? fromNative(x.value()) : null };
  if (typeof x === 'object' && x !== null) {
    const name = (x as { name?: unknown }).name;
    if (typeof name === 'string' && Object.prototype.toString.call(x).startsWith('[object Type<')) return { t: 'type', v: ENGINE_TYPE_NAMES[name] ?? name };
    return { t: 'map', v: Object.entries(x).map(([k, v]) => [{ t: 'string', v: k }, fromNative(v)]) };
  }
  return { t: 'other', v: typeof x };
}

// An error that only says "this is not available" does not satisfy an expected runtime error, unless the
// expected error is itself about an unknown function or overload (the rule of the evaluation harness).
const MISSING_FEATURE = /no matching overload|no such overload|unknown function|unknown identifiers|undeclared|Unexpected|Expected|invalid argument to has|unsupported/i;
const OVERLOAD_KIND = /overload|undeclared|unbound|unknown variable|does not support field selection|no_such_field|unsupported|no such key|undefined field/i;

function errorAccepted(expected: string, message: string): boolean {
  return !MISSING_FEATURE.test(message) || OVERLOAD_KIND.test(expected);
}

export function runTest(test: SpecTest): Outcome {
  const o = test.original;
  const expected = expectationOf(o);
  const disableCheck = o['disableCheck'] === true;
  const variables = arr(o['typeEnv'])
    .map(obj)
    .filter((d) => d['ident'])
    .map((d) => ({ name: str(d['name']), type: disableCheck ? CelTypes.dyn : celTypeOf(obj(obj(d['ident'])['type'])) }));
  const env = CelEnvironment.create().extend(variables);
  for (const d of arr(o['typeEnv']).map(obj).filter((x) => x['function'])) {
    for (const ov of arr(obj(d['function'])['overloads']).map(obj)) {
      const params = arr(ov['params']).map((p) => engineTypeString(obj(p)));
      const result = engineTypeString(obj(ov['resultType']));
      const name = str(d['name']);
      const signature = ov['isInstanceFunction'] ? `${params[0]}.${name}(${params.slice(1).join(', ')}): ${result}` : `${name}(${params.join(', ')}): ${result}`;
      env.engineEnvironment().registerFunction(signature, () => null);
    }
  }
  const compiled = compileExpression(env, test.expr);
  if (!compiled.ok) {
    const message = compiled.diagnostics.map((d) => d.message).join('; ');
    if (expected.kind === 'error' && errorAccepted(expected.message, message)) return { ok: true };
    return { ok: false, reason: `compile: ${message}` };
  }
  const outputType = formatCelType(compiled.value.outputType);
  if (expected.kind === 'checkOnly') return { ok: outputType === expected.type, reason: `type ${outputType} != ${expected.type}` };
  const bindings: Record<string, unknown> = {};
  for (const [name, b] of Object.entries(obj(o['bindings']))) bindings[name] = toNative(canonFromJson(obj(obj(b)['value'])));
  const result = compiled.value.evaluate(bindings);
  if (!result.ok) {
    if (expected.kind === 'error' && errorAccepted(expected.message, result.error.message)) return { ok: true };
    return { ok: false, reason: `eval: ${result.error.code}: ${result.error.message}` };
  }
  if (expected.kind === 'error') return { ok: false, reason: `expected error, got ${canonString(fromNative(result.value))}` };
  const actual = fromNative(result.value);
  if (!canonEqual(actual, expected.value)) return { ok: false, reason: `got ${canonString(actual)} want ${canonString(expected.value)}` };
  if (expected.kind === 'typed' && outputType !== expected.type) return { ok: false, reason: `type ${outputType} != ${expected.type}` };
  return { ok: true };
}
