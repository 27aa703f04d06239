// The runtime's adapter to src/cel: binds JSON objects to the variables a compiled expression reads, typed the
// way upstream binds them, and evaluates. Templates, includeWhen, forEach, status and conditions see objects
// converted by their OpenAPI schema (behavior 15: Secret data as bytes, date-times as timestamps); readyWhen sees
// the raw JSON. The graph type-checks readyWhen against the typed object, and a program checked against a struct
// type cannot read a schema-less map, so readyWhen programs are recompiled once with the variable typed `dyn`.
import type { JsonObject, KubeObject } from '../api/index.js';
import {
  CelEnvironment,
  CelTypes,
  TYPE_NAME_PREFIX,
  celTypeFromOpenApi,
  compileExpression,
  dynFromJson,
  jsonToCelCached,
  type CelEvaluationError,
  type CelType,
  type CompiledExpression as CelProgram,
} from '../cel/index.js';
import type { CompiledExpression, CompiledGraph } from '../graph/index.js';
import { DATA_PENDING, type PendingDetail } from './issues.js';

export type CelOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly pending: boolean; readonly error: CelEvaluationError };

/** The variable name of the instance in every expression. */
export const SCHEMA_VARIABLE = 'schema';
/** The per-item variable of a collection's readyWhen. */
export const EACH_VARIABLE = 'each';

/**
 * The CEL type of `schema`. compileGraph declares it from `instance.schemaVariable` with this type name; the
 * conversion is cached by schema object, so this returns the very type object the graph's programs were checked
 * against (struct values must be built from the same type to be accepted).
 */
export function schemaVariableType(graph: CompiledGraph): CelType {
  return celTypeFromOpenApi(graph.instance.schemaVariable, { typeName: `${TYPE_NAME_PREFIX}${SCHEMA_VARIABLE}`, resourceRoot: true });
}

/** The instance as `schema` shows it: never its status (behavior 16). */
export function instanceWithoutStatus(instance: KubeObject): JsonObject {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(instance)) if (key !== 'status') out[key] = value;
  return out as JsonObject;
}

/** Typed conversion of `json` for a variable of `type` (cached per object: bound JSON must not be mutated). */
export function typedValue(json: unknown, type: CelType): unknown {
  return jsonToCelCached(json, type);
}

export function evaluateProgram(program: CelProgram, activation: Readonly<Record<string, unknown>>): CelOutcome {
  const result = program.evaluate(activation);
  if (result.ok) return { ok: true, value: result.value };
  return { ok: false, pending: result.error.kind === 'data-pending', error: result.error };
}

const rawPrograms = new WeakMap<CompiledExpression, CelProgram>();
const rawEnvironments = new Map<string, CelEnvironment>();

function rawEnvironment(variable: string): CelEnvironment {
  let env = rawEnvironments.get(variable);
  if (!env) {
    env = CelEnvironment.create({ omitEnabled: true }).extend([{ name: variable, type: CelTypes.dyn }]);
    rawEnvironments.set(variable, env);
  }
  return env;
}

/**
 * Evaluates a readyWhen expression against raw JSON bound to `variable` (the node id, or `each`). Falls back to
 * the typed program when the expression cannot be compiled schema-less (it always can: dyn accepts more).
 */
export function evaluateRaw(expression: CompiledExpression, variable: string, json: unknown, typed: CelType): CelOutcome {
  let program = rawPrograms.get(expression);
  if (!program) {
    const compiled = compileExpression(rawEnvironment(variable), expression.cel);
    program = compiled.ok ? compiled.value : expression.program;
    rawPrograms.set(expression, program);
  }
  const value = program === expression.program ? typedValue(json, typed) : dynFromJson(json);
  return evaluateProgram(program, { [variable]: value });
}

/** The text of the CEL error as upstream embeds it in wrapped messages. */
export function celMessage(error: CelEvaluationError): string {
  return error.message;
}

/** `failed to evaluate expression: <cel error> (data pending)`, upstream's wrapping of a pending template value. */
export function pendingExpressionMessage(error: CelEvaluationError): string {
  return `failed to evaluate expression: ${error.message} (${DATA_PENDING})`;
}

const CHAIN = /[A-Za-z_][A-Za-z0-9_]*(?:\??\.[A-Za-z_][A-Za-z0-9_]*|\[[^\]]*\])*$/;

/**
 * What the expression found missing, as the selection chain up to the failing field (`vpc.status.vpcID`), taken
 * from the error's span; falls back to the error text.
 */
export function missingData(error: CelEvaluationError): string {
  const span = error.span;
  if (span && span.end <= error.expression.length) {
    const upTo = error.expression.slice(0, span.end);
    const chain = CHAIN.exec(upTo);
    if (chain && chain[0].length > 0) return chain[0];
  }
  return error.message;
}

/** The "why not ready" detail of a pending CEL evaluation. */
export function dataDetail(nodeId: string, expression: CompiledExpression, error: CelEvaluationError): PendingDetail {
  if (error.code === 'unknown_variable') {
    const dependency = /no such attribute: (\S+)/.exec(error.message)?.[1];
    if (dependency) return { nodeId, reason: 'dependency', dependency, expression: expression.display, missing: dependency };
  }
  return { nodeId, reason: 'data', expression: expression.display, missing: missingData(error) };
}

/** Whether a value is the `kro.run.Condition` that runtime.newCondition returns (its class is internal to src/cel). */
export interface CelConditionValue {
  readonly type: string;
  readonly status: string;
  readonly reason: string;
  readonly message: string;
}

export function isCelCondition(value: unknown): value is CelConditionValue {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.celTypeName === 'kro.run.Condition' && typeof v.type === 'string' && typeof v.status === 'string';
}
