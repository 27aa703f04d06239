// Kubernetes Events for RGD condition transitions (kro-ts; on by default, off with RGDConditionEvents=false).
// They are derived from what the RGD informer observes, not emitted by the reconciler: every status the
// controller writes arrives here as an update, and each condition whose status changed becomes one Event with
// the shape upstream uses for instances (I7): reason = condition type, message `<old> -> <new>: <reason>`,
// Normal iff the new status is True.
import type { Condition, KubeObject, ResourceGraphDefinition } from '../../api/index.js';
import type { InformerFactory, InformerHandle } from '../../kube/index.js';
import { conditionTransitionEvents, eventSubject, type EventRecorder } from '../events.js';
import { RGD_INFORMER } from './controller.js';
import type { RgdScope } from './watches.js';

export const RGD_EVENT_COMPONENT = 'kro/resourcegraphdefinition-controller';

export function recordRgdConditionEvents(informers: InformerFactory, recorder: EventRecorder, scope: RgdScope): InformerHandle {
  const handle = informers.acquire(RGD_INFORMER);
  handle.addHandlers({
    onUpdate: (old, current) => {
      if (!scope(current.metadata.name ?? '')) return;
      for (const e of conditionTransitionEvents(conditionsOf(old), conditionsOf(current))) {
        recorder.event(eventSubject(current), e.type, e.reason, e.message);
      }
    },
  });
  return handle;
}

function conditionsOf(obj: KubeObject): Condition[] {
  return (obj as ResourceGraphDefinition).status?.conditions ?? [];
}
