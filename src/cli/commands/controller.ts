// `kro controller`: runs the kro-ts controller against a cluster. Accepts upstream kro's controller flags with
// their defaults (Go duration syntax, Go-style `--flag=true|false` booleans), so a Deployment written for upstream
// starts kro-ts unchanged, plus `--kubeconfig`, `--context` and `--install-crds`. See docs/controller.md.
import type { Command} from 'commander';
import { Option } from 'commander';
import {
  DEFAULT_CONTROLLER_OPTIONS,
  Manager,
  createLogger,
  parseFeatureGates,
  parseGoDuration,
  type ControllerOptions,
  type Logger,
} from '../../controller/index.js';
import { CliError, describeError } from '../errors.js';

/** The parsed command-line flags, as commander hands them over. */
export interface ControllerFlags {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly installCrds: boolean;
  readonly metricsBindAddress: string;
  readonly healthProbeBindAddress: string;
  readonly pprofBindAddress: string;
  readonly leaderElect: boolean;
  readonly enableControllerWarmup: boolean;
  readonly leaderElectionNamespace?: string;
  readonly leaderElectionLeaseDuration: string;
  readonly leaderElectionRenewDeadline: string;
  readonly leaderElectionRetryPeriod: string;
  readonly allowCrdDeletion: boolean;
  readonly gracefulShutdownTimeout: string;
  readonly resourceGraphDefinitionConcurrentReconciles: string;
  readonly graphRevisionConcurrentReconciles: string;
  readonly dynamicControllerConcurrentReconciles: string;
  readonly dynamicControllerRateLimiterMinDelay: string;
  readonly dynamicControllerRateLimiterMaxDelay: string;
  readonly dynamicControllerRateLimiterRateLimit: string;
  readonly dynamicControllerRateLimiterBurstLimit: string;
  readonly instanceRequeueInterval: string;
  readonly dynamicControllerDefaultResyncPeriod: string;
  readonly dynamicControllerDefaultQueueMaxRetries: string;
  readonly clientQps: string;
  readonly clientBurst: string;
  readonly rgdMaxCollectionSize: string;
  readonly rgdMaxCollectionDimensionSize: string;
  readonly rgdMaxGraphRevisions: string;
  readonly rgdProgressRequeueDelay: string;
  readonly featureGates: string;
  readonly zapDevel: boolean;
  readonly zapEncoder?: string;
  readonly zapLogLevel?: string;
  readonly zapStacktraceLevel?: string;
  readonly zapTimeEncoding?: string;
  /** Hidden: manage only RGDs whose name starts with this (tests sharing one API server). */
  readonly rgdNamePrefix?: string;
}

/** Go's strconv.ParseBool, which upstream's boolean flags use. */
export function parseGoBool(text: string | boolean): boolean {
  if (typeof text === 'boolean') return text;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  throw new Error(`invalid boolean value "${text}"`);
}

function integer(flag: string, text: string, min = Number.MIN_SAFE_INTEGER): number {
  if (!/^-?\d+$/.test(text.trim()) || Number(text) < min) throw new CliError(`invalid value "${text}" for --${flag}: want an integer${min > Number.MIN_SAFE_INTEGER ? ` >= ${min}` : ''}`, 2);
  return Number(text);
}

function float(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) throw new CliError(`invalid value "${text}" for --${flag}: want a number >= 0`, 2);
  return value;
}

function duration(flag: string, text: string): number {
  try {
    return parseGoDuration(text);
  } catch {
    throw new CliError(`invalid value "${text}" for --${flag}: want a duration such as 3s, 200ms or 1m30s`, 2);
  }
}

