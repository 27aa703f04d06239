import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { request } from 'undici';
import { KroMetrics } from '../../../src/controller/metrics.js';
import {
  DEFAULT_CONTROLLER_OPTIONS,
  DEFAULT_FEATURE_GATES,
  parseFeatureGates,
  parseGoDuration,
  resolveBindAddress,
} from '../../../src/controller/options.js';
import { startProbeServers } from '../../../src/controller/probes.js';

describe('feature gates', () => {
  test('defaults: omit off, condition events on', () => {
    assert.equal(DEFAULT_FEATURE_GATES.celOmitFunction, false);
    assert.equal(DEFAULT_FEATURE_GATES.instanceConditionEvents, true);
  });
  test('parses upstream syntax on top of the defaults', () => {
    const gates = parseFeatureGates('CELOmitFunction=true, InstanceConditionEvents=false');
    assert.equal(gates.celOmitFunction, true);
    assert.equal(gates.instanceConditionEvents, false);
    assert.equal(gates.instanceConditionMetrics, false);
    assert.deepEqual(parseFeatureGates(''), DEFAULT_FEATURE_GATES);
  });
  test('rejects unknown gates and non-boolean values', () => {
    assert.throws(() => parseFeatureGates('Bogus=true'), /unrecognized feature gate: Bogus/);
    assert.throws(() => parseFeatureGates('CELOmitFunction=yes'), /invalid value of CELOmitFunction/);
  });
});

describe('flag values', () => {
  const cases: [string, number][] = [
    ['3s', 3000],
    ['200ms', 200],
    ['1000s', 1_000_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['36000', 36_000_000],
  ];
  for (const [text, ms] of cases) test(`duration ${text}`, () => assert.equal(parseGoDuration(text), ms));
  test('bad durations are errors', () => {
    assert.throws(() => parseGoDuration('3 seconds'), /invalid duration/);
    assert.throws(() => parseGoDuration(''), /invalid duration/);
  });
  test('bind addresses default to loopback outside a cluster', () => {
    assert.deepEqual(resolveBindAddress(':8078', false), { host: '127.0.0.1', port: 8078 });
    assert.deepEqual(resolveBindAddress(':8078', true), { host: '0.0.0.0', port: 8078 });
    assert.deepEqual(resolveBindAddress('[::1]:9000', false), { host: '::1', port: 9000 });
    assert.equal(resolveBindAddress('0', false), undefined);
    assert.throws(() => resolveBindAddress(':99999', false), /invalid bind address/);
  });
  test('defaults follow upstream', () => {
    assert.equal(DEFAULT_CONTROLLER_OPTIONS.instanceRequeueIntervalMs, 3000);
    assert.equal(DEFAULT_CONTROLLER_OPTIONS.rgdMaxGraphRevisions, 5);
    assert.equal(DEFAULT_CONTROLLER_OPTIONS.dynamicControllerDefaultQueueMaxRetries, 20);
  });
});

describe('probe and metrics servers', () => {
  test('healthz, readyz and metrics answer; readiness follows the callback', async () => {
    const metrics = new KroMetrics({ processMetrics: false });
    metrics.instanceReconcileTotal.inc({ gvr: 'kro.run/v1alpha1/webapps' });
    let ready = false;
    const servers = await startProbeServers({
      health: { host: '127.0.0.1', port: 0 },
      metrics: { host: '127.0.0.1', port: 0 },
      registry: metrics.registry,
      isReady: () => ready,
    });
    try {
      const get = async (addr: string | undefined, path: string) => {
        const res = await request(`http://${addr}${path}`);
        return { status: res.statusCode, body: await res.body.text() };
      };
      assert.equal((await get(servers.healthAddress, '/healthz')).status, 200);
      assert.equal((await get(servers.healthAddress, '/readyz')).status, 503);
      ready = true;
      assert.equal((await get(servers.healthAddress, '/readyz')).status, 200);
      const m = await get(servers.metricsAddress, '/metrics');
      assert.equal(m.status, 200);
      assert.match(m.body, /instance_reconcile_total\{gvr="kro.run\/v1alpha1\/webapps"\} 1/);
      assert.equal((await get(servers.metricsAddress, '/healthz')).status, 404, 'metrics server serves only /metrics');
    } finally {
      await servers.close();
    }
  });
});
