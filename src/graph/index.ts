// The door of src/graph: a ResourceGraphDefinition becomes a validated, typed, frozen CompiledGraph, with or
// without a cluster. `${...}` parsing with source offsets, schema sources (cluster with a bounded cache; offline
// from bundled built-in kinds, CRD files and other RGDs' kinds), every static check (F1-F12) with upstream's
// messages, the DAG and its orders, status schema inference, and the GraphRevision spec hash. Pure: no I/O.
export { compileGraph, DEFAULT_MAX_COLLECTION_DIMENSIONS } from './compile.js';
export type { CompileGraphOptions, GraphFeatures } from './compile.js';
export { compileGraphs } from './compile-many.js';
export type { CompiledRgd, CompileGraphsOptions, RgdInput } from './compile-many.js';
export { INSTANCE_NODE_ID } from './types.js';
export type {
  CheckedExpression,
  CompiledExpression,
  CompiledGraph,
  ExpressionPart,
  ForEachDimension,
  GraphNode,
  GraphStatusSummary,
  InstanceNode,
  NodeKind,
  ParsedExpression,
  TemplateVariable,
  VariableKind,
} from './types.js';

export { parseScalar, parseStandaloneOnly, scalarSpan } from './expressions/parse.js';
export type { ScalarParse } from './expressions/parse.js';
export { scanExpressions } from './expressions/scan.js';
export type { ExpressionMatch, ScanResult } from './expressions/scan.js';

export { applyOrderWaves, findCycle, reverseTopologicalLayers, topologicalSort } from './dag.js';
export type { DagVertex, TopologicalResult } from './dag.js';

export { describeGvk, gvkKey, layeredSchemaSource } from './schemas/schema-source.js';
export type { KindLookup, ResolvedKind, SchemaSource } from './schemas/schema-source.js';
export { kindsFromCrd, OfflineSchemaSource } from './schemas/offline-source.js';
export type { OfflineKind, OfflineSchemaSourceOptions } from './schemas/offline-source.js';
export { createClusterSchemaSource } from './schemas/cluster-source.js';
export type { ClusterRestMapping, ClusterSchemaClient, ClusterSchemaSource } from './schemas/cluster-source.js';
export { LoadingCache } from './schemas/cache.js';
export type { CacheClock, LoadingCacheOptions, LoadingCacheStats } from './schemas/cache.js';
export { namespacelessObjectMetaSchema, objectMetaSchema } from './schemas/object-meta.js';

export { isReservedWord } from './checks/naming.js';
export { schemaFromCelType } from './status/status-schema.js';
export { BUILTIN_CONDITION_TYPES } from './status/status.js';

export { fnv64a, normalizedSpecJson, specHash } from './hash/spec-hash.js';
export { locateGraphDiagnostics } from './locate.js';
