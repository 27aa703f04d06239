// `kro generate crd|instance|diagram` through the built binary.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { KRO_TS_VERSION } from '../../../src/kube/index.js';
import { kro, shown } from './helpers.js';

describe('kro generate crd', () => {
  test('prints the instance CRD with the kro.run/cli-version annotation', async () => {
    const r = await kro(['generate', 'crd', '-f', 'app.yaml']);
    assert.equal(r.code, 0, shown(r));
    const crd = parse(r.stdout) as { metadata: { name: string; annotations: Record<string, string> }; spec: { versions: { schema: { openAPIV3Schema: { properties: { spec: { properties: Record<string, { default?: unknown }> }; status: { properties: Record<string, unknown> } } } } }[] } };
    assert.equal(crd.metadata.name, 'apps.example.com');
    assert.equal(crd.metadata.annotations['kro.run/cli-version'], KRO_TS_VERSION);
    const schema = crd.spec.versions[0]!.schema.openAPIV3Schema;
    assert.equal(schema.properties.spec.properties.replicas!.default, 2);
    // The status schema is inferred from the status expressions.
    assert.deepEqual(Object.keys(schema.properties.status.properties).sort(), ['availableReplicas', 'conditions', 'endpoint', 'state']);
    assert.match(r.stdout, /^apiVersion: apiextensions\.k8s\.io\/v1\nkind: CustomResourceDefinition\nmetadata:\n {2}name: apps\.example\.com\n/);
  });

  test('-o json is one JSON document; several RGDs become a List; --name picks one', async () => {
    const one = await kro(['generate', 'crd', '-f', 'chain.yaml', '-o', 'json']);
    assert.equal(one.code, 0, shown(one));
    assert.equal((JSON.parse(one.stdout) as { kind: string }).kind, 'CustomResourceDefinition');
    const many = await kro(['generate', 'crd', '-f', 'nested', '-o', 'json']);
    const list = JSON.parse(many.stdout) as { kind: string; items: { metadata: { name: string } }[] };
    assert.equal(list.kind, 'List');
    assert.deepEqual(list.items.map((i) => i.metadata.name), ['inners.example.com', 'outers.example.com']);
    const picked = await kro(['generate', 'crd', '-f', 'nested', '--name', 'outer.example.com']);
    assert.equal((parse(picked.stdout) as { metadata: { name: string } }).metadata.name, 'outers.example.com');
    const wrong = await kro(['generate', 'crd', '-f', 'nested', '--name', 'nope']);
    assert.equal(wrong.code, 2, shown(wrong));
    assert.match(wrong.stderr, /no ResourceGraphDefinition named nope in the input \(found: inner\.example\.com, outer\.example\.com\)/);
  });

  test('the same input gives byte-identical output (deterministic key order)', async () => {
    const a = await kro(['generate', 'crd', '-f', 'app.yaml']);
    const b = await kro(['generate', 'crd', '-f', '-'], { stdin: (await import('node:fs')).readFileSync(new URL('../../../../test/unit/cli/fixtures/app.yaml', import.meta.url), 'utf8') });
    assert.equal(a.stdout, b.stdout);
  });

  test('an invalid RGD prints its errors and no CRD, exit 1', async () => {
    const r = await kro(['generate', 'crd', '-f', 'type-error.yaml']);
    assert.equal(r.code, 1, shown(r));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^type-error\.yaml:19:21: error:/m);
  });
});

