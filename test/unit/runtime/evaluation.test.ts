// InstanceRun without a cluster: includeWhen (static, resource-backed, contagious, null), readiness and readyWhen
// (raw JSON, `each`, collection counts, empty collections), templates, string templates, omit(), namespaces.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject } from '../../../src/api/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deep reads into resolved templates
type JsonTree = any;
import { InstanceRun } from '../../../src/runtime/index.js';
import { compileYaml, instanceOf } from './helpers.js';

function cm(name: string, data: Record<string, string> = {}, namespace = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

describe('includeWhen (H1, behaviors 28-29)', () => {
  const rgd = `
schema: { apiVersion: v1alpha1, kind: Inc, spec: { name: string, on: boolean, maybe: "string" } }
resources:
  - id: base
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${schema.spec.name}" }, data: { mode: x } }
  - id: static
    includeWhen: ["\${schema.spec.on}"]
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: static } }
  - id: child
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${static.metadata.name}-child" } }
  - id: gated
    includeWhen: ["\${base.data.mode == 'on'}"]
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: gated } }
  - id: nullish
    includeWhen: ["\${schema.spec.?maybe.optMap(m, m == 'x')}"]
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: nullish } }
`;

  test('static false skips the node and, contagiously, its dependents', async () => {
    const graph = await compileYaml(rgd);
    const run = new InstanceRun(graph, instanceOf(graph, { name: 'n', on: false }));
    assert.deepEqual(run.isIgnored('static'), { ok: true, value: true });
    assert.deepEqual(run.isIgnored('child'), { ok: true, value: true });
    assert.deepEqual(run.checkReadiness('static'), { ready: true }, 'ignored nodes count as ready');
    assert.deepEqual(run.isIgnored('base'), { ok: true, value: false });
  });

  test('an optional none counts as false', async () => {
    const graph = await compileYaml(rgd);
    const run = new InstanceRun(graph, instanceOf(graph, { name: 'n', on: true }));
    assert.deepEqual(run.isIgnored('nullish'), { ok: true, value: true });
    const run2 = new InstanceRun(graph, instanceOf(graph, { name: 'n', on: true, maybe: 'x' }));
    assert.deepEqual(run2.isIgnored('nullish'), { ok: true, value: false });
  });

  test('resource-backed includeWhen waits for its dependency to be observed and ready', async () => {
    const graph = await compileYaml(rgd);
    const run = new InstanceRun(graph, instanceOf(graph, { name: 'n', on: true }));
    const pending = run.isIgnored('gated');
    assert.equal(pending.ok, false);
    if (pending.ok) return;
    assert.equal(pending.issue.kind, 'pending');
    assert.equal(pending.issue.message, 'includeWhen dependency "base" not ready: node "base": no observed state: waiting for readiness (data pending)');
    run.setObserved('base', [cm('n', { mode: 'off' })]);
    run.beginPass();
    assert.deepEqual(run.isIgnored('gated'), { ok: true, value: true });
    run.setObserved('base', [cm('n', { mode: 'on' })]);
    run.beginPass();
    assert.deepEqual(run.isIgnored('gated'), { ok: true, value: false });
  });

  test('missing data read by a schema-only includeWhen is an error, as upstream', async () => {
    const graph = await compileYaml(`
schema: { apiVersion: v1alpha1, kind: Inc2, spec: { flags: "map[string]boolean" } }
resources:
  - id: x
    includeWhen: ["\${schema.spec.flags.enabled}"]
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: x } }
`);
    const run = new InstanceRun(graph, instanceOf(graph, { flags: {} }));
    const result = run.isIgnored('x');
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.issue.kind, 'error');
      assert.equal(result.issue.message, 'includeWhen "schema.spec.flags.enabled": no such key: enabled');
    }
  });
});

