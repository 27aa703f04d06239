// Hints for diagnostics the core reports without one. The core's own hint always wins; these are generic "how to
// fix" lines keyed by code, kept at the edge because they mention CLI flags and commands.
import type { Diagnostic } from '../../api/index.js';

const HINTS: Readonly<Record<string, string>> = {
  'graph/type-mismatch': 'make the expression return the field\'s type, e.g. with int(), string() or double(); or wrap it in dyn() to skip the check',
  'graph/literal-type-mismatch': 'write a value of the field\'s type here (quote numbers meant as strings)',
  'graph/cel-error': 'check the names against the schema: `kro generate crd` shows the instance schema, `kubectl explain` a kind\'s fields',
  'graph/unknown-field': 'check the field name against the schema of the kind (`kubectl explain <kind>.<field>`)',
  'graph/unknown-identifier': 'expressions can read `schema` and the ids of other resources (and iterators inside forEach)',
  'graph/unknown-function': 'see docs/cel.md for the functions kro offers',
  'cel/parse-error': 'fix the CEL syntax of the expression inside ${...}',
  'cel/type-error': 'make the expression\'s types agree; dyn() turns off static typing for a value',
  'graph/self-reference': 'a resource cannot read itself in its template; read `schema` or another resource instead',
  'graph/duplicate-id': 'give every resource a unique id',
  'graph/invalid-id': 'ids must be lowerCamelCase identifiers (letters and digits, starting with a lowercase letter)',
  'graph/invalid-kind-name': 'spec.schema.kind must be UpperCamelCase (e.g. WebApp)',
  'graph/invalid-gvk': 'every template needs apiVersion and kind',
  'graph/foreach-not-list': 'a forEach expression must return a list',
  'graph/condition-not-bool': 'includeWhen and readyWhen expressions must return a bool',
  'graph/out-of-scope': 'readyWhen reads only the resource itself (or `each` in a collection); includeWhen reads `schema` and other resources',
  'schema/invalid-type': 'see docs/simpleschema.md for the types SimpleSchema accepts',
  'schema/unknown-type': 'declare the type under spec.schema.types, or use a built-in type',
  'schema/invalid-marker': 'markers look like `string | required=true default="x"`; see docs/simpleschema.md',
  'rgd/required': 'add the missing field',
  'rgd/template-xor-external-ref': 'each resource needs exactly one of template or externalRef',
  'rgd/name-xor-selector': 'an externalRef needs exactly one of metadata.name or metadata.selector',
  'rgd/yaml-value': 'write a finite number or a string',
  'runtime/spec-invalid': 'fix the instance so it matches the spec schema (`kro generate instance` prints a valid sample)',
};

export function fallbackHint(d: Diagnostic): string | undefined {
  return HINTS[d.code];
}
