// The one graph builder of the controller process: the RGD controller validates a spec with it before issuing a
// GraphRevision, and the GraphRevision controller compiles the snapshot with it, so both always agree (spec 3.4:
// "compile snapshot with the same builder"). Schemas come from the cluster through a bounded, expiring cache;
// `invalidate()` drops it when a CRD changes (kro-ts improvement over upstream's 5-minute staleness, behavior 59).
import { formatYamlPath, type Diagnostic, type ResourceGraphDefinition, type Result } from '../api/index.js';
import { compileGraph, createClusterSchemaSource, type ClusterSchemaSource, type CompiledGraph } from '../graph/index.js';
import type { KubeClient } from '../kube/index.js';
import type { FeatureGates } from './options.js';

export interface GraphBuilder {
  build(rgd: ResourceGraphDefinition): Promise<Result<CompiledGraph>>;
  /** Forget cached kind schemas (a CRD was created, changed or deleted). */
  invalidate(): void;
}

export interface GraphBuilderOptions {
  readonly featureGates: FeatureGates;
  readonly maxCollectionDimensions: number;
}

export function clusterGraphBuilder(kube: KubeClient, options: GraphBuilderOptions): GraphBuilder {
  const schemas: ClusterSchemaSource = createClusterSchemaSource(kube);
  return {
    build: (rgd) =>
      compileGraph(rgd, {
        schemas,
        features: { celOmitFunction: options.featureGates.celOmitFunction },
        maxCollectionDimensions: options.maxCollectionDimensions,
      }),
    invalidate: () => schemas.invalidate(),
  };
}

/** The schema source could not answer for some kind, and nothing else is wrong: retry, do not blame the RGD. */
export function onlySchemaUnavailable(diagnostics: readonly Diagnostic[]): boolean {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return errors.length > 0 && errors.every((d) => d.code === SCHEMA_UNAVAILABLE);
}

const SCHEMA_UNAVAILABLE = 'graph/schema-unavailable';

/**
 * The GraphAccepted / GraphVerified message for a failed build: upstream's message for the first problem (so
 * tooling matching upstream's text keeps working), each followed by where it is in the RGD document, then every
 * other problem the builder found (upstream stops at the first).
 */
export function formatBuildErrors(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const shown = errors.length > 0 ? errors : diagnostics;
  return shown.map(describeDiagnostic).join('; ');
}

function describeDiagnostic(d: Diagnostic): string {
  const parts = [d.message];
  if (d.expression && !d.message.includes(d.expression)) parts.push(`expression: ${d.expression}`);
  const path = formatYamlPath(d.path);
  if (path !== '') parts.push(`at ${path}`);
  return parts.length === 1 ? d.message : `${parts[0]} (${parts.slice(1).join(', ')})`;
}
