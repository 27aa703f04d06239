// Data pending (behaviors 11, 25-27; upstream data_pending_test): vpc -> igw/subnet (need vpc.status.vpcID) ->
// natgw (needs subnet.status.subnetID). Roots are created at once; dependents wait, with "unresolved" in
// ResourcesReady, until another controller fills in the status; independent chains progress in parallel.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { explainPending } from '../../../src/runtime/index.js';
import { clusterWith, compileYaml, condition, reconcileOnce } from './helpers.js';

const CHAIN = `
schema:
  apiVersion: v1alpha1
  kind: TestDataPending
  spec: { name: string }
  status:
    vpcID: \${vpc.status.vpcID}
    subnetID: \${subnet.status.subnetID}
resources:
  - id: vpc
    template:
      apiVersion: ec2.services.k8s.aws/v1alpha1
      kind: VPC
      metadata: { name: "\${schema.spec.name}-vpc" }
      spec: { cidrBlocks: ["10.0.0.0/16"] }
  - id: igw
    template:
      apiVersion: ec2.services.k8s.aws/v1alpha1
      kind: InternetGateway
      metadata: { name: "\${schema.spec.name}-igw" }
      spec: { vpc: "\${vpc.status.vpcID}" }
  - id: subnet
    template:
      apiVersion: ec2.services.k8s.aws/v1alpha1
      kind: Subnet
      metadata: { name: "\${schema.spec.name}-subnet" }
      spec: { vpcID: "\${vpc.status.vpcID}", cidrBlock: 10.0.1.0/24 }
  - id: natgw
    template:
      apiVersion: ec2.services.k8s.aws/v1alpha1
      kind: NATGateway
      metadata: { name: "\${schema.spec.name}-natgw" }
      spec: { subnetID: "\${subnet.status.subnetID}" }
`;

const EC2 = 'ec2.services.k8s.aws';

