// The official CEL conformance data (cel-spec v0.25.1 via @bufbuild/cel-spec), flattened into one list of
// tests, with a classifier for tests that need protocol buffers (kro has no protobuf messages, so those
// are out of scope) and the expected outcome of each test in a canonical, comparable form.
import { tests as conformanceTests } from '@bufbuild/cel-spec/testdata/conformance.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObj = { [key: string]: Json };

export interface SpecTest {
  readonly file: string;
  readonly section: string;
  readonly name: string;
  readonly original: JsonObj;
  readonly expr: string;
}

interface SerializedSuite {
  readonly name: string;
  readonly suites?: readonly SerializedSuite[];
  readonly tests?: readonly { readonly original: unknown }[];
}

export function flattenSpec(): SpecTest[] {
  const out: SpecTest[] = [];
  const walk = (suite: SerializedSuite, path: string[]): void => {
    for (const t of suite.tests ?? []) {
      const original = t.original as JsonObj;
      out.push({
        file: path[0] ?? '',
        section: path.slice(1).join('/'),
        name: str(original['name'] ?? ''),
        original,
        expr: str(original['expr'] ?? ''),
      });
    }
    for (const child of suite.suites ?? []) walk(child, [...path, child.name]);
  };
  for (const file of (conformanceTests as SerializedSuite).suites ?? []) walk(file, [file.name]);
  return out;
}

// ---- canonical values ----
export type Canon =
  | { t: 'int' | 'uint'; v: bigint }
  | { t: 'double'; v: number }
  | { t: 'string' | 'type'; v: string }
  | { t: 'bytes'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'null' }
  | { t: 'list'; v: Canon[] }
  | { t: 'map'; v: [Canon, Canon][] }
  | { t: 'timestamp' | 'duration'; v: { s: bigint; n: number } }
  | { t: 'optional'; v: Canon | null }
  | { t: 'other'; v: string };

/** A JSON scalar as text (objects and arrays give ''). */
export const str = (x: Json | undefined): string =>
  typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : '';
const obj = (x: Json | undefined): JsonObj => (x && typeof x === 'object' && !Array.isArray(x) ? x : {});
const arr = (x: Json | undefined): Json[] => (Array.isArray(x) ? x : []);

function parseTimestamp(text: string): { s: bigint; n: number } {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) throw new Error(`bad timestamp ${text}`);
  const ms = Date.parse(`${m[1]}${m[3]}`);
  return { s: BigInt(Math.floor(ms / 1000)), n: m[2] ? Number(m[2].padEnd(9, '0')) : 0 };
}

function parseDuration(text: string): { s: bigint; n: number } {
  const m = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/.exec(text);
  if (!m) throw new Error(`bad duration ${text}`);
  const sign = m[1] ? -1 : 1;
  return { s: BigInt(sign) * BigInt(m[2] ?? '0'), n: sign * (m[3] ? Number(m[3].padEnd(9, '0')) : 0) };
}

