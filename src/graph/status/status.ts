// The instance's status projection (C1-C4) and custom conditions (C7, F11): every leaf of spec.schema.status must
// be an expression (behavior 55), may read resources and `schema` only (never iterators, `each`, `runtime` or
// `omit()`), must read at least one of them; types are inferred into the status schema. `status.conditions` is a
// list of standalone expressions returning runtime.newCondition(...) values, with upstream's literal rules.
import { diagnostic, goTypeName, isJsonObject, type Diagnostic, type JSONSchemaProps, type JsonObject, type JsonValue, type YamlPath } from '../../api/index.js';
import { CelTypes, formatCelType, type CelType } from '../../cel/index.js';
import { goQuote } from '../../go/index.js';
import { parseStandaloneOnly } from '../expressions/parse.js';
import type { ParsedExpression } from '../expressions/types.js';
import { formatFieldPath } from '../template/field-path.js';
import { walkSchemaless } from '../template/walk.js';
import type { CompiledExpression, TemplateVariable } from '../types.js';
import { withPrefix } from '../build/diagnostics.js';
import { RUNTIME_VARIABLE, SCHEMA_VARIABLE, type GraphEnvironments } from '../build/environment.js';
import { scanReferences } from '../build/references.js';
import { compileIn, toCompiled } from '../build/typecheck.js';
import { literalConditionTypes, schemaConditionLookups } from './condition-literals.js';
import { schemaFromCelType, statusSchemaFromFields, type StatusField } from './status-schema.js';

export const STATUS_PATH: YamlPath = ['spec', 'schema', 'status'];
const STATUS_PREFIX = 'failed to build instance status schema: ';
const CONDITIONS_PREFIX = 'failed to build instance conditions: ';
const CONDITION_TYPE = 'kro.run.Condition';

/** kro's built-in instance condition types, readable with runtime.condition(schema, 'X'). */
export const BUILTIN_CONDITION_TYPES: readonly string[] = ['InstanceManaged', 'GraphResolved', 'ResourcesReady', 'Ready'];

export interface StatusContext {
  readonly envs: GraphEnvironments;
  readonly ids: ReadonlySet<string>;
  readonly excluded: ReadonlySet<string>;
  readonly omitEnabled: boolean;
}

