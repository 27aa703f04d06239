// A SchemaSource backed by a live API server: the REST mapping (resource name, scope) from discovery and the
// schema from OpenAPI v3, as upstream resolves them (F3), behind a bounded, expiring, single-flight cache.
//
// The core cannot import src/kube, so the client is described structurally: a `KubeClient` from src/kube fits
// (`client.mapper.mappingFor`, `client.openapi.schemaFor`). Only the awaited calls do I/O, and they belong to the
// caller's client.
import type { GroupVersionKind, JsonObject } from '../../api/index.js';
import { LoadingCache, type LoadingCacheOptions, type LoadingCacheStats } from './cache.js';
import { describeGvk, gvkKey, type KindLookup, type SchemaSource } from './schema-source.js';

export interface ClusterRestMapping {
  readonly gvr: { readonly resource: string };
  readonly namespaced: boolean;
}

/** The two calls the cluster source needs; src/kube's KubeClient provides both. */
export interface ClusterSchemaClient {
  readonly mapper: { mappingFor(gvk: GroupVersionKind): Promise<ClusterRestMapping> };
  readonly openapi: { schemaFor(gvk: GroupVersionKind): Promise<JsonObject | undefined> };
}

export interface ClusterSchemaSource extends SchemaSource {
  /** Forget cached kinds (all, or one), e.g. when a CRD changes. */
  invalidate(gvk?: GroupVersionKind): void;
  readonly stats: Readonly<LoadingCacheStats>;
  readonly size: number;
}

export function createClusterSchemaSource(client: ClusterSchemaClient, cache: LoadingCacheOptions = {}): ClusterSchemaSource {
  const entries = new LoadingCache<KindLookup>(cache);
  const load = async (gvk: GroupVersionKind): Promise<KindLookup> => {
    // Upstream resolves the schema first, then the REST mapping; keep that order so messages match.
    let schema: JsonObject | undefined;
    try {
      schema = await client.openapi.schemaFor(gvk);
    } catch (err) {
      return { found: false, reason: 'unavailable', missing: 'schema', detail: errorText(err) };
    }
    if (!schema) {
      return { found: false, reason: 'not-found', missing: 'schema', detail: `schema not found for ${describeGvk(gvk)}` };
    }
    try {
      const mapping = await client.mapper.mappingFor(gvk);
      return { found: true, kind: { gvk, resource: mapping.gvr.resource, namespaced: mapping.namespaced, schema } };
    } catch (err) {
      const notFound = err instanceof Error && err.name === 'NoKindMatchError';
      return { found: false, reason: notFound ? 'not-found' : 'unavailable', missing: 'mapping', detail: errorText(err) };
    }
  };
  return {
    resolve: (gvk) => entries.get(gvkKey(gvk), () => load(gvk), (r) => r.found),
    invalidate: (gvk) => entries.invalidate(gvk ? gvkKey(gvk) : undefined),
    get stats() {
      return entries.stats;
    },
    get size() {
      return entries.size;
    },
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
