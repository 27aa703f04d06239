// Upstream's graphrevision_isolated_test.go scenarios, each with its own controller: retention keeps the newest
// revisions and numbering continues from the watermark; a restarted controller recompiles every revision and
// issues nothing again; rapid spec churn ends on one revision per issued number matching the final spec.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { specHash } from '../../../src/graph/index.js';
import { eventually, uniqueName } from '../support.js';
import {
  condition,
  configmapRgd,
  createRgdAndWaitActive,
  deleteRgd,
  getRgd,
  listGraphRevisions,
  revisionNumbers,
  startController,
  uniqueKind,
  updateRgd,
  useTestClient,
  waitActive,
  waitRgd,
} from './harness.js';

const env = useTestClient();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setDefault(name: string, value: string) {
  return updateRgd(env.kube, name, (r) => {
    r.spec.schema.spec = { data: `string | default=${value}` };
  });
}

function waitIssued(name: string, revision: number) {
  return waitRgd(env.kube, name, (r) => r.status?.lastIssuedRevision === revision && condition(r, 'Ready')?.status === 'True', `revision ${revision} ready`);
}

async function maxRevision(name: string): Promise<number> {
  return Math.max(0, ...revisionNumbers(await listGraphRevisions(env.kube, name)));
}

async function assertMaxRevisionStays(name: string, expected: number, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    assert.equal(await maxRevision(name), expected, 'no revision issued');
    await sleep(200);
  }
}

test('retention keeps the newest revisions and numbering continues from the watermark', async () => {
  const prefix = uniqueName('gri-retain');
  const controller = await startController(prefix, { rgdMaxGraphRevisions: 3 });
  try {
    const name = `${prefix}-rgd`;
    await createRgdAndWaitActive(env.kube, configmapRgd(name, uniqueKind('GrRetain')));
    for (let revision = 2; revision <= 4; revision++) {
      await setDefault(name, `value-${revision}`);
      await waitIssued(name, revision);
    }
    await eventually(async () => ((await listGraphRevisions(env.kube, name)).length === 3 ? true : undefined), { message: 'three revisions left' });
    assert.deepEqual(revisionNumbers(await listGraphRevisions(env.kube, name)), [2, 3, 4]);
    await setDefault(name, 'value-5');
    await waitIssued(name, 5);
    await eventually(async () => (revisionNumbers(await listGraphRevisions(env.kube, name)).join() === '3,4,5' ? true : undefined), { message: 'revisions 3..5' });
    // Evicted from memory with their objects, by the GraphRevision finalizer.
    await eventually(() => (controller.manager.revisions.get(name, 2) === undefined ? true : undefined), { message: 'revision 2 evicted' });
    assert.equal(controller.manager.revisions.get(name, 5)?.state, 'Active');
    await deleteRgd(env.kube, name);
  } finally {
    await controller.stop();
  }
});

test('a restarted controller recompiles every revision, issues nothing, and continues from the watermark', async () => {
  const prefix = uniqueName('gri-restart');
  let controller = await startController(prefix);
  const name = `${prefix}-rgd`;
  const kind = uniqueKind('GrRestart');
  try {
    await createRgdAndWaitActive(env.kube, configmapRgd(name, kind));
    await setDefault(name, 'restart-value-2');
    await waitIssued(name, 2);
    const before = await getRgd(env.kube, name);

    await controller.stop();
    controller = await startController(prefix);
    await eventually(() => (controller.manager.revisions.latest(name)?.state === 'Active' ? true : undefined), { message: 'registry warmed' });
    assert.equal(controller.manager.revisions.get(name, 1)?.state, 'Active', 'older revisions are recompiled too');
    assert.equal(controller.manager.revisions.get(name, 2)?.state, 'Active');
    await assertMaxRevisionStays(name, 2);
    const after = await waitActive(env.kube, name);
    assert.equal(after.status?.lastIssuedRevision, 2);
    assert.equal(condition(after, 'Ready')?.lastTransitionTime, condition(before, 'Ready')?.lastTransitionTime, 'Ready never flapped');
    assert.ok(controller.instances.active.has(`kro.run/v1alpha1/${kind.toLowerCase()}s`), 'instances are served again');

    await setDefault(name, 'restart-value-3');
    await waitIssued(name, 3);
    assert.equal(await maxRevision(name), 3);
    await deleteRgd(env.kube, name);
  } finally {
    await controller.stop();
  }
});

test('no phantom revisions across repeated restart and update cycles', async () => {
  const prefix = uniqueName('gri-cycles');
  let controller = await startController(prefix);
  const name = `${prefix}-rgd`;
  try {
    await createRgdAndWaitActive(env.kube, configmapRgd(name, uniqueKind('GrCycles')));
    for (let cycle = 1; cycle <= 3; cycle++) {
      await setDefault(name, `restart-churn-${cycle}`);
      await waitIssued(name, cycle + 1);
      await controller.stop();
      controller = await startController(prefix);
      await assertMaxRevisionStays(name, cycle + 1, 1500);
    }
    const rgd = await waitIssued(name, 4);
    assert.deepEqual(revisionNumbers(await listGraphRevisions(env.kube, name)), [1, 2, 3, 4]);
    assert.equal(rgd.status?.state, 'Active');
    await deleteRgd(env.kube, name);
  } finally {
    await controller.stop();
  }
});

test('rapid spec churn issues monotonic revisions ending on the final spec', async () => {
  const prefix = uniqueName('gri-churn');
  const controller = await startController(prefix, { rgdMaxGraphRevisions: 50 });
  const name = `${prefix}-rgd`;
  try {
    await createRgdAndWaitActive(env.kube, configmapRgd(name, uniqueKind('GrChurn')));
    for (let i = 1; i <= 8; i++) await setDefault(name, `churn-${i}`);
    const final = await eventually(async () => {
      const rgd = await getRgd(env.kube, name);
      const grs = await listGraphRevisions(env.kube, name);
      const latest = grs.at(-1);
      if (!latest || condition(rgd, 'Ready')?.status !== 'True' || rgd.status?.lastIssuedRevision !== latest.spec.revision) return undefined;
      return latest.metadata.labels?.['kro.run/graph-revision-hash'] === specHash(rgd.spec) ? { rgd, grs } : undefined;
    }, { message: 'the final spec served', timeoutMs: 40_000 });
    const numbers = revisionNumbers(final.grs);
    const latest = numbers.at(-1)!;
    assert.ok(latest >= 2);
    assert.equal(final.rgd.status?.lastIssuedRevision, latest);
    assert.deepEqual(numbers, Array.from({ length: latest }, (_, i) => i + 1), 'every number once, no gaps');
    assert.equal(controller.manager.revisions.latest(name)?.revision, latest);
    await deleteRgd(env.kube, name);
  } finally {
    await controller.stop();
  }
});
