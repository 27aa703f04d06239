// `kro validate rgd --cluster` against the real kube-apiserver: kinds come from the cluster's discovery and
// OpenAPI (a CRD installed with kubectl first), so an RGD that fails offline validates, and type errors are found
// against the installed schema. The CRD's group is unique to this run (files share the control plane).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { kro, shown } from '../../unit/cli/helpers.js';
import { kubectl, kubectlOk, testKubeconfig, uniqueName } from '../support.js';

const group = `${uniqueName('cli')}.example.com`;
const crdName = `gadgets.${group}`;
const dir = mkdtempSync(join(tmpdir(), 'kro-cli-'));

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: crdName },
  spec: {
    group,
    names: { kind: 'Gadget', plural: 'gadgets', singular: 'gadget', listKind: 'GadgetList' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', properties: { size: { type: 'integer' }, color: { type: 'string' } } },
              status: { type: 'object', properties: { ready: { type: 'boolean' } } },
            },
          },
        },
      },
    ],
  },
};

function rgd(sizeExpression: string): string {
  return `apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: gadgets.${group}
spec:
  schema:
    apiVersion: v1alpha1
    kind: GadgetBox
    spec:
      name: string | default="box"
      count: integer | default=3
    status:
      ready: \${gadget.status.ready}
  resources:
    - id: gadget
      template:
        apiVersion: ${group}/v1
        kind: Gadget
        metadata:
          name: \${schema.spec.name}
        spec:
          size: ${sizeExpression}
`;
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('kro validate rgd --cluster', () => {
  before(async () => {
    await kubectlOk(['apply', '-f', '-'], JSON.stringify(crd));
    await kubectlOk(['wait', '--for=condition=Established', '--timeout=60s', `crd/${crdName}`]);
  });

  after(async () => {
    await kubectl(['delete', 'crd', crdName, '--wait=false', '--ignore-not-found']);
    rmSync(dir, { recursive: true, force: true });
  });

  test('a kind installed in the cluster validates with --cluster, and is unknown offline', async () => {
    const file = write('valid.yaml', rgd('${schema.spec.count}'));
    const r = await kro(['validate', 'rgd', '-f', file, '--cluster', '--kubeconfig', testKubeconfig()]);
    assert.equal(r.code, 0, shown(r));
    assert.equal(r.stdout, 'Validation successful! The ResourceGraphDefinition is valid.\n');
    const offline = await kro(['validate', 'rgd', '-f', file]);
    assert.equal(offline.code, 1, shown(offline));
    assert.match(offline.stderr, new RegExp(`${group.replaceAll('.', '\\.')}/v1, Kind=Gadget.*\\[graph/unknown-kind\\]`));
  });

  test('type errors are found against the cluster\'s schema and located in the file', async () => {
    const file = write('typed.yaml', rgd('${schema.spec.name}'));
    const r = await kro(['validate', 'rgd', '-f', file, '--cluster', '--kubeconfig', testKubeconfig()]);
    assert.equal(r.code, 1, shown(r));
    assert.match(r.stderr, new RegExp(`^${file.replaceAll('.', '\\.')}:22:17: error: .*\\[graph/type-mismatch\\]$`, 'm'));
    assert.match(r.stderr, /^ {2}expected: int$/m);
    assert.match(r.stderr, /^ {2}found: string$/m);
  });

  test('a context the kubeconfig does not have is one clear error', async () => {
    const file = write('ctx.yaml', rgd('${schema.spec.count}'));
    const r = await kro(['validate', 'rgd', '-f', file, '--cluster', '--kubeconfig', testKubeconfig(), '--context', 'no-such-context']);
    assert.equal(r.code, 1, shown(r));
    assert.match(r.stderr, /^error: cannot load the kubeconfig: .*no-such-context/m);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
