// What the RGD reconciler works with, gathered in one object so its phases (reconcile, serve, cleanup) stay small
// functions over the same context instead of a class with ten constructor arguments.
import { instanceCrdIdentity } from '../../schema/index.js';
import type { GroupVersionResource, RgdSchema } from '../../api/index.js';
import type { KubeClient } from '../../kube/index.js';
import type { GraphBuilder } from '../graph-builder.js';
import type { Logger } from '../logger.js';
import type { KroMetrics } from '../metrics.js';
import type { InstanceControllerRegistry } from '../registration.js';
import type { RevisionRegistry } from '../revisions/index.js';
import type { CrdManager } from './crd.js';

export interface RgdReconcilerSettings {
  /** `--allow-crd-deletion` */
  readonly allowCrdDeletion: boolean;
  /** `--rgd-max-graph-revisions`; <= 0 keeps every revision. */
  readonly maxGraphRevisions: number;
  /** `--rgd-progress-requeue-delay` */
  readonly progressRequeueDelayMs: number;
  /** How often a deleting RGD checks whether its instances are gone. @default 10000 */
  readonly deletionRequeueDelayMs?: number;
}

export interface RgdReconcilerDeps {
  readonly kube: KubeClient;
  readonly builder: GraphBuilder;
  readonly revisions: RevisionRegistry;
  readonly instances: InstanceControllerRegistry;
  readonly crds: CrdManager;
  readonly settings: RgdReconcilerSettings;
  readonly logger: Logger;
  readonly metrics?: KroMetrics;
  /** metav1.Time clock for condition transition times (tests). */
  readonly now?: () => string;
}

/** What this process registered with the instance controller, per RGD name. */
export interface ServedRegistration {
  readonly uid: string;
  readonly gvr: GroupVersionResource;
}

/** The instance GVR and CRD name an RGD schema yields (also when its graph no longer compiles). */
export function instanceIdentity(schema: RgdSchema): { gvr: GroupVersionResource; crdName: string } {
  const identity = instanceCrdIdentity(schema);
  return { gvr: { group: identity.group, version: schema.apiVersion, resource: identity.plural }, crdName: identity.crdName };
}
