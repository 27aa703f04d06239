// The graph builder against a real kube-apiserver: every RGD of upstream's examples is compiled twice, offline
// (bundled Kubernetes v1.36.3 kinds + ACK CRD files + the folder's RGD kinds) and against the cluster (discovery,
// REST mapping and OpenAPI v3, with the ACK CRDs and the folder's generated CRDs installed), and both builds must
// agree: same nodes, kinds, resources, scopes, dependencies, orders, expression types, CRD and spec hash, or the
// same error codes at the same paths.
//
// Isolation: the corpus's own RGD kinds live in group kro.run; every RGD here is moved to a group unique to this
// run (its schema.group and every template/externalRef using a kro.run kind), so no other test's CRDs interfere.
// The ACK CRDs have fixed names and are applied idempotently and left in place for other tests of the run.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cloneJson, isJsonObject, type CustomResourceDefinition, type JsonObject, type ResourceGraphDefinition, type Result } from '../../../src/api/index.js';
import { formatCelType } from '../../../src/cel/index.js';
import { createOfflineSchemas } from '../../../src/cli/offline-schemas.js';
import {
  compileGraph,
  compileGraphs,
  createClusterSchemaSource,
  type CompiledExpression,
  type CompiledGraph,
  type ClusterSchemaSource,
} from '../../../src/graph/index.js';
import { connectKube, type KubeClient } from '../../../src/kube/index.js';
import { buildInstanceCrd, simpleSchemaToOpenApi } from '../../../src/schema/index.js';
import { loadCorpus } from '../../unit/graph/corpus-files.js';
import { eventually, kubectlOk, testKubeconfig, uniqueName } from '../support.js';

const corpus = fileURLToPath(new URL('../../../../../shared/corpus/', import.meta.url));
const CRD_GVR = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' } as const;

interface Case {
  readonly file: string;
  readonly rgd: ResourceGraphDefinition;
}

/** Moves every kro.run kind (the RGD's own and the ones its resources use) to `group`. */
function regroup(rgd: ResourceGraphDefinition, group: string): ResourceGraphDefinition {
  const copy = cloneJson(rgd as unknown as JsonObject) as unknown as ResourceGraphDefinition;
  if (!copy.spec.schema.group || copy.spec.schema.group === 'kro.run') copy.spec.schema.group = group;
  for (const r of copy.spec.resources ?? []) {
    const obj = (r.externalRef ?? r.template) as JsonObject | undefined;
    if (isJsonObject(obj) && typeof obj.apiVersion === 'string' && obj.apiVersion.startsWith('kro.run/')) obj.apiVersion = `${group}/${obj.apiVersion.slice('kro.run/'.length)}`;
  }
  return copy;
}

function loadCases(run: string): Map<string, Case[]> {
  const folders = new Map<string, Case[]>();
  for (const [folder, rgds] of loadCorpus().folders) {
    const group = `${folder.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.${run}.graph.test`;
    folders.set(folder, rgds.map(({ file, rgd }) => ({ file, rgd: regroup(rgd, group) })));
  }
  return folders;
}

function types(expressions: readonly CompiledExpression[]): string[] {
  return expressions.map((e) => `${e.cel} : ${formatCelType(e.outputType)}`);
}

