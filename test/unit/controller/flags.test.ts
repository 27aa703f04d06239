// `kro controller` flags: upstream's defaults, Go durations and booleans, validation with one-line errors, and the
// zap logging flags mapped onto the JSON logger.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { Command } from 'commander';
import { controllerOptionsFromFlags, loggerFromFlags, parseGoBool, registerControllerCommand, type ControllerFlags } from '../../../src/cli/commands/controller.js';
import { CliError } from '../../../src/cli/errors.js';
import { DEFAULT_CONTROLLER_OPTIONS } from '../../../src/controller/index.js';
import { createLogger, formatConsoleLine, zapLevelToPino } from '../../../src/controller/logger.js';

/** Parses `args` with the real command definition and returns the flags its action would get. */
function parse(args: string[]): ControllerFlags {
  const program = new Command().exitOverride();
  registerControllerCommand(program);
  const command = program.commands.find((c) => c.name() === 'controller')!;
  let flags: ControllerFlags | undefined;
  command.action((f: ControllerFlags) => {
    flags = f;
  });
  program.parse(['controller', ...args], { from: 'user' });
  return flags!;
}

describe('controller flags', () => {
  test('no flags: exactly upstream’s defaults', () => {
    assert.deepEqual(controllerOptionsFromFlags(parse([])), DEFAULT_CONTROLLER_OPTIONS);
  });

  test('Go durations, integers and booleans as a Helm chart passes them', () => {
    const o = controllerOptionsFromFlags(
      parse([
        '--leader-elect=true',
        '--allow-crd-deletion',
        '--install-crds=false',
        '--graceful-shutdown-timeout=1m30s',
        '--rgd-progress-requeue-delay', '500ms',
        '--dynamic-controller-rate-limiter-max-delay=1h',
        '--dynamic-controller-default-resync-period=60',
        '--client-qps=12.5',
        '--rgd-max-graph-revisions=0',
        '--feature-gates=CELOmitFunction=true,RGDConditionEvents=false',
        '--leader-election-namespace', 'kro-system',
      ]),
    );
    assert.equal(o.leaderElect, true);
    assert.equal(o.allowCrdDeletion, true);
    assert.equal(o.installCrds, false);
    assert.equal(o.gracefulShutdownTimeoutMs, 90_000);
    assert.equal(o.rgdProgressRequeueDelayMs, 500);
    assert.equal(o.dynamicControllerRateLimiterMaxDelayMs, 3_600_000);
    assert.equal(o.dynamicControllerDefaultResyncPeriodMs, 60_000);
    assert.equal(o.clientQps, 12.5);
    assert.equal(o.rgdMaxGraphRevisions, 0);
    assert.equal(o.featureGates.celOmitFunction, true);
    assert.equal(o.featureGates.rgdConditionEvents, false);
    assert.equal(o.leaderElectionNamespace, 'kro-system');
  });

  const invalid: { args: string[]; message: RegExp }[] = [
    { args: ['--rgd-progress-requeue-delay', 'soon'], message: /--rgd-progress-requeue-delay: want a duration/ },
    { args: ['--resource-graph-definition-concurrent-reconciles', '0'], message: /want an integer >= 1/ },
    { args: ['--client-burst', '1.5'], message: /--client-burst: want an integer/ },
    { args: ['--client-qps', '-1'], message: /--client-qps: want a number >= 0/ },
    { args: ['--feature-gates', 'CELOmitFunction=maybe'], message: /invalid value of CELOmitFunction/ },
  ];
  for (const c of invalid) {
    test(`rejects ${c.args.join(' ')} with a usage error`, () => {
      assert.throws(() => controllerOptionsFromFlags(parse(c.args)), (err: unknown) => err instanceof CliError && err.exitCode === 2 && c.message.test(err.message));
    });
  }

  test('Go booleans', () => {
    for (const t of ['1', 't', 'T', 'true', 'TRUE', 'True', true]) assert.equal(parseGoBool(t), true);
    for (const f of ['0', 'f', 'F', 'false', 'FALSE', 'False', false]) assert.equal(parseGoBool(f), false);
    assert.throws(() => parseGoBool('yes'), /invalid boolean value "yes"/);
  });
});

describe('logging', () => {
  test('zap levels and verbosities', () => {
    const cases: [string, string][] = [['debug', 'debug'], ['info', 'info'], ['error', 'error'], ['dpanic', 'error'], ['panic', 'fatal'], ['1', 'debug'], ['5', 'trace'], ['0', 'info']];
    for (const [zap, pino] of cases) assert.equal(zapLevelToPino(zap), pino, zap);
    assert.throws(() => zapLevelToPino('loud'), /invalid log level "loud"/);
  });

  function capture(): { stream: Writable; lines: () => string[] } {
    let text = '';
    const stream = new Writable({
      write(chunk: Buffer, _e, cb) {
        text += chunk.toString();
        cb();
      },
    });
    return { stream, lines: () => text.trim().split('\n') };
  }

  test('JSON by default: one object per line with level, ts and msg', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream });
    logger.child({ controller: 'ResourceGraphDefinition' }).info({ name: 'web' }, 'reconciled');
    logger.debug('hidden at info');
    const entries = out.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.level, 'info');
    assert.equal(entries[0]!.msg, 'reconciled');
    assert.equal(entries[0]!.controller, 'ResourceGraphDefinition');
    assert.match(String(entries[0]!.ts), /^\d{4}-\d\d-\d\dT/);
  });

  test('--zap-devel: console lines at debug; epoch time encoding', () => {
    const out = capture();
    const logger = createLogger({ development: true, timeEncoding: 'epoch', destination: out.stream });
    logger.debug({ name: 'web' }, 'reconciled');
    const [line] = out.lines();
    assert.match(line ?? '', /^\d+(\.\d+)?\tDEBUG\treconciled\tname="web"$/);
    assert.equal(formatConsoleLine('not json'), 'not json');
  });

  test('bad encoder or time encoding is a usage error', () => {
    assert.throws(() => loggerFromFlags({ zapDevel: false, zapEncoder: 'xml' }), (e: unknown) => e instanceof CliError && e.exitCode === 2);
    assert.throws(() => loggerFromFlags({ zapDevel: false, zapTimeEncoding: 'sundial' }), (e: unknown) => e instanceof CliError && /invalid time encoding/.test(e.message));
  });
});