/** Maps the flags onto ControllerOptions, validating every value (bad input is a one-line error, exit code 2). */
export function controllerOptionsFromFlags(f: ControllerFlags): ControllerOptions {
  let featureGates;
  try {
    featureGates = parseFeatureGates(f.featureGates);
  } catch (err) {
    throw new CliError(`invalid value for --feature-gates: ${describeError(err)}`, 2);
  }
  return {
    metricsBindAddress: f.metricsBindAddress,
    healthProbeBindAddress: f.healthProbeBindAddress,
    leaderElect: f.leaderElect,
    enableControllerWarmup: f.enableControllerWarmup,
    leaderElectionNamespace: f.leaderElectionNamespace ?? '',
    leaderElectionLeaseDurationMs: duration('leader-election-lease-duration', f.leaderElectionLeaseDuration),
    leaderElectionRenewDeadlineMs: duration('leader-election-renew-deadline', f.leaderElectionRenewDeadline),
    leaderElectionRetryPeriodMs: duration('leader-election-retry-period', f.leaderElectionRetryPeriod),
    allowCrdDeletion: f.allowCrdDeletion,
    gracefulShutdownTimeoutMs: duration('graceful-shutdown-timeout', f.gracefulShutdownTimeout),
    rgdConcurrentReconciles: integer('resource-graph-definition-concurrent-reconciles', f.resourceGraphDefinitionConcurrentReconciles, 1),
    graphRevisionConcurrentReconciles: integer('graph-revision-concurrent-reconciles', f.graphRevisionConcurrentReconciles, 1),
    dynamicControllerConcurrentReconciles: integer('dynamic-controller-concurrent-reconciles', f.dynamicControllerConcurrentReconciles, 1),
    dynamicControllerRateLimiterMinDelayMs: duration('dynamic-controller-rate-limiter-min-delay', f.dynamicControllerRateLimiterMinDelay),
    dynamicControllerRateLimiterMaxDelayMs: duration('dynamic-controller-rate-limiter-max-delay', f.dynamicControllerRateLimiterMaxDelay),
    dynamicControllerRateLimiterRateLimit: float('dynamic-controller-rate-limiter-rate-limit', f.dynamicControllerRateLimiterRateLimit),
    dynamicControllerRateLimiterBurstLimit: integer('dynamic-controller-rate-limiter-burst-limit', f.dynamicControllerRateLimiterBurstLimit, 0),
    instanceRequeueIntervalMs: duration('instance-requeue-interval', f.instanceRequeueInterval),
    dynamicControllerDefaultResyncPeriodMs: integer('dynamic-controller-default-resync-period', f.dynamicControllerDefaultResyncPeriod, 0) * 1000,
    dynamicControllerDefaultQueueMaxRetries: integer('dynamic-controller-default-queue-max-retries', f.dynamicControllerDefaultQueueMaxRetries),
    clientQps: float('client-qps', f.clientQps),
    clientBurst: integer('client-burst', f.clientBurst, 0),
    rgdMaxCollectionSize: integer('rgd-max-collection-size', f.rgdMaxCollectionSize),
    rgdMaxCollectionDimensionSize: integer('rgd-max-collection-dimension-size', f.rgdMaxCollectionDimensionSize),
    rgdMaxGraphRevisions: integer('rgd-max-graph-revisions', f.rgdMaxGraphRevisions),
    rgdProgressRequeueDelayMs: duration('rgd-progress-requeue-delay', f.rgdProgressRequeueDelay),
    featureGates,
    installCrds: f.installCrds,
  };
}

export function loggerFromFlags(f: Pick<ControllerFlags, 'zapDevel' | 'zapEncoder' | 'zapLogLevel' | 'zapTimeEncoding'>): Logger {
  const encoder = f.zapEncoder;
  if (encoder !== undefined && encoder !== 'json' && encoder !== 'console') throw new CliError(`invalid value "${encoder}" for --zap-encoder: want json or console`, 2);
  try {
    return createLogger({
      development: f.zapDevel,
      ...(encoder ? { encoder } : {}),
      ...(f.zapLogLevel ? { level: f.zapLogLevel } : {}),
      ...(f.zapTimeEncoding ? { timeEncoding: f.zapTimeEncoding } : {}),
    });
  } catch (err) {
    throw new CliError(describeError(err), 2);
  }
}

const d = DEFAULT_CONTROLLER_OPTIONS;
const seconds = (ms: number) => `${ms / 1000}s`;

/** A Go-style boolean flag: `--flag`, `--flag=true`, `--flag=false`. */
function boolOption(flags: string, description: string, preset: boolean): Option {
  return new Option(`${flags} [bool]`, description).argParser(parseGoBool).default(preset).preset(true);
}

