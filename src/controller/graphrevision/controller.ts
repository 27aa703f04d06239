// The GraphRevision controller's wiring. A revision's spec is immutable, so there is nothing to do on ordinary
// updates (its own status writes included): reconcile on create (and every object of the first list, which is
// how a restarted controller recompiles everything), on deletion starting, and on deletion (to evict the registry
// entry even when someone removed the finalizer by hand).
import type { GraphRevision } from '../../api/index.js';
import { GRAPH_REVISION_INFORMER } from '../rgd/controller.js';
import type { RgdScope } from '../rgd/watches.js';
import { Controller, type ControllerDeps, type WatchEvent } from '../wiring.js';
import type { GraphRevisionReconciler } from './reconcile.js';

export interface GraphRevisionControllerOptions {
  readonly reconciler: GraphRevisionReconciler;
  readonly scope: RgdScope;
  /** `--graph-revision-concurrent-reconciles` */
  readonly workers: number;
}

export function graphRevisionKeys(scope: RgdScope): (event: WatchEvent) => string[] {
  return (event) => {
    const gr = event.object as GraphRevision;
    if (!scope(gr.spec?.snapshot?.name ?? '')) return [];
    const name = gr.metadata.name ?? '';
    if (event.type !== 'update') return [name];
    const deletionStarted = !event.old.metadata.deletionTimestamp && Boolean(gr.metadata.deletionTimestamp);
    return deletionStarted || event.old.metadata.generation !== gr.metadata.generation ? [name] : [];
  };
}

export function createGraphRevisionController(options: GraphRevisionControllerOptions, deps: ControllerDeps): Controller {
  return new Controller(
    {
      name: 'GraphRevision',
      reconciler: options.reconciler,
      workers: options.workers,
      watches: [{ informer: GRAPH_REVISION_INFORMER, toKeys: graphRevisionKeys(options.scope) }],
    },
    deps,
  );
}