describe('data pending chain vpc -> subnet -> natgw', () => {
  test('roots first, dependents as status appears, then ACTIVE with projected status', async () => {
    const graph = await compileYaml(CHAIN);
    const cluster = clusterWith(graph, { name: 'net' }, { namespace: 'team' });

    let outcome = await reconcileOnce(graph, cluster);
    assert.ok(cluster.find('VPC', 'net-vpc', 'team', EC2), 'vpc created at once');
    assert.equal(cluster.find('InternetGateway', 'net-igw', 'team', EC2), undefined);
    assert.equal(cluster.find('Subnet', 'net-subnet', 'team', EC2), undefined);
    assert.equal(outcome.status.state, 'IN_PROGRESS');
    const rr = condition(outcome, 'ResourcesReady');
    assert.equal(rr?.status, 'False');
    assert.equal(rr?.reason, 'NotReady');
    assert.match(String(rr?.message), /^resource reconciliation failed: waiting for unresolved resource: /);
    assert.match(String(rr?.message), /unresolved/);
    assert.deepEqual(outcome.requeue, { kind: 'after-interval', reason: (outcome.error?.message ?? '') });
    assert.equal(outcome.prune.ran, false, 'pending disables pruning');
    assert.equal(outcome.nodes.get('igw')?.status.state, 'IN_PROGRESS');
    assert.equal(outcome.nodes.get('vpc')?.status.state, 'SYNCED');
    assert.deepEqual(outcome.status.status?.vpcID, undefined, 'pending status fields are left out');

    // why not ready: the chain down to the missing field
    const igw = outcome.pending.find((p) => p.nodeId === 'igw');
    assert.ok(igw);
    assert.equal(igw?.reason, 'data');
    assert.equal(igw?.missing, 'vpc.status', 'the VPC has no status at all yet');
    assert.equal(igw?.expression, 'vpc.status.vpcID');
    assert.equal(explainPending(igw), 'igw waits: vpc.status does not exist yet (read by ${vpc.status.vpcID})');

    // nothing changes while the status is missing
    outcome = await reconcileOnce(graph, cluster);
    assert.equal(cluster.find('Subnet', 'net-subnet', 'team', EC2), undefined);
    assert.equal(outcome.status.changed, false);

    cluster.setStatus('VPC', 'net-vpc', { vpcID: 'vpc-12345' }, 'team', EC2);
    outcome = await reconcileOnce(graph, cluster);
    assert.equal((cluster.find('InternetGateway', 'net-igw', 'team', EC2)?.spec as Record<string, unknown>).vpc, 'vpc-12345');
    assert.equal((cluster.find('Subnet', 'net-subnet', 'team', EC2)?.spec as Record<string, unknown>).vpcID, 'vpc-12345');
    assert.equal(cluster.find('NATGateway', 'net-natgw', 'team', EC2), undefined);
    assert.equal(outcome.status.status?.vpcID, 'vpc-12345');
    assert.equal(outcome.status.state, 'IN_PROGRESS');

    cluster.setStatus('Subnet', 'net-subnet', { subnetID: 'subnet-67890' }, 'team', EC2);
    outcome = await reconcileOnce(graph, cluster);
    assert.equal((cluster.find('NATGateway', 'net-natgw', 'team', EC2)?.spec as Record<string, unknown>).subnetID, 'subnet-67890');
    assert.equal(outcome.status.state, 'ACTIVE');
    assert.equal(condition(outcome, 'Ready')?.status, 'True');
    assert.equal(outcome.status.status?.subnetID, 'subnet-67890');
    assert.equal(outcome.requeue.kind, 'none');
    assert.equal(outcome.prune.ran, true);
  });

  test('independent chains progress in parallel', async () => {
    const graph = await compileYaml(`
schema: { apiVersion: v1alpha1, kind: TestParallelPending, spec: { name: string } }
resources:
  - id: vpcA
    template: { apiVersion: ${EC2}/v1alpha1, kind: VPC, metadata: { name: "\${schema.spec.name}-vpc-a" }, spec: { cidrBlocks: ["10.0.0.0/16"] } }
  - id: vpcB
    template: { apiVersion: ${EC2}/v1alpha1, kind: VPC, metadata: { name: "\${schema.spec.name}-vpc-b" }, spec: { cidrBlocks: ["10.1.0.0/16"] } }
  - id: subnetA
    template: { apiVersion: ${EC2}/v1alpha1, kind: Subnet, metadata: { name: "\${schema.spec.name}-subnet-a" }, spec: { vpcID: "\${vpcA.status.vpcID}" } }
  - id: subnetB
    template: { apiVersion: ${EC2}/v1alpha1, kind: Subnet, metadata: { name: "\${schema.spec.name}-subnet-b" }, spec: { vpcID: "\${vpcB.status.vpcID}" } }
`);
    const cluster = clusterWith(graph, { name: 'p' });
    await reconcileOnce(graph, cluster);
    assert.ok(cluster.find('VPC', 'p-vpc-a', 'default', EC2));
    assert.ok(cluster.find('VPC', 'p-vpc-b', 'default', EC2));
    cluster.setStatus('VPC', 'p-vpc-a', { vpcID: 'a' }, 'default', EC2);
    const outcome = await reconcileOnce(graph, cluster);
    assert.ok(cluster.find('Subnet', 'p-subnet-a', 'default', EC2), 'subnetA created while vpcB is still pending');
    assert.equal(cluster.find('Subnet', 'p-subnet-b', 'default', EC2), undefined);
    assert.equal(outcome.nodes.get('subnetB')?.status.state, 'IN_PROGRESS');
    assert.match(outcome.error?.message ?? '', /^waiting for unresolved resource: gvr "ec2\.services\.k8s\.aws\/v1alpha1, Resource=subnets": node "subnetB": failed to evaluate expression: no such key: status \(data pending\)$/);
  });
});
