// Why a node could not be evaluated, kept as data. Upstream kro decides "data pending" and "waiting for
// readiness" by wrapping sentinel errors (`errors.Is(err, ErrDataPending)`); here an Issue carries its kind
// explicitly and a message worded exactly as upstream's wrapped Go errors print, because those messages reach
// users through the ResourcesReady condition. The `detail` keeps the machine-readable cause ("why not ready").
import { goQuote } from '../go/index.js';

/**
 * `pending`: data is not there yet (upstream's ErrDataPending): retry later, never an error state.
 * `waiting`: the object exists but is not ready yet (upstream's ErrWaitingForReadiness).
 * `error`: anything else; retrying with the same data gives the same error.
 */
export type IssueKind = 'pending' | 'waiting' | 'error';

/** What a node waits for, for "why not ready" messages. */
export interface PendingDetail {
  readonly nodeId: string;
  /**
   * `dependency`: a dependency is not observed or not ready. `data`: an expression read a field, key, index or
   * resource that does not exist yet. `not-found`: an external reference does not exist. `readiness`: the node's
   * own readyWhen is false or reads missing data. `collection`: fewer collection items observed than desired.
   */
  readonly reason: 'dependency' | 'data' | 'not-found' | 'readiness' | 'collection';
  /** The dependency waited on (reason `dependency`). */
  readonly dependency?: string;
  /** The expression as the user wrote it. */
  readonly expression?: string;
  /** The missing data, e.g. `vpc.status.vpcID` (from the expression up to the missing field). */
  readonly missing?: string;
  /** The dependency's own reason, when waiting on a dependency. */
  readonly cause?: PendingDetail;
}

export interface Issue {
  readonly kind: IssueKind;
  /** Upstream's wording (the Go error's text). */
  readonly message: string;
  readonly detail?: PendingDetail;
}

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issue: Issue };

export function success<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function pending(message: string, detail?: PendingDetail): Issue {
  return detail ? { kind: 'pending', message, detail } : { kind: 'pending', message };
}

export function waiting(message: string, detail?: PendingDetail): Issue {
  return detail ? { kind: 'waiting', message, detail } : { kind: 'waiting', message };
}

export function failure(message: string): Issue {
  return { kind: 'error', message };
}

export function failed<T>(issue: Issue): Outcome<T> {
  return { ok: false, issue };
}

/** Prefixes the message, keeping kind and detail (Go's `fmt.Errorf("...: %w", err)`). */
export function wrapIssue(issue: Issue, prefix: string): Issue {
  return { ...issue, message: `${prefix}${issue.message}` };
}

/** Go's `%q`. */
export const q = goQuote;

/** The text of Go's sentinel errors, as they appear inside wrapped messages. */
export const DATA_PENDING = 'data pending';
export const WAITING_FOR_READINESS = 'waiting for readiness';
