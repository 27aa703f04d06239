// Stage 2 per resource node: the references of its forEach, template, includeWhen and readyWhen expressions
// (dependencies, scope rules, iterator rules F10, omit rules), their CEL types (F8 template vs field, F9 bool
// conditions, F10 lists), and the compiled expressions the GraphNode carries. Messages follow upstream's
// wrapping per context (builder.go); every problem is reported.
import { checkCelAssignability, CelTypes, formatCelType, formatTypeMismatch, listType, mapType, type CelType } from '../../cel/index.js';
import { diagnostic, type Diagnostic, type YamlPath } from '../../api/index.js';
import { goQuote } from '../../go/index.js';
import { isUsableId } from '../checks/naming.js';
import type { ParsedExpression } from '../expressions/types.js';
import { formatFieldPath, samePath } from '../template/field-path.js';
import type { CompiledExpression, ForEachDimension, TemplateVariable, VariableKind } from '../types.js';
import { celTypeAt, EACH_VARIABLE, type GraphEnvironments } from './environment.js';
import type { NodeDraft } from './nodes.js';
import { scanReferences, type ReferenceRules } from './references.js';
import { compileIn, isBoolOrOptionalBool, toCompiled } from './typecheck.js';

const DEPENDENCY_GRAPH = 'failed to build dependency graph: ';

export interface NodeCheckContext {
  readonly envs: GraphEnvironments;
  readonly ids: ReadonlySet<string>;
  /** Ids of resources left out for unusable ids (reported by the naming check). */
  readonly excluded: ReadonlySet<string>;
  readonly omitEnabled: boolean;
  readonly instanceNamespaced: boolean;
  /**
   * Variables typed as dyn only because their real type is unavailable (an unknown kind, a node with errors, a
   * spec schema with errors). A dyn result that comes from them is not reported again as "not bool".
   */
  readonly untyped: ReadonlySet<string>;
}

export interface CheckedNode {
  readonly dependencies: readonly string[];
  readonly variables: readonly TemplateVariable[];
  readonly includeWhen: readonly CompiledExpression[];
  readonly readyWhen: readonly CompiledExpression[];
  readonly forEach: readonly ForEachDimension[];
  readonly diagnostics: readonly Diagnostic[];
  /** Self-references found (the DAG reports them once). */
  readonly selfReferences: readonly ParsedExpression[];
}

/** Upstream types well-known selector fields of selector externalRefs (expectedTypeForField / selectorFieldType). */
function selectorFieldType(path: YamlPath): CelType | undefined {
  const p = formatFieldPath(path);
  if (p === 'metadata.selector') return mapType(CelTypes.string, CelTypes.dyn);
  if (p === 'metadata.selector.matchLabels') return mapType(CelTypes.string, CelTypes.string);
  if (p.startsWith('metadata.selector.matchLabels.')) return CelTypes.string;
  if (p === 'metadata.selector.matchExpressions') return listType(CelTypes.dyn);
  return undefined;
}