describe('kro generate instance', () => {
  test('a sample with every field: defaults, first enum value, minimum bounds, pattern-matching values', async () => {
    const r = await kro(['generate', 'instance', '-f', 'sample.yaml']);
    assert.equal(r.code, 0, shown(r));
    assert.equal(r.stderr, '');
    const sample = parse(r.stdout) as { apiVersion: string; kind: string; metadata: Record<string, string>; spec: Record<string, unknown> };
    assert.equal(sample.apiVersion, 'apps.example.com/v1beta1');
    assert.equal(sample.kind, 'SampleApp');
    // Cluster-scoped: no namespace.
    assert.deepEqual(sample.metadata, { name: 'sampleapp-sample' });
    const spec = sample.spec;
    assert.equal(spec.tier, 'gold');
    assert.equal(spec.replicas, 3);
    assert.equal(spec.ratio, 0.5);
    assert.match(spec.code as string, /^[A-Z]{3}-[0-9]{4}$/);
    assert.match(spec.name as string, /^[a-z][a-z0-9-]{2,20}$/);
    assert.ok((spec.nick as string).length >= 12);
    assert.equal(spec.debug, false);
    assert.deepEqual(spec.limits, { cpu: '500m', memory: '1Gi' });
    assert.deepEqual(spec.tags, ['tags']);
    assert.deepEqual(spec.labels, {});
    assert.deepEqual(Object.keys(spec.owner as object).sort(), ['age', 'email']);
    assert.equal((spec.owner as { age: number }).age, 18);
  });

  test('namespaced kinds get namespace default; the output is valid input for render and identical run to run', async () => {
    const a = await kro(['generate', 'instance', '-f', 'app.yaml']);
    const b = await kro(['generate', 'instance', '-f', 'app.yaml']);
    assert.equal(a.stdout, b.stdout);
    assert.equal(
      a.stdout,
      'apiVersion: example.com/v1alpha1\nkind: App\nmetadata:\n  name: app-sample\n  namespace: default\nspec:\n  image: nginx:1.27\n  name: name\n  port: 8080\n  replicas: 2\n',
    );
  });

  test('-o json', async () => {
    const r = await kro(['generate', 'instance', '-f', 'chain.yaml', '-o', 'json']);
    assert.equal(r.code, 0, shown(r));
    assert.deepEqual(JSON.parse(r.stdout), {
      apiVersion: 'example.com/v1alpha1',
      kind: 'Chain',
      metadata: { name: 'chain-sample', namespace: 'default' },
      spec: { greeting: 'hello', size: 'small' },
    });
  });

  test('a bad -o value is a usage error', async () => {
    const r = await kro(['generate', 'instance', '-f', 'chain.yaml', '-o', 'toml']);
    assert.equal(r.code, 2, shown(r));
    assert.match(r.stderr, /Allowed choices are yaml, json/);
  });
});

describe('kro generate diagram', () => {
  test('mermaid: node ids, kinds, order, conditions and edges', async () => {
    const r = await kro(['generate', 'diagram', '-f', 'ready.yaml', '--format', 'mermaid']);
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /^flowchart TD$/m);
    assert.match(r.stdout, /^%% topological order: job, report$/m);
    assert.match(r.stdout, /^ {2}n_job\["job \(1\)<br\/>batch\/v1 Job<br\/>readyWhen \$\{job\.status\.succeeded == 1\}"\]$/m);
    assert.match(r.stdout, /^ {2}n_report\["report \(2\)<br\/>v1 ConfigMap"\]$/m);
    assert.match(r.stdout, /^ {2}n_job --> n_report$/m);
  });

  test('dot: a digraph with one node per resource and the dependency edges', async () => {
    const r = await kro(['generate', 'diagram', '-f', 'chain.yaml', '--format', 'dot']);
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /^digraph "chain\.example\.com" \{$/m);
    assert.match(r.stdout, /^ {2}"first" -> "second";$/m);
    assert.match(r.stdout, /^ {2}"second" -> "third";$/m);
    assert.match(r.stdout, /^ {2}"third" \[label="third \(3\)\\nv1 ConfigMap", style="rounded"\];$/m);
  });

  test('html (the default): one self-contained page with an inline SVG of every node and edge', async () => {
    const r = await kro(['generate', 'diagram', '-f', 'app.yaml']);
    assert.equal(r.code, 0, shown(r));
    const html = r.stdout;
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal((html.match(/<g class="node /g) ?? []).length, 2);
    assert.equal((html.match(/<path class="edge"/g) ?? []).length, 1);
    assert.match(html, /data-from="deployment" data-to="service"/);
    // Nothing is loaded from the network.
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  test('several RGDs need --name', async () => {
    const r = await kro(['generate', 'diagram', '-f', 'nested']);
    assert.equal(r.code, 2, shown(r));
    assert.match(r.stderr, /holds 2 ResourceGraphDefinitions \(inner\.example\.com, outer\.example\.com\); choose one with --name/);
  });
});
