// The controller as an operator sees it: condition Events on RGDs (and the gate that turns them off), /healthz,
// /readyz and /metrics, leader election between two replicas, and `kro controller` run as a real process with
// JSON logs, the leader Lease, and a clean exit on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { parseFeatureGates } from '../../../src/controller/index.js';
import { createTestNamespace, eventually, kubectl, kubectlOk, testKubeconfig, uniqueName } from '../support.js';
import {
  condition,
  configmapRgd,
  createRgdAndWaitActive,
  deleteRgd,
  startController,
  uniqueKind,
  updateRgd,
  useTestClient,
  waitRgd,
} from './harness.js';

const env = useTestClient();

interface EventJson {
  type: string;
  reason: string;
  message: string;
  count: number;
  source?: { component?: string };
  involvedObject: { kind: string; name: string; uid?: string };
}

async function eventsOf(name: string): Promise<EventJson[]> {
  const out = await kubectlOk(['get', 'events', '-n', 'default', '--field-selector', `involvedObject.name=${name}`, '-o', 'json']);
  return (JSON.parse(out) as { items: EventJson[] }).items;
}

test('condition transitions of an RGD become Events that kubectl shows', async () => {
  const prefix = uniqueName('evt');
  const controller = await startController(prefix);
  try {
    const name = `${prefix}-rgd`;
    await createRgdAndWaitActive(env.kube, configmapRgd(name, uniqueKind('Evt')));
    const ready = await eventually(async () => (await eventsOf(name)).find((e) => e.reason === 'Ready' && e.type === 'Normal'), { message: 'Ready event' });
    assert.match(ready.message, / -> True: Ready$/);
    assert.equal(ready.involvedObject.kind, 'ResourceGraphDefinition');
    assert.equal(ready.source?.component, 'kro/resourcegraphdefinition-controller');

    await updateRgd(env.kube, name, (r) => {
      r.spec.resources = [{ id: 'cm', template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${schema.spec.nope}' } } }];
    });
    await waitRgd(env.kube, name, (r) => condition(r, 'GraphAccepted')?.status === 'False', 'GraphAccepted False');
    const warning = await eventually(async () => (await eventsOf(name)).find((e) => e.reason === 'GraphAccepted' && e.type === 'Warning'), { message: 'GraphAccepted warning' });
    assert.equal(warning.message, 'True -> False: InvalidResourceGraph');
    const described = await kubectlOk(['describe', 'rgd', name]);
    assert.match(described, /Events:[\s\S]*Warning\s+GraphAccepted[\s\S]*True -> False: InvalidResourceGraph/);
    await deleteRgd(env.kube, name);
  } finally {
    await controller.stop();
  }
});

test('RGDConditionEvents=false turns RGD events off', async () => {
  const prefix = uniqueName('noevt');
  const controller = await startController(prefix, { featureGates: parseFeatureGates('RGDConditionEvents=false') });
  try {
    const name = `${prefix}-rgd`;
    await createRgdAndWaitActive(env.kube, configmapRgd(name, uniqueKind('NoEvt')));
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(await eventsOf(name), []);
    await deleteRgd(env.kube, name);
  } finally {
    await controller.stop();
  }
});

test('/healthz, /readyz and /metrics answer with upstream’s metric names', async () => {
  const prefix = uniqueName('probe');
  const controller = await startController(prefix);
  try {
    const name = `${prefix}-rgd`;
    await createRgdAndWaitActive(env.kube, configmapRgd(name, uniqueKind('Probe')));
    const health = controller.manager.healthAddress;
    const metrics = controller.manager.metricsAddress;
    assert.ok(health && metrics);
    assert.match(health, /^127\.0\.0\.1:/, 'bound to loopback outside a cluster');
    const healthz = await fetch(`http://${health}/healthz`);
    assert.equal(healthz.status, 200);
    assert.equal(await healthz.text(), 'ok');
    assert.equal((await fetch(`http://${health}/readyz`)).status, 200);
    const text = await (await fetch(`http://${metrics}/metrics`)).text();
    for (const metric of [
      `rgd_graph_build_total{name="${name}"} 1`,
      'rgd_graph_revision_issue_total{reason="no_revision"}',
      'rgd_graph_revision_resolution_total{result="serve"}',
      'graph_revision_compile_total{result="success"}',
      'graph_revision_registry_entries{state="Active"}',
      'controller_runtime_reconcile_total{controller="ResourceGraphDefinition",result="success"}',
      'workqueue_depth{name="GraphRevision",controller="GraphRevision"}',
    ]) {
      assert.ok(text.includes(metric), `missing ${metric}`);
    }
    await deleteRgd(env.kube, name);
    await controller.stop();
    await assert.rejects(fetch(`http://${health}/healthz`), 'probes stop with the controller');
  } finally {
    await controller.stop();
  }
});

test('--install-crds=false: the controller only waits for CRDs installed elsewhere', async () => {
  const prefix = uniqueName('noinst');
  const controller = await startController(prefix, { installCrds: false });
  try {
    const name = `${prefix}-rgd`;
    await createRgdAndWaitActive(env.kube, configmapRgd(name, uniqueKind('NoInstall')));
    await deleteRgd(env.kube, name);
  } finally {
    await controller.stop();
  }
});

test('leader election: a second replica waits for the lease and takes over when the leader stops', async () => {
  const prefix = uniqueName('lease');
  const namespace = await createTestNamespace('lease');
  const election = {
    leaderElect: true,
    leaderElectionNamespace: namespace,
    leaderElectionLeaseDurationMs: 3000,
    leaderElectionRenewDeadlineMs: 2000,
    leaderElectionRetryPeriodMs: 250,
  };
  const first = await startController(prefix, election);
  let second: Awaited<ReturnType<typeof startController>> | undefined;
  try {
    const lease = JSON.parse(await kubectlOk(['get', 'lease', 'controller.kro.run', '-n', namespace, '-o', 'json'])) as { spec: { holderIdentity: string; leaseDurationSeconds: number; renewTime: string } };
    assert.equal(lease.spec.leaseDurationSeconds, 3);
    assert.match(lease.spec.renewTime, /\.\d{6}Z$/, 'MicroTime');
    let secondStarted = false;
    const starting = startController(prefix, election).then((c) => {
      secondStarted = true;
      second = c;
      return c;
    });
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(secondStarted, false, 'the second replica waits while the first renews');
    const stoppedAt = Date.now();
    await first.stop();
    await starting;
    assert.ok(Date.now() - stoppedAt < 2500, 'a released lease is taken without waiting out its duration');
    const name = `${prefix}-rgd`;
    await createRgdAndWaitActive(env.kube, configmapRgd(name, uniqueKind('Lease')));
    await deleteRgd(env.kube, name);
  } finally {
    await first.stop();
    await second?.stop();
    await kubectl(['delete', 'namespace', namespace, '--wait=false']);
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

test('kro controller runs as a process: JSON logs, probes, the Lease, and a clean exit on SIGTERM', async () => {
  const prefix = uniqueName('proc');
  const namespace = await createTestNamespace('proc');
  const [healthPort, metricsPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [
    'bin/kro.js', 'controller',
    '--kubeconfig', testKubeconfig(),
    '--rgd-name-prefix', prefix,
    '--health-probe-bind-address', `127.0.0.1:${healthPort}`,
    '--metrics-bind-address', `127.0.0.1:${metricsPort}`,
    '--rgd-progress-requeue-delay=300ms',
    '--leader-elect=true',
    '--leader-election-namespace', namespace,
    '--graceful-shutdown-timeout', '20s',
    '--allow-crd-deletion',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await eventually(async () => ((await fetch(`http://127.0.0.1:${healthPort}/readyz`)).status === 200 ? true : undefined), { message: 'ready', timeoutMs: 30_000 });
    const name = `${prefix}-rgd`;
    await createRgdAndWaitActive(env.kube, configmapRgd(name, uniqueKind('Proc')));
    const holder = (JSON.parse(await kubectlOk(['get', 'lease', 'controller.kro.run', '-n', namespace, '-o', 'json'])) as { spec: { holderIdentity: string } }).spec.holderIdentity;
    assert.ok(holder, 'the process holds the lease');
    assert.match(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text(), /rgd_graph_build_total/);
    await deleteRgd(env.kube, name);

    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    const lines = stderr.trim().split('\n');
    const entries = lines.map((l) => JSON.parse(l) as { level: string; msg: string; ts: string });
    assert.ok(entries.every((e) => typeof e.msg === 'string' && typeof e.level === 'string' && typeof e.ts === 'string'), 'structured JSON, one entry per line');
    assert.ok(entries.some((e) => e.msg === 'controllers started'));
    assert.equal(entries.at(-1)?.msg, 'controller stopped');
    const released = JSON.parse(await kubectlOk(['get', 'lease', 'controller.kro.run', '-n', namespace, '-o', 'json'])) as { spec: { holderIdentity?: string } };
    assert.ok(!released.spec.holderIdentity, 'the lease is released on shutdown');
  } finally {
    child.kill('SIGKILL');
    await kubectl(['delete', 'namespace', namespace, '--wait=false']);
  }
});

test('kro controller --help lists upstream’s flags; bad values fail in one line', async () => {
  const help = await run(['controller', '--help']);
  assert.equal(help.code, 0);
  for (const flag of [
    '--metrics-bind-address', '--health-probe-bind-address', '--pprof-bind-address', '--leader-elect', '--enable-controller-warmup',
    '--leader-election-namespace', '--leader-election-lease-duration', '--leader-election-renew-deadline', '--leader-election-retry-period',
    '--allow-crd-deletion', '--graceful-shutdown-timeout', '--resource-graph-definition-concurrent-reconciles',
    '--graph-revision-concurrent-reconciles', '--dynamic-controller-concurrent-reconciles', '--dynamic-controller-rate-limiter-min-delay',
    '--dynamic-controller-rate-limiter-max-delay', '--dynamic-controller-rate-limiter-rate-limit', '--dynamic-controller-rate-limiter-burst-limit',
    '--instance-requeue-interval', '--dynamic-controller-default-resync-period', '--dynamic-controller-default-queue-max-retries',
    '--client-qps', '--client-burst', '--rgd-max-collection-size', '--rgd-max-collection-dimension-size', '--rgd-max-graph-revisions',
    '--rgd-progress-requeue-delay', '--feature-gates', '--zap-devel', '--zap-encoder', '--zap-log-level', '--zap-stacktrace-level',
    '--zap-time-encoding', '--kubeconfig', '--context', '--install-crds',
  ]) {
    assert.ok(help.stdout.includes(flag), `--help lists ${flag}`);
  }
  const bad = await run(['controller', '--rgd-progress-requeue-delay', 'soon']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /invalid value "soon" for --rgd-progress-requeue-delay/);
  const gate = await run(['controller', '--feature-gates', 'NoSuchGate=true']);
  assert.equal(gate.code, 2);
  assert.match(gate.stderr, /unrecognized feature gate: NoSuchGate/);
  const noCluster = await run(['controller', '--kubeconfig', '/nonexistent/kubeconfig', '--health-probe-bind-address=0', '--metrics-bind-address=0']);
  assert.equal(noCluster.code, 1);
  assert.equal(noCluster.stderr.trim().split('\n').filter((l) => l.startsWith('error:')).length, 1, noCluster.stderr);
  assert.doesNotMatch(noCluster.stderr, /\n\s+at /, 'no stack trace');
});

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/kro.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
