// compileGraph: one ResourceGraphDefinition in, a validated, typed, frozen CompiledGraph (or every problem found)
// out. The pipeline follows upstream's builder (pkg/graph/builder.go): naming, the instance spec schema, each
// resource's kind and template, dependencies and order, CEL types, status and conditions, the instance CRD. Unlike
// upstream it does not stop at the first error; diagnostics come out in upstream's phase order, so the first one
// is the error upstream would have shown.
import {
  cloneJson,
  diagnostic,
  fail,
  isJsonObject,
  ok,
  type Diagnostic,
  type JSONSchemaProps,
  type JsonObject,
  type ResourceGraphDefinition,
  type Result,
} from '../api/index.js';
import { CelTypes, type CelType, type CelVariable } from '../cel/index.js';
import { goQuote } from '../go/index.js';
import { buildInstanceCrd, instanceCrdIdentity, simpleSchemaToOpenApi, type KroCrdLabelValues } from '../schema/index.js';
import { checkForEachNames, checkKindName, checkResourceIds, isUsableId } from './checks/naming.js';
import { checkNode, type CheckedNode } from './build/check-node.js';
import { withPrefix } from './build/diagnostics.js';
import { GraphEnvironments, nodeVariableType, objectCelType, SCHEMA_VARIABLE, schemaVariableType } from './build/environment.js';
import { draftNodes, type NodeDraft } from './build/nodes.js';
import { orderNodes } from './build/order.js';
import { deepFreeze, FrozenMap } from './freeze.js';
import { specHash } from './hash/spec-hash.js';
import { namespacelessObjectMetaSchema, objectMetaSchema } from './schemas/object-meta.js';
import type { SchemaSource } from './schemas/schema-source.js';
import { buildStatus } from './status/status.js';
import { INSTANCE_NODE_ID, type CompiledGraph, type GraphNode, type InstanceNode } from './types.js';

export interface GraphFeatures {
  /** The CELOmitFunction feature gate: `omit()` in template expressions. @default false */
  readonly celOmitFunction?: boolean;
}

export interface CompileGraphOptions {
  /** Where kinds' schemas come from: the cluster, or offline data. */
  readonly schemas: SchemaSource;
  readonly features?: GraphFeatures;
  /** `--rgd-max-collection-dimension-size`. @default 10 */
  readonly maxCollectionDimensions?: number;
  /** Type kinds the schema source does not know as dyn, with a warning, instead of failing. @default false */
  readonly lenientUnknownKinds?: boolean;
  /** kro's labels for the generated CRD (the RGD controller sets them; offline rendering leaves them out). */
  readonly crdLabels?: KroCrdLabelValues;
}

export const DEFAULT_MAX_COLLECTION_DIMENSIONS = 10;

/** Upstream's build phases, in order; used to order diagnostics so the first is upstream's error. */
const PHASES: readonly string[] = [
  'failed to validate resourcegraphdefinition',
  'failed to build resourcegraphdefinition',
  'failed to build resource ',
  'failed to build dependency graph',
  'resource "',
  'failed to validate resource ',
  'failed to build instance status schema',
  'failed to build instance conditions',
  'failed to create instance node',
];

function phaseOf(d: Diagnostic): number {
  const i = PHASES.findIndex((p) => d.message.startsWith(p));
  return i < 0 ? PHASES.length : i;
}

function inPhaseOrder(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d, i) => ({ d, i, p: phaseOf(d) })).sort((a, b) => a.p - b.p || a.i - b.i).map((x) => x.d);
}

/** The `schema` variable: the instance with apiVersion, kind, ObjectMeta and spec, never status (behavior 16). */
function schemaVariableSchema(specSchema: JSONSchemaProps, clusterScoped: boolean): JsonObject {
  return {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: clusterScoped ? namespacelessObjectMetaSchema() : objectMetaSchema(),
      spec: specSchema as unknown as JsonObject,
    },
  };
}

/**
 * Compiles one RGD. Never throws for bad input: every problem is a diagnostic. Input is expected to have passed
 * src/api's structural validation (the API server's admission, or `loadRgdDocuments`).
 */
export async function compileGraph(rgd: ResourceGraphDefinition, options: CompileGraphOptions): Promise<Result<CompiledGraph>> {
  if (!isJsonObject(rgd?.spec?.schema)) {
    return fail(diagnostic('graph/invalid-rgd', `resourcegraphdefinition ${goQuote(rgd?.metadata?.name ?? '')}: schema is required`, ['spec', 'schema']));
  }
  try {
    return await compileValidated(rgd, options);
  } catch (err) {
    return fail(diagnostic('graph/internal', `internal error while building the graph: ${err instanceof Error ? err.message : String(err)}`, ['spec']));
  }
}