export interface StatusResult {
  readonly template: JsonObject;
  readonly variables: readonly TemplateVariable[];
  readonly conditions: readonly CompiledExpression[];
  readonly schema: JSONSchemaProps;
  readonly dependencies: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

export function buildStatus(status: JsonValue | undefined, ctx: StatusContext): StatusResult {
  const diagnostics: Diagnostic[] = [];
  const dependencies: string[] = [];
  const addDeps = (ids: readonly string[]) => ids.forEach((d) => dependencies.includes(d) || dependencies.push(d));
  if (status !== undefined && status !== null && !isJsonObject(status)) {
    diagnostics.push(diagnostic('graph/invalid-status', `${STATUS_PREFIX}failed to unmarshal status schema: status must be a map`, STATUS_PATH));
  }
  const template: JsonObject = isJsonObject(status) ? { ...status } : {};
  const conditionTexts = extractConditions(template, diagnostics);

  const walked = walkSchemaless(template, STATUS_PATH);
  diagnostics.push(...walked.diagnostics.map((d) => withPrefix(d, `${STATUS_PREFIX}failed to extract CEL expressions from status: `)));
  for (const plain of walked.plainPaths) {
    diagnostics.push(
      diagnostic('graph/status-literal', `${STATUS_PREFIX}status fields without expressions are not supported: [${formatFieldPath(plain)}]`, [...STATUS_PATH, ...plain], {
        hint: 'status values are computed: write an expression such as ${schema.spec.x}, or move the constant to the spec',
      }),
    );
  }
  const variables: TemplateVariable[] = [];
  const fields: StatusField[] = [];
  const allowed = new Set([...ctx.ids, SCHEMA_VARIABLE]);
  for (const { expression, fieldPath } of walked.expressions) {
    const shown = formatFieldPath(fieldPath);
    const prefix = `${STATUS_PREFIX}status field ${goQuote(shown)} expression ${goQuote(expression.display)}: `;
    const scanned = scanReferences(ctx.envs.base, expression, { ids: ctx.ids, excluded: ctx.excluded, allowed, omit: 'restricted', omitEnabled: ctx.omitEnabled, prefix });
    if (!scanned.ok) {
      diagnostics.push(...scanned.diagnostics);
      continue;
    }
    if (scanned.scan.resources.length === 0 && !scanned.scan.usesSchema) {
      diagnostics.push(
        diagnostic('graph/status-no-reference', `failed to create instance node: instance status field must refer to a resource or schema: status.${shown}`, expression.path, {
          span: expression.span,
          expression: expression.display,
        }),
      );
      continue;
    }
    const compiled = compileIn(ctx.envs.base, expression, `${STATUS_PREFIX}failed to type-check status expression ${goQuote(expression.display)} at path ${goQuote(shown)}: `);
    if (!compiled.ok) {
      diagnostics.push(...compiled.diagnostics);
      continue;
    }
    addDeps(scanned.scan.resources);
    const outputType: CelType = compiled.program.outputType;
    fields.push({ path: fieldPath, schema: schemaFromCelType(outputType) });
    variables.push({
      fieldPath: ['status', ...fieldPath],
      expression: toCompiled(expression, scanned.scan, compiled.program),
      kind: 'dynamic',
      expectedType: CelTypes.dyn,
    });
  }
  const conditions = buildConditions(conditionTexts, ctx, diagnostics, addDeps);
  return { template, variables, conditions, schema: statusSchemaFromFields(fields), dependencies, diagnostics };
}

/** Removes `conditions` from the status template and returns its entries (C6: kro's conditions schema is kept). */
function extractConditions(template: JsonObject, diagnostics: Diagnostic[]): ParsedExpression[] {
  if (!('conditions' in template)) return [];
  const raw = template.conditions;
  delete template.conditions;
  const path = [...STATUS_PATH, 'conditions'];
  const prefix = `${STATUS_PREFIX}failed to extract conditions block: `;
  if (!Array.isArray(raw)) {
    diagnostics.push(diagnostic('graph/invalid-conditions', `${prefix}status.conditions must be a list, got ${goTypeName(raw)}`, path));
    return [];
  }
  const out: ParsedExpression[] = [];
  raw.forEach((entry, i) => {
    if (typeof entry !== 'string') {
      diagnostics.push(diagnostic('graph/invalid-conditions', `${prefix}status.conditions[${i}] must be a CEL expression string, got ${goTypeName(entry)}`, [...path, i]));
      return;
    }
    const parsed = parseStandaloneOnly(entry, [...path, i]);
    if ('cel' in parsed) out.push(parsed);
    else diagnostics.push(withPrefix(parsed, `${CONDITIONS_PREFIX}invalid conditions block: `));
  });
  return out;
}


function buildConditions(
  expressions: readonly ParsedExpression[],
  ctx: StatusContext,
  diagnostics: Diagnostic[],
  addDeps: (ids: readonly string[]) => void,
): CompiledExpression[] {
  if (expressions.length === 0) return [];
  diagnostics.push(...literalConditionProblems(expressions));
  const env = ctx.envs.conditions();
  const allowed = new Set([...ctx.ids, SCHEMA_VARIABLE, RUNTIME_VARIABLE]);
  const out: CompiledExpression[] = [];
  for (const expression of expressions) {
    const shown = goQuote(expression.display);
    const scanned = scanReferences(env, expression, {
      ids: ctx.ids,
      excluded: ctx.excluded,
      allowed,
      runtimeAllowed: true,
      omit: 'restricted',
      omitEnabled: ctx.omitEnabled,
      prefix: `${CONDITIONS_PREFIX}condition ${shown}: `,
    });
    if (!scanned.ok) {
      diagnostics.push(...scanned.diagnostics);
      continue;
    }
    const compiled = compileIn(env, expression, `${CONDITIONS_PREFIX}failed to type-check condition ${shown}: `);
    if (!compiled.ok) {
      diagnostics.push(...compiled.diagnostics);
      continue;
    }
    const type = compiled.program.outputType;
    const item = type.kind === 'list' ? type.elem : type;
    if (!(item.kind === 'dyn' || (item.kind === 'opaque' && item.name === CONDITION_TYPE))) {
      diagnostics.push(
        diagnostic('graph/condition-type', `${CONDITIONS_PREFIX}condition ${shown}: condition expressions must return runtime.newCondition(...) or a list of them, got ${goQuote(formatCelType(type))}`, expression.path, {
          span: expression.span,
          expression: expression.display,
          expected: `${CONDITION_TYPE} or list(${CONDITION_TYPE})`,
          found: formatCelType(type),
        }),
      );
      continue;
    }
    addDeps(scanned.scan.resources);
    out.push(toCompiled(expression, scanned.scan, compiled.program));
  }
  return out;
}

/** Duplicate literal types across entries; runtime.condition(schema, 'X') must name a built-in type. */
function literalConditionProblems(expressions: readonly ParsedExpression[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const declared = new Map<string, number>();
  expressions.forEach((expression, i) => {
    const own = new Set<string>();
    for (const literal of literalConditionTypes(expression.cel)) {
      if (own.has(literal.value)) continue;
      own.add(literal.value);
      if (declared.has(literal.value) && declared.get(literal.value) !== i) {
        out.push(at(expression, literal, 'graph/duplicate-condition-type', `condition type ${goQuote(literal.value)} is declared by more than one conditions entry`));
      } else declared.set(literal.value, i);
    }
  });
  for (const expression of expressions) {
    for (const lookup of schemaConditionLookups(expression.cel)) {
      if (BUILTIN_CONDITION_TYPES.includes(lookup.value)) continue;
      const message = declared.has(lookup.value)
        ? `runtime.condition(schema, ${goQuote(lookup.value)}): custom conditions cannot reference each other in expression ${goQuote(expression.display)}`
        : `runtime.condition(schema, ${goQuote(lookup.value)}): unknown condition type; only kro's built-in types (${BUILTIN_CONDITION_TYPES.join(', ')}) can be read from schema in expression ${goQuote(expression.display)}`;
      out.push(at(expression, lookup, declared.has(lookup.value) ? 'graph/condition-self-reference' : 'graph/unknown-condition-type', message));
    }
  }
  return out;
}

function at(expression: ParsedExpression, literal: { start: number; end: number }, code: `graph/${string}`, message: string): Diagnostic {
  // Conditions are standalone: the CEL text starts two characters into the scalar.
  return diagnostic(code, `${CONDITIONS_PREFIX}${message}`, expression.path, {
    span: { start: literal.start + 2, end: literal.end + 2 },
    expression: expression.display,
  });
}