export function checkNode(draft: NodeDraft, objectType: CelType, ctx: NodeCheckContext): CheckedNode {
  const diagnostics: Diagnostic[] = [];
  const dependencies: string[] = [];
  const selfReferences: ParsedExpression[] = [];
  const id = draft.id;
  const validate = `failed to validate resource ${goQuote(id)}: `;
  // Iterators with broken names were reported by the naming check; they cannot be declared as variables.
  const dimensions = draft.forEach.filter((d, i) => isUsableId(d.name) && !ctx.ids.has(d.name) && draft.forEach.findIndex((o) => o.name === d.name) === i);
  const iteratorNames = new Set(dimensions.map((d) => d.name));
  const addDeps = (resources: readonly string[], expression: ParsedExpression) => {
    for (const dep of resources) {
      if (dep === id) {
        selfReferences.push(expression);
        continue;
      }
      if (!dependencies.includes(dep)) dependencies.push(dep);
    }
  };
  const baseRules = { ids: ctx.ids, excluded: ctx.excluded, omitEnabled: ctx.omitEnabled };

  // forEach: each dimension must be a list; iterators are independent of each other.
  const forEach: ForEachDimension[] = [];
  const iteratorTypes = new Map<string, CelType>();
  for (const dim of dimensions) {
    const rules: ReferenceRules = {
      ...baseRules,
      iterators: iteratorNames,
      omit: 'forEach',
      prefix: `${DEPENDENCY_GRAPH}failed to extract dependencies from forEach iterator ${goQuote(dim.name)}: `,
      omitPrefix: `${validate}node ${goQuote(id)}: forEach iterator ${goQuote(dim.name)}: `,
    };
    const scanned = scanReferences(ctx.envs.base, dim.expression, rules);
    iteratorTypes.set(dim.name, CelTypes.dyn);
    if (scanned.scan) addDeps(scanned.scan.resources, dim.expression);
    if (!scanned.ok) {
      diagnostics.push(...scanned.diagnostics);
      continue;
    }
    if (scanned.scan.iterators.length > 0) {
      diagnostics.push(
        diagnostic('graph/iterator-cross-reference', `${DEPENDENCY_GRAPH}node ${goQuote(id)}: forEach iterator ${goQuote(dim.name)} cannot reference other iterators [${scanned.scan.iterators.join(' ')}] - forEach iterators are independent (cartesian product)`, dim.expression.path, {
          span: dim.expression.span,
          expression: dim.expression.display,
        }),
      );
      continue;
    }
    const compiled = compileIn(ctx.envs.base, dim.expression, `${validate}node ${goQuote(id)}: forEach iterator ${goQuote(dim.name)}: `);
    if (!compiled.ok) {
      diagnostics.push(...compiled.diagnostics);
      continue;
    }
    const type = compiled.program.outputType;
    // dyn is not a list for upstream either, unless it only stands in for a type that is unavailable.
    const standIn = type.kind === 'dyn' && scanned.scan.variables.some((v) => ctx.untyped.has(v));
    const elementType = type.kind === 'list' ? type.elem : standIn ? CelTypes.dyn : undefined;
    if (!elementType) {
      const shown = goQuote(formatCelType(type));
      diagnostics.push(
        diagnostic('graph/foreach-not-list', `${validate}node ${goQuote(id)}: forEach iterator ${goQuote(dim.name)} must return a list, got ${shown}: type ${shown} is not a list type`, dim.expression.path, {
          span: dim.expression.span,
          expression: dim.expression.display,
          expected: 'list(T)',
          found: formatCelType(type),
        }),
      );
      continue;
    }
    iteratorTypes.set(dim.name, elementType);
    forEach.push({ name: dim.name, expression: toCompiled(dim.expression, scanned.scan, compiled.program), elementType });
  }

  // Templates: types against the target field, dependencies, iterators used for the identity.
  const templateEnv = ctx.envs.with([...iteratorTypes].map(([name, type]) => ({ name, type })));
  const variables: TemplateVariable[] = [];
  const identityIterators = new Set<string>();
  for (const { expression, fieldPath } of draft.expressions) {
    const rules: ReferenceRules = { ...baseRules, iterators: iteratorNames, omit: 'template', prefix: `${DEPENDENCY_GRAPH}failed to extract dependencies: ` };
    const scanned = scanReferences(templateEnv, expression, rules);
    if (scanned.scan) {
      addDeps(scanned.scan.resources, expression);
      const identity = samePath(fieldPath, ['metadata', 'name']) || (draft.namespaced && samePath(fieldPath, ['metadata', 'namespace']));
      if (identity) for (const it of scanned.scan.iterators) identityIterators.add(it);
      if (scanned.scan.usesOmit && ctx.omitEnabled && isIdentityField(fieldPath, draft.namespaced, ctx.instanceNamespaced)) {
        diagnostics.push(
          diagnostic('graph/omit-identity-field', `resource ${goQuote(id)}: omit() cannot be used at path ${goQuote(formatFieldPath(fieldPath))} — the field is required and must resolve to a concrete value`, expression.path, {
            span: expression.span,
            expression: expression.display,
          }),
        );
      }
    }
    if (!scanned.ok) {
      diagnostics.push(...scanned.diagnostics);
      continue;
    }
    const shownPath = formatFieldPath(fieldPath);
    const compiled = compileIn(templateEnv, expression, `${validate}failed to compile template expression ${goQuote(expression.display)} at path ${goQuote(shownPath)}: `);
    if (!compiled.ok) {
      diagnostics.push(...compiled.diagnostics);
      continue;
    }
    const expectedType = (draft.kind === 'ExternalCollection' ? selectorFieldType(fieldPath) : undefined) ?? celTypeAt(objectType, fieldPath);
    const outputType = compiled.program.outputType;
    const assignable = checkCelAssignability(outputType, expectedType);
    if (!assignable.ok) {
      const message = formatTypeMismatch({ resourceId: id, path: shownPath, expression: expression.display, output: outputType, expected: expectedType, reason: assignable.reason });
      diagnostics.push(
        diagnostic('graph/type-mismatch', `${validate}${message}`, expression.path, {
          span: expression.span,
          expression: expression.display,
          expected: formatCelType(expectedType),
          found: formatCelType(outputType),
        }),
      );
      continue;
    }
    const kind: VariableKind = scanned.scan.iterators.length > 0 ? 'iteration' : scanned.scan.resources.length > 0 ? 'dynamic' : 'static';
    variables.push({ fieldPath, expression: toCompiled(expression, scanned.scan, compiled.program), kind, expectedType });
  }
  const missing = dimensions.map((d) => d.name).filter((n) => !identityIterators.has(n));
  if (missing.length > 0) {
    diagnostics.push(
      diagnostic('graph/iterator-not-in-identity', `${DEPENDENCY_GRAPH}node ${goQuote(id)}: all forEach dimensions must be used to produce a unique resource identity, missing: [${missing.join(' ')}]`, [...draft.objectPath, 'metadata', 'name'], {
        expected: draft.namespaced ? 'every iterator in metadata.name or metadata.namespace' : 'every iterator in metadata.name',
        found: missing.join(', '),
        hint: `use each iterator in the name, e.g. name: \${schema.metadata.name + "-" + ${missing[0]}}`,
      }),
    );
  }

  const includeWhen = checkConditions(draft, 'includeWhen', ctx, diagnostics, addDeps);
  const readyWhen = checkConditions(draft, 'readyWhen', ctx, diagnostics, addDeps);
  return { dependencies, variables, includeWhen, readyWhen, forEach, diagnostics, selfReferences };
}

