// The door of src/schema: SimpleSchema -> OpenAPI, instance CRD generation, flect-compatible pluralization,
// the CRD compatibility (breaking-change) diff and the CRD ownership check. Pure: data in, data out.
export { DEFAULT_SPEC_PATH, DEFAULT_TYPES_PATH, simpleSchemaToOpenApi } from './simpleschema.js';
export type { SimpleSchemaOptions } from './simpleschema.js';
export { parseMarkers, MARKER_KEYS } from './markers.js';
export type { Marker, MarkerKey, MarkerParseError, MarkersResult } from './markers.js';
export { formatType, MAX_TYPE_NESTING_DEPTH, parseTypeString, splitField, typeDependencies } from './type-expr.js';
export type { AtomicTypeName, TypeExpr, TypeParseError } from './type-expr.js';
export { analyzeTypeGraph, definitionDependencies } from './custom-types.js';
export type { TypeGraph, TypeGraphProblem } from './custom-types.js';
export { flectPluralize, pluralizeKind } from './pluralize.js';
export {
  buildInstanceCrd,
  DEFAULT_CONDITIONS_SCHEMA,
  DEFAULT_PRINTER_COLUMNS,
  DEFAULT_STATE_SCHEMA,
  generateInstanceCrd,
  instanceCrdIdentity,
  instanceStatusSchema,
  kroVersionLabelValue,
} from './crd.js';
export type { InstanceCrdOptions, KroCrdLabelValues } from './crd.js';
export {
  breakingChangesMessage,
  compareSchemas,
  compareVersions,
  crdNeedsUpdate,
  describeChange,
  diffCrds,
  summarizeBreakingChanges,
} from './compat.js';
export type { CompatOptions, CrdDiff, CrdDiffResult } from './compat.js';
export { ChangeTypes } from './compat-changes.js';
export type { ChangeType, SchemaChange } from './compat-changes.js';
export { checkCrdOwnership, isKroOwned } from './ownership.js';
export type { CrdOwnership } from './ownership.js';
