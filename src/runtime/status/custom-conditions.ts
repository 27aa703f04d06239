// Author conditions (C7, behavior 33). Each `status.conditions` entry yields a Condition or a list of them,
// evaluated with `schema` = the instance without status plus a synthesized `status.conditions` holding kro's
// built-ins as computed this reconcile (so runtime.condition(schema, 'Ready') reads kro's value even when the
// author overrides Ready), and `runtime` bound. Pending entries are silent and keep their previous wire
// condition; failed entries and every copy of a duplicated type are dropped and degrade the state to ERROR.
import type { Condition, JsonObject } from '../../api/index.js';
import { evaluateProgram, isCelCondition, typedValue, schemaVariableType, SCHEMA_VARIABLE, type CelConditionValue } from '../cel-bindings.js';
import { q } from '../issues.js';
import type { InstanceRun } from '../run.js';

export interface AuthorConditions {
  readonly conditions: readonly CelConditionValue[];
  /** Some entry's data is pending: keep previous wire conditions of types not produced. */
  readonly incomplete: boolean;
  /** `author condition evaluation degraded: ...`, when entries failed or types were duplicated. */
  readonly degraded?: string;
}

/** metav1.Time in RFC3339Micro, the form the built-ins take inside `schema.status.conditions`. */
function rfc3339Micro(time: string): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return time;
  const iso = date.toISOString();
  return `${iso.slice(0, 23)}000Z`;
}

function builtinsAsList(builtins: readonly Condition[]): JsonObject[] {
  return builtins.map((c) => {
    const entry: JsonObject = { type: c.type, status: c.status, reason: c.reason ?? '', message: c.message ?? '' };
    if (c.lastTransitionTime !== undefined) entry.lastTransitionTime = rfc3339Micro(c.lastTransitionTime);
    entry.observedGeneration = c.observedGeneration ?? 0;
    return entry;
  });
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Map) return 'map';
  return typeof value;
}

export function evaluateAuthorConditions(run: InstanceRun, builtins: readonly Condition[]): AuthorConditions {
  const graph = run.graph;
  const schemaJson: JsonObject = { ...run.schemaJson, status: { conditions: builtinsAsList(builtins) } };
  const schemaValue = typedValue(schemaJson, schemaVariableType(graph));
  const out: CelConditionValue[] = [];
  const failures: string[] = [];
  let incomplete = false;
  for (const expr of graph.instance.conditions) {
    const activation: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const ref of expr.references) {
      if (ref === SCHEMA_VARIABLE) activation[ref] = schemaValue;
      else {
        const value = run.binding(ref);
        if (value !== undefined) activation[ref] = value;
      }
    }
    const result = evaluateProgram(expr.program, activation);
    if (!result.ok) {
      if (result.pending) incomplete = true;
      else failures.push(`${q(expr.display)}: ${result.error.message}`);
      continue;
    }
    const value: unknown = result.value;
    if (value === null || value === undefined) {
      failures.push(`${q(expr.display)}: condition ${q(expr.display)} returned null`);
    } else if (isCelCondition(value)) {
      out.push(value);
    } else if (Array.isArray(value)) {
      const items: readonly unknown[] = value;
      const bad = items.find((v) => !isCelCondition(v));
      if (bad !== undefined) failures.push(`${q(expr.display)}: condition ${q(expr.display)} list element is not a Condition (got ${describeValue(bad)})`);
      else out.push(...(items as CelConditionValue[]));
    } else {
      failures.push(`${q(expr.display)}: condition ${q(expr.display)} must return a Condition or list(Condition), got ${describeValue(value)}`);
    }
  }
  const counts = new Map<string, number>();
  for (const c of out) counts.set(c.type, (counts.get(c.type) ?? 0) + 1);
  const kept = out.filter((c) => counts.get(c.type) === 1);
  const duplicates = [...counts].filter(([, n]) => n > 1).map(([t]) => t).sort();
  if (duplicates.length > 0) failures.push(`duplicate condition type(s) [${duplicates.join(' ')}] dropped`);
  return {
    conditions: kept,
    incomplete,
    ...(failures.length > 0 ? { degraded: `author condition evaluation degraded: ${failures.join('; ')}` } : {}),
  };
}

/**
 * The author conditions as written: observedGeneration stamped, lastTransitionTime kept while a type's status is
 * unchanged, empty reason/message omitted; with `incomplete`, previous conditions of types not produced now.
 */
export function stampAuthorConditions(
  authored: AuthorConditions,
  previous: readonly Condition[],
  generation: number,
  now: string,
): Condition[] {
  const prevByType = new Map(previous.map((p) => [p.type, p]));
  const out: Condition[] = authored.conditions.map((a) => {
    const c: Condition = { type: a.type, status: a.status, observedGeneration: generation };
    if (a.reason !== '') c.reason = a.reason;
    if (a.message !== '') c.message = a.message;
    const prev = prevByType.get(a.type);
    c.lastTransitionTime = prev && prev.status === a.status && prev.lastTransitionTime !== undefined ? prev.lastTransitionTime : now;
    return c;
  });
  if (authored.incomplete) {
    const have = new Set(out.map((c) => c.type));
    for (const p of previous) if (!have.has(p.type)) out.push(p);
  }
  return out;
}
