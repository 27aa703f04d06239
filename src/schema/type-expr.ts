// The type part of a SimpleSchema field (`[]map[string]Person` in `"[]map[string]Person | required=true"`):
// parsing into a small tree, the custom types it references, and upstream's error texts. Only
// string|integer|boolean|float|object, `[]T` and `map[string]T` are keywords; any other name is a reference to a
// custom type, resolved later (so `int` or `number` end up as `unknown type: int`).

import { goQuote } from '../go/index.js';

export type AtomicTypeName = 'string' | 'integer' | 'boolean' | 'float';

export type TypeExpr =
  | { readonly kind: 'atomic'; readonly name: AtomicTypeName }
  | { readonly kind: 'object' }
  | { readonly kind: 'slice'; readonly elem: TypeExpr }
  | { readonly kind: 'map'; readonly value: TypeExpr }
  | { readonly kind: 'custom'; readonly name: string };

/** Depth limit of `[]`/`map[string]` nesting, so pathological input cannot exhaust the stack. */
export const MAX_TYPE_NESTING_DEPTH = 16;

export type TypeParseError =
  | { readonly code: 'schema/empty-type'; readonly message: string }
  | { readonly code: 'schema/invalid-type'; readonly message: string }
  | { readonly code: 'schema/type-nesting-too-deep'; readonly message: string };

const ATOMIC: ReadonlySet<string> = new Set(['string', 'integer', 'boolean', 'float']);

/** Splits a field string at the first `|`: the type before it, the markers after it (undefined if none). */
export function splitField(field: string): { type: string; markers: string | undefined; markersOffset: number } {
  const bar = field.indexOf('|');
  if (bar < 0) return { type: field, markers: undefined, markersOffset: field.length };
  return { type: field.slice(0, bar), markers: field.slice(bar + 1), markersOffset: bar + 1 };
}

/** Parses the type part of a field string (everything before the first `|`). */
export function parseTypeString(field: string): { ok: true; type: TypeExpr } | { ok: false; error: TypeParseError } {
  const text = splitField(field).type.trim();
  if (text === '') return { ok: false, error: { code: 'schema/empty-type', message: 'empty type' } };
  return parseAtDepth(text, 0);
}

function parseAtDepth(raw: string, depth: number): { ok: true; type: TypeExpr } | { ok: false; error: TypeParseError } {
  if (depth > MAX_TYPE_NESTING_DEPTH) {
    return {
      ok: false,
      error: {
        code: 'schema/type-nesting-too-deep',
        message: `type nesting too deep (max ${MAX_TYPE_NESTING_DEPTH}): ${goQuote(raw)}`,
      },
    };
  }
  const s = raw.trim();
  if (ATOMIC.has(s)) return { ok: true, type: { kind: 'atomic', name: s as AtomicTypeName } };
  if (s === 'object') return { ok: true, type: { kind: 'object' } };
  if (s.startsWith('[]')) {
    const elem = s.slice(2);
    if (elem === '') return { ok: false, error: { code: 'schema/invalid-type', message: 'empty slice element type' } };
    const parsed = parseAtDepth(elem, depth + 1);
    return parsed.ok ? { ok: true, type: { kind: 'slice', elem: parsed.type } } : parsed;
  }
  if (s.startsWith('map[')) {
    if (!s.startsWith('map[string]')) {
      return { ok: false, error: { code: 'schema/invalid-type', message: 'map key must be string' } };
    }
    const value = s.slice('map[string]'.length).trim();
    if (value === '') return { ok: false, error: { code: 'schema/invalid-type', message: 'map value type is required' } };
    const parsed = parseAtDepth(value, depth + 1);
    return parsed.ok ? { ok: true, type: { kind: 'map', value: parsed.type } } : parsed;
  }
  return { ok: true, type: { kind: 'custom', name: s } };
}

/** Names of the custom types a type expression references. */
export function typeDependencies(type: TypeExpr): string[] {
  switch (type.kind) {
    case 'custom':
      return [type.name];
    case 'slice':
      return typeDependencies(type.elem);
    case 'map':
      return typeDependencies(type.value);
    default:
      return [];
  }
}

/** Canonical text of a type expression, e.g. `[]map[string]Person`. */
export function formatType(type: TypeExpr): string {
  switch (type.kind) {
    case 'atomic':
      return type.name;
    case 'object':
      return 'object';
    case 'custom':
      return type.name;
    case 'slice':
      return `[]${formatType(type.elem)}`;
    case 'map':
      return `map[string]${formatType(type.value)}`;
  }
}
