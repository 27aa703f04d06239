// The door of src/cel: kro's CEL expression engine. Build an environment, declare variables typed from
// OpenAPI schemas, compile expressions (parse + type-check + reference inspection) and evaluate them with a
// cost budget; convert values between JSON and CEL; decide type compatibility for template fields and
// infer status schemas. Everything here is pure: no I/O.
export { CelEnvironment } from './environment.js';
export type { CelEnvironmentOptions, CelVariable } from './environment.js';
export { compileExpression, parseExpression } from './compile.js';
export type { CheckedExpression, CompiledExpression, ParsedExpression } from './compile.js';
export { CelEvaluationError } from './evaluate.js';
export type { CelEvaluationErrorKind, EvaluateOptions, EvaluationResult, JsonEvaluationResult } from './evaluate.js';
export type { CelReference, ExpressionInspection, NamedSpan, PathSegment } from './inspect.js';
export { CelTypes, celTypesEqual, formatCelType, listType, mapType, objectType, opaqueType, optionalType } from './types.js';
export type {
  CelField,
  CelListType,
  CelMapType,
  CelObjectType,
  CelOpaqueType,
  CelOptionalType,
  CelScalarKind,
  CelScalarType,
  CelType,
} from './types.js';
export { celTypeFromOpenApi, escapeCelFieldName, TYPE_NAME_PREFIX } from './openapi-types.js';
export type { OpenApiSchema, OpenApiToCelOptions } from './openapi-types.js';
export { dynFromJson, jsonToCel } from './convert-in.js';
export { celToJson } from './convert-out.js';
export type { JsonConversion } from './convert-out.js';
export { jsonToCelCached, toActivation } from './activation.js';
export { DEFAULT_COST_LIMIT } from './budget.js';
export { checkCelAssignability, formatTypeMismatch, isBoolOrOptionalBool } from './compatibility.js';
export type { CelAssignability } from './compatibility.js';
export { openApiSchemaFromCelType } from './cel-to-openapi.js';
export type { InferredSchema } from './cel-to-openapi.js';
export { formatGoDuration, formatRfc3339, parseGoDuration, parseRfc3339 } from './time.js';
export { isOmit, OMIT, OMIT_TYPE_NAME } from './values.js';
export type { CelLibrary, CelLibraryOptions } from './library.js';
export { createValidationRuleEvaluator, parseRuleFieldPath } from './validation-rules.js';
export type { ValidationRuleEvaluatorOptions } from './validation-rules.js';
