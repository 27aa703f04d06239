// One connection to one API server with everything built on it: credentials, the HTTP stack, the REST
// mapper, OpenAPI, the dynamic client and the informer factory. The controller, CLI and tests create one
// KubeClient and pass its parts where they are needed.
import type { Credentials } from './credentials.js';
import { discoverApiResources } from './discovery.js';
import { DynamicClient } from './client.js';
import { KubeHttp, type KubeHttpOptions } from './http.js';
import { InformerFactory } from './informer-factory.js';
import type { InformerOptions } from './informer.js';
import { loadCredentials, type LoadCredentialsOptions } from './kubeconfig.js';
import { OpenApiClient } from './openapi.js';
import { RestMapper, type RestMapperOptions } from './rest-mapper.js';

export interface ConnectOptions extends KubeHttpOptions {
  /** Where to find credentials; ignored when `credentials` is given. */
  readonly config?: LoadCredentialsOptions;
  /** Ready-made credentials (tests, embedding). */
  readonly credentials?: Credentials;
  readonly restMapper?: RestMapperOptions;
  /** Defaults for informers made by the factory. */
  readonly informers?: InformerOptions;
}

export class KubeClient {
  readonly http: KubeHttp;
  readonly mapper: RestMapper;
  readonly openapi: OpenApiClient;
  readonly dynamic: DynamicClient;
  readonly informers: InformerFactory;

  constructor(readonly credentials: Credentials, options: Omit<ConnectOptions, 'config' | 'credentials'> = {}) {
    this.http = new KubeHttp(credentials, options);
    this.mapper = new RestMapper(() => discoverApiResources(this.http), options.restMapper);
    this.openapi = new OpenApiClient(this.http);
    this.dynamic = new DynamicClient(this.http, this.mapper);
    this.informers = new InformerFactory(this.dynamic, options.informers);
  }

  /** Stops all informers and closes the connections. */
  async close(): Promise<void> {
    await this.informers.stopAll();
    await this.http.close();
  }
}

/** Loads credentials (kubeconfig or in-cluster) and builds a KubeClient on them. */
export async function connectKube(options: ConnectOptions = {}): Promise<KubeClient> {
  const credentials = options.credentials ?? (await loadCredentials(options.config));
  return new KubeClient(credentials, options);
}
