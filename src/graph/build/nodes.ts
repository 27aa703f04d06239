// Stage 1 of a build, per resource: the entry's shape, its object (template or externalRef), its GVK, the kind's
// schema/scope/resource from the SchemaSource, the scope and reserved-metadata checks, and every expression of
// the template, includeWhen, readyWhen and forEach, parsed (not yet checked). A node that cannot be understood is
// kept as "broken": it is typed as dyn later so its errors do not cascade into every expression that uses it.
import {
  diagnostic,
  type Diagnostic,
  type GroupVersionKind,
  type JsonObject,
  type RgdResource,
  type YamlPath,
} from '../../api/index.js';
import { goQuote } from '../../go/index.js';
import { pluralizeKind } from '../../schema/index.js';
import { parseStandaloneOnly } from '../expressions/parse.js';
import type { ParsedExpression } from '../expressions/types.js';
import { describeGvk, type KindLookup, type ResolvedKind, type SchemaSource } from '../schemas/schema-source.js';
import { checkSelector } from '../checks/selector.js';
import {
  buildPrefix,
  checkObjectStructure,
  checkReservedMetadata,
  checkResourceFields,
  checkScope,
  externalRefObject,
  parseObjectGvk,
  resourcePath,
} from '../checks/structure.js';
import type { NodeKind } from '../types.js';
import { walkSchemaless, walkTemplate, type TemplateExpression } from '../template/walk.js';
import { formatFieldPath } from '../template/field-path.js';
import { withPrefix } from './diagnostics.js';

export interface ParsedDimension {
  readonly name: string;
  readonly expression: ParsedExpression;
}

export interface NodeDraft {
  readonly id: string;
  readonly index: number;
  readonly kind: NodeKind;
  readonly object: JsonObject;
  /** Where `object` is in the RGD: …template or …externalRef. */
  readonly objectPath: YamlPath;
  readonly gvk: GroupVersionKind | undefined;
  /** The resolved kind; undefined when unknown (lenient) or the node is broken. */
  readonly resolved: ResolvedKind | undefined;
  readonly resource: string;
  readonly namespaced: boolean;
  /** Errors prevent understanding the node: it is typed dyn and not compiled. */
  readonly broken: boolean;
  readonly expressions: readonly TemplateExpression[];
  readonly includeWhen: readonly ParsedExpression[];
  readonly readyWhen: readonly ParsedExpression[];
  readonly forEach: readonly ParsedDimension[];
}

export interface DraftOptions {
  readonly schemas: SchemaSource;
  readonly instanceNamespaced: boolean;
  readonly lenientUnknownKinds: boolean;
}

export interface DraftResult {
  readonly drafts: readonly NodeDraft[];
  readonly diagnostics: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
}