function isIdentityField(path: YamlPath, resourceNamespaced: boolean, instanceNamespaced: boolean): boolean {
  if (samePath(path, ['metadata', 'name'])) return true;
  return samePath(path, ['metadata', 'namespace']) && resourceNamespaced && !instanceNamespaced;
}

/**
 * includeWhen: `schema` and any resource (each becomes a dependency). readyWhen: only the node itself, or `each`
 * for collections (selector externalRefs keep their id, behavior 30). Both must return bool or optional(bool).
 */
function checkConditions(
  draft: NodeDraft,
  field: 'includeWhen' | 'readyWhen',
  ctx: NodeCheckContext,
  diagnostics: Diagnostic[],
  addDeps: (resources: readonly string[], expression: ParsedExpression) => void,
): CompiledExpression[] {
  const id = draft.id;
  const validate = `failed to validate resource ${goQuote(id)}: `;
  const collection = draft.kind === 'Collection';
  const env = field === 'readyWhen' && collection ? ctx.envs.withEach(id) : ctx.envs.base;
  const rules: ReferenceRules =
    field === 'includeWhen'
      ? { ids: ctx.ids, excluded: ctx.excluded, omitEnabled: ctx.omitEnabled, omit: 'restricted', prefix: `${DEPENDENCY_GRAPH}failed to extract dependencies from includeWhen: ` }
      : {
          ids: ctx.ids,
          excluded: ctx.excluded,
          omitEnabled: ctx.omitEnabled,
          omit: 'restricted',
          allowed: new Set([collection ? EACH_VARIABLE : id]),
          prefix: `${validate}resource ${goQuote(id)} readyWhen: `,
        };
  const out: CompiledExpression[] = [];
  for (const expression of draft[field]) {
    const scanned = scanReferences(env, expression, rules);
    if (field === 'includeWhen' && scanned.scan) addDeps(scanned.scan.resources, expression);
    if (!scanned.ok) {
      diagnostics.push(...scanned.diagnostics);
      continue;
    }
    const compiled = compileIn(env, expression, `${validate}failed to type-check ${field} expression ${goQuote(expression.display)} in resource ${goQuote(id)}: `);
    if (!compiled.ok) {
      diagnostics.push(...compiled.diagnostics);
      continue;
    }
    const standIn = compiled.program.outputType.kind === 'dyn' && scanned.scan.variables.some((v) => ctx.untyped.has(v));
    if (!isBoolOrOptionalBool(compiled.program) && !standIn) {
      const found = formatCelType(compiled.program.outputType);
      diagnostics.push(
        diagnostic('graph/condition-not-bool', `${validate}${field} expression ${goQuote(expression.display)} in resource ${goQuote(id)} must return bool or optional_type(bool), but returns ${goQuote(found)}`, expression.path, {
          span: expression.span,
          expression: expression.display,
          expected: 'bool',
          found,
        }),
      );
      continue;
    }
    out.push(toCompiled(expression, scanned.scan, compiled.program));
  }
  return out;
}
