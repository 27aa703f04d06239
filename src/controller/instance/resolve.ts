// 3.1 step 3: the graph an instance reconciles against is always the latest revision of its RGD in the in-memory
// registry (behavior 36). Missing, Pending or unknown: try again after the requeue interval; Failed: stop until
// the RGD changes (a new revision re-registers the kind, which queues every instance again).
import type { CompiledGraph } from '../../graph/index.js';
import type { RevisionResolver } from '../revisions/index.js';

export type GraphResolution =
  | { readonly ok: true; readonly graph: CompiledGraph; readonly revision: number }
  | { readonly ok: false; readonly message: string; readonly retry: boolean; readonly reason: 'not_available' | 'pending' | 'failed' | 'unknown_state' };

export function resolveGraph(resolver: RevisionResolver): GraphResolution {
  const latest = resolver.latest();
  if (!latest) return { ok: false, message: 'latest issued graph revision not available', retry: true, reason: 'not_available' };
  switch (latest.state) {
    case 'Active':
      return { ok: true, graph: latest.graph, revision: latest.revision };
    case 'Pending':
      return { ok: false, message: `latest issued graph revision ${latest.revision} is pending`, retry: true, reason: 'pending' };
    case 'Failed':
      return { ok: false, message: `latest issued graph revision ${latest.revision} failed`, retry: false, reason: 'failed' };
    default: {
      const unknown = latest as { state: string; revision: number };
      return { ok: false, message: `latest issued graph revision ${unknown.revision} has unknown state "${unknown.state}"`, retry: true, reason: 'unknown_state' };
    }
  }
}
