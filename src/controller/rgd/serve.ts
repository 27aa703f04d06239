// Step 6 of the RGD reconcile: serve an Active revision. Ensure the instance CRD (with kro's labels, J1) and
// register the instance kind with the instance controller. Registration happens on every reconcile that gets
// here, which re-enqueues every instance (behavior 39): that is how instances pick up a newly active revision.
import { Annotations, Labels, type CustomResourceDefinition, type ResourceGraphDefinition } from '../../api/index.js';
import type { CompiledGraph } from '../../graph/index.js';
import { KRO_TS_VERSION } from '../../kube/index.js';
import { kroVersionLabelValue } from '../../schema/index.js';
import type { RgdConditionMarker } from './conditions.js';
import { acceptedKind } from './crd.js';
import type { RgdReconcilerDeps, ServedRegistration } from './deps.js';

/** The served graph's CRD with kro's labels on top of the schema's (A11: kro's win on a collision). */
export function labeledCrd(graph: CompiledGraph, rgd: ResourceGraphDefinition): CustomResourceDefinition {
  const crd = structuredClone<CustomResourceDefinition>(graph.crd);
  const labels = { ...(crd.metadata.labels ?? {}) };
  labels[Labels.owned] = 'true';
  labels[Labels.kroVersion] = kroVersionLabelValue(KRO_TS_VERSION);
  labels[Labels.rgdId] = rgd.metadata.uid ?? '';
  labels[Labels.rgdName] = rgd.metadata.name ?? '';
  crd.metadata.labels = Object.fromEntries(Object.keys(labels).sort().map((k) => [k, labels[k]!]));
  return crd;
}

export function allowsBreakingChanges(rgd: ResourceGraphDefinition): boolean {
  return rgd.metadata.annotations?.[Annotations.allowBreakingChanges] === 'true';
}

export async function serveRevision(
  deps: RgdReconcilerDeps,
  served: Map<string, ServedRegistration>,
  rgd: ResourceGraphDefinition,
  graph: CompiledGraph,
  mark: RgdConditionMarker,
  signal?: AbortSignal,
): Promise<Error | undefined> {
  try {
    const crd = await deps.crds.ensure(labeledCrd(graph, rgd), allowsBreakingChanges(rgd), signal);
    mark.kindReady(acceptedKind(crd));
  } catch (err) {
    const error = asError(err);
    mark.kindUnready(error.message);
    return error;
  }
  return registerInstances(deps, served, rgd, graph, mark);
}

/** Registers the graph's instance kind; ControllerReady follows the outcome. */
export async function registerInstances(
  deps: RgdReconcilerDeps,
  served: Map<string, ServedRegistration>,
  rgd: ResourceGraphDefinition,
  graph: CompiledGraph,
  mark: RgdConditionMarker,
): Promise<Error | undefined> {
  const name = rgd.metadata.name ?? '';
  const uid = rgd.metadata.uid ?? '';
  try {
    await deps.instances.register({ rgdName: name, rgdUid: uid, gvr: graph.instance.gvr, gvk: graph.instance.gvk, namespaced: graph.instance.namespaced });
  } catch (err) {
    const error = asError(err);
    mark.controllerFailedToStart(error.message);
    return error;
  }
  served.set(name, { uid, gvr: graph.instance.gvr });
  mark.controllerRunning();
  return undefined;
}

export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