describe('readiness (H2, G4)', () => {
  test('without readyWhen a node is ready once observed; readyWhen sees raw JSON (15)', async () => {
    const graph = await compileYaml(`
schema: { apiVersion: v1alpha1, kind: Rd, spec: { name: string } }
resources:
  - id: plain
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: plain } }
  - id: secret
    readyWhen: ["\${string(secret.data.token) == 'c2VjcmV0'}"]
    template: { apiVersion: v1, kind: Secret, metadata: { name: s } }
`);
    const run = new InstanceRun(graph, instanceOf(graph, { name: 'x' }));
    const notObserved = run.checkReadiness('plain');
    assert.equal(notObserved.ready, false);
    if (!notObserved.ready) assert.equal(notObserved.issue.message, 'node "plain": no observed state: waiting for readiness');
    run.setObserved('plain', [cm('plain')]);
    assert.deepEqual(run.checkReadiness('plain'), { ready: true });
    // Typed, Secret data would be bytes and string() would decode it; readyWhen sees the raw base64 text.
    run.setObserved('secret', [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { token: 'c2VjcmV0' } }]);
    assert.deepEqual(run.checkReadiness('secret'), { ready: true });
  });

  test('collections: each item, fewer observed than desired, empty collection', async () => {
    const graph = await compileYaml(`
schema: { apiVersion: v1alpha1, kind: Rc, spec: { names: "[]string" } }
resources:
  - id: cms
    forEach: [{ n: "\${schema.spec.names}" }]
    readyWhen: ["\${each.data.ok == 'true'}"]
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: "\${n}" } }
`);
    const run = new InstanceRun(graph, instanceOf(graph, { names: ['a', 'b'] }));
    const before = run.checkReadiness('cms');
    assert.equal(before.ready, false);
    if (!before.ready) assert.equal(before.issue.message, 'node "cms": collection not computed (waiting for readiness)');
    assert.equal(run.desired('cms').ok, true);
    run.setObserved('cms', [cm('a', { ok: 'true' })]);
    const partial = run.checkReadiness('cms');
    if (!partial.ready) assert.equal(partial.issue.message, 'node "cms": collection not ready: observed 1 but desired 2 (waiting for readiness)');
    else assert.fail('expected not ready');
    run.setObserved('cms', [cm('b', { ok: 'false' }), cm('a', { ok: 'true' })]);
    assert.deepEqual(run.observed('cms')?.map((o) => o.metadata.name), ['a', 'b'], 'aligned to desired order');
    const falseItem = run.checkReadiness('cms');
    if (!falseItem.ready) assert.equal(falseItem.issue.message, 'readyWhen condition evaluated to false: "each.data.ok == \'true\'" (waiting for readiness)');
    else assert.fail('expected not ready');
    run.setObserved('cms', [cm('b', { ok: 'true' }), cm('a', { ok: 'true' })]);
    assert.deepEqual(run.checkReadiness('cms'), { ready: true });

    const empty = new InstanceRun(graph, instanceOf(graph, { names: [] }));
    assert.deepEqual(empty.desired('cms'), { ok: true, value: [] });
    assert.deepEqual(empty.checkReadiness('cms'), { ready: true });
  });

  test('readyWhen of a selector externalRef reads the whole list (behavior 30, fixed)', async () => {
    const graph = await compileYaml(`
schema: { apiVersion: v1alpha1, kind: Sel, spec: { team: string } }
resources:
  - id: peers
    readyWhen: ["\${peers.all(p, p.data.ready == 'yes')}"]
    externalRef:
      apiVersion: v1
      kind: ConfigMap
      metadata: { selector: { matchLabels: { team: "\${schema.spec.team}" } } }
`);
    const run = new InstanceRun(graph, instanceOf(graph, { team: 'a' }));
    run.setObserved('peers', []);
    assert.deepEqual(run.checkReadiness('peers'), { ready: true }, 'no match is ready');
    run.setObserved('peers', [cm('p1', { ready: 'yes' }), cm('p2', { ready: 'no' })]);
    assert.equal(run.checkReadiness('peers').ready, false);
    run.setObserved('peers', [cm('p1', { ready: 'yes' }), cm('p2', { ready: 'yes' })]);
    assert.deepEqual(run.checkReadiness('peers'), { ready: true });
  });
});

