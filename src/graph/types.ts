// The compiled graph: what `compileGraph` returns for one ResourceGraphDefinition and what the runtime (one
// instance against the graph), the RGD/GraphRevision controllers and the CLI all read. It is complete when
// returned (CRD, orders, waves and schemas included) and deeply frozen: per-instance state never lives here.
import type {
  CustomResourceDefinition,
  Diagnostic,
  GroupVersionKind,
  GroupVersionResource,
  JSONSchemaProps,
  JsonObject,
  ResourceInformation,
  YamlPath,
} from '../api/index.js';
import type { CelType, CompiledExpression as CelProgram } from '../cel/index.js';
import type { ParsedExpression } from './expressions/types.js';

export type { ParsedExpression } from './expressions/types.js';
export type { ExpressionPart } from './expressions/types.js';

/**
 * Resource: one object from a template. Collection: a template with forEach (one object per item of the
 * cartesian product). External: an existing object read by name. ExternalCollection: existing objects read by a
 * label selector (a list).
 */
export type NodeKind = 'Resource' | 'Collection' | 'External' | 'ExternalCollection';

/** Stage 2: an expression whose references are known and whose CEL type was checked. */
export interface CheckedExpression extends ParsedExpression {
  /** Every declared variable it reads: resource ids, `schema`, iterators, `each`, `runtime` (first use first). */
  readonly references: readonly string[];
  /** The resource ids among `references` (excluding `schema`, iterators, `each`, `runtime`). */
  readonly resourceReferences: readonly string[];
  /** The CEL output type (for a string template always `string`). */
  readonly outputType: CelType;
}

/** Stage 3: a checked expression with its program, ready to evaluate (see src/cel `CompiledExpression`). */
export interface CompiledExpression extends CheckedExpression {
  readonly program: CelProgram;
}

/**
 * How a template value depends on data, as upstream classifies it: static (schema only, or nothing), dynamic
 * (reads other resources), iteration (reads a forEach iterator).
 */
export type VariableKind = 'static' | 'dynamic' | 'iteration';

/** One expression inside a template, and where its value goes. */
export interface TemplateVariable {
  /** Path of the value inside the node's template (or, for the instance, inside `status`). */
  readonly fieldPath: YamlPath;
  readonly expression: CompiledExpression;
  readonly kind: VariableKind;
  /** The CEL type of the target field (`dyn` where the schema leaves it open). */
  readonly expectedType: CelType;
}

export interface ForEachDimension {
  /** The iterator variable name. */
  readonly name: string;
  /** Must yield a list; the iterator takes each element in turn. */
  readonly expression: CompiledExpression;
  /** The element type of the list, which types the iterator in this node's templates. */
  readonly elementType: CelType;
}

export interface GraphNode {
  readonly id: string;
  /** Position in spec.resources (the topological order's tie-breaker). */
  readonly index: number;
  readonly kind: NodeKind;
  readonly gvk: GroupVersionKind;
  readonly gvr: GroupVersionResource;
  readonly namespaced: boolean;
  /**
   * The template as written (for externalRefs: `{apiVersion, kind, metadata: {name|selector, namespace}}`);
   * expressions are still `${...}` strings here: `variables` say which values to replace and how.
   */
  readonly template: JsonObject;
  /** Every expression of the template, in document order. */
  readonly variables: readonly TemplateVariable[];
  /** All must be true (or null-as-false) for the node to be included; evaluated with `schema` and resources. */
  readonly includeWhen: readonly CompiledExpression[];
  /** All must be true for the node to be ready; read the node itself (or `each` for collections). */
  readonly readyWhen: readonly CompiledExpression[];
  /** Collection dimensions, outer loop first. Empty for other kinds. */
  readonly forEach: readonly ForEachDimension[];
  /** Ids this node depends on: template, forEach and includeWhen references (never readyWhen), first use first. */
  readonly dependencies: readonly string[];
  /** The kind's OpenAPI schema, or undefined when the kind is unknown (lenient mode: typed as dyn). */
  readonly schema: JsonObject | undefined;
  /** The CEL type other expressions see for this node: the object type, or a list of it for collections. */
  readonly celType: CelType;
}

export interface InstanceNode {
  readonly gvk: GroupVersionKind;
  readonly gvr: GroupVersionResource;
  readonly namespaced: boolean;
  /** The OpenAPI schema of `spec`, from SimpleSchema. */
  readonly specSchema: JSONSchemaProps;
  /** The schema behind the `schema` variable: apiVersion, kind, ObjectMeta (no namespace when cluster-scoped), spec; never status. */
  readonly schemaVariable: JsonObject;
  /** The inferred schema of the user's status fields (without kro's `state` and `conditions`). */
  readonly statusSchema: JSONSchemaProps;
  /** `spec.schema.status` without `conditions`: expressions are `${...}` strings, replaced per `statusVariables`. */
  readonly statusTemplate: JsonObject;
  /** Status projections; `fieldPath` starts with 'status'. */
  readonly statusVariables: readonly TemplateVariable[];
  /** Custom conditions (`status.conditions`), in order; each yields a Condition or a list of them. */
  readonly conditions: readonly CompiledExpression[];
  /** Resource ids the status and conditions read. */
  readonly dependencies: readonly string[];
}

/** What the RGD's status shows about the graph (behavior 52). */
export interface GraphStatusSummary {
  readonly topologicalOrder: readonly string[];
  /** Only nodes that have dependencies, in topological order. */
  readonly resources: readonly ResourceInformation[];
}

export interface CompiledGraph {
  /** metadata.name of the RGD. */
  readonly name: string;
  readonly instance: InstanceNode;
  /** Every resource node by id, in declaration order. */
  readonly nodes: ReadonlyMap<string, GraphNode>;
  /** Dependencies before dependents; ties in declaration order (G2). */
  readonly topologicalOrder: readonly string[];
  /** Apply-order wave of every node (G3): leaves highest, 1 for the last layer; drives deletion order. */
  readonly applyOrder: ReadonlyMap<string, number>;
  /** The generated instance CRD, with the inferred status schema. */
  readonly crd: CustomResourceDefinition;
  /** OpenAPI schema per node id (known kinds only), plus the `schema` variable's under `instance`. */
  readonly resourceSchemas: ReadonlyMap<string, JsonObject>;
  readonly status: GraphStatusSummary;
  /**
   * The CEL type of every graph-wide variable: `schema` and each resource id (lists for collections and selector
   * externalRefs). Bind observed JSON with src/cel's `jsonToCel(value, type)` so values are schema-typed (D10);
   * iterator and `each` types are on the nodes (`forEach[].elementType`, the element of `celType`).
   */
  readonly variables: ReadonlyMap<string, CelType>;
  /** FNV-64a hash of the normalized spec (L2), as upstream labels GraphRevisions. */
  readonly specHash: string;
  /** Warnings (e.g. unknown kinds typed as dyn in lenient mode). */
  readonly warnings: readonly Diagnostic[];
}

/** The id under which the instance's `schema` variable schema is found in `resourceSchemas`. */
export const INSTANCE_NODE_ID = 'instance';
