// The door of src/api: kro.run types, constants and the Diagnostic data shared by every module, plus RGD
// documents (YAML loading with source maps, structural checks) and kro-ts's own CRDs.
export * from './constants.js';
export * from './diagnostics.js';
export * from './json.js';
export * from './types.js';
export * from './openapi.js';
export { findSchemaNameForGvk, resolveSchema, RECURSIVE_REF_EXTENSION } from './openapi-resolve.js';
export type { OpenApiDocument } from './openapi-resolve.js';
export { ConditionSet, formatKubeTime, kubeNow } from './condition-set.js';
export type { ConditionSetOptions, ConditionSetOwner } from './condition-set.js';
export { LineIndex, createSourceMap } from './source-map.js';
export type { ResolvedLocation, SourceMap } from './source-map.js';
export { scalarOffsetTable } from './scalar-offsets.js';
export type { ScalarSource, ScalarStyle } from './scalar-offsets.js';
export { loadRgdDocuments, locate, locateAll, parseYamlDocuments } from './documents.js';
export { kubectlScalarTags } from './yaml-kube.js';
export type { LoadedRgd, LoadedRgdFile, ParsedYaml, YamlDocument } from './documents.js';
export { isRgdDocument, validateRgdStructure } from './rgd-validation.js';
export type { RgdValidationResult } from './rgd-validation.js';
export { defaultRuleMessage, validateStructural } from './structural-validation.js';
export type {
  RuleCheck,
  RuleEvaluator,
  RuleOutcome,
  SkippedRule,
  StructuralValidationOptions,
  StructuralValidationResult,
} from './structural-validation.js';
export { graphRevisionCrd, graphRevisionSchema, kroCrds, resourceGraphDefinitionCrd, resourceGraphDefinitionSchema } from './crds.js';
export { RGD_RULES } from './crd-schemas.js';
