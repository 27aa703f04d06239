// Events on instances. Condition transitions (I7, gate InstanceConditionEvents, on by default in kro-ts): one
// Event per condition whose status changed in a reconcile, reason = condition type, `<old> -> <new>: <reason>`,
// Normal when the new status is True. And, kro-ts only, a Warning `WatchFailed` when a watch the instance relies
// on does not work (a missing list/watch permission, a kind that cannot be listed), naming the watch and the
// error: without it such an instance would silently stop reacting to its children (kubernetes-sigs/kro#1324).
// Watch warnings are repeated at most every `repeatMs` per instance and problem, not on every reconcile.
import type { KubeObject } from '../../api/index.js';
import { wireConditions } from '../../runtime/index.js';
import type { WatchProblem } from '../dynamic/index.js';
import { conditionTransitionEvents, eventSubject, type EventRecorder } from '../events.js';

export const WATCH_FAILED_REASON = 'WatchFailed';

export function recordConditionEvents(recorder: EventRecorder, before: KubeObject, after: KubeObject): void {
  for (const e of conditionTransitionEvents(wireConditions(before), wireConditions(after))) {
    recorder.event(eventSubject(after), e.type, e.reason, e.message);
  }
}

/** The message of a WatchFailed event. */
export function watchProblemMessage(problem: WatchProblem, requeueIntervalMs: number): string {
  const r = problem.request;
  const what = r.kind === 'object' ? `${r.namespace ? `${r.namespace}/` : ''}${r.name}` : `objects matching "${r.labelSelector}"${r.namespace ? ` in ${r.namespace}` : ''}`;
  const fallback = requeueIntervalMs > 0 ? `changes are picked up by requeues every ${requeueIntervalMs / 1000}s until it works` : 'changes are not noticed until it works';
  return `node "${r.nodeId}" reads ${what}, but the ${problem.problem}; ${fallback}`;
}

export class WatchWarnings {
  private readonly last = new Map<string, number>();

  constructor(private readonly repeatMs = 600_000, private readonly now: () => number = Date.now) {}

  record(recorder: EventRecorder, instance: KubeObject, key: string, problems: readonly WatchProblem[], requeueIntervalMs: number): void {
    const messages = new Set(problems.map((p) => watchProblemMessage(p, requeueIntervalMs)));
    for (const message of messages) {
      const id = `${key}\u0000${message}`;
      const at = this.last.get(id);
      if (at !== undefined && this.now() - at < this.repeatMs) continue;
      this.last.set(id, this.now());
      if (this.last.size > 10_000) this.last.delete(this.last.keys().next().value as string);
      recorder.event(eventSubject(instance), 'Warning', WATCH_FAILED_REASON, message);
    }
  }
}