export function registerControllerCommand(program: Command): void {
  program
    .command('controller')
    .description('run the kro-ts controller: serve ResourceGraphDefinitions and their instances on a cluster')
    .option('--kubeconfig <path>', 'kubeconfig file (default: KUBECONFIG, in-cluster config, ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to use')
    .addOption(boolOption('--install-crds', 'install or upgrade the ResourceGraphDefinition and GraphRevision CRDs at start-up', true))
    .option('--metrics-bind-address <addr>', 'address of /metrics ("0" disables; 127.0.0.1 unless in a cluster)', d.metricsBindAddress)
    .option('--health-probe-bind-address <addr>', 'address of /healthz and /readyz ("0" disables)', d.healthProbeBindAddress)
    .option('--pprof-bind-address <addr>', 'accepted for compatibility; kro-ts has no pprof endpoint', ':6060')
    .addOption(boolOption('--leader-elect', 'elect a leader (Lease controller.kro.run) so only one replica reconciles', d.leaderElect))
    .addOption(boolOption('--enable-controller-warmup', 'start watches before winning the leader election', d.enableControllerWarmup))
    .option('--leader-election-namespace <ns>', 'namespace of the leader Lease (default: the pod or kubeconfig namespace)')
    .option('--leader-election-lease-duration <duration>', 'how long a lease is valid', seconds(d.leaderElectionLeaseDurationMs))
    .option('--leader-election-renew-deadline <duration>', 'how long the leader retries renewing before giving up', seconds(d.leaderElectionRenewDeadlineMs))
    .option('--leader-election-retry-period <duration>', 'interval between election attempts', seconds(d.leaderElectionRetryPeriodMs))
    .addOption(boolOption('--allow-crd-deletion', "delete an RGD's generated CRD when the RGD is deleted", d.allowCrdDeletion))
    .option('--graceful-shutdown-timeout <duration>', 'time to finish in-flight work on SIGTERM/SIGINT', seconds(d.gracefulShutdownTimeoutMs))
    .option('--resource-graph-definition-concurrent-reconciles <n>', 'RGD controller workers', String(d.rgdConcurrentReconciles))
    .option('--graph-revision-concurrent-reconciles <n>', 'GraphRevision controller workers', String(d.graphRevisionConcurrentReconciles))
    .option('--dynamic-controller-concurrent-reconciles <n>', 'instance controller workers', String(d.dynamicControllerConcurrentReconciles))
    .option('--dynamic-controller-rate-limiter-min-delay <duration>', 'first retry delay of a failing instance', '200ms')
    .option('--dynamic-controller-rate-limiter-max-delay <duration>', 'longest retry delay of a failing instance', '1000s')
    .option('--dynamic-controller-rate-limiter-rate-limit <qps>', 'instance queue: overall retries per second', String(d.dynamicControllerRateLimiterRateLimit))
    .option('--dynamic-controller-rate-limiter-burst-limit <n>', 'instance queue: retry burst', String(d.dynamicControllerRateLimiterBurstLimit))
    .option('--instance-requeue-interval <duration>', 'delay of progress requeues of instances (0: none)', seconds(d.instanceRequeueIntervalMs))
    .option('--dynamic-controller-default-resync-period <seconds>', 'instance informer resync period, in seconds', String(d.dynamicControllerDefaultResyncPeriodMs / 1000))
    .option('--dynamic-controller-default-queue-max-retries <n>', 'retries of a failing instance before it is dropped', String(d.dynamicControllerDefaultQueueMaxRetries))
    .option('--client-qps <qps>', 'API requests per second', String(d.clientQps))
    .option('--client-burst <n>', 'API request burst', String(d.clientBurst))
    .option('--rgd-max-collection-size <n>', 'largest forEach collection', String(d.rgdMaxCollectionSize))
    .option('--rgd-max-collection-dimension-size <n>', 'most forEach dimensions', String(d.rgdMaxCollectionDimensionSize))
    .option('--rgd-max-graph-revisions <n>', 'GraphRevisions kept per RGD (<= 0 keeps all)', String(d.rgdMaxGraphRevisions))
    .option('--rgd-progress-requeue-delay <duration>', 'delay of RGD requeues while a revision compiles', seconds(d.rgdProgressRequeueDelayMs))
    .option('--feature-gates <gates>', 'Name=bool,... (CELOmitFunction, InstanceConditionEvents, InstanceConditionMetrics, RGDConditionEvents)', '')
    .addOption(boolOption('--zap-devel', 'development logging: console encoder and debug level unless set otherwise', false))
    .option('--zap-encoder <encoder>', 'json or console')
    .option('--zap-log-level <level>', 'debug, info, error, ... or a verbosity (1 = debug)')
    .option('--zap-stacktrace-level <level>', 'accepted for compatibility (stacks are always logged with errors)')
    .option('--zap-time-encoding <encoding>', 'epoch, millis, nano, iso8601, rfc3339 or rfc3339nano')
    .addOption(new Option('--rgd-name-prefix <prefix>', 'manage only RGDs whose name starts with <prefix> (testing)').hideHelp())
    .addHelpText(
      'after',
      '\nExamples:\n  kro controller --kubeconfig ~/.kube/config\n  kro controller --leader-elect --allow-crd-deletion --feature-gates=CELOmitFunction=true\n',
    )
    .action(async (flags: ControllerFlags) => {
      const options = controllerOptionsFromFlags(flags);
      const logger = loggerFromFlags(flags);
      await runController(flags, options, logger);
    });
}

async function runController(flags: ControllerFlags, options: ControllerOptions, logger: Logger): Promise<void> {
  let manager: Manager;
  try {
    manager = await Manager.start({
      options,
      logger,
      kubeconfig: { ...(flags.kubeconfig ? { path: flags.kubeconfig } : {}), ...(flags.context ? { context: flags.context } : {}) },
      ...(flags.rgdNamePrefix ? { scope: (name: string) => name.startsWith(flags.rgdNamePrefix!) } : {}),
    });
  } catch (err) {
    throw new CliError(`controller failed to start: ${describeError(err)}`);
  }
  // A bug that lets a promise reject unhandled is logged, not a crash of every controller in the process.
  const onUnhandled = (err: unknown) => logger.error({ err: describeError(err) }, 'unhandled rejection');
  process.on('unhandledRejection', onUnhandled);
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) process.exit(130);
    logger.info({ signal }, 'shutting down');
    // Past the timeout the process exits anyway, as controller-runtime's manager does.
    setTimeout(() => process.exit(1), options.gracefulShutdownTimeoutMs + 1000).unref();
    void manager.stop();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const exit = await manager.done;
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  process.off('unhandledRejection', onUnhandled);
  if (exit === 'lost-leadership') throw new CliError('leader election lost');
}
