// Scenario data_pending_test (spec section 5; 3.1 "data pending vs. errors", behaviors 11, 25, 26): a resource whose
// template reads a status field that is not there yet waits (data pending) without stopping anything else. The
// chain vpc -> igw/subnet (vpc.status.vpcID) -> natgw (subnet.status.subnetID) on upstream's ACK EC2 CRDs: the root
// is created at once, the instance is IN_PROGRESS with ResourcesReady False mentioning "unresolved", dependents
// appear (with the values) only after their status inputs do, and the instance ends ACTIVE with the projected
// status. Two independent chains progress independently: one chain's missing data never holds the other back.
// A hard evaluation error (division by zero), unlike pending data, stops every node: nothing is applied, ERROR.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { GroupVersionResource, JsonObject } from '../../../src/api/index.js';
import {
  CONFIGMAPS,
  conditionOf,
  createInstance,
  deleteObject,
  getObject,
  patchStatus,
  statusOf,
  waitGone,
  waitInstanceState,
  waitObject,
} from '../instance/harness.js';
import { configMapTemplate, conditionsText, installAckCrds, kubectlColumns, patchSpec, specOf, staysAbsent, useScenario } from './helpers.js';

const ec2 = (resource: string): GroupVersionResource => ({ group: 'ec2.services.k8s.aws', version: 'v1alpha1', resource });
const VPCS = ec2('vpcs');
const SUBNETS = ec2('subnets');
const IGWS = ec2('internetgateways');
const NATGWS = ec2('natgateways');
const env = useScenario('pending', { sharedNamespace: true });

before(async () => {
  await installAckCrds('ack-ec2-controller', ['ec2.services.k8s.aws_vpcs', 'ec2.services.k8s.aws_subnets', 'ec2.services.k8s.aws_internetgateways', 'ec2.services.k8s.aws_natgateways']);
});

function ack(kind: string, name: string, spec: JsonObject): JsonObject {
  return { apiVersion: 'ec2.services.k8s.aws/v1alpha1', kind, metadata: { name }, spec };
}

test('resources waiting for status fields surface data pending; the chain advances as the data appears', async () => {
  const { rgd, gvr, kind } = await env.createActiveRgd(
    'chain',
    'TestDataPending',
    { name: 'string' },
    [
      { id: 'vpc', template: ack('VPC', '${schema.spec.name}-vpc', { cidrBlocks: ['10.0.0.0/16'] }) },
      { id: 'igw', template: ack('InternetGateway', '${schema.spec.name}-igw', { vpc: '${vpc.status.vpcID}' }) },
      { id: 'subnet', template: ack('Subnet', '${schema.spec.name}-subnet', { vpcID: '${vpc.status.vpcID}', cidrBlock: '10.0.1.0/24' }) },
      { id: 'natgw', template: ack('NATGateway', '${schema.spec.name}-natgw', { subnetID: '${subnet.status.subnetID}' }) },
    ],
    { status: { vpcID: '${vpc.status.vpcID}', subnetID: '${subnet.status.subnetID}' } },
  );
  assert.equal(rgd.status?.topologicalOrder?.length, 4);
  assert.equal(rgd.status?.topologicalOrder?.[0], 'vpc');

  const name = 'test-data-pending';
  await createInstance(env.kube, gvr, kind, env.namespace, name, { name });

  // Step 1: the root has no dependencies and is created at once.
  await waitObject(env.kube, VPCS, env.namespace, `${name}-vpc`, () => true, 'vpc created');

  // Step 2: IN_PROGRESS, ResourcesReady False with a message naming the unresolved data.
  const pending = await waitObject(
    env.kube,
    gvr,
    env.namespace,
    name,
    (o) => statusOf(o).state === 'IN_PROGRESS' && conditionOf(o, 'ResourcesReady')?.status === 'False' && (conditionOf(o, 'ResourcesReady')?.message ?? '').includes('unresolved'),
    'IN_PROGRESS with an "unresolved" ResourcesReady message',
  );
  assert.equal(statusOf(pending).vpcID, undefined, 'no status field without its data');
  assert.deepEqual(await kubectlColumns(gvr, env.namespace, name).then((c) => [c.STATE, c.READY]), ['IN_PROGRESS', 'False'], 'kubectl get shows the state');

  // Step 3: the dependents of vpc.status.vpcID stay absent while it is missing.
  await staysAbsent(env.kube, IGWS, env.namespace, [`${name}-igw`], 3_000, 'while vpc.status.vpcID is missing');
  await staysAbsent(env.kube, SUBNETS, env.namespace, [`${name}-subnet`], 0);

  // Steps 4-5: the VPC controller reports an id; igw and subnet are created with it.
  await patchStatus(env.kube, VPCS, env.namespace, `${name}-vpc`, { vpcID: 'vpc-12345' });
  await waitObject(env.kube, IGWS, env.namespace, `${name}-igw`, (o) => specOf(o).vpc === 'vpc-12345', 'igw with the vpc id');
  await waitObject(env.kube, SUBNETS, env.namespace, `${name}-subnet`, (o) => specOf(o).vpcID === 'vpc-12345', 'subnet with the vpc id');

  // Step 6: natgw waits for subnet.status.subnetID.
  await staysAbsent(env.kube, NATGWS, env.namespace, [`${name}-natgw`], 3_000, 'while subnet.status.subnetID is missing');
  const waiting = await getObject(env.kube, gvr, env.namespace, name);
  assert.equal(statusOf(waiting!).state, 'IN_PROGRESS', conditionsText(waiting));
  assert.equal(statusOf(waiting!).vpcID, 'vpc-12345', 'a status field is projected as soon as its own data is there');

  // Steps 7-9: the subnet gets its id; natgw follows; ACTIVE with the whole status.
  await patchStatus(env.kube, SUBNETS, env.namespace, `${name}-subnet`, { subnetID: 'subnet-67890' });
  await waitObject(env.kube, NATGWS, env.namespace, `${name}-natgw`, (o) => specOf(o).subnetID === 'subnet-67890', 'natgw with the subnet id');
  const active = await waitInstanceState(env.kube, gvr, env.namespace, name, 'ACTIVE');
  assert.equal(statusOf(active).vpcID, 'vpc-12345');
  assert.equal(statusOf(active).subnetID, 'subnet-67890');
  assert.deepEqual(await kubectlColumns(gvr, env.namespace, name).then((c) => [c.STATE, c.READY]), ['ACTIVE', 'True']);

  await deleteObject(env.kube, gvr, env.namespace, name);
  await waitGone(env.kube, gvr, env.namespace, name);
  for (const [gvrOf, suffix] of [[NATGWS, 'natgw'], [SUBNETS, 'subnet'], [IGWS, 'igw'], [VPCS, 'vpc']] as const) {
    assert.equal(await getObject(env.kube, gvrOf, env.namespace, `${name}-${suffix}`), undefined, `${suffix} deleted with the instance`);
  }
});

