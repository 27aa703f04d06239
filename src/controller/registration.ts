// The seam between the RGD controller and the instance (dynamic) controller.
//
// The RGD controller decides *when* an RGD's instances are served; the instance controller decides *how*. When an
// RGD reaches "serving" (its latest GraphRevision is Active and its CRD is Established) the RGD controller calls
// `register(...)`; when the RGD is deleted it calls `deregister(gvr)`. Nothing else crosses this line:
//
//   - The compiled graph is never passed here. The instance controller reads the latest revision of the RGD from
//     the in-memory revision registry on every instance reconcile (`context.revisions.resolverFor(rgdName)`), so
//     a newer revision is picked up without a new registration, and a Pending or Failed latest revision stops
//     instances as spec 3.1 step 3 describes (Pending/missing -> requeue, Failed -> no requeue).
//   - `register` is called on EVERY RGD reconcile that reaches serving, not once. Registering a GVR that is
//     already registered must re-enqueue every existing instance of it (spec behavior 39): this is how instances
//     move to a new revision right after it becomes Active. Registering must be idempotent otherwise (one watch,
//     one set of workers per GVR). When the same GVR is registered for a different RGD uid (the RGD was deleted
//     and recreated with the same name), the registration is replaced.
//   - `deregister` stops reconciling the GVR's instances (they keep their finalizers; the RGD controller only
//     deregisters once no instance is left, see docs/controller.md). Deregistering an unknown GVR is a no-op.
//   - Both may throw: a throwing `register` sets ControllerReady=False (reason FailedToStart) and is retried
//     with backoff; a throwing `deregister` blocks the RGD's finalizer and is retried.
//
// The manager builds the registry through an `InstanceControllerFactory`, handing it what an instance controller
// needs: the API client, the revision registry, options, metrics, a logger and an event recorder factory. Until
// the dynamic controller exists the manager uses `RecordingInstanceControllers`, which only records calls (tests
// read it to check what was registered).
import type { GroupVersionKind, GroupVersionResource } from '../api/index.js';
import type { KubeClient } from '../kube/index.js';
import type { EventRecorderFactory } from './events.js';
import type { Logger } from './logger.js';
import type { KroMetrics } from './metrics.js';
import type { ControllerOptions } from './options.js';
import type { RevisionRegistry } from './revisions/index.js';

export interface InstanceRegistration {
  /** metadata.name of the RGD: the key of its revisions in the revision registry. */
  readonly rgdName: string;
  readonly rgdUid: string;
  readonly gvr: GroupVersionResource;
  readonly gvk: GroupVersionKind;
  readonly namespaced: boolean;
}

export interface InstanceControllerRegistry {
  /** Starts serving (or re-enqueues every instance of) `registration.gvr`. */
  register(registration: InstanceRegistration): Promise<void>;
  /** Stops serving the GVR. */
  deregister(gvr: GroupVersionResource): Promise<void>;
  /** Called once by the manager after leadership is gained, before the first register. */
  start?(): Promise<void>;
  /** Graceful shutdown: stop informers and drain workers. Called once by the manager. */
  stop?(): Promise<void>;
}

/** What the manager hands the instance controller when it builds it. */
export interface InstanceControllerContext {
  readonly kube: KubeClient;
  readonly revisions: RevisionRegistry;
  readonly options: ControllerOptions;
  readonly metrics: KroMetrics;
  readonly logger: Logger;
  /** Recorders for instance condition events (`kro/<crd-name>-controller`, spec I7). */
  readonly events: EventRecorderFactory;
}

export type InstanceControllerFactory = (context: InstanceControllerContext) => InstanceControllerRegistry;

/** A registry that only records what the RGD controller asked for: the default until the dynamic controller exists. */
export class RecordingInstanceControllers implements InstanceControllerRegistry {
  /** Current registrations by GVR key (`group/version/resource`). */
  readonly active = new Map<string, InstanceRegistration>();
  /** Every call, in order. */
  readonly calls: Array<{ readonly op: 'register' | 'deregister'; readonly gvr: GroupVersionResource; readonly rgdName?: string }> = [];

  register(registration: InstanceRegistration): Promise<void> {
    this.active.set(gvrKey(registration.gvr), registration);
    this.calls.push({ op: 'register', gvr: registration.gvr, rgdName: registration.rgdName });
    return Promise.resolve();
  }

  deregister(gvr: GroupVersionResource): Promise<void> {
    this.active.delete(gvrKey(gvr));
    this.calls.push({ op: 'deregister', gvr });
    return Promise.resolve();
  }

  /** How many times `gvr` was registered (re-registrations included). */
  registrations(gvr: GroupVersionResource): number {
    const key = gvrKey(gvr);
    return this.calls.filter((c) => c.op === 'register' && gvrKey(c.gvr) === key).length;
  }
}

export function gvrKey(gvr: GroupVersionResource): string {
  return `${gvr.group}/${gvr.version}/${gvr.resource}`;
}