export function canonFromJson(v: JsonObj): Canon {
  if ('int64Value' in v) return { t: 'int', v: BigInt(str(v['int64Value'])) };
  if ('uint64Value' in v) return { t: 'uint', v: BigInt(str(v['uint64Value'])) };
  if ('doubleValue' in v) return { t: 'double', v: Number(v['doubleValue']) };
  if ('stringValue' in v) return { t: 'string', v: str(v['stringValue']) };
  if ('bytesValue' in v) return { t: 'bytes', v: Buffer.from(str(v['bytesValue']), 'base64').toString('hex') };
  if ('boolValue' in v) return { t: 'bool', v: v['boolValue'] === true };
  if ('nullValue' in v) return { t: 'null' };
  if ('listValue' in v) return { t: 'list', v: arr(obj(v['listValue'])['values']).map((x) => canonFromJson(obj(x))) };
  if ('mapValue' in v) {
    return {
      t: 'map',
      v: arr(obj(v['mapValue'])['entries']).map((e) => [canonFromJson(obj(obj(e)['key'])), canonFromJson(obj(obj(e)['value']))]),
    };
  }
  if ('typeValue' in v) return { t: 'type', v: str(v['typeValue']) };
  if ('objectValue' in v) {
    const o = obj(v['objectValue']);
    const type = str(o['@type']).replace(/^type\.googleapis\.com\//, '');
    if (type === 'google.protobuf.Timestamp') return { t: 'timestamp', v: parseTimestamp(str(o['value'])) };
    if (type === 'google.protobuf.Duration') return { t: 'duration', v: parseDuration(str(o['value'])) };
  }
  return { t: 'other', v: JSON.stringify(v) };
}

export function canonEqual(a: Canon, b: Canon): boolean {
  if (a.t !== b.t) return false;
  switch (a.t) {
    case 'double': {
      const bv = (b as { v: number }).v;
      return Number.isNaN(a.v) ? Number.isNaN(bv) : a.v === bv;
    }
    case 'null':
      return true;
    case 'timestamp':
    case 'duration': {
      const bv = (b as { v: { s: bigint; n: number } }).v;
      return a.v.s === bv.s && a.v.n === bv.n;
    }
    case 'list': {
      const bv = (b as { v: Canon[] }).v;
      return a.v.length === bv.length && a.v.every((x, i) => canonEqual(x, bv[i] as Canon));
    }
    case 'map': {
      const bv = (b as { v: [Canon, Canon][] }).v;
      return a.v.length === bv.length && a.v.every(([k, x]) => bv.some(([k2, x2]) => canonEqual(k, k2) && canonEqual(x, x2)));
    }
    case 'optional': {
      const bv = (b as { v: Canon | null }).v;
      return a.v === null || bv === null ? a.v === bv : canonEqual(a.v, bv);
    }
    default:
      return a.v === (b as { v: unknown }).v;
  }
}

export function canonString(c: Canon): string {
  return JSON.stringify(c, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));
}

/** cel-go's spelling of a type from the proto JSON `Type` message. */
export function typeToString(ty: JsonObj | undefined): string | undefined {
  if (!ty) return undefined;
  if ('primitive' in ty) {
    return ({ INT64: 'int', UINT64: 'uint', DOUBLE: 'double', STRING: 'string', BOOL: 'bool', BYTES: 'bytes' } as Record<string, string>)[
      str(ty['primitive'])
    ];
  }
  if ('null' in ty) return 'null_type';
  if ('dyn' in ty) return 'dyn';
  if ('listType' in ty) return `list(${typeToString(obj(obj(ty['listType'])['elemType']))})`;
  if ('mapType' in ty) {
    const m = obj(ty['mapType']);
    return `map(${typeToString(obj(m['keyType']))}, ${typeToString(obj(m['valueType']))})`;
  }
  if ('messageType' in ty) return str(ty['messageType']);
  if ('wellKnown' in ty) {
    return ({ TIMESTAMP: 'google.protobuf.Timestamp', DURATION: 'google.protobuf.Duration', ANY: 'any' } as Record<string, string>)[
      str(ty['wellKnown'])
    ];
  }
  if ('abstractType' in ty) {
    const a = obj(ty['abstractType']);
    return `${str(a['name'])}(${arr(a['parameterTypes']).map((p) => typeToString(obj(p))).join(', ')})`;
  }
  if ('type' in ty) return `type(${typeToString(obj(ty['type']))})`;
  if ('typeParam' in ty) return str(ty['typeParam']);
  return JSON.stringify(ty);
}

export type Expectation =
  | { kind: 'checkOnly'; type: string | undefined }
  | { kind: 'typed'; value: Canon; type: string | undefined }
  | { kind: 'error'; message: string }
  | { kind: 'value'; value: Canon };

