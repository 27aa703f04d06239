// The door of src/kube, the Kubernetes API layer: credentials (kubeconfig, in-cluster), one undici HTTP
// stack with retries and a QPS limit, typed errors, discovery and REST mapping, OpenAPI v3, the dynamic
// client (CRUD, patch, server-side apply, list, watch, metadata-only), and reflector-backed shared
// informers. Objects are plain JSON (KubeObject from src/api) end to end. See docs/kube-client.md.

export { connectKube, KubeClient } from './connect.js';
export type { ConnectOptions } from './connect.js';

export { inClusterCredentials, isInCluster, inClusterServer, SERVICE_ACCOUNT_DIR } from './credentials.js';
export type { AuthMaterial, Credentials, InClusterOptions, TlsMaterial } from './credentials.js';
export { kubeconfigCredentials, kubeconfigPaths, loadCredentials } from './kubeconfig.js';
export type { KubeconfigOptions, LoadCredentialsOptions } from './kubeconfig.js';

export { KubeHttp, buildQuery } from './http.js';
export type { HttpMethod, KubeHttpOptions, KubeRequest, KubeResponse, KubeStream, QueryValue } from './http.js';
export { TokenBucket } from './rate-limiter.js';
export type { RateLimiterOptions } from './rate-limiter.js';
export { Backoff, parseRetryAfter, systemClock } from './backoff.js';
export type { BackoffOptions, Clock } from './backoff.js';

export {
  KubeError,
  NoKindMatchError,
  isAlreadyExists,
  isBadRequest,
  isConflict,
  isForbidden,
  isGone,
  isInvalid,
  isKubeError,
  isKubeStatus,
  isNetworkError,
  isNoKindMatch,
  isNotFound,
  isRetryable,
  isTooManyRequests,
  isUnauthorized,
  kubeErrorFromStatus,
} from './errors.js';
export type { KubeErrorReason, KubeStatus, StatusCause, StatusDetails } from './errors.js';

export { discoverApiResources, parseAggregatedDiscovery, parseApiResourceList, AGGREGATED_DISCOVERY_ACCEPT } from './discovery.js';
export type { ApiGroupVersions, ApiResource, DiscoveryFormat, DiscoveryOptions, DiscoverySnapshot } from './discovery.js';
export { RestMapper, RestMappingIndex } from './rest-mapper.js';
export type { RestMapperOptions, RestMapping } from './rest-mapper.js';
export { apiVersionOf, formatGvk, formatGvr, groupVersionPath, resourcePath } from './paths.js';

export { OpenApiClient, openApiPathKey } from './openapi.js';

export { DynamicClient, METADATA_ACCEPT, METADATA_ACCEPT_LIST, toPartialObjectMetadata } from './client.js';
export type {
  ApplyOptions,
  DeleteOptions,
  KubeList,
  ListOptions,
  PatchOptions,
  PatchType,
  ResourceTarget,
  SelectorOptions,
  WatchOptions,
  WriteOptions,
} from './client.js';
export { INITIAL_EVENTS_END_ANNOTATION, toWatchEvent } from './watch.js';
export type { KubeWatch, WatchEvent, WatchEventType } from './watch.js';

export { Reflector, StreamingListMemory, StreamingListIgnoredError, isStreamingListRefusal } from './reflector.js';
export type { ListerWatcher, ReflectorOptions, ReflectorSink } from './reflector.js';
export { ObjectStore, objectKey } from './store.js';
export type { IndexFunc, StoreDelta } from './store.js';
export { Informer, stripManagedFields, LAST_APPLIED_ANNOTATION } from './informer.js';
export type { InformerHandlers, InformerOptions } from './informer.js';
export { InformerFactory, informerKeyString, listerWatcherFor } from './informer-factory.js';
export type { InformerHandle, InformerKey } from './informer-factory.js';
export { KRO_TS_VERSION } from './version.js';
