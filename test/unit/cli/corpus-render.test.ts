// `kro render` on every upstream example that builds offline (the BUILDS table of test/unit/graph/corpus.test.ts,
// read from ../shared/corpus at run time): generate a sample instance with `kro generate instance`, render it, and
// check that the render succeeds and every rendered object carries kro's labels and its node id.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { corpusPath, kro, shown } from './helpers.js';

/** Files that build offline on their own (with the ACK CRDs), from the graph builder's corpus table. */
const BUILDS = [
  'apigateway/vpc-lattice/rg-webapp.yaml',
  'aws/ack-controller/crds/ec2-crd-group.yaml',
  'aws/ack-controller/crds/ecr-crd-group.yaml',
  'aws/ack-controller/crds/ecr-public-crd-group.yaml',
  'aws/ack-controller/crds/eks-crd-group.yaml',
  'aws/ack-controller/crds/iam-crd-group.yaml',
  'aws/ack-controller/crds/s3-crd-group.yaml',
  'aws/ack-controller/crds/sqs-crd-group.yaml',
  'aws/ack-eks-cluster/eks-cluster.yaml',
  'aws/aws-accounts-factory/01-network-stack.yaml',
  'aws/aws-accounts-factory/02-eks-cluster-stack.yaml',
  'aws/networkstack/network-stack.yaml',
  'kubernetes/additionalPrinterColumns/rg.yaml',
  'kubernetes/cel-functions/rg.yaml',
  'kubernetes/defaults/rg.yaml',
  'kubernetes/dogsvscats/result-app/rg.yaml',
  'kubernetes/dogsvscats/vote-app/rg.yaml',
  'kubernetes/dogsvscats/worker-app/rg.yaml',
  'kubernetes/webapp/rg.yaml',
];

/** Examples whose RGDs use each other's kinds: rendered with their siblings. */
const TOGETHER: Record<string, readonly string[]> = {
  'kubernetes/saas-multi-tenant/tenant-application-rgd.yaml': [],
  'kubernetes/saas-multi-tenant/tenant-environment-rgd.yaml': [],
  'kubernetes/saas-multi-tenant/tenant-rgd.yaml': [
    'kubernetes/saas-multi-tenant/tenant-application-rgd.yaml',
    'kubernetes/saas-multi-tenant/tenant-environment-rgd.yaml',
  ],
};

// Not rendered: aws/ingress-triangle/application.yaml builds only beside ingress-triangle.yaml, whose ACK kinds
// (Certificate, RecordSet) the corpus does not have, and an input with a failing RGD is not rendered.

const KRO_LABELS = ['kro.run/owned', 'kro.run/kro-version', 'app.kubernetes.io/managed-by', 'kro.run/instance-name', 'kro.run/instance-kind', 'kro.run/node-id', 'applyset.kubernetes.io/part-of'];

function rgdName(file: string): string {
  const doc = parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as { kind?: string; metadata?: { name?: string } })
    .find((v) => v?.kind === 'ResourceGraphDefinition');
  assert.ok(doc?.metadata?.name, `${file} has a named RGD`);
  return doc.metadata.name;
}

const examples = corpusPath('kro-examples/');
const crds = corpusPath('crds/ack');
const cases = [...BUILDS.map((f) => [f, [] as readonly string[]] as const), ...Object.entries(TOGETHER)];

describe('kro render on the corpus examples that build offline', { concurrency: 4 }, () => {
  for (const [file, siblings] of cases) {
    test(file, async () => {
      const inputs = [file, ...siblings].flatMap((f) => ['-f', `${examples}${f}`]);
      const name = rgdName(`${examples}${file}`);
      const sample = await kro(['generate', 'instance', ...inputs, '--crds', crds, '--name', name], { cwd: dirname(`${examples}${file}`) });
      assert.equal(sample.code, 0, shown(sample));
      const r = await kro(['render', ...inputs, '--crds', crds, '-i', '-', '-o', 'json'], { stdin: sample.stdout });
      assert.equal(r.code, 0, shown(r));
      const report = JSON.parse(r.stdout) as { resourceGraphDefinition: string; objects: { nodeId: string; object: { metadata: { labels?: Record<string, string> } } }[] };
      assert.equal(report.resourceGraphDefinition, name);
      for (const { nodeId, object } of report.objects) {
        const labels = object.metadata.labels ?? {};
        for (const key of KRO_LABELS) assert.ok(labels[key] !== undefined, `${nodeId}: label ${key} missing`);
        assert.equal(labels['kro.run/node-id'], nodeId);
        assert.equal(labels['kro.run/owned'], 'true');
      }
    });
  }

  test('most examples render at least one object', async () => {
    // Guards against a render that silently renders nothing everywhere (kubernetes/defaults has no resources).
    const r = await kro(['render', '-f', `${examples}kubernetes/webapp/rg.yaml`, '-i', `${examples}kubernetes/webapp/instance.yaml`, '-o', 'json']);
    assert.equal(r.code, 0, shown(r));
    const report = JSON.parse(r.stdout) as { objects: { nodeId: string }[] };
    assert.deepEqual(report.objects.map((o) => o.nodeId), ['deployment']);
  });
});
