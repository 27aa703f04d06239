// Node states and the instance state (I5, behavior 62): any ERROR node makes the instance ERROR; all nodes
// SYNCED, SKIPPED or DELETED (or no nodes at all, behavior 34) make it ACTIVE; anything else is IN_PROGRESS.
// `status.state` is ACTIVE whenever Ready is True for the current generation, whatever the nodes say.
import { InstanceStates, NodeStates, type InstanceState, type NodeState } from '../../api/index.js';

export interface NodeStatus {
  readonly state: NodeState;
  /** Upstream's node error (Err), for ERROR and WAITING_FOR_READINESS nodes. */
  readonly message?: string;
}

export function aggregateInstanceState(nodes: Iterable<NodeStatus>): InstanceState {
  let allSynced = true;
  for (const n of nodes) {
    if (n.state === NodeStates.error) return InstanceStates.error;
    if (n.state !== NodeStates.synced && n.state !== NodeStates.skipped && n.state !== NodeStates.deleted) allSynced = false;
  }
  return allSynced ? InstanceStates.active : InstanceStates.inProgress;
}

/** Go's errors.Join over the node errors (newline-separated), in topological order; undefined when none. */
export function joinedNodeErrors(nodes: ReadonlyMap<string, NodeStatus>, order: readonly string[]): string | undefined {
  const messages: string[] = [];
  for (const id of order) {
    const m = nodes.get(id)?.message;
    if (m !== undefined) messages.push(m);
  }
  return messages.length > 0 ? messages.join('\n') : undefined;
}

/** Errors of ERROR nodes only (what makes a reconcile fail after apply). */
export function joinedErrorStates(nodes: ReadonlyMap<string, NodeStatus>, order: readonly string[]): string | undefined {
  const messages: string[] = [];
  for (const id of order) {
    const n = nodes.get(id);
    if (n?.state === NodeStates.error && n.message !== undefined) messages.push(n.message);
  }
  return messages.length > 0 ? messages.join('\n') : undefined;
}
