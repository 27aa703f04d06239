// Offline interpretation of a CRD's x-kubernetes-validations rules, for src/api's structural validation hook.
// `self` is declared with the CEL type of the rule's schema node, as the API server declares it, and each
// (schema node, rule) pair is compiled once. The contract is one-sided: a rule fails only when it evaluates to
// false here. Anything we cannot do exactly like the API server (a function our environment lacks, a runtime
// error, our own cost budget, whose units are not cel-go's) is `skipped`, so kro-ts never rejects an object the
// API server would accept. Wording follows the API server: messageExpression's result (trimmed), falling back
// to the trimmed message, or `failed rule: <rule>` (src/api's defaultRuleMessage).
import {
  defaultRuleMessage,
  type JSONSchemaProps,
  type PathSegment,
  type RuleEvaluator,
  type RuleOutcome,
  type ValidationRule,
} from '../api/index.js';
import { toActivation } from './activation.js';
import { DEFAULT_COST_LIMIT } from './budget.js';
import { compileExpression, type CompiledExpression } from './compile.js';
import { CelEnvironment } from './environment.js';
import { celTypeFromOpenApi, TYPE_NAME_PREFIX } from './openapi-types.js';

export interface ValidationRuleEvaluatorOptions {
  /** Cost units one rule (or messageExpression) evaluation may spend before it is skipped. @default 1000000 */
  readonly costLimit?: number;
}

/** The API server's cap on an evaluated messageExpression (celconfig.MaxEvaluatedMessageExpressionSizeBytes). */
const MAX_MESSAGE_BYTES = 5 * 1024;

type CompiledRule =
  | { readonly ok: true; readonly rule: CompiledExpression; readonly message?: CompiledExpression; readonly env: CelEnvironment }
  | { readonly ok: false; readonly reason: string };

/** A RuleEvaluator for validateStructural's `evaluateRule`; compiled rules are cached per schema node. */
export function createValidationRuleEvaluator(options: ValidationRuleEvaluatorOptions = {}): RuleEvaluator {
  const costLimit = options.costLimit ?? DEFAULT_COST_LIMIT;
  const compiled = new WeakMap<JSONSchemaProps, Map<string, CompiledRule>>();
  const compiledFor = (rule: ValidationRule, schema: JSONSchemaProps): CompiledRule => {
    const bySchema = compiled.get(schema) ?? new Map<string, CompiledRule>();
    compiled.set(schema, bySchema);
    const key = `${rule.rule}\u0000${rule.messageExpression ?? ''}`;
    let entry = bySchema.get(key);
    if (!entry) {
      entry = compileRule(rule, schema);
      bySchema.set(key, entry);
    }
    return entry;
  };
  return (rule, self, schema): RuleOutcome => {
    const entry = compiledFor(rule, schema);
    if (!entry.ok) return { outcome: 'skipped', reason: entry.reason };
    const activation = toActivation(entry.env, { self });
    const result = entry.rule.evaluate(activation, { costLimit });
    if (!result.ok) return { outcome: 'skipped', reason: `evaluation failed: ${result.error.message}` };
    if (result.value === true) return { outcome: 'pass' };
    if (result.value !== false) return { outcome: 'skipped', reason: 'the rule did not evaluate to a bool' };
    const fieldPath = rule.fieldPath ? parseRuleFieldPath(rule.fieldPath) : undefined;
    const message = (entry.message && evaluateMessage(entry.message, activation, costLimit)) ?? defaultRuleMessage(rule);
    return { outcome: 'fail', message, ...(fieldPath ? { fieldPath } : {}) };
  };
}

function compileRule(rule: ValidationRule, schema: JSONSchemaProps): CompiledRule {
  let env: CelEnvironment;
  try {
    // Kubernetes declares int-or-string and schemaless preserve-unknown-fields nodes as dyn; celTypeFromOpenApi does too.
    const selfType = celTypeFromOpenApi(schema, { typeName: `${TYPE_NAME_PREFIX}self` });
    env = CelEnvironment.create().extend([{ name: 'self', type: selfType }]);
  } catch (e) {
    return { ok: false, reason: `cannot declare self: ${e instanceof Error ? e.message : String(e)}` };
  }
  const checked = compileExpression(env, rule.rule);
  if (!checked.ok) return { ok: false, reason: `does not compile offline: ${checked.diagnostics.map((d) => d.message).join('; ')}` };
  const outputKind = checked.value.outputType.kind;
  if (outputKind !== 'bool' && outputKind !== 'dyn') return { ok: false, reason: 'the rule does not evaluate to a bool' };
  // A messageExpression that does not compile here only costs us its wording: the message is the fallback.
  const message = rule.messageExpression !== undefined ? compileExpression(env, rule.messageExpression) : undefined;
  const usableMessage = message?.ok && ['string', 'dyn'].includes(message.value.outputType.kind) ? message.value : undefined;
  return { ok: true, rule: checked.value, env, ...(usableMessage ? { message: usableMessage } : {}) };
}

/** The evaluated messageExpression, or undefined when the API server would fall back to the message. */
function evaluateMessage(expression: CompiledExpression, activation: Record<string, unknown>, costLimit: number): string | undefined {
  const result = expression.evaluate(activation, { costLimit });
  if (!result.ok || typeof result.value !== 'string') return undefined;
  const message = result.value.trim();
  if (message === '' || message.includes('\n') || Buffer.byteLength(message) > MAX_MESSAGE_BYTES) return undefined;
  return message;
}

/**
 * A rule's fieldPath (`.spec.replicas`, `.labels['app.kubernetes.io/name']`, `['a.b'].c`) as path segments;
 * undefined when it is not of that form (the API server rejects such a CRD, so there is nothing to match).
 */
export function parseRuleFieldPath(fieldPath: string): PathSegment[] | undefined {
  const segments: PathSegment[] = [];
  const token = /\.([^.[\]']+)|\['((?:[^'\\]|\\.)*)'\]/y;
  let at = 0;
  while (at < fieldPath.length) {
    token.lastIndex = at;
    const m = token.exec(fieldPath);
    if (!m) return undefined;
    segments.push(m[1] ?? unescapeSingleQuoted(m[2] ?? ''));
    at = token.lastIndex;
  }
  return segments.length > 0 ? segments : undefined;
}

const SINGLE_QUOTE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\u0007', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', "'": "'", '\\': '\\',
};

function unescapeSingleQuoted(s: string): string {
  return s.replace(/\\(.)/g, (_all, c: string) => SINGLE_QUOTE_ESCAPES[c] ?? c);
}
