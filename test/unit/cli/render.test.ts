// `kro render` through the built binary: golden outputs for hand-written RGDs (a ConfigMap chain renders
// completely; a Deployment + Service whose status reads the Deployment's status waits until --observed supplies
// it), instance admission errors located in the instance file, JSON output, stdin.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { KRO_TS_VERSION } from '../../../src/kube/index.js';
import { golden, goldenDir, kro, readFixture, shown, type KroResult } from './helpers.js';

/** The kro version appears in labels; goldens hold a placeholder so a version bump does not change them. */
function normalized(text: string): string {
  return text.replaceAll(`kro.run/kro-version: ${KRO_TS_VERSION}`, 'kro.run/kro-version: <version>');
}

function assertGolden(name: string, r: KroResult): void {
  assert.equal(r.code, 0, shown(r));
  const actual = normalized(r.stdout);
  if (process.env.KRO_UPDATE_GOLDEN) writeFileSync(`${goldenDir}${name}`, actual);
  assert.equal(actual, golden(name), `${name} differs (KRO_UPDATE_GOLDEN=1 rewrites it; review the diff)`);
}

describe('kro render', () => {
  test('a chain of ConfigMaps renders completely: each applied object counts as observed for the next', async () => {
    const r = await kro(['render', '-f', 'chain.yaml', '-i', 'chain-instance.yaml']);
    assertGolden('chain.render.yaml', r);
    assert.match(r.stdout, /^ {2}message: hello world \(small\)$/m);
    assert.match(r.stdout, /^# {3}final: hello world \(small\)$/m);
    assert.match(r.stdout, /^# {3}state: ACTIVE$/m);
    assert.doesNotMatch(r.stdout, /not rendered|pending/);
    assert.equal(r.stderr, '');
  });

  test('Deployment + Service: the status field from the Deployment status is pending offline', async () => {
    const r = await kro(['render', '-f', 'app.yaml', '-i', 'app-instance.yaml']);
    assertGolden('app.render.yaml', r);
    assert.match(r.stdout, /^# pending status field: status waits: deployment\.status does not exist yet \(read by \$\{deployment\.status\.availableReplicas\}\)$/m);
    assert.doesNotMatch(r.stdout, /availableReplicas: /);
  });

  test('--observed supplies the live Deployment and its status fills the instance status', async () => {
    const r = await kro(['render', '-f', 'app.yaml', '-i', 'app-instance.yaml', '--observed', 'observed']);
    assertGolden('app.observed.render.yaml', r);
    assert.match(r.stdout, /^# {3}availableReplicas: 2$/m);
    assert.doesNotMatch(r.stdout, /pending/);
  });

  test('-o json: the objects in apply order, what did not render, the status', async () => {
    const r = await kro(['render', '-f', 'app.yaml', '-i', 'app-instance.yaml', '-o', 'json']);
    assert.equal(r.code, 0, shown(r));
    const report = JSON.parse(r.stdout) as {
      objects: { nodeId: string; applyOrder: number; object: { kind: string; metadata: { labels: Record<string, string> } } }[];
      pendingStatus: string[];
      instance: { status: { state: string; endpoint: string } };
    };
    assert.deepEqual(report.objects.map((o) => [o.nodeId, o.applyOrder, o.object.kind]), [['deployment', 1, 'Deployment'], ['service', 2, 'Service']]);
    assert.equal(report.objects[1]!.object.metadata.labels['kro.run/node-id'], 'service');
    assert.equal(report.instance.status.endpoint, 'shop-svc:8080');
    assert.equal(report.pendingStatus.length, 1);
  });

  test('nested RGDs: an instance of another input RGD\'s kind renders like any object, its spec readable by later resources', async () => {
    const r = await kro(['render', '-f', 'nested', '-i', '-'], {
      stdin: 'apiVersion: example.com/v1alpha1\nkind: Outer\nmetadata:\n  name: o\n  namespace: team\n',
    });
    assert.equal(r.code, 0, shown(r));
    // Inner's spec is known (the render applied it), so the echo ConfigMap renders.
    assert.match(r.stdout, /^# inner: example\.com\/v1alpha1 Inner \(apply order 1\)$/m);
    assert.match(r.stdout, /^ {2}spec: outer$/m);
  });

  test('readyWhen on status keeps dependents pending, naming what they wait for', async () => {
    const r = await kro(['render', '-f', 'ready.yaml', '-i', '-'], { stdin: 'apiVersion: v1alpha1\nkind: Ready\nmetadata:\n  name: r\n'.replace('v1alpha1', 'kro.run/v1alpha1') });
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /^# job: batch\/v1 Job \(apply order 1\)$/m);
    assert.match(r.stdout, /^# report: v1 ConfigMap not rendered \(IN_PROGRESS\): report waits for job: job is not ready: readyWhen \$\{job\.status\.succeeded == 1\} reads job\.status, which does not exist yet$/m);
    assert.match(r.stderr, /waiting for cluster data: job, report/);
  });

  test('the instance is admitted like the API server would: errors at file:line:col, exit 1', async () => {
    const r = await kro(['render', '-f', 'app.yaml', '-i', 'bad-instance.yaml']);
    assert.equal(r.code, 1, shown(r));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^bad-instance\.yaml:6:13: error: spec\.replicas: Invalid value: "string": spec\.replicas in body must be of type integer: "string" \[cli\/invalid-instance\]$/m);
    assert.match(r.stderr, /^bad-instance\.yaml:5:1: error: spec\.name: Required value \[cli\/invalid-instance\]$/m);
    assert.match(r.stderr, /^error: cannot render: 2 errors in the instance or observed objects$/m);
  });

  test("the instance CRD's CEL rules run offline: a violation is an error at file:line:col, an unevaluable rule a note", async () => {
    const r = await kro(['render', '-f', 'rules.yaml', '-i', 'rules-bad-instance.yaml']);
    assert.equal(r.code, 1, shown(r));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^rules-bad-instance\.yaml:6:13: error: spec\.replicas: Invalid value: 4: validation failed \[cli\/invalid-instance\]$/m);
    assert.match(r.stderr, /^ {2}expected: self % 2 == 1$/m);
    assert.match(r.stderr, /^note: Rules even: rule "int\(self\) > 0" at spec\.port was not checked offline \(evaluation failed: .*\); the API server will check it$/m);
    assert.match(r.stderr, /^error: cannot render: 1 error in the instance or observed objects$/m);
  });

  test('rules run on the defaulted instance: the default replicas passes its rule and renders', async () => {
    const stdin = 'apiVersion: example.com/v1alpha1\nkind: Rules\nmetadata:\n  name: ok\n';
    const r = await kro(['render', '-f', 'rules.yaml', '-i', '-'], { stdin });
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /^ {2}replicas: "3"$/m);
    assert.doesNotMatch(r.stderr, /not checked offline/);
  });

  test('an instance of a kind no input RGD defines is an error naming the kinds there are', async () => {
    const r = await kro(['render', '-f', 'app.yaml', '-i', 'chain-instance.yaml']);
    assert.equal(r.code, 1, shown(r));
    assert.match(r.stderr, /^chain-instance\.yaml:2:7: error: no ResourceGraphDefinition of the input defines example\.com\/v1alpha1 Chain/m);
    assert.match(r.stderr, /^ {2}expected: example\.com\/v1alpha1 App$/m);
  });

  test('other documents next to the instance (a Namespace) are skipped with a note', async () => {
    const stdin = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n---\n${readFixture('chain-instance.yaml')}`;
    const r = await kro(['render', '-f', 'chain.yaml', '-i', '-'], { stdin });
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stderr, /^note: ignored Namespace team: not an instance of the input's ResourceGraphDefinitions$/m);
    assert.equal((r.stdout.match(/^kind: ConfigMap$/gm) ?? []).length, 3);
  });

  test('generate instance piped into render (stdin) renders the sample', async () => {
    const sample = await kro(['generate', 'instance', '-f', 'app.yaml']);
    assert.equal(sample.code, 0, shown(sample));
    const r = await kro(['render', '-f', 'app.yaml', '--instance', '-'], { stdin: sample.stdout });
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /^# kro render: ResourceGraphDefinition app\.example\.com, App default\/app-sample$/m);
    assert.equal((r.stdout.match(/^kind: /gm) ?? []).length, 2);
  });

  test('usage: --instance is required; a missing instance file exits 2', async () => {
    const none = await kro(['render', '-f', 'app.yaml']);
    assert.equal(none.code, 2, shown(none));
    assert.match(none.stderr, /--instance is required/);
    const missing = await kro(['render', '-f', 'app.yaml', '-i', 'nope.yaml']);
    assert.equal(missing.code, 2, shown(missing));
    assert.equal(missing.stderr, 'error: cannot read nope.yaml: no such file or directory\n');
  });

  test('an RGD with errors is not rendered', async () => {
    const r = await kro(['render', '-f', 'cycle.yaml', '-i', '-'], { stdin: readFixture('chain-instance.yaml') });
    assert.equal(r.code, 1, shown(r));
    assert.match(r.stderr, /\[graph\/cycle\]/);
    assert.match(r.stderr, /^error: cannot render: 1 error in the input/m);
  });
});