async function compileValidated(rgd: ResourceGraphDefinition, options: CompileGraphOptions): Promise<Result<CompiledGraph>> {
  const spec = rgd.spec;
  const schema = spec.schema;
  const resources = spec.resources ?? [];
  const name = rgd.metadata?.name ?? '';
  const omitEnabled = options.features?.celOmitFunction ?? false;
  const instanceNamespaced = schema.scope !== 'Cluster';
  const diagnostics: Diagnostic[] = [];

  diagnostics.push(...checkKindName(schema.kind), ...checkResourceIds(resources));
  const ids = new Set(resources.map((r) => r.id));
  const maxDimensions = options.maxCollectionDimensions ?? DEFAULT_MAX_COLLECTION_DIMENSIONS;
  resources.forEach((r, i) => diagnostics.push(...checkForEachNames(r, i, ids, maxDimensions)));

  const converted = simpleSchemaToOpenApi(schema.spec, schema.types);
  let specSchema: JSONSchemaProps = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  if (converted.ok) specSchema = converted.value;
  else {
    const prefix = `failed to build resourcegraphdefinition ${goQuote(name)}: failed to build OpenAPI schema for instance: `;
    diagnostics.push(...converted.diagnostics.map((d) => withPrefix(d, prefix)));
  }
  const schemaVariable = schemaVariableSchema(specSchema, !instanceNamespaced);

  // Nodes with unusable ids were reported above; they cannot be CEL variables, so they are left out from here on.
  const drafted = await draftNodes(resources, isUsableId, {
    schemas: options.schemas,
    instanceNamespaced,
    lenientUnknownKinds: options.lenientUnknownKinds ?? false,
  });
  diagnostics.push(...drafted.diagnostics);
  const drafts = drafted.drafts;

  const objectTypes = new Map<string, CelType>(drafts.map((d) => [d.id, objectCelType(d)]));
  const variables: CelVariable[] = [
    { name: SCHEMA_VARIABLE, type: schemaVariableType(schemaVariable) },
    ...drafts.map((d) => ({ name: d.id, type: nodeVariableType(d, objectTypes.get(d.id)!) })),
  ];
  let envs: GraphEnvironments;
  try {
    envs = new GraphEnvironments(variables, objectTypes);
  } catch (err) {
    diagnostics.push(diagnostic('graph/internal', `failed to create typed CEL environment: ${err instanceof Error ? err.message : String(err)}`, ['spec']));
    return fail(...(inPhaseOrder(diagnostics) as [Diagnostic, ...Diagnostic[]]));
  }

  const nodeIds = new Set(drafts.map((d) => d.id));
  const untyped = new Set(drafts.filter((d) => d.broken || !d.resolved).map((d) => d.id));
  if (!converted.ok) untyped.add(SCHEMA_VARIABLE);
  const excluded = new Set(resources.map((r) => r.id).filter((id) => !nodeIds.has(id)));
  const ctx = { envs, ids: nodeIds, excluded, omitEnabled, instanceNamespaced, untyped };
  const checked = new Map<string, CheckedNode>();
  for (const draft of drafts) {
    if (draft.broken) continue;
    const result = checkNode(draft, objectTypes.get(draft.id) ?? CelTypes.dyn, ctx);
    diagnostics.push(...result.diagnostics);
    checked.set(draft.id, result);
  }
  const ordered = orderNodes(
    drafts.map((d) => ({
      id: d.id,
      index: d.index,
      dependencies: checked.get(d.id)?.dependencies ?? [],
      selfReferences: checked.get(d.id)?.selfReferences ?? [],
    })),
  );
  diagnostics.push(...ordered.diagnostics);

  const status = buildStatus(schema.status, { envs, ids: nodeIds, excluded, omitEnabled });
  diagnostics.push(...status.diagnostics);

  const warnings = drafted.warnings;
  if (diagnostics.length > 0 || !ordered.orders) {
    const all = [...inPhaseOrder(diagnostics), ...warnings];
    return all.length > 0 ? fail(...(all as [Diagnostic, ...Diagnostic[]])) : fail(diagnostic('graph/internal', 'the graph could not be ordered', ['spec']));
  }

  const crd = buildInstanceCrd(schema, { specSchema, statusSchema: status.schema, ...(options.crdLabels ? { labels: options.crdLabels } : {}) });
  const identity = instanceCrdIdentity(schema);
  const instance: InstanceNode = {
    gvk: { group: identity.group, version: schema.apiVersion, kind: schema.kind },
    gvr: { group: identity.group, version: schema.apiVersion, resource: identity.plural },
    namespaced: instanceNamespaced,
    specSchema,
    schemaVariable,
    statusSchema: status.schema,
    statusTemplate: cloneJson(status.template),
    statusVariables: status.variables,
    conditions: status.conditions,
    dependencies: status.dependencies,
  };
  const nodes = new FrozenMap<string, GraphNode>(drafts.map((d) => [d.id, graphNode(d, checked.get(d.id)!, objectTypes.get(d.id)!)]));
  const resourceSchemas = new FrozenMap<string, JsonObject>([
    ...drafts.filter((d) => d.resolved).map((d) => [d.id, d.resolved!.schema] as const),
    [INSTANCE_NODE_ID, schemaVariable] as const,
  ]);
  const orders = ordered.orders;
  const graph: CompiledGraph = {
    name,
    instance,
    nodes,
    topologicalOrder: orders.topologicalOrder,
    applyOrder: new FrozenMap(orders.waves),
    crd,
    resourceSchemas,
    status: { topologicalOrder: orders.topologicalOrder, resources: orders.resources },
    variables: new FrozenMap(variables.map((v) => [v.name, v.type] as const)),
    specHash: specHash(spec),
    warnings,
  };
  return ok(deepFreeze(graph), warnings);
}

function graphNode(draft: NodeDraft, checked: CheckedNode, objectType: CelType): GraphNode {
  const gvk = draft.gvk!;
  return {
    id: draft.id,
    index: draft.index,
    kind: draft.kind,
    gvk,
    gvr: { group: gvk.group, version: gvk.version, resource: draft.resource },
    namespaced: draft.namespaced,
    template: cloneJson(draft.object),
    variables: checked.variables,
    includeWhen: checked.includeWhen,
    readyWhen: checked.readyWhen,
    forEach: checked.forEach,
    dependencies: checked.dependencies,
    schema: draft.resolved?.schema,
    celType: nodeVariableType(draft, objectType),
  };
}
