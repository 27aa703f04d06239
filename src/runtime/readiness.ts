// Readiness (H2, G4): readyWhen is an AND over the node's own observed object as raw JSON (behavior 15); without
// readyWhen a node is ready once observed. Collections: `each` per item, all must pass, not ready while fewer
// items are observed than desired, an empty collection is ready. Selector externalRefs (ExternalCollection):
// ready when nothing matched; otherwise readyWhen is evaluated once with the node id bound to the whole list, as
// the graph type-checked it. Upstream binds only `each` there, so such a node never becomes ready (behavior 30,
// a quirk kro-ts fixes; see docs/compatibility.md). Messages are upstream's.
import { EACH_VARIABLE, evaluateRaw, missingData } from './cel-bindings.js';
import { boolResult } from './inclusion.js';
import { failure, q, waiting, WAITING_FOR_READINESS, type Issue } from './issues.js';
import type { InstanceRun } from './run.js';

export type Readiness = { readonly ready: true } | { readonly ready: false; readonly issue: Issue };

const READY: Readiness = { ready: true };

function notReady(issue: Issue): Readiness {
  return { ready: false, issue };
}

/** Readiness for dependency gating: an ignored node is ready (behavior 28). */
export function checkNodeReadiness(run: InstanceRun, id: string): Readiness {
  const ignored = run.isIgnored(id);
  if (!ignored.ok) return notReady({ ...ignored.issue, kind: 'error', message: `is ignore check failed: ${ignored.issue.message}` });
  if (ignored.value) return READY;
  return run.checkObservedReadiness(id);
}

export function checkObservedReadiness(run: InstanceRun, id: string): Readiness {
  const node = run.node(id);
  if (node.kind === 'Collection') return collectionReadiness(run, id);
  if (node.kind === 'ExternalCollection') return externalCollectionReadiness(run, id);
  return singleReadiness(run, id);
}

function singleReadiness(run: InstanceRun, id: string): Readiness {
  const node = run.node(id);
  const observed = run.observed(id);
  if (!observed || observed.length === 0) {
    return notReady(waiting(`node ${q(id)}: no observed state: ${WAITING_FOR_READINESS}`, { nodeId: id, reason: node.kind === 'External' ? 'not-found' : 'dependency', dependency: id }));
  }
  return readyWhenHolds(run, id, observed[0]);
}

/** Every readyWhen of a single object (or a selector externalRef's list) against `json`, bound to the node id. */
function readyWhenHolds(run: InstanceRun, id: string, json: unknown): Readiness {
  const node = run.node(id);
  for (const expr of node.readyWhen) {
    const result = evaluateRaw(expr, id, json, node.celType);
    if (!result.ok) {
      if (result.pending) {
        return notReady(
          waiting(`node ${q(id)}: failed to evaluate readyWhen expression: ${q(expr.display)} (${WAITING_FOR_READINESS})`, {
            nodeId: id,
            reason: 'readiness',
            expression: expr.display,
            missing: missingData(result.error),
          }),
        );
      }
      return notReady(failure(`node ${q(id)}: failed to evaluate readyWhen expression: ${q(expr.display)} (${result.error.message})`));
    }
    const value = boolResult(result.value);
    if (value === undefined) {
      return notReady(failure(`node ${q(id)}: failed to evaluate readyWhen expression: ${q(expr.display)} (expression ${q(expr.display)} did not return bool)`));
    }
    if (!value) return notReady(falseReadyWhen(id, expr.display));
  }
  return READY;
}

function falseReadyWhen(id: string, expression: string): Issue {
  return waiting(`readyWhen condition evaluated to false: ${q(expression)} (${WAITING_FOR_READINESS})`, { nodeId: id, reason: 'readiness', expression });
}

function collectionReadiness(run: InstanceRun, id: string): Readiness {
  const node = run.node(id);
  const desired = run.desiredIfComputed(id);
  if (desired === undefined) {
    return notReady(waiting(`node ${q(id)}: collection not computed (${WAITING_FOR_READINESS})`, { nodeId: id, reason: 'dependency', dependency: id }));
  }
  if (desired.length === 0) return READY;
  const observed = run.observed(id) ?? [];
  if (observed.length < desired.length) {
    return notReady(
      waiting(`node ${q(id)}: collection not ready: observed ${observed.length} but desired ${desired.length} (${WAITING_FOR_READINESS})`, {
        nodeId: id,
        reason: 'collection',
      }),
    );
  }
  const itemType = node.celType.kind === 'list' ? node.celType.elem : node.celType;
  for (let i = 0; i < observed.length; i++) {
    for (const expr of node.readyWhen) {
      const result = evaluateRaw(expr, EACH_VARIABLE, observed[i], itemType);
      if (!result.ok) {
        if (result.pending) {
          return notReady(
            waiting(`node ${q(id)}: failed to evaluate readyWhen ${q(expr.display)} (item ${i}) (${WAITING_FOR_READINESS})`, {
              nodeId: id,
              reason: 'readiness',
              expression: expr.display,
              missing: missingData(result.error),
            }),
          );
        }
        return notReady(failure(`node ${q(id)}: failed to evaluate readyWhen ${q(expr.display)} (item ${i}): ${result.error.message}`));
      }
      const value = typeof result.value === 'boolean' ? result.value : undefined;
      if (value === undefined) return notReady(failure(`readyWhen ${q(expr.display)} did not return bool`));
      if (!value) return notReady(falseReadyWhen(id, expr.display));
    }
  }
  return READY;
}

function externalCollectionReadiness(run: InstanceRun, id: string): Readiness {
  const observed = run.observed(id);
  if (run.node(id).readyWhen.length === 0 || !observed || observed.length === 0) return READY;
  return readyWhenHolds(run, id, observed);
}
