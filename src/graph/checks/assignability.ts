// F8: can a template expression's output type be written to its target field? First nominal assignability (same
// type, dyn on either side), then upstream's structural ("duck typing") compatibility (pkg/cel/compatibility.go):
// lists and maps recursively, map <-> struct through their fields, a struct output must be a subset of the
// expected struct's fields (a preserve-unknown-fields struct accepts any), optionals unwrapped on both sides.
// The reason for a rejection is worded as upstream words it, so the message ends like upstream's.
//
// Adapter note: src/cel does not export this check yet; it lives here until the CEL facade provides it.
import { formatCelType, type CelObjectType, type CelType } from '../../cel/index.js';

export type Assignability = { readonly ok: true } | { readonly ok: false; readonly detail?: string };

const OK: Assignability = { ok: true };

export function checkAssignable(output: CelType, expected: CelType): Assignability {
  if (nominallyAssignable(output, expected)) return OK;
  const detail = structural(output, expected, 0);
  return detail === undefined ? OK : { ok: false, detail: detail === '' ? undefined : detail };
}

/** cel-go's Type.IsAssignableType: equal types, with dyn matching anything at any depth. */
function nominallyAssignable(output: CelType, expected: CelType): boolean {
  if (expected.kind === 'dyn' || output.kind === 'dyn') return true;
  if (expected.kind !== output.kind) return false;
  switch (expected.kind) {
    case 'list':
      return nominallyAssignable((output as typeof expected).elem, expected.elem);
    case 'map':
      return (
        nominallyAssignable((output as typeof expected).key, expected.key) &&
        nominallyAssignable((output as typeof expected).value, expected.value)
      );
    case 'optional':
      return nominallyAssignable((output as typeof expected).inner, expected.inner);
    case 'object':
    case 'opaque':
      return expected.name === (output as typeof expected).name;
    default:
      return true;
  }
}

const MAX_DEPTH = 64;

/** undefined when compatible; otherwise why not ('' when upstream gives no reason). */
function structural(output: CelType, expected: CelType, depth: number): string | undefined {
  if (depth > MAX_DEPTH || nominallyAssignable(output, expected)) return undefined;
  if (output.kind === 'optional') return structural(output.inner, expected, depth + 1);
  if (expected.kind === 'optional') return structural(output, expected.inner, depth + 1);
  if (expected.kind === 'object' && output.kind === 'map') return mapToStruct(output, expected, depth);
  if (expected.kind === 'map' && output.kind === 'object') return structToMap(output, expected, depth);
  if (expected.kind === 'list') {
    if (output.kind !== 'list') return kindMismatch(output, expected);
    const inner = structural(output.elem, expected.elem, depth + 1);
    return inner === undefined ? undefined : `list element type incompatible: ${inner}`;
  }
  if (expected.kind === 'map') {
    if (output.kind !== 'map') return kindMismatch(output, expected);
    const key = structural(output.key, expected.key, depth + 1);
    if (key !== undefined) return `map key type incompatible: ${key}`;
    const value = structural(output.value, expected.value, depth + 1);
    return value === undefined ? undefined : `map value type incompatible: ${value}`;
  }
  if (expected.kind === 'object') {
    if (output.kind !== 'object') return kindMismatch(output, expected);
    return structFields(output, expected, depth);
  }
  return output.kind === expected.kind && output.kind !== 'opaque' ? undefined : kindMismatch(output, expected);
}

function kindMismatch(output: CelType, expected: CelType): string {
  return `type kind mismatch: got "${formatCelType(output)}", expected "${formatCelType(expected)}"`;
}

/** Fields by their JSON name: escaped CEL aliases (`x__dash__y`) are the same field. */
function jsonFields(t: CelObjectType): Map<string, CelType> {
  const out = new Map<string, CelType>();
  for (const field of t.fields.values()) if (!out.has(field.jsonName)) out.set(field.jsonName, field.type);
  return out;
}

function structFields(output: CelObjectType, expected: CelObjectType, depth: number): string | undefined {
  if (expected.preserveUnknownFields) return undefined;
  const expectedFields = jsonFields(expected);
  for (const [name, type] of jsonFields(output)) {
    const target = expectedFields.get(name);
    if (!target) return `field "${name}" exists in output but not in expected type`;
    const inner = structural(type, target, depth + 1);
    if (inner !== undefined) return `field "${name}" has incompatible type: ${inner}`;
  }
  return undefined;
}

function mapToStruct(output: Extract<CelType, { kind: 'map' }>, expected: CelObjectType, depth: number): string | undefined {
  if (expected.fields.size === 0) return undefined;
  if (output.key.kind !== 'string' && output.key.kind !== 'dyn') return 'map keys must be strings to assign to struct';
  for (const [name, type] of jsonFields(expected)) {
    const inner = structural(output.value, type, depth + 1);
    if (inner !== undefined) return `map value incompatible with struct field "${name}": ${inner}`;
  }
  return undefined;
}

function structToMap(output: CelObjectType, expected: Extract<CelType, { kind: 'map' }>, depth: number): string | undefined {
  if (output.fields.size === 0) return undefined;
  if (expected.key.kind !== 'string' && expected.key.kind !== 'dyn') return 'map key type must be string when assigning struct → map';
  for (const [name, type] of jsonFields(output)) {
    const inner = structural(type, expected.value, depth + 1);
    if (inner !== undefined) return `struct field "${name}" incompatible with map value type: ${inner}`;
  }
  return undefined;
}
