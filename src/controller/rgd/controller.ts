// The RGD controller's wiring: which informers drive the RGD reconciler and how their events become RGD names
// (watches.ts), apart from the reconciler itself (style.md §7.8).
import type { InformerKey } from '../../kube/index.js';
import { Controller, type ControllerDeps } from '../wiring.js';
import { CRD_GVR } from './crd.js';
import { GRAPH_REVISION_GVR } from './graph-revisions.js';
import type { RgdReconciler } from './reconcile.js';
import { RGD_GVR } from './status.js';
import { crdEventKeys, graphRevisionEventKeys, rgdEventKeys, type RgdScope } from './watches.js';

export const RGD_INFORMER: InformerKey = { gvr: RGD_GVR };
export const GRAPH_REVISION_INFORMER: InformerKey = { gvr: GRAPH_REVISION_GVR };
/** Metadata only: the controller needs the labels of CRDs, never their (large) schemas. */
export const CRD_INFORMER: InformerKey = { gvr: CRD_GVR, metadataOnly: true };

export interface RgdControllerOptions {
  readonly reconciler: RgdReconciler;
  readonly scope: RgdScope;
  /** `--resource-graph-definition-concurrent-reconciles` */
  readonly workers: number;
}

export function createRgdController(options: RgdControllerOptions, deps: ControllerDeps): Controller {
  return new Controller(
    {
      name: 'ResourceGraphDefinition',
      reconciler: options.reconciler,
      workers: options.workers,
      watches: [
        { informer: RGD_INFORMER, toKeys: rgdEventKeys(options.scope) },
        { informer: GRAPH_REVISION_INFORMER, toKeys: graphRevisionEventKeys(options.scope) },
        { informer: CRD_INFORMER, toKeys: crdEventKeys(options.scope) },
      ],
    },
    deps,
  );
}
