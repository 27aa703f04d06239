// Step 4 of the RGD reconcile (spec 3.2) as a pure function: given the live GraphRevisions of an RGD, what the
// in-memory registry knows about the latest one, and the hash of the current spec, decide whether to wait, issue
// a new revision, serve the latest one, or report its failure. Kept pure so every branch is unit-tested; the
// reconciler only carries the decision out. The order of checks is upstream's (resolveGraphRevisions):
//
//   1. terminating revisions exist        -> wait (settling): decisions made now could race the GC
//   2. latest revision not in the registry -> wait (warming up): the GraphRevision controller has not seen it
//                                            yet (e.g. just after a restart); issuing now could duplicate it
//   3. no revision at all                  -> issue revision max(lastIssued, 0) + 1
//   4. latest revision's hash differs      -> issue max(lastIssued, latest) + 1 (the old one stays Resolved)
//   5. latest Active                       -> serve it
//   6. latest Pending                      -> wait (compiling)
//   7. latest Failed                       -> failed
import type { RevisionState } from '../revisions/index.js';

export interface LatestRevisionView {
  readonly revision: number;
  /** Undefined when the registry has no entry for this revision. */
  readonly entry?: { readonly state: RevisionState; readonly specHash: string };
}

export interface RevisionDecisionInput {
  readonly hasTerminating: boolean;
  /** The live revision with the highest number, if any. */
  readonly latest?: LatestRevisionView;
  readonly currentSpecHash: string;
  /** `status.lastIssuedRevision` (0 when unset). */
  readonly lastIssuedRevision: number;
}

export type RevisionDecision =
  | {
      readonly action: 'wait';
      readonly reason: 'settling' | 'warming_up' | 'compiling';
      /** The revision waited on (compiling only). */
      readonly revision?: number;
      readonly lastIssuedRevision: number;
    }
  | {
      readonly action: 'issue';
      readonly reason: 'no_revision' | 'spec_changed';
      /** The number of the revision to create. */
      readonly revision: number;
      /** The latest existing revision, which stays resolved while the new one is built. */
      readonly previous?: number;
      readonly lastIssuedRevision: number;
    }
  | { readonly action: 'serve'; readonly revision: number; readonly lastIssuedRevision: number }
  | { readonly action: 'failed'; readonly revision: number; readonly message: string; readonly lastIssuedRevision: number };

export function decideRevisionAction(input: RevisionDecisionInput): RevisionDecision {
  const { latest } = input;
  let lastIssuedRevision = input.lastIssuedRevision;
  if (input.hasTerminating) return { action: 'wait', reason: 'settling', lastIssuedRevision };
  if (latest && !latest.entry) return { action: 'wait', reason: 'warming_up', lastIssuedRevision };
  if (!latest?.entry) {
    return { action: 'issue', reason: 'no_revision', revision: lastIssuedRevision + 1, lastIssuedRevision };
  }
  lastIssuedRevision = Math.max(lastIssuedRevision, latest.revision);
  if (latest.entry.specHash !== input.currentSpecHash) {
    return { action: 'issue', reason: 'spec_changed', revision: lastIssuedRevision + 1, previous: latest.revision, lastIssuedRevision };
  }
  switch (latest.entry.state) {
    case 'Active':
      return { action: 'serve', revision: latest.revision, lastIssuedRevision };
    case 'Pending':
      return { action: 'wait', reason: 'compiling', revision: latest.revision, lastIssuedRevision };
    case 'Failed':
      return { action: 'failed', revision: latest.revision, message: `latest graph revision ${latest.revision} failed compilation`, lastIssuedRevision };
  }
}
