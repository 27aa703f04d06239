// Status projection (C5, behaviors 18, 37): every `schema.status` field is evaluated against what was observed;
// a field whose data is pending is left out (soft resolve), so the status is rebuilt from scratch each reconcile
// and fields vanish when their inputs do (a skipped or pruned resource). Any other error fails the projection.
// Lists of expressions project as arrays. Statuses are compared as canonical JSON (sorted keys) with the wire
// status, so an unchanged status is never written.
import type { JsonObject, YamlPath } from '../../api/index.js';
import { celToJson } from '../../cel/index.js';
import { dataDetail } from '../cel-bindings.js';
import type { PendingDetail } from '../issues.js';
import type { InstanceRun } from '../run.js';
import { upsertAtPath } from '../template.js';

export interface PendingStatusField {
  /** Path under `status`. */
  readonly path: YamlPath;
  readonly detail: PendingDetail;
}

export type StatusProjection =
  | { readonly ok: true; readonly fields: JsonObject; readonly pending: readonly PendingStatusField[] }
  | { readonly ok: false; readonly message: string };

export function projectStatusFields(run: InstanceRun): StatusProjection {
  const fields: JsonObject = {};
  const pendingFields: PendingStatusField[] = [];
  for (const variable of run.graph.instance.statusVariables) {
    const path = variable.fieldPath[0] === 'status' ? variable.fieldPath.slice(1) : variable.fieldPath;
    const result = run.evaluate(variable.expression);
    if (!result.ok) {
      if (result.pending) {
        pendingFields.push({ path, detail: dataDetail('schema', variable.expression, result.error) });
        continue;
      }
      return { ok: false, message: result.error.message };
    }
    const json = celToJson(result.value);
    if (!json.ok) return { ok: false, message: json.hint ? `${json.message}: ${json.hint}` : json.message };
    if (json.omit) continue;
    upsertAtPath(fields, path, json.value);
  }
  return { ok: true, fields, pending: pendingFields };
}

/** JSON with object keys sorted (Go's json.Marshal of maps), for comparing statuses. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj).sort()) out[key] = sortKeys(obj[key]);
    return out;
  }
  return value;
}

export function sameStatus(wire: unknown, computed: unknown): boolean {
  return canonicalJson(wire ?? null) === canonicalJson(computed);
}
