// cel-go's names for checked types, as they appear in its compile-time messages (`list`, `map`,
// `google.protobuf.Timestamp`, `optional_type`), derived from cel-js type declarations.
import type { CelTypeDecl, MacroChecker } from './macro-api.js';

export function staticTypeName(t: CelTypeDecl): string {
  switch (t.kind) {
    case 'dyn':
    case 'param':
      return 'dyn';
    case 'list':
      return 'list';
    case 'map':
      return 'map';
    case 'optional':
      return 'optional_type';
    default:
      break;
  }
  switch (t.name) {
    case 'null':
      return 'null_type';
    default:
      return t.name;
  }
}

/** A type for a macro's local variable: unbound type parameters (`[]`, `optional.none()`) become dyn. */
export function concrete(chk: MacroChecker, t: CelTypeDecl | undefined): CelTypeDecl {
  return t === undefined || t.kind === 'param' ? chk.dynType : t;
}