/** What both builds must agree on. Failures compare by code and path (messages name the schema source). */
function summary(result: Result<CompiledGraph>): unknown {
  if (!result.ok) return { errors: result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${JSON.stringify(d.path)}`) };
  const g = result.value;
  return {
    nodes: [...g.nodes.values()].map((n) => ({
      id: n.id,
      kind: n.kind,
      gvr: n.gvr,
      namespaced: n.namespaced,
      dependencies: n.dependencies,
      variables: n.variables.map((v) => `${JSON.stringify(v.fieldPath)} ${v.kind} ${formatCelType(v.expression.outputType)} -> ${formatCelType(v.expectedType)}`),
      includeWhen: types(n.includeWhen),
      readyWhen: types(n.readyWhen),
      forEach: n.forEach.map((d) => `${d.name}: ${formatCelType(d.elementType)}`),
    })),
    topologicalOrder: g.topologicalOrder,
    applyOrder: Object.fromEntries(g.applyOrder),
    crd: g.crd,
    status: types(g.instance.statusVariables.map((v) => v.expression)),
    specHash: g.specHash,
  };
}

/**
 * The CRDs a kro controller would have installed for a folder, as the offline build saw them: generated ones for
 * RGDs that build, spec-only ones for the others; when two RGDs define one kind, a built one wins.
 */
function folderCrds(cases: readonly Case[], results: readonly Result<CompiledGraph>[]): CustomResourceDefinition[] {
  const byName = new Map<string, CustomResourceDefinition>();
  cases.forEach((c, i) => {
    if (results[i]!.ok) return;
    const spec = simpleSchemaToOpenApi(c.rgd.spec.schema.spec, c.rgd.spec.schema.types);
    const open = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    const crd = buildInstanceCrd(c.rgd.spec.schema, { specSchema: spec.ok ? spec.value : open, statusSchema: open });
    byName.set(crd.metadata.name!, crd);
  });
  for (const r of results) if (r.ok) byName.set(r.value.crd.metadata.name!, r.value.crd);
  return [...byName.values()];
}

async function waitEstablished(client: KubeClient, names: readonly string[]): Promise<void> {
  for (const name of names) {
    await eventually(
      async () => {
        const crd = await client.dynamic.get({ gvr: CRD_GVR }, name);
        const conditions = (crd.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
        return conditions.some((c) => c.type === 'Established' && c.status === 'True') ? true : undefined;
      },
      { timeoutMs: 60_000, message: `CRD ${name} Established` },
    );
  }
}

describe('graph builds against the cluster equal the offline builds', () => {
  const run = uniqueName('g').replace('-', '');
  const folders = loadCases(run);
  let client: KubeClient;
  let cluster: ClusterSchemaSource;
  const installed: string[] = [];
  const offline = new Map<string, Result<CompiledGraph>>();

  before(async () => {
    client = await connectKube({ config: { path: testKubeconfig() } });
    cluster = createClusterSchemaSource(client);
    const { source } = await createOfflineSchemas({ crdPaths: [join(corpus, 'crds/ack')] });
    await kubectlOk(['apply', '--server-side', '--force-conflicts', '-R', '-f', join(corpus, 'crds/ack')]);
    const crds: CustomResourceDefinition[] = [];
    for (const cases of folders.values()) {
      const results = (await compileGraphs(cases, { schemas: source, features: { celOmitFunction: true } })).map((r) => r.result);
      results.forEach((r, i) => offline.set(cases[i]!.file, r));
      crds.push(...folderCrds(cases, results));
    }
    for (const crd of crds) {
      await client.dynamic.create(crd as unknown as Parameters<KubeClient['dynamic']['create']>[0]);
      installed.push(crd.metadata.name!);
    }
    const ack = (await kubectlOk(['get', 'crd', '-o', 'name'])).split('\n').filter((l) => l.includes('services.k8s.aws')).map((l) => l.slice('customresourcedefinition.apiextensions.k8s.io/'.length));
    await waitEstablished(client, [...ack, ...installed]);
    // OpenAPI v3 publishes a CRD's schema shortly after it is Established.
    for (const crd of crds) {
      const gvk = { group: crd.spec.group, version: crd.spec.versions[0]!.name, kind: crd.spec.names.kind };
      await eventually(async () => ((await cluster.resolve(gvk)).found ? true : undefined), { timeoutMs: 60_000, message: `OpenAPI schema of ${crd.metadata.name}` });
    }
  });

  after(async () => {
    for (const name of installed) await client.dynamic.delete({ gvr: CRD_GVR }, name).catch(() => undefined);
    await client.close();
  });

  test('every corpus RGD: same graph (or same errors) from the cluster as offline', async () => {
    let compared = 0;
    let built = 0;
    for (const cases of folders.values()) {
      for (const c of cases) {
        const live = await compileGraph(c.rgd, { schemas: cluster, features: { celOmitFunction: true } });
        assert.deepEqual(summary(live), summary(offline.get(c.file)!), c.file);
        compared++;
        if (live.ok) built++;
      }
    }
    assert.equal(compared, 54);
    assert.equal(built, 24);
  });

  test('unknown kinds are missing in the cluster too, and lenient mode builds them as offline', async () => {
    const cases = folders.get('aws/s3bucket')!;
    const strict = await compileGraph(cases[0]!.rgd, { schemas: cluster });
    assert.ok(!strict.ok && strict.diagnostics.some((d) => d.code === 'graph/unknown-kind' && d.message.includes('schema not found for s3.services.k8s.aws/v1alpha1, Kind=Bucket')));
    const lenient = await compileGraph(cases[0]!.rgd, { schemas: cluster, lenientUnknownKinds: true });
    assert.ok(lenient.ok);
    assert.equal(lenient.value.warnings.length, 1);
  });

  test('the cluster source caches what it resolved', async () => {
    const before = cluster.stats.hits;
    await compileGraph(folders.get('kubernetes/webapp')![0]!.rgd, { schemas: cluster });
    assert.ok(cluster.stats.hits > before);
    assert.ok(cluster.size > 0);
  });
});
