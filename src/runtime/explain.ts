// "Why not ready": one line per waiting node or status field, following the chain of dependencies down to the
// data that is actually missing (`natgw waits for subnet, which waits for vpc: vpc.status.vpcID does not exist
// yet`). For `kro render`, the controller's logs and events.
import type { PendingDetail } from './issues.js';

function root(detail: PendingDetail): { chain: string[]; last: PendingDetail } {
  const chain: string[] = [];
  let current = detail;
  while (current.reason === 'dependency' && current.cause) {
    if (current.dependency !== undefined) chain.push(current.dependency);
    current = current.cause;
  }
  return { chain, last: current };
}

function describeCause(d: PendingDetail): string {
  switch (d.reason) {
    case 'data':
      return d.expression !== undefined ? `${d.missing ?? 'some data'} does not exist yet (read by \${${d.expression}})` : `${d.missing ?? 'some data'} does not exist yet`;
    case 'not-found':
      return `the external object ${d.missing ?? d.nodeId} does not exist`;
    case 'readiness':
      return d.missing !== undefined
        ? `${d.nodeId} is not ready: readyWhen \${${d.expression ?? ''}} reads ${d.missing}, which does not exist yet`
        : `${d.nodeId} is not ready: readyWhen \${${d.expression ?? ''}} is false`;
    case 'collection':
      return `${d.nodeId} is not ready: not every collection item exists yet`;
    case 'dependency':
      return d.dependency === d.nodeId || d.dependency === undefined ? `${d.nodeId} does not exist yet` : `${d.dependency} is not observed yet`;
  }
}

/** A sentence explaining what `detail` waits for. */
export function explainPending(detail: PendingDetail): string {
  const { chain, last } = root(detail);
  const who = detail.nodeId === 'schema' ? 'status' : detail.nodeId;
  const via = chain.filter((id) => id !== detail.nodeId);
  const path = via.length > 0 ? ` waits for ${via.join(', which waits for ')}` : ' waits';
  return `${who}${path}: ${describeCause(last)}`;
}