test('independent chains progress in parallel while one waits for data', async () => {
  const { gvr, kind } = await env.createActiveRgd('parallel', 'TestParallelPending', { name: 'string' }, [
    { id: 'vpcA', template: ack('VPC', '${schema.spec.name}-vpc-a', { cidrBlocks: ['10.0.0.0/16'] }) },
    { id: 'vpcB', template: ack('VPC', '${schema.spec.name}-vpc-b', { cidrBlocks: ['10.1.0.0/16'] }) },
    { id: 'subnetA', template: ack('Subnet', '${schema.spec.name}-subnet-a', { vpcID: '${vpcA.status.vpcID}', cidrBlock: '10.0.1.0/24' }) },
    { id: 'subnetB', template: ack('Subnet', '${schema.spec.name}-subnet-b', { vpcID: '${vpcB.status.vpcID}', cidrBlock: '10.1.1.0/24' }) },
  ]);
  const name = 'test-parallel';
  await createInstance(env.kube, gvr, kind, env.namespace, name, { name });

  // Both roots at once; neither subnet yet.
  await waitObject(env.kube, VPCS, env.namespace, `${name}-vpc-a`, () => true, 'vpc-a created');
  await waitObject(env.kube, VPCS, env.namespace, `${name}-vpc-b`, () => true, 'vpc-b created');
  await staysAbsent(env.kube, SUBNETS, env.namespace, [`${name}-subnet-a`, `${name}-subnet-b`], 2_000, 'before their vpc ids');

  // vpcA gets its id: subnetA is created although vpcB's chain is still pending.
  await patchStatus(env.kube, VPCS, env.namespace, `${name}-vpc-a`, { vpcID: 'vpc-aaaa' });
  await waitObject(env.kube, SUBNETS, env.namespace, `${name}-subnet-a`, (o) => specOf(o).vpcID === 'vpc-aaaa', 'subnet-a with vpc-a id');
  await staysAbsent(env.kube, SUBNETS, env.namespace, [`${name}-subnet-b`], 2_000, 'while vpc-b has no id');
  assert.equal(statusOf((await getObject(env.kube, gvr, env.namespace, name))!).state, 'IN_PROGRESS');

  await patchStatus(env.kube, VPCS, env.namespace, `${name}-vpc-b`, { vpcID: 'vpc-bbbb' });
  await waitObject(env.kube, SUBNETS, env.namespace, `${name}-subnet-b`, (o) => specOf(o).vpcID === 'vpc-bbbb', 'subnet-b with vpc-b id');
  await waitInstanceState(env.kube, gvr, env.namespace, name, 'ACTIVE');

  await deleteObject(env.kube, gvr, env.namespace, name);
  await waitGone(env.kube, gvr, env.namespace, name);
});

test('unlike pending data, a hard evaluation error stops every node of the instance (behaviors 11, 26)', async () => {
  const { gvr, kind } = await env.createActiveRgd('hard', 'TestHardError', { name: 'string', a: 'integer', b: 'integer' }, [
    { id: 'independent', template: configMapTemplate('${schema.spec.name}-independent', { key: 'value' }) },
    { id: 'ratio', template: configMapTemplate('${schema.spec.name}-ratio', { ratio: '${string(schema.spec.a / schema.spec.b)}' }) },
  ]);
  const name = 'test-hard';
  await createInstance(env.kube, gvr, kind, env.namespace, name, { name, a: 6, b: 0 });
  const failed = await waitObject(env.kube, gvr, env.namespace, name, (o) => statusOf(o).state === 'ERROR', 'ERROR');
  assert.equal(conditionOf(failed, 'ResourcesReady')?.status, 'False');
  assert.match(conditionOf(failed, 'ResourcesReady')?.message ?? '', /division by zero/, conditionsText(failed));
  await staysAbsent(env.kube, CONFIGMAPS, env.namespace, [`${name}-independent`, `${name}-ratio`], 2_000, 'nothing is applied while a node fails');

  await patchSpec(env.kube, gvr, env.namespace, name, { b: 2 });
  await waitObject(env.kube, CONFIGMAPS, env.namespace, `${name}-ratio`, (o) => (o.data as Record<string, string> | undefined)?.ratio === '3', 'ratio 3');
  await waitObject(env.kube, CONFIGMAPS, env.namespace, `${name}-independent`, () => true, 'independent created');
  await waitInstanceState(env.kube, gvr, env.namespace, name, 'ACTIVE');
});