describe('desired objects', () => {
  test('templates, string templates, typed values and namespace defaulting (32)', async () => {
    const graph = await compileYaml(`
schema: { apiVersion: v1alpha1, kind: Tpl, spec: { name: string, replicas: integer, port: integer } }
resources:
  - id: deploy
    template:
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: "\${schema.spec.name}-web", labels: { app: "\${schema.spec.name}" } }
      spec:
        replicas: \${schema.spec.replicas}
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec: { containers: [{ name: web, image: "nginx:\${string(schema.spec.port)}", ports: [{ containerPort: "\${schema.spec.port}" }] }] }
  - id: ns
    template: { apiVersion: v1, kind: Namespace, metadata: { name: "\${schema.spec.name}" } }
`);
    const run = new InstanceRun(graph, instanceOf(graph, { name: 'a', replicas: 3, port: 8080 }, { namespace: 'team' }));
    const desired = run.desired('deploy');
    assert.ok(desired.ok);
    const d = desired.value[0]! as JsonTree;
    assert.equal(d.metadata.name, 'a-web');
    assert.equal(d.metadata.namespace, 'team', 'namespaced kinds default to the instance namespace');
    assert.deepEqual(d.metadata.labels, { app: 'a' });
    assert.equal(d.spec.replicas, 3);
    assert.equal(d.spec.template.spec.containers[0].image, 'nginx:8080');
    assert.equal(d.spec.template.spec.containers[0].ports[0].containerPort, 8080);
    const ns = run.desired('ns');
    assert.ok(ns.ok);
    assert.equal((ns.value[0]!.metadata as Record<string, unknown>).namespace, undefined, 'cluster-scoped kinds get no namespace');
  });

  test('a cluster-scoped instance must resolve namespaces of namespaced children (M1)', async () => {
    const graph = await compileYaml(`
schema: { apiVersion: v1alpha1, kind: Cs, scope: Cluster, spec: { ns: string } }
resources:
  - id: cm
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: x, namespace: "\${schema.spec.ns}" } }
`);
    const run = new InstanceRun(graph, instanceOf(graph, { ns: '' }, { namespace: null }));
    assert.deepEqual(run.desired('cm'), {
      ok: false,
      issue: { kind: 'error', message: 'node "cm" is namespaced and must resolve metadata.namespace when the instance is cluster-scoped' },
    });
    const ok = new InstanceRun(graph, instanceOf(graph, { ns: 'apps' }, { namespace: null }));
    const desired = ok.desired('cm');
    assert.ok(desired.ok);
    assert.equal((desired.value[0]!.metadata as Record<string, unknown>).namespace, 'apps');
  });

  test('omit() removes map keys and list elements after all values are set (H6)', async () => {
    const graph = await compileYaml(
      `
schema: { apiVersion: v1alpha1, kind: Om, spec: { a: "string", b: "string" } }
resources:
  - id: cm
    template:
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: x }
      data:
        a: "\${schema.spec.a == '' ? omit() : schema.spec.a}"
        b: "\${schema.spec.b}"
  - id: pod
    template:
      apiVersion: v1
      kind: Pod
      metadata: { name: p }
      spec:
        containers:
          - name: c
            image: busybox
            command: ["sh", "\${schema.spec.a == '' ? omit() : '-c'}", "\${schema.spec.b}"]
`,
      { omit: true },
    );
    const run = new InstanceRun(graph, instanceOf(graph, { a: '', b: 'B' }));
    const cmDesired = run.desired('cm');
    assert.ok(cmDesired.ok);
    assert.deepEqual(cmDesired.value[0]!.data, { b: 'B' });
    const pod = run.desired('pod');
    assert.ok(pod.ok);
    assert.deepEqual((pod.value[0] as JsonTree).spec.containers[0].command, ['sh', 'B']);
    const full = new InstanceRun(graph, instanceOf(graph, { a: 'A', b: 'B' }));
    const fullCm = full.desired('cm');
    assert.ok(fullCm.ok);
    assert.deepEqual(fullCm.value[0]!.data, { a: 'A', b: 'B' });
  });

  test('dependencies that are not ready make a node pending, with upstream wording', async () => {
    const graph = await compileYaml(`
schema: { apiVersion: v1alpha1, kind: Pd, spec: { name: string } }
resources:
  - id: a
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: a }, data: { k: v } }
  - id: b
    template: { apiVersion: v1, kind: ConfigMap, metadata: { name: b }, data: { k: "\${a.data.k}" } }
`);
    const run = new InstanceRun(graph, instanceOf(graph, { name: 'x' }));
    const b = run.desired('b');
    assert.equal(b.ok, false);
    if (!b.ok) {
      assert.equal(b.issue.kind, 'pending');
      assert.equal(b.issue.message, 'node "b": dependent node "a" not ready: node "a": no observed state: waiting for readiness (data pending)');
      assert.equal(b.issue.detail?.dependency, 'a');
    }
  });
});

