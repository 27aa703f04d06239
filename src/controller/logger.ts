// The controller's logger: pino, structured JSON on stderr by default. Built once by the manager from the zap
// flags upstream kro inherits from controller-runtime (accepted so existing deployments keep starting) and
// passed down as child loggers; nothing in src/controller logs through a global.
//
//   --zap-log-level     debug | info | warn | error | dpanic | panic | fatal, or a verbosity N > 0 (zap's V(N):
//                       1 = debug, 2 and more = trace)
//   --zap-encoder       json | console (console: one human-readable line per entry)
//   --zap-devel         development defaults: console encoder and debug level, unless those flags are given
//   --zap-time-encoding epoch | millis | nano | iso8601 | rfc3339 | rfc3339nano
//   --zap-stacktrace-level  accepted; pino prints an error's stack whenever one is logged
import { Writable } from 'node:stream';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

export interface LoggerOptions {
  readonly level?: string;
  readonly encoder?: 'json' | 'console';
  readonly development?: boolean;
  readonly timeEncoding?: string;
  /** Where entries go. @default stderr */
  readonly destination?: DestinationStream | NodeJS.WritableStream;
}

const ZAP_LEVELS: Record<string, string> = {
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
  dpanic: 'error',
  panic: 'fatal',
  fatal: 'fatal',
};

/** Maps a zap level name or verbosity to a pino level; throws on nonsense so a typo fails at start-up. */
export function zapLevelToPino(level: string): string {
  const lower = level.trim().toLowerCase();
  const named = ZAP_LEVELS[lower];
  if (named) return named;
  if (/^\d+$/.test(lower)) {
    const verbosity = Number(lower);
    return verbosity <= 0 ? 'info' : verbosity === 1 ? 'debug' : 'trace';
  }
  throw new Error(`invalid log level "${level}": want debug, info, warn, error, panic, fatal or an integer > 0`);
}

function timestampFor(encoding: string | undefined): () => string {
  switch ((encoding ?? 'rfc3339nano').toLowerCase()) {
    case 'epoch':
      return () => `,"ts":${Date.now() / 1000}`;
    case 'millis':
      return () => `,"ts":${Date.now()}`;
    case 'nano':
      return () => `,"ts":${BigInt(Date.now()) * 1_000_000n}`;
    case 'iso8601':
    case 'rfc3339':
    case 'rfc3339nano':
      return () => `,"ts":"${new Date().toISOString()}"`;
    default:
      throw new Error(`invalid time encoding "${encoding}": want epoch, millis, nano, iso8601, rfc3339 or rfc3339nano`);
  }
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const development = options.development ?? false;
  const level = zapLevelToPino(options.level ?? (development ? 'debug' : 'info'));
  const encoder = options.encoder ?? (development ? 'console' : 'json');
  const target = options.destination ?? process.stderr;
  const destination = encoder === 'console' ? consoleStream(target) : target;
  return pino(
    {
      level,
      base: undefined,
      messageKey: 'msg',
      timestamp: timestampFor(options.timeEncoding),
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** A logger that drops everything (tests, embedding). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Re-renders pino's JSON lines as `ts LEVEL msg key=value ...` for people reading a terminal. */
function consoleStream(target: DestinationStream | NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() !== '') target.write(`${formatConsoleLine(line)}\n`);
      }
      callback();
    },
  });
}

export function formatConsoleLine(jsonLine: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine;
  }
  const { ts, level, msg, ...rest } = entry;
  const fields = Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return [scalar(ts), scalar(level).toUpperCase(), scalar(msg), ...fields].filter((s) => s !== '').join('\t');
}

function scalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}