export function expectationOf(o: JsonObj): Expectation {
  const typed = o['typedResult'] ? obj(o['typedResult']) : undefined;
  if (o['checkOnly'] === true) return { kind: 'checkOnly', type: typeToString(typed ? obj(typed['deducedType']) : undefined) };
  if (typed) return { kind: 'typed', value: canonFromJson(obj(typed['result'])), type: typeToString(obj(typed['deducedType'])) };
  if (o['evalError'] || o['anyEvalErrors']) {
    const errors = arr(obj(o['evalError'])['errors']).map((e) => str(obj(e)['message'] ?? ''));
    return { kind: 'error', message: errors.join(' ') };
  }
  if (o['value']) return { kind: 'value', value: canonFromJson(obj(o['value'])) };
  return { kind: 'value', value: { t: 'bool', v: true } };
}

// ---- tests that need protocol buffers ----
const PROTO_FILES = new Set(['proto2', 'proto3', 'proto2_ext', 'enums', 'wrappers', 'dynamic']);
const PROTO_RE =
  /TestAllTypes|NestedMessage|NestedEnum|GlobalEnum|TestRequired|google\.protobuf\.(?!Timestamp|Duration)|cel\.expr\.conformance|\bproto[23]\b|\.Int32Value|Any\{|Value\{|Struct\{|ListValue/;

function typeNeedsProto(ty: JsonObj | undefined): boolean {
  if (!ty) return false;
  if ('messageType' in ty) return !/^google\.protobuf\.(Timestamp|Duration)$/.test(str(ty['messageType']));
  if ('listType' in ty) return typeNeedsProto(obj(obj(ty['listType'])['elemType']));
  if ('mapType' in ty) return typeNeedsProto(obj(obj(ty['mapType'])['keyType'])) || typeNeedsProto(obj(obj(ty['mapType'])['valueType']));
  if ('wrapper' in ty || ty['wellKnown'] === 'ANY') return true;
  if ('abstractType' in ty) return arr(obj(ty['abstractType'])['parameterTypes']).some((p) => typeNeedsProto(obj(p)));
  return false;
}

function valueNeedsProto(v: JsonObj | undefined): boolean {
  if (!v) return false;
  if ('objectValue' in v) return !/Timestamp|Duration$/.test(str(obj(v['objectValue'])['@type']));
  if ('enumValue' in v) return true;
  if ('typeValue' in v) return PROTO_RE.test(str(v['typeValue']));
  if ('listValue' in v) return arr(obj(v['listValue'])['values']).some((x) => valueNeedsProto(obj(x)));
  if ('mapValue' in v) {
    return arr(obj(v['mapValue'])['entries']).some((e) => valueNeedsProto(obj(obj(e)['key'])) || valueNeedsProto(obj(obj(e)['value'])));
  }
  return false;
}

/** True when a test cannot run without protobuf messages, enums or wrappers. */
export function needsProto(t: SpecTest): boolean {
  const o = t.original;
  if (PROTO_FILES.has(t.file)) return true;
  if (typeof o['container'] === 'string' && o['container'] !== 'x') return true;
  if (PROTO_RE.test(t.expr)) return true;
  if (valueNeedsProto(o['value'] ? obj(o['value']) : undefined)) return true;
  const typed = o['typedResult'] ? obj(o['typedResult']) : undefined;
  if (typed && (valueNeedsProto(obj(typed['result'])) || typeNeedsProto(obj(typed['deducedType'])))) return true;
  for (const b of Object.values(obj(o['bindings']))) if (valueNeedsProto(obj(obj(b)['value']))) return true;
  for (const d of arr(o['typeEnv'])) {
    const decl = obj(d);
    if (decl['ident'] && typeNeedsProto(obj(obj(decl['ident'])['type']))) return true;
    for (const ov of arr(obj(decl['function'])['overloads'])) {
      const overload = obj(ov);
      if ([...arr(overload['params']), overload['resultType'] ?? null].some((p) => p !== null && typeNeedsProto(obj(p)))) return true;
    }
  }
  return false;
}
