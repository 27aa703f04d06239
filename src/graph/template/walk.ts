// Walks a resource template against its kind's OpenAPI schema (upstream pkg/graph/parser/parser.go): every string
// is scanned for `${...}`, every literal value is checked against the schema (F6), and every expression is
// returned with the field path where its value goes. Subtrees with x-kubernetes-preserve-unknown-fields are
// walked without checks (schemaless.go), as are externalRef metadata and status. Unlike upstream, the walk does
// not stop at the first problem: every literal that does not fit is reported.
import { isJsonObject, type Diagnostic, type JsonObject, type JsonValue, type YamlPath } from '../../api/index.js';
import { parseScalar } from '../expressions/parse.js';
import type { ParsedExpression } from '../expressions/types.js';
import { formatFieldPath } from './field-path.js';

/** An expression found in a template, with where its value goes. */
export interface TemplateExpression {
  readonly expression: ParsedExpression;
  /** Path of the value relative to the template root, e.g. ['spec', 'replicas'] or ['spec', 'ports', 0, 'port']. */
  readonly fieldPath: YamlPath;
}

/** Why a literal does not fit its schema; the caller words the full message. */
export interface LiteralProblem {
  readonly fieldPath: YamlPath;
  /** Upstream's message for the problem, e.g. `expected integer type for path spec.replicas, got string`. */
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
  /** True for an unknown field: the location is the key, not the value. */
  readonly unknownField?: boolean;
}

export interface WalkResult {
  readonly expressions: TemplateExpression[];
  readonly problems: LiteralProblem[];
  /** Scanner errors (nested `${`), already located. */
  readonly diagnostics: Diagnostic[];
  /** Paths of plain values (no expression), for status checks (C1). */
  readonly plainPaths: YamlPath[];
}

type Schema = JsonObject;

const ANY = ['any'];

function preserveUnknown(schema: Schema): boolean {
  return schema['x-kubernetes-preserve-unknown-fields'] === true;
}

function intOrString(schema: Schema): boolean {
  return schema['x-kubernetes-int-or-string'] === true || schema.format === 'int-or-string';
}

function typesOf(branches: JsonValue | undefined): string[] {
  const types: string[] = [];
  if (!Array.isArray(branches)) return types;
  for (const branch of branches) {
    if (!isJsonObject(branch)) continue;
    if ((Array.isArray(branch.required) && branch.required.length > 0) || branch.not !== undefined) {
      if (!types.includes('object')) types.push('object');
    }
    const t = branch.type;
    for (const name of Array.isArray(t) ? t : [t]) {
      if (typeof name === 'string' && name !== '' && !types.includes(name)) types.push(name);
    }
  }
  return types;
}

function additionalSchema(schema: Schema): Schema | undefined {
  const ap = schema.additionalProperties;
  if (isJsonObject(ap)) return ap;
  // `additionalProperties: true`: values of any shape (upstream rejects them with "no valid type"; see docs).
  return ap === true ? { 'x-kubernetes-preserve-unknown-fields': true } : undefined;
}

/** The types a schema accepts (upstream getExpectedTypes), or undefined when it names none. */
export function expectedTypes(schema: Schema): string[] | undefined {
  if (preserveUnknown(schema)) return ANY;
  if (intOrString(schema)) return ['string', 'integer'];
  for (const key of ['oneOf', 'anyOf'] as const) {
    const types = typesOf(schema[key]);
    if (types.length > 0) return types;
  }
  const t = schema.type;
  if (typeof t === 'string' && t !== '') return [t];
  if (Array.isArray(t) && typeof t[0] === 'string' && t[0] !== '') return t.filter((x): x is string => typeof x === 'string');
  if (additionalSchema(schema)) return ANY;
  return undefined;
}

export function childSchema(schema: Schema | undefined, field: string): Schema | undefined {
  if (!schema) return undefined;
  const props = schema.properties;
  if (isJsonObject(props) && isJsonObject(props[field])) return props[field];
  return additionalSchema(schema);
}

export function itemSchema(schema: Schema | undefined): Schema | undefined {
  if (!schema) return undefined;
  const items = schema.items;
  if (isJsonObject(items)) return items;
  if (Array.isArray(items) && isJsonObject(items[0])) return items[0];
  return undefined;
}

class Walker {
  readonly result: WalkResult = { expressions: [], problems: [], diagnostics: [], plainPaths: [] };

  constructor(private readonly documentPath: YamlPath) {}

