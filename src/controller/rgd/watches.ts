// What makes the RGD controller reconcile (spec 3.2 "Triggers"), as pure mapping functions from informer events
// to RGD names. Each says what it skips and why.
import { Annotations, Labels, type GraphRevision, type KubeObject } from '../../api/index.js';
import { isKroOwned } from '../../schema/index.js';
import type { WatchEvent } from '../wiring.js';

/** Which RGDs a controller manages. Production manages all; tests scope each controller to their own RGDs. */
export type RgdScope = (rgdName: string) => boolean;

export const allRgds: RgdScope = () => true;

/**
 * RGD events. Reconcile on:
 *   - create (and every object of the first list, so a restarted controller looks at everything once);
 *   - a spec change (generation moved);
 *   - deletion starting: whether the API server bumps generation when it sets deletionTimestamp depends on the
 *     kind and version, and a generation filter that missed it would never run the cleanup;
 *   - the allow-breaking-changes annotation flipping between "true" and anything else.
 * Skipped: status-only writes (the controller's own), other label/annotation edits, and delete events (the
 * object is gone; the finalizer already ran).
 */
export function rgdEventKeys(scope: RgdScope): (event: WatchEvent) => string[] {
  return (event) => {
    const name = event.object.metadata.name ?? '';
    if (!scope(name)) return [];
    if (event.type === 'add') return [name];
    if (event.type === 'delete') return [];
    return rgdUpdateTriggers(event.old, event.object) ? [name] : [];
  };
}

export function rgdUpdateTriggers(old: KubeObject, current: KubeObject): boolean {
  if (old.metadata.generation !== current.metadata.generation) return true;
  if (!old.metadata.deletionTimestamp && current.metadata.deletionTimestamp) return true;
  return allowsBreaking(old) !== allowsBreaking(current);
}

function allowsBreaking(obj: KubeObject): boolean {
  return obj.metadata.annotations?.[Annotations.allowBreakingChanges] === 'true';
}

/**
 * GraphRevision events, mapped to the RGD named in `spec.snapshot.name`. Every event counts: a revision created,
 * compiled (status), adopted, or deleted by retention changes what the RGD should do next. The name (not the
 * ownerReference) is the key, so orphaned revisions still reach a recreated RGD, which then adopts them.
 */
export function graphRevisionEventKeys(scope: RgdScope): (event: WatchEvent) => string[] {
  return (event) => {
    const name = (event.object as GraphRevision).spec?.snapshot?.name ?? '';
    return name !== '' && scope(name) ? [name] : [];
  };
}

/**
 * CRD events (metadata only), mapped to the RGD named by the CRD's `kro.run/resource-graph-definition-name`
 * label when the CRD is kro-owned. Updates and deletions count, so a hand-edited CRD is set back and a deleted
 * one is recreated. Creations are skipped: kro creates the CRDs it owns, and the first list would otherwise
 * reconcile every RGD twice at start-up.
 */
export function crdEventKeys(scope: RgdScope): (event: WatchEvent) => string[] {
  return (event) => {
    if (event.type === 'add') return [];
    const meta = event.object.metadata;
    if (!isKroOwned(meta)) return [];
    const name = meta.labels?.[Labels.rgdName];
    return name && scope(name) ? [name] : [];
  };
}
