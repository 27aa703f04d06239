// Prometheus metrics with upstream kro's exact names and labels (pkg/metrics), so dashboards and alerts
// written for upstream keep working. One registry per controller process, passed to the parts that
// record; nothing here is global, so tests can build a fresh set.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class KroMetrics {
  readonly registry = new Registry();

  // Dynamic (instance) controller
  readonly dynamicReconcileTotal = this.counter('dynamic_controller_reconcile_total', 'Instance reconciles', ['gvr']);
  readonly dynamicRequeueTotal = this.counter('dynamic_controller_requeue_total', 'Instance requeues by type', ['gvr', 'type']);
  readonly dynamicReconcileDuration = this.histogram('dynamic_controller_reconcile_duration_seconds', 'Instance reconcile duration', ['gvr']);
  readonly dynamicGvrCount = this.gauge('dynamic_controller_gvr_count', 'Instance kinds served', []);
  readonly dynamicQueueLength = this.gauge('dynamic_controller_queue_length', 'Keys waiting in the instance queue', []);
  readonly dynamicHandlerCount = this.counter('dynamic_controller_handler_count_total', 'Handlers registered', ['type']);
  readonly dynamicHandlerAttach = this.counter('dynamic_controller_handler_attach_total', 'Handlers attached', ['type']);
  readonly dynamicHandlerDetach = this.counter('dynamic_controller_handler_detach_total', 'Handlers detached', ['type']);
  readonly dynamicHandlerErrors = this.counter('dynamic_controller_handler_errors_total', 'Handler errors', ['gvr']);
  readonly dynamicReconcilePanics = this.counter('dynamic_controller_reconcile_panics_total', 'Reconciles that threw unexpectedly', ['gvr']);
  readonly dynamicInformerSyncDuration = this.histogram('dynamic_controller_informer_sync_duration_seconds', 'Informer sync duration', ['gvr']);
  readonly dynamicInformerEvents = this.counter('dynamic_controller_informer_events_total', 'Informer events', ['gvr', 'event_type']);
  readonly dynamicWatchCount = this.gauge('dynamic_controller_watch_count', 'Active watches', []);
  readonly dynamicInstanceWatchCount = this.gauge('dynamic_controller_instance_watch_count', 'Instances holding watch requests', ['parent_gvr']);
  readonly dynamicWatchRequestCount = this.gauge('dynamic_controller_watch_request_count', 'Watch requests', ['gvr', 'type']);
  readonly dynamicRouteTotal = this.counter('dynamic_controller_route_total', 'Child events routed', ['gvr']);
  readonly dynamicRouteMatchTotal = this.counter('dynamic_controller_route_match_total', 'Child events that matched an instance', ['gvr']);

  // Instances
  readonly instanceStateTransitions = this.counter('instance_state_transitions_total', 'Instance state transitions', ['gvr', 'from_state', 'to_state']);
  readonly instanceReconcileDuration = this.histogram('instance_reconcile_duration_seconds', 'Instance reconcile duration', ['gvr']);
  readonly instanceReconcileTotal = this.counter('instance_reconcile_total', 'Instance reconciles', ['gvr']);
  readonly instanceReconcileErrors = this.counter('instance_reconcile_errors_total', 'Instance reconciles that failed (requeue-type outcomes excluded)', ['gvr']);
  readonly instanceGraphResolutionSuccess = this.counter('instance_graph_resolution_success_total', 'Graph revisions resolved', ['gvr']);
  readonly instanceGraphResolutionFailures = this.counter('instance_graph_resolution_failures_total', 'Graph revision resolution failures', ['gvr', 'reason']);
  readonly instanceGraphResolutionPending = this.counter('instance_graph_resolution_pending_total', 'Graph revisions pending', ['gvr']);

  // RGDs
  readonly rgdGraphBuildTotal = this.counter('rgd_graph_build_total', 'RGD graph builds', ['name']);
  readonly rgdGraphBuildDuration = this.histogram('rgd_graph_build_duration_seconds', 'RGD graph build duration', ['name']);
  readonly rgdGraphBuildErrors = this.counter('rgd_graph_build_errors_total', 'RGD graph build errors', ['name']);
  readonly rgdStateTransitions = this.counter('rgd_state_transitions_total', 'RGD state transitions', ['name', 'from', 'to']);
  readonly rgdDeletions = this.counter('rgd_deletions_total', 'RGD deletions', ['name']);
  readonly rgdDeletionDuration = this.histogram('rgd_deletion_duration_seconds', 'RGD deletion duration', ['name']);
  readonly rgdRevisionIssue = this.counter('rgd_graph_revision_issue_total', 'Graph revisions issued', ['reason']);
  readonly rgdRevisionWait = this.counter('rgd_graph_revision_wait_total', 'Waits on graph revisions', ['reason']);
  readonly rgdRevisionResolution = this.counter('rgd_graph_revision_resolution_total', 'Graph revision resolutions', ['result']);
  readonly rgdRevisionRegistryMiss = this.counter('rgd_graph_revision_registry_miss_total', 'Registry misses', ['reason']);
  readonly rgdRevisionGcDeleted = this.counter('rgd_graph_revision_gc_deleted_total', 'Graph revisions garbage-collected', []);
  readonly rgdRevisionGcErrors = this.counter('rgd_graph_revision_gc_errors_total', 'Graph revision GC errors', []);

  // Graph revisions
  readonly revisionCompileTotal = this.counter('graph_revision_compile_total', 'Graph revision compilations', ['result']);
  readonly revisionCompileDuration = this.histogram('graph_revision_compile_duration_seconds', 'Graph revision compile duration', ['result']);
  readonly revisionStatusUpdateErrors = this.counter('graph_revision_status_update_errors_total', 'Graph revision status update errors', []);
  readonly revisionActivationDeferred = this.counter('graph_revision_activation_deferred_total', 'Activations deferred', []);
  readonly revisionFinalizerEvictions = this.counter('graph_revision_finalizer_evictions_total', 'Registry evictions by finalizer', []);
  readonly revisionRegistryEntries = this.gauge('graph_revision_registry_entries', 'Registry entries by state', ['state']);
  readonly revisionRegistryTransitions = this.counter('graph_revision_registry_transitions_total', 'Registry transitions', ['from', 'to']);
  readonly revisionRegistryEvictions = this.counter('graph_revision_registry_evictions_total', 'Registry evictions', []);

  // Schema resolver
  readonly schemaCacheHits = this.counter('schema_resolver_cache_hits_total', 'Schema cache hits', []);
  readonly schemaCacheMisses = this.counter('schema_resolver_cache_misses_total', 'Schema cache misses', []);
  readonly schemaCacheSize = this.gauge('schema_resolver_cache_size', 'Schema cache size', []);
  readonly schemaCacheEvictions = this.counter('schema_resolver_cache_evictions_total', 'Schema cache evictions', []);
  readonly schemaApiCallDuration = this.histogram('schema_resolver_api_call_duration_seconds', 'Schema API call duration', []);
  readonly schemaSingleflightDeduplicated = this.counter('schema_resolver_singleflight_deduplicated_total', 'Deduplicated schema fetches', []);
  readonly schemaErrors = this.counter('schema_resolver_errors_total', 'Schema resolver errors', []);

  // API client
  readonly restRequestDuration = this.histogram('rest_client_request_duration_seconds', 'API request duration', ['verb']);
  readonly restRateLimiterDuration = this.histogram('rest_client_rate_limiter_duration_seconds', 'Client-side throttling delay', ['verb']);
  readonly restRequestRetries = this.counter('rest_client_request_retries_total', 'API request retries', ['code', 'method']);

  // CEL
  readonly celEvalTotal = this.counter('cel_expr_eval_total', 'CEL evaluations', []);
  readonly celEvalDuration = this.histogram('cel_expr_eval_duration_seconds', 'CEL evaluation duration', []);

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private gauge<L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram<L extends string>(name: string, help: string, labelNames: readonly L[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, registers: [this.registry] });
  }
}
