// includeWhen (H1; behaviors 28-29): a node is ignored when any dependency is ignored (contagious) or any
// includeWhen is false (null counts as false). includeWhen that reads resources first waits until those
// dependencies are observed and ready, and missing data there is pending, not an error; includeWhen that reads
// only `schema` has no such grace: missing data is an error, as upstream.
import { dataDetail, SCHEMA_VARIABLE } from './cel-bindings.js';
import { DATA_PENDING, failed, failure, pending, q, success, type Outcome } from './issues.js';
import type { InstanceRun } from './run.js';

export function evaluateInclusion(run: InstanceRun, id: string): Outcome<boolean> {
  const node = run.node(id);
  for (const dep of node.dependencies) {
    if (dep === SCHEMA_VARIABLE || !run.graph.nodes.has(dep)) continue;
    const ignored = run.isIgnored(dep);
    if (!ignored.ok) return ignored;
    if (ignored.value) return success(true);
  }
  if (node.includeWhen.length === 0) return success(false);

  const resourceRefs: string[] = [];
  for (const expr of node.includeWhen) for (const ref of expr.resourceReferences) if (!resourceRefs.includes(ref)) resourceRefs.push(ref);
  for (const dep of resourceRefs) {
    if (!run.graph.nodes.has(dep)) return failed(failure(`includeWhen dependency ${q(dep)} not wired into runtime`));
    const readiness = run.checkObservedReadiness(dep);
    if (readiness.ready) continue;
    if (readiness.issue.kind === 'error') return failed(failure(`includeWhen dependency ${q(dep)}: ${readiness.issue.message}`));
    return failed(
      pending(`includeWhen dependency ${q(dep)} not ready: ${readiness.issue.message} (${DATA_PENDING})`, {
        nodeId: id,
        reason: 'dependency',
        dependency: dep,
        ...(readiness.issue.detail ? { cause: readiness.issue.detail } : {}),
      }),
    );
  }

  for (const expr of node.includeWhen) {
    const result = run.evaluate(expr);
    if (!result.ok) {
      const text = `includeWhen ${q(expr.display)}: ${result.error.message}`;
      if (result.pending && expr.resourceReferences.length > 0) {
        return failed(pending(`${text} (${DATA_PENDING})`, dataDetail(id, expr, result.error)));
      }
      return failed(failure(text));
    }
    const value = boolResult(result.value);
    if (value === undefined) return failed(failure(`includeWhen ${q(expr.display)}: expression ${q(expr.display)} did not return bool`));
    if (!value) return success(true);
  }
  return success(false);
}

/** includeWhen/readyWhen results: bool, null as false, optional(bool) unwrapped; undefined for anything else. */
export function boolResult(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === null) return false;
  if (typeof value === 'object' && typeof (value as { hasValue?: unknown }).hasValue === 'function') {
    const opt = value as { hasValue(): boolean; value(): unknown };
    if (!opt.hasValue()) return false;
    const inner = opt.value();
    return typeof inner === 'boolean' ? inner : undefined;
  }
  return undefined;
}
