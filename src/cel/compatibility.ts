// F8: can an expression's output type be written to a field of the expected type? Upstream kro first asks
// cel-go's nominal `IsAssignableType` (same type, dyn anywhere), then its structural ("duck typing") check
// pkg/cel/compatibility.go: optionals unwrapped on either side, lists and maps recursively, map <-> struct
// through their fields, a struct output must be a subset of the expected struct's fields (an expected struct
// that preserves unknown fields accepts any), primitives by kind. Rejections carry upstream's reason text,
// and `formatTypeMismatch` builds the builder's full message around it.
import { goQuote } from '../go/index.js';
import { formatCelType, type CelMapType, type CelObjectType, type CelType } from './types.js';

export type CelAssignability = { readonly ok: true } | { readonly ok: false; readonly reason?: string };

const OK: CelAssignability = { ok: true };
const MAX_DEPTH = 64;

/** Whether a value of type `output` may be assigned to a field of type `expected`. */
export function checkCelAssignability(output: CelType, expected: CelType): CelAssignability {
  if (isAssignable(expected, output)) return OK;
  const reason = structural(output, expected, 0);
  if (reason === undefined) return OK;
  return reason === '' ? { ok: false } : { ok: false, reason };
}

/**
 * Upstream's builder message for a rejected template expression:
 * `type mismatch in resource "id" at path "p": expression "e" returns type "T1" but expected "T2"[: reason]`.
 */
export function formatTypeMismatch(m: {
  readonly resourceId: string;
  readonly path: string;
  readonly expression: string;
  readonly output: CelType;
  readonly expected: CelType;
  readonly reason?: string;
}): string {
  const head =
    `type mismatch in resource ${goQuote(m.resourceId)} at path ${goQuote(m.path)}: expression ${goQuote(m.expression)} ` +
    `returns type ${goQuote(formatCelType(m.output))} but expected ${goQuote(formatCelType(m.expected))}`;
  return m.reason ? `${head}: ${m.reason}` : head;
}

/** bool or optional_type(bool): what includeWhen and readyWhen must return (F9). */
export function isBoolOrOptionalBool(t: CelType): boolean {
  return t.kind === 'bool' || t.kind === 'dyn' || (t.kind === 'optional' && (t.inner.kind === 'bool' || t.inner.kind === 'dyn'));
}

/** cel-go's Type.IsAssignableType: the same type, with dyn matching anything at any depth. */
function isAssignable(expected: CelType, output: CelType): boolean {
  if (expected.kind === 'dyn' || output.kind === 'dyn') return true;
  if (expected.kind !== output.kind) return false;
  switch (expected.kind) {
    case 'list':
      return isAssignable(expected.elem, (output as typeof expected).elem);
    case 'map':
      return isAssignable(expected.key, (output as CelMapType).key) && isAssignable(expected.value, (output as CelMapType).value);
    case 'optional':
      return isAssignable(expected.inner, (output as typeof expected).inner);
    case 'object':
    case 'opaque':
      return expected.name === (output as typeof expected).name;
    default:
      return true;
  }
}

/** undefined: compatible; otherwise upstream's reason ('' when upstream gives none). */
function structural(output: CelType, expected: CelType, depth: number): string | undefined {
  if (depth > MAX_DEPTH || isAssignable(expected, output)) return undefined;
  if (output.kind === 'optional') return structural(output.inner, expected, depth + 1);
  if (expected.kind === 'optional') return structural(output, expected.inner, depth + 1);
  if (expected.kind === 'object' && output.kind === 'map') return mapToStruct(output, expected, depth);
  if (expected.kind === 'map' && output.kind === 'object') return structToMap(output, expected, depth);
  switch (expected.kind) {
    case 'list': {
      if (output.kind !== 'list') return kindMismatch(output, expected);
      const inner = structural(output.elem, expected.elem, depth + 1);
      return inner === undefined ? undefined : `list element type incompatible: ${inner}`;
    }
    case 'map': {
      if (output.kind !== 'map') return kindMismatch(output, expected);
      const key = structural(output.key, expected.key, depth + 1);
      if (key !== undefined) return `map key type incompatible: ${key}`;
      const value = structural(output.value, expected.value, depth + 1);
      return value === undefined ? undefined : `map value type incompatible: ${value}`;
    }
    case 'object':
      return output.kind === 'object' ? structFields(output, expected, depth) : kindMismatch(output, expected);
    default:
      return kindOf(output) === kindOf(expected) ? undefined : kindMismatch(output, expected);
  }
}

/** The output struct may have fewer fields than expected but none it lacks; each shared field compatible. */
function structFields(output: CelObjectType, expected: CelObjectType, depth: number): string | undefined {
  if (expected.preserveUnknownFields) return undefined;
  if (output.fields.size === 0) return undefined;
  if (expected.fields.size === 0) return 'output has fields but expected type has none';
  for (const [name, field] of output.fields) {
    if (name !== field.jsonName) continue;
    const target = expected.fields.get(name);
    if (!target) return `field ${goQuote(name)} exists in output but not in expected type`;
    const reason = structural(field.type, target.type, depth + 1);
    if (reason !== undefined) return `field ${goQuote(name)} has incompatible type: ${reason}`;
  }
  return undefined;
}

function mapToStruct(output: CelMapType, expected: CelObjectType, depth: number): string | undefined {
  if (expected.fields.size === 0) return undefined;
  if (output.key.kind !== 'string' && output.key.kind !== 'dyn') return 'map keys must be strings to assign to struct';
  for (const [name, field] of expected.fields) {
    if (name !== field.jsonName) continue;
    const reason = structural(output.value, field.type, depth + 1);
    if (reason !== undefined) return `map value incompatible with struct field ${goQuote(name)}: ${reason}`;
  }
  return undefined;
}

function structToMap(output: CelObjectType, expected: CelMapType, depth: number): string | undefined {
  if (output.fields.size === 0) return undefined;
  if (expected.key.kind !== 'string' && expected.key.kind !== 'dyn') return 'map key type must be string when assigning struct → map';
  for (const [name, field] of output.fields) {
    if (name !== field.jsonName) continue;
    const reason = structural(field.type, expected.value, depth + 1);
    if (reason !== undefined) return `struct field ${goQuote(name)} incompatible with map value type: ${reason}`;
  }
  return undefined;
}

/** cel-go's kinds: every object type is StructKind and every library type OpaqueKind. */
function kindOf(t: CelType): string {
  return t.kind === 'object' ? 'struct' : t.kind === 'opaque' ? `opaque:${t.name}` : t.kind;
}

function kindMismatch(output: CelType, expected: CelType): string {
  return `type kind mismatch: got ${goQuote(formatCelType(output))}, expected ${goQuote(formatCelType(expected))}`;
}