const CRD_GVK = { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' };

function isCrdKind(gvk: GroupVersionKind): boolean {
  return gvk.group === CRD_GVK.group && gvk.version === CRD_GVK.version && gvk.kind === CRD_GVK.kind;
}

function nodeKind(resource: RgdResource): NodeKind {
  const ref = resource.externalRef;
  if (ref) return ref.metadata?.selector !== undefined && ref.metadata.selector !== null ? 'ExternalCollection' : 'External';
  return (resource.forEach?.length ?? 0) > 0 ? 'Collection' : 'Resource';
}

/** Parses includeWhen/readyWhen/forEach (standalone-only contexts, D4). */
function parseConditions(resource: RgdResource, index: number, diagnostics: Diagnostic[]) {
  const prefix = buildPrefix(resource.id);
  const parseList = (field: 'readyWhen' | 'includeWhen'): ParsedExpression[] => {
    const out: ParsedExpression[] = [];
    (resource[field] ?? []).forEach((text, i) => {
      const path = [...resourcePath(index), field, i];
      if (typeof text !== 'string') {
        diagnostics.push(diagnostic('graph/standalone-only', `${prefix}failed to parse ${field} expressions: each entry must be a string`, path));
        return;
      }
      const parsed = parseStandaloneOnly(text, path);
      if ('cel' in parsed) out.push(parsed);
      else diagnostics.push(withPrefix(parsed, `${prefix}failed to parse ${field} expressions: `));
    });
    return out;
  };
  const readyWhen = parseList('readyWhen');
  const includeWhen = parseList('includeWhen');
  const forEach: ParsedDimension[] = [];
  (resource.forEach ?? []).forEach((dimension, i) => {
    for (const [name, text] of Object.entries(dimension)) {
      const path = [...resourcePath(index), 'forEach', i, name];
      const parsed = typeof text === 'string' ? parseStandaloneOnly(text, path) : undefined;
      if (parsed && 'cel' in parsed) forEach.push({ name, expression: parsed });
      else {
        const base = parsed ?? diagnostic('graph/standalone-only', 'only standalone expressions are allowed', path);
        diagnostics.push(withPrefix(base, `${prefix}failed to parse forEach dimensions: invalid forEach expression for dimension ${goQuote(name)}: `));
      }
    }
  });
  return { readyWhen, includeWhen, forEach };
}

function unknownKindDiagnostic(id: string, gvk: GroupVersionKind, lookup: Extract<KindLookup, { found: false }>, path: YamlPath, lenient: boolean): Diagnostic {
  const what = lookup.missing === 'schema' ? 'schema' : 'REST mapping';
  const message = `${buildPrefix(id)}failed to get ${what} for resource ${id}: ${lookup.detail}`;
  if (lookup.reason === 'unavailable') {
    return diagnostic('graph/schema-unavailable', message, path, { hint: 'the schema source could not answer; retry when the API server is reachable' });
  }
  if (!lenient) {
    return diagnostic('graph/unknown-kind', message, path, {
      found: describeGvk(gvk),
      hint: 'install the CRD that defines this kind, pass its CRD file (--crds), or allow unknown kinds (lenient mode) to type it as dyn',
    });
  }
  return {
    ...diagnostic('graph/unknown-kind', `resource ${goQuote(id)}: kind ${describeGvk(gvk)} is unknown; its expressions are typed as dyn and not checked against a schema`, path, {
      found: describeGvk(gvk),
    }),
    severity: 'warning',
  };
}

async function draftNode(resource: RgdResource, index: number, options: DraftOptions): Promise<{ draft: NodeDraft; diagnostics: Diagnostic[]; warnings: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const id = resource.id;
  const kind = nodeKind(resource);
  const conditions = parseConditions(resource, index, diagnostics);
  const broken = (object: JsonObject, objectPath: YamlPath, gvk?: GroupVersionKind) => ({
    draft: {
      id, index, kind, object, objectPath, gvk, resolved: undefined, resource: gvk ? pluralizeKind(gvk.kind) : '', namespaced: true,
      broken: true, expressions: [], ...conditions,
    },
    diagnostics,
    warnings,
  });
  const fieldProblems = checkResourceFields(resource, index);
  const isExternal = resource.externalRef !== undefined && resource.externalRef !== null;
  const object: JsonObject = isExternal ? externalRefObject(resource) : (resource.template ?? {});
  const objectPath = [...resourcePath(index), isExternal ? 'externalRef' : 'template'];
  if (fieldProblems.length > 0) {
    diagnostics.push(...fieldProblems);
    return broken(object, objectPath);
  }
  const structure = checkObjectStructure(object, id, objectPath);
  if (structure.length > 0) {
    diagnostics.push(...structure);
    return broken(object, objectPath);
  }
  const gvk = parseObjectGvk(object, id, objectPath);
  if ('code' in gvk) {
    diagnostics.push(gvk);
    return broken(object, objectPath);
  }
  diagnostics.push(...checkReservedMetadata(object, id, objectPath));
  if (kind === 'ExternalCollection') {
    diagnostics.push(...checkSelector((object.metadata as JsonObject).selector ?? null, id, [...objectPath, 'metadata', 'selector']));
  }
  const lookup = await options.schemas.resolve(gvk);
  let resolved: ResolvedKind | undefined;
  if (lookup.found) {
    resolved = lookup.kind;
    diagnostics.push(...checkScope(object, id, objectPath, resolved.namespaced, options.instanceNamespaced, kind === 'ExternalCollection'));
  } else {
    const d = unknownKindDiagnostic(id, gvk, lookup, [...objectPath, 'kind'], options.lenientUnknownKinds);
    if (d.severity === 'warning') warnings.push(d);
    else {
      diagnostics.push(d);
      return broken(object, objectPath, gvk);
    }
  }
  const expressions = parseObject(object, objectPath, resolved, isExternal, gvk, id, diagnostics);
  return {
    draft: {
      id,
      index,
      kind,
      object,
      objectPath,
      gvk,
      resolved,
      resource: resolved?.resource ?? pluralizeKind(gvk.kind),
      namespaced: resolved?.namespaced ?? true,
      broken: false,
      expressions,
      ...conditions,
    },
    diagnostics,
    warnings,
  };
}

/** Finds the template's expressions, checking literals against the schema unless the object is schemaless. */
function parseObject(
  object: JsonObject,
  objectPath: YamlPath,
  resolved: ResolvedKind | undefined,
  isExternal: boolean,
  gvk: GroupVersionKind,
  id: string,
  diagnostics: Diagnostic[],
): readonly TemplateExpression[] {
  const prefix = buildPrefix(id);
  if (isExternal || !resolved || isCrdKind(gvk)) {
    const walked = walkSchemaless(object, objectPath);
    diagnostics.push(...walked.diagnostics.map((d) => withPrefix(d, prefix)));
    if (!isExternal && resolved && isCrdKind(gvk)) {
      for (const e of walked.expressions) {
        if (e.fieldPath[0] === 'metadata' && e.fieldPath.length > 1) continue;
        diagnostics.push(
          diagnostic('graph/crd-expression-outside-metadata', `${prefix}CEL expressions in CRDs are only supported for metadata fields, found in path ${goQuote(formatFieldPath(e.fieldPath))}, resource ${id}`, e.expression.path, {
            span: e.expression.span,
            expression: e.expression.display,
          }),
        );
      }
    }
    return walked.expressions;
  }
  const walked = walkTemplate(object, resolved.schema, objectPath);
  diagnostics.push(...walked.diagnostics.map((d) => withPrefix(d, prefix)));
  const extract = `${prefix}failed to extract CEL expressions from schema for resource ${id}: `;
  for (const p of walked.problems) {
    diagnostics.push(
      diagnostic(p.unknownField ? 'graph/unknown-field' : 'graph/literal-type-mismatch', `${extract}${p.message}`, [...objectPath, ...p.fieldPath], {
        ...(p.expected !== undefined ? { expected: p.expected } : {}),
        ...(p.found !== undefined ? { found: p.found } : {}),
      }),
    );
  }
  return walked.expressions;
}

/**
 * Drafts every resource whose id is usable; kinds are resolved concurrently. Later duplicates of an id are skipped
 * (the naming check reports them).
 */
export async function draftNodes(resources: readonly RgdResource[], usable: (id: string) => boolean, options: DraftOptions): Promise<DraftResult> {
  const seen = new Set<string>();
  const unique = resources
    .map((r, index) => ({ r, index }))
    .filter(({ r }) => usable(r.id) && (seen.has(r.id) ? false : (seen.add(r.id), true)));
  const results = await Promise.all(unique.map(({ r, index }) => draftNode(r, index, options)));
  return {
    drafts: results.map((r) => r.draft),
    diagnostics: results.flatMap((r) => r.diagnostics),
    warnings: results.flatMap((r) => r.warnings),
  };
}
