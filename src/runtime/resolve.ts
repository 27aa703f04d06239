// A node's desired objects (upstream's Node.GetDesired): every dependency except `schema` must be ready (ignored
// ones count as ready), template expressions are evaluated (pending -> the node waits; any other error is a hard
// error), collections expand their forEach product, `omit()` removes fields after every value is set, and
// namespaced kinds without a namespace get the instance's, which a cluster-scoped instance does not have (M1).
import type { JsonObject } from '../api/index.js';
import type { TemplateVariable } from '../graph/index.js';
import { dataDetail, pendingExpressionMessage, SCHEMA_VARIABLE } from './cel-bindings.js';
import { celToJson } from '../cel/index.js';
import { cartesianProduct, duplicateIdentity, type EvaluatedDimension } from './collection.js';
import { DATA_PENDING, failed, failure, pending, q, success, type Issue, type Outcome } from './issues.js';
import type { InstanceRun } from './run.js';
import { metadataOf, resolveTemplate, stringAt, type FieldValue } from './template.js';
import { Labels } from '../api/index.js';

export function resolveDesired(run: InstanceRun, id: string): Outcome<readonly JsonObject[]> {
  const node = run.node(id);
  for (const dep of node.dependencies) {
    if (dep === SCHEMA_VARIABLE || !run.graph.nodes.has(dep)) continue;
    const readiness = run.checkReadiness(dep);
    if (readiness.ready) continue;
    if (readiness.issue.kind === 'error') {
      return failed(failure(`node ${q(id)}: failed to check readiness of dependent node ${q(dep)}: ${readiness.issue.message}`));
    }
    return failed(
      pending(`node ${q(id)}: dependent node ${q(dep)} not ready: ${readiness.issue.message} (${DATA_PENDING})`, {
        nodeId: id,
        reason: 'dependency',
        dependency: dep,
        ...(readiness.issue.detail ? { cause: readiness.issue.detail } : {}),
      }),
    );
  }
  const resolved = node.kind === 'Collection' ? resolveCollection(run, id) : resolveSingle(run, id);
  if (!resolved.ok) return resolved;
  if (node.kind === 'ExternalCollection' || !node.namespaced) return resolved;
  for (const obj of resolved.value) {
    const meta = metadataOf(obj);
    if (stringAt(obj, 'metadata', 'namespace') !== '') continue;
    if (run.instanceNamespace === '') {
      return failed(failure(`node ${q(id)} is namespaced and must resolve metadata.namespace when the instance is cluster-scoped`));
    }
    meta.namespace = run.instanceNamespace;
  }
  return resolved;
}

type Values = { readonly ok: true; readonly fields: FieldValue[] } | { readonly ok: false; readonly issue: Issue };

function evaluateVariables(run: InstanceRun, id: string, variables: readonly TemplateVariable[], extra?: Readonly<Record<string, unknown>>): Values {
  const fields: FieldValue[] = [];
  for (const variable of variables) {
    const result = run.evaluate(variable.expression, extra);
    if (!result.ok) {
      if (result.pending) return { ok: false, issue: pending(pendingExpressionMessage(result.error), dataDetail(id, variable.expression, result.error)) };
      return { ok: false, issue: failure(result.error.message) };
    }
    const json = celToJson(result.value);
    if (!json.ok) return { ok: false, issue: failure(json.hint ? `${json.message}: ${json.hint}` : json.message) };
    fields.push(json.omit ? { path: variable.fieldPath, omit: true } : { path: variable.fieldPath, value: json.value });
  }
  return { ok: true, fields };
}

function resolveSingle(run: InstanceRun, id: string): Outcome<readonly JsonObject[]> {
  const node = run.node(id);
  const values = evaluateVariables(run, id, node.variables);
  if (!values.ok) return failed({ ...values.issue, message: `node ${q(id)}: ${values.issue.message}` });
  return success([resolveTemplate(node.template, values.fields)]);
}

function resolveCollection(run: InstanceRun, id: string): Outcome<readonly JsonObject[]> {
  const node = run.node(id);
  const base = evaluateVariables(run, id, node.variables.filter((v) => v.kind !== 'iteration'));
  if (!base.ok) {
    return failed(base.issue.kind === 'pending' ? base.issue : { ...base.issue, message: `node ${q(id)} base eval: ${base.issue.message}` });
  }
  const dimensions: EvaluatedDimension[] = [];
  for (const dim of node.forEach) {
    const result = run.evaluate(dim.expression);
    if (!result.ok) {
      if (result.pending) return failed(pending(DATA_PENDING, dataDetail(id, dim.expression, result.error)));
      return failed(failure(`forEach ${q(dim.name)}: ${result.error.message}`));
    }
    if (result.value === null) return failed(failure(`forEach ${q(dim.name)}: expression ${q(dim.expression.display)} returned null, expected list`));
    if (!Array.isArray(result.value)) return failed(failure(`forEach ${q(dim.name)}: expression ${q(dim.expression.display)} did not return a list`));
    if (result.value.length === 0) return success([]);
    dimensions.push({ name: dim.name, values: result.value as unknown[] });
  }
  const product = cartesianProduct(dimensions, run.maxCollectionSize);
  if (!product.ok) return failed(failure(product.message));
  const iterationVars = node.variables.filter((v) => v.kind === 'iteration');
  const items: JsonObject[] = [];
  for (let index = 0; index < product.items.length; index++) {
    const iteration = product.items[index]!;
    const fields = [...base.fields];
    for (const variable of iterationVars) {
      const result = run.evaluate(variable.expression, iteration);
      if (!result.ok) {
        if (result.pending) return failed(pending(DATA_PENDING, dataDetail(id, variable.expression, result.error)));
        return failed(failure(`collection iteration eval ${q(variable.expression.display)}: ${result.error.message}`));
      }
      const json = celToJson(result.value);
      if (!json.ok) return failed(failure(`collection iteration eval ${q(variable.expression.display)}: ${json.message}`));
      fields.push(json.omit ? { path: variable.fieldPath, omit: true } : { path: variable.fieldPath, value: json.value });
    }
    const item = resolveTemplate(node.template, fields);
    const meta = metadataOf(item);
    const labels = meta.labels && typeof meta.labels === 'object' && !Array.isArray(meta.labels) ? meta.labels : {};
    labels[Labels.collectionIndex] = String(index);
    meta.labels = labels;
    items.push(item);
  }
  const duplicate = duplicateIdentity(items);
  if (duplicate) return failed(failure(`node ${q(id)} identity collision: ${duplicate}`));
  return success(items);
}
