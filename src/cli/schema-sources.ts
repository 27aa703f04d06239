// Where the CLI's builds get kinds' schemas: offline (the bundled Kubernetes built-in kinds plus `--crds` files)
// or, with `--cluster`, the API server of the current kubeconfig (discovery + OpenAPI v3). CRDs found in the input
// files are layered on top either way, so an RGD and the CRD it uses can be checked together before either is
// installed.
import type { CustomResourceDefinition, Diagnostic } from '../api/index.js';
import { createClusterSchemaSource, layeredSchemaSource, OfflineSchemaSource, type SchemaSource } from '../graph/index.js';
import type { KubeClient } from '../kube/index.js';
import { CliError, EXIT_INVALID } from './errors.js';
import { createOfflineSchemas } from './offline-schemas.js';

export interface ClusterOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
}

export interface SchemaSourceOptions {
  /** `--crds` files or folders. */
  readonly crdPaths: readonly string[];
  /** CRDs that came with the input files. */
  readonly inputCrds: readonly CustomResourceDefinition[];
  /** Resolve from this cluster instead of the bundled schemas. */
  readonly cluster?: ClusterOptions;
}

export interface OpenedSchemaSource {
  readonly source: SchemaSource;
  /** Problems with `--crds` files (located). */
  readonly diagnostics: readonly Diagnostic[];
  /** Releases the cluster connection, if any. */
  close(): Promise<void>;
}

async function connectForSchemas(options: ClusterOptions): Promise<KubeClient> {
  // Loaded here, not at the top: offline builds never need the HTTP stack.
  const { connectKube } = await import('../kube/index.js');
  let client: KubeClient;
  try {
    client = await connectKube({
      config: { ...(options.kubeconfig ? { path: options.kubeconfig } : {}), ...(options.context ? { context: options.context } : {}), inCluster: false },
      maxRetries: 1,
      requestTimeoutMs: 15_000,
    });
  } catch (err) {
    throw new CliError(`cannot load the kubeconfig: ${err instanceof Error ? err.message : String(err)}`, EXIT_INVALID);
  }
  try {
    await client.http.request({ method: 'GET', path: '/version' });
  } catch (err) {
    await client.close();
    throw new CliError(
      `cannot reach the Kubernetes API server at ${client.credentials.server}: ${err instanceof Error ? err.message : String(err)} (drop --cluster to validate offline)`,
      EXIT_INVALID,
    );
  }
  return client;
}

export async function openSchemaSource(options: SchemaSourceOptions): Promise<OpenedSchemaSource> {
  const inputKinds = new OfflineSchemaSource({ crds: options.inputCrds, description: 'the CRDs of the input files' });
  if (options.cluster) {
    const client = await connectForSchemas(options.cluster);
    const extra = options.crdPaths.length > 0 ? await createOfflineSchemas({ crdPaths: options.crdPaths, withoutBuiltins: true }) : undefined;
    const layers: SchemaSource[] = [inputKinds, ...(extra ? [extra.source] : []), createClusterSchemaSource(client)];
    return { source: layeredSchemaSource(layers), diagnostics: extra?.diagnostics ?? [], close: () => client.close() };
  }
  const offline = await createOfflineSchemas({ crdPaths: options.crdPaths });
  return {
    source: layeredSchemaSource([inputKinds, offline.source]),
    diagnostics: offline.diagnostics,
    close: () => Promise.resolve(),
  };
}