  walk(value: JsonValue, schema: Schema | undefined, fieldPath: YamlPath): void {
    if (!schema) return this.schemaless(value, fieldPath);
    const shown = formatFieldPath(fieldPath);
    const types = expectedTypes(schema);
    if (!types) {
      this.problem(fieldPath, `schema at path ${shown} has no valid type, OneOf, AnyOf, or AdditionalProperties`);
      return;
    }
    if (value === null) return;
    if (Array.isArray(value)) {
      if (preserveUnknown(schema)) return this.schemaless(value, fieldPath);
      if (!types.includes('array')) return this.mismatch(fieldPath, types, 'array');
      const items = itemSchema(schema);
      if (!items) {
        this.problem(fieldPath, `invalid array schema for path ${shown}: neither Items.Schema nor Properties are defined`);
        return;
      }
      value.forEach((item, i) => this.walk(item, items, [...fieldPath, i]));
      return;
    }
    if (isJsonObject(value)) {
      if (preserveUnknown(schema)) return this.schemaless(value, fieldPath, schema);
      if (!types.includes('object') && !additionalSchema(schema)) return this.mismatch(fieldPath, types, 'object');
      for (const [key, child] of Object.entries(value)) {
        const childPath = [...fieldPath, key];
        const sub = childSchema(schema, key);
        if (!sub) {
          this.result.problems.push({
            fieldPath: childPath,
            message: `error getting field schema for path ${formatFieldPath(childPath)}: schema not found for field ${key}`,
            expected: knownFields(schema),
            found: key,
            unknownField: true,
          });
          continue;
        }
        this.walk(child, sub, childPath);
      }
      return;
    }
    if (typeof value === 'string') {
      const parsed = this.scalar(value, fieldPath);
      // A standalone expression may produce any type (F8 checks it); a template is a string like a literal.
      if (parsed === 'standalone' || parsed === 'error') return;
      if (!types.includes('string') && !types.includes('any')) {
        // Upstream stops here; dropping the template keeps its type check from repeating the same problem.
        if (parsed === 'template') this.result.expressions.pop();
        this.mismatch(fieldPath, types, 'string');
      }
      return;
    }
    if (types.includes('any')) return;
    const found = typeof value === 'boolean' ? 'boolean' : Number.isInteger(value) ? 'integer' : 'float64';
    for (const expected of types) {
      if (expected === 'number' && typeof value === 'number') return;
      if ((expected === 'integer' || expected === 'int') && found === 'integer') return;
      if ((expected === 'boolean' || expected === 'bool') && found === 'boolean') return;
    }
    this.mismatch(fieldPath, types, found);
  }

  /** Collects expressions without schema checks; keeps following the schema where it has one (expected types). */
  schemaless(value: JsonValue, fieldPath: YamlPath, _schema?: Schema): void {
    if (Array.isArray(value)) {
      value.forEach((item, i) => this.schemaless(item, [...fieldPath, i]));
    } else if (isJsonObject(value)) {
      for (const [key, child] of Object.entries(value)) this.schemaless(child, [...fieldPath, key]);
    } else if (typeof value === 'string') {
      if (this.scalar(value, fieldPath) === 'literal') this.result.plainPaths.push(fieldPath);
    } else {
      this.result.plainPaths.push(fieldPath);
    }
  }

  private scalar(text: string, fieldPath: YamlPath): 'literal' | 'standalone' | 'template' | 'error' {
    const parsed = parseScalar(text, [...this.documentPath, ...fieldPath]);
    if (parsed.kind === 'error') {
      this.result.diagnostics.push(parsed.diagnostic);
      return 'error';
    }
    if (parsed.kind === 'expression') {
      this.result.expressions.push({ expression: parsed.expression, fieldPath });
      return parsed.expression.template ? 'template' : 'standalone';
    }
    return 'literal';
  }

  private mismatch(fieldPath: YamlPath, types: readonly string[], found: string): void {
    const expected = types.join(' or ');
    this.result.problems.push({
      fieldPath,
      message: `expected ${expected} type for path ${formatFieldPath(fieldPath)}, got ${found}`,
      expected,
      found,
    });
  }

  private problem(fieldPath: YamlPath, message: string): void {
    this.result.problems.push({ fieldPath, message });
  }
}

function knownFields(schema: Schema): string | undefined {
  const props = schema.properties;
  if (!isJsonObject(props)) return undefined;
  const names = Object.keys(props);
  return names.length === 0 ? undefined : `one of the fields ${names.join(', ')}`;
}

/**
 * Walks `template` (found at `documentPath` in the RGD) against `schema`. Without a schema (lenient mode for an
 * unknown kind, externalRefs, CRD templates, status) the walk is schemaless.
 */
export function walkTemplate(template: JsonValue, schema: Schema | undefined, documentPath: YamlPath): WalkResult {
  const walker = new Walker(documentPath);
  walker.walk(template, schema, []);
  return walker.result;
}

/** Schemaless walk (upstream ParseSchemalessResource): expressions plus the paths of plain values. */
export function walkSchemaless(value: JsonValue, documentPath: YamlPath): WalkResult {
  const walker = new Walker(documentPath);
  walker.schemaless(value, []);
  return walker.result;
}