describe('forEach collections (H3, behavior 31)', () => {
  const PRODUCT = `
schema: { apiVersion: v1alpha1, kind: Fe, spec: { regions: "[]string", tiers: "[]string", size: integer } }
resources:
  - id: cms
    forEach: [{ region: "\${schema.spec.regions}" }, { tier: "\${schema.spec.tiers}" }]
    template:
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: "\${region + '-' + tier}" }
      data: { region: "\${region}", tier: "\${tier}", size: "\${string(schema.spec.size)}" }
`;

  test('cartesian product, first dimension outer, iterators bound per item, index labels', async () => {
    const graph = await compileYaml(PRODUCT);
    const run = new InstanceRun(graph, instanceOf(graph, { regions: ['eu', 'us'], tiers: ['web', 'db'], size: 2 }));
    const desired = run.desired('cms');
    assert.ok(desired.ok);
    assert.deepEqual(
      desired.value.map((o): unknown[] => [(o.metadata as JsonTree).name, (o.metadata as JsonTree).labels['kro.run/collection-index'], (o.data as JsonTree).size]),
      [['eu-web', '0', '2'], ['eu-db', '1', '2'], ['us-web', '2', '2'], ['us-db', '3', '2']],
    );
  });

  test('an empty dimension yields no items', async () => {
    const graph = await compileYaml(PRODUCT);
    const run = new InstanceRun(graph, instanceOf(graph, { regions: [], tiers: ['web'], size: 1 }));
    assert.deepEqual(run.desired('cms'), { ok: true, value: [] });
  });

  test('the size cap is checked while multiplying, with upstream wording', async () => {
    const graph = await compileYaml(PRODUCT);
    const names = Array.from({ length: 34 }, (_, i) => `n${i}`);
    const run = new InstanceRun(graph, instanceOf(graph, { regions: names, tiers: names, size: 1 }), { maxCollectionSize: 1000 });
    assert.deepEqual(run.desired('cms'), { ok: false, issue: { kind: 'error', message: 'collection size of 1156 is over the maximum collection size of 1000' } });
  });

  test('duplicate identities are an error', async () => {
    const graph = await compileYaml(PRODUCT);
    const run = new InstanceRun(graph, instanceOf(graph, { regions: ['eu', 'eu'], tiers: ['web'], size: 1 }));
    assert.deepEqual(run.desired('cms'), {
      ok: false,
      issue: { kind: 'error', message: 'node "cms" identity collision: duplicate identity: /v1/ConfigMap//eu-web' },
    });
  });
});

describe('values flowing through templates', () => {
  test('instance data is never evaluated again (17); an optional without value renders null (13)', async () => {
    const graph = await compileYaml(`
schema: { apiVersion: v1alpha1, kind: Iso, spec: { text: string, opts: "map[string]string" } }
resources:
  - id: cm
    template:
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: iso }
      data: { text: "\${schema.spec.text}" }
  - id: pod
    template:
      apiVersion: v1
      kind: Pod
      metadata: { name: p, annotations: { note: "\${schema.spec.opts.?note}" } }
      spec: { containers: [{ name: c, image: busybox }] }
`);
    const run = new InstanceRun(graph, instanceOf(graph, { text: '${cm.metadata.name}', opts: {} }));
    const cmDesired = run.desired('cm');
    assert.ok(cmDesired.ok);
    assert.deepEqual(cmDesired.value[0]!.data, { text: '${cm.metadata.name}' });
    const pod = run.desired('pod');
    assert.ok(pod.ok);
    assert.deepEqual((pod.value[0]!.metadata as JsonTree).annotations, { note: null });
  });
});
