// What `kro dev -f` applies and in which order: Namespaces and CRDs, then RGDs (waited for until Active), then the
// rest (instances among them), each phase in input order; documents that cannot be applied are located errors.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyPhase, loadManifests, orderForApply } from '../../../src/cli/dev/manifests.js';

const names = (ms: readonly { object: { kind: string; metadata: { name?: string } } }[]) => ms.map((m) => `${m.object.kind}/${m.object.metadata.name ?? ''}`);

const input = `apiVersion: kro.run/v1alpha1
kind: WebApp
metadata:
  name: hello
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
---
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: webapp.kro.run
spec: {}
---
apiVersion: v1
kind: Namespace
metadata:
  name: team-a
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
---
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: second.kro.run
spec: {}
`;

describe('kro dev manifests', () => {
  test('RGDs go before everything that may be their instance; Namespaces and CRDs first; input order kept', () => {
    const loaded = loadManifests([{ name: 'all.yaml', text: input }]);
    assert.deepEqual(loaded.diagnostics, []);
    const ordered = orderForApply(loaded.manifests);
    assert.deepEqual(names(ordered.setup), ['Namespace/team-a', 'CustomResourceDefinition/widgets.example.com']);
    assert.deepEqual(names(ordered.rgds), ['ResourceGraphDefinition/webapp.kro.run', 'ResourceGraphDefinition/second.kro.run']);
    assert.deepEqual(names(ordered.objects), ['WebApp/hello', 'ConfigMap/settings']);
  });

  test('files keep their order across -f flags, and each document knows where it starts', () => {
    const loaded = loadManifests([
      { name: 'instance.yaml', text: 'apiVersion: kro.run/v1alpha1\nkind: WebApp\nmetadata:\n  name: a\n' },
      { name: 'rgd.yaml', text: '# the RGD\napiVersion: kro.run/v1alpha1\nkind: ResourceGraphDefinition\nmetadata:\n  name: r\nspec: {}\n' },
    ]);
    const ordered = orderForApply(loaded.manifests);
    assert.deepEqual(names(ordered.rgds), ['ResourceGraphDefinition/r']);
    assert.deepEqual(names(ordered.objects), ['WebApp/a']);
    assert.deepEqual(ordered.rgds[0]!.location, { file: 'rgd.yaml', line: 2, column: 1 });
  });

  test('only kro.run/v1alpha1 ResourceGraphDefinitions count as RGDs', () => {
    assert.equal(applyPhase({ apiVersion: 'example.com/v1', kind: 'ResourceGraphDefinition', metadata: { name: 'x' } }), 'object');
    assert.equal(applyPhase({ apiVersion: 'kro.run/v1alpha1', kind: 'ResourceGraphDefinition', metadata: { name: 'x' } }), 'rgd');
  });

  test('YAML errors and objects without apiVersion, kind or name are located errors', () => {
    const loaded = loadManifests([
      { name: 'bad.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {}\n---\nkind: Secret\nmetadata:\n  name: s\n---\n- a list\n---\nkey: [unclosed\n' },
    ]);
    assert.deepEqual(loaded.manifests, []);
    const messages = loaded.diagnostics.map((d) => `${d.location?.file}:${d.location?.line}: ${d.message}`);
    assert.equal(messages.length, 4, messages.join('\n'));
    assert.match(messages[0]!, /^bad\.yaml:\d+: YAML syntax error/);
    assert.match(messages[1]!, /^bad\.yaml:4: the object has no metadata\.name/);
    assert.match(messages[2]!, /^bad\.yaml:6: the object has no apiVersion/);
    assert.match(messages[3]!, /^bad\.yaml:10: the document is not a Kubernetes object/);
  });
});
