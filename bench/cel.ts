// `npm run bench:cel`: speed of kro-ts's CEL engine on typical kro expressions. Prints environment build
// times, compile (parse + inspect + type-check) times, evaluations per second (CEL value and JSON result),
// JSON -> CEL conversion cost, and how fast the cost budget stops a runaway expression.
// Method: each figure is the median of 5 timed runs of ~60 ms after a warm-up (steady state, JIT-compiled).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import {
  CelEnvironment,
  celTypeFromOpenApi,
  compileExpression,
  toActivation,
  jsonToCel,
  type CelEnvironment as Env,
  type OpenApiSchema,
} from '../src/cel/index.js';
import { appSchema, deploymentSchema, sampleApp, sampleDeployment, wideSchema } from './cel-fixtures.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** Median ops/s of `fn` over 5 runs of ~60 ms each, after a warm-up. */
function opsPerSecond(fn: () => unknown): number {
  for (let i = 0; i < 2000; i++) fn();
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    let n = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < 60) {
      for (let i = 0; i < 200; i++) fn();
      n += 200;
      elapsed = performance.now() - start;
    }
    runs.push((n / elapsed) * 1000);
  }
  return median(runs);
}

/** Median microseconds per call of `fn`, in steady state. */
function microseconds(fn: () => unknown): number {
  return 1e6 / opsPerSecond(fn);
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

function loadEksClusterSchema(): OpenApiSchema {
  const path = fileURLToPath(new URL('../../../shared/corpus/crds/ack/ack-eks-controller/eks.services.k8s.aws_clusters.yaml', import.meta.url));
  const crd = parseYaml(readFileSync(path, 'utf8')) as { spec: { versions: { schema: { openAPIV3Schema: OpenApiSchema } }[] } };
  const schema = crd.spec.versions[0]?.schema.openAPIV3Schema;
  if (!schema) throw new Error('no schema in the EKS Cluster CRD');
  return schema;
}

function main(): void {
  out(`kro-ts CEL engine benchmark (node ${process.version}; median of 5 runs)`);
  let t = performance.now();
  const base = CelEnvironment.create({ omitEnabled: true });
  out(`base environment (standard library + all kro libraries), first build: ${fmt(performance.now() - t, 1)} ms`);

  const eks = loadEksClusterSchema();
  const variables = [
    { name: 'schema', type: celTypeFromOpenApi(appSchema, { typeName: '__type_schema', resourceRoot: true }) },
    { name: 'deployment', type: celTypeFromOpenApi(deploymentSchema, { typeName: '__type_deployment', resourceRoot: true }) },
    { name: 'cluster', type: celTypeFromOpenApi(eks, { typeName: '__type_cluster', resourceRoot: true }) },
  ];
  t = performance.now();
  const env: Env = base.extend(variables);
  out(`extend with schema + Deployment + ACK EKS Cluster (${env.objectTypes.size} struct types): ${fmt(performance.now() - t, 1)} ms`);
  const wide = celTypeFromOpenApi(wideSchema(6, 4), { typeName: '__type_wide' });
  t = performance.now();
  const wideEnv = base.extend([{ name: 'wide', type: wide }]);
  out(`extend with a synthetic schema of ${wideEnv.objectTypes.size} struct types: ${fmt(performance.now() - t, 1)} ms`);

  const app = sampleApp(10);
  const deployment = sampleDeployment();
  out(`JSON -> CEL conversion: instance (10 items) ${fmt(microseconds(() => jsonToCel(app, variables[0]!.type)), 2)} µs, ` +
    `Deployment ${fmt(microseconds(() => jsonToCel(deployment, variables[1]!.type)), 2)} µs`);
  const activation = toActivation(env, { schema: app, deployment });

  const cases: [string, string][] = [
    ['string template', '"" + schema.spec.name + "-svc-" + schema.metadata.namespace'],
    ['readyWhen comparison', 'deployment.status.availableReplicas >= schema.spec.replicas'],
    ['map/filter over a list', 'schema.spec.items.filter(i, i.weight > 1).map(i, i.name)'],
    ['has() and optional', 'has(schema.spec.image) ? schema.spec.image : schema.spec.?tag.orValue("latest")'],
    ['two-variable comprehension', 'schema.spec.labels.transformMap(k, v, v + "-x")'],
    ['quantity compare', 'quantity(schema.spec.memory).isGreaterThan(quantity("1Gi"))'],
    ['whole object', 'deployment.spec'],
  ];
  out('');
  out(`${'expression'.padEnd(28)} ${'compile µs'.padStart(10)} ${'eval/s'.padStart(12)} ${'eval+JSON/s'.padStart(12)}  type`);
  for (const [name, expr] of cases) {
    const first = compileExpression(env, expr);
    if (!first.ok) {
      out(`${name.padEnd(28)} ${'n/a'.padStart(10)}  (${first.diagnostics[0]?.message ?? ''})`);
      continue;
    }
    const compileUs = microseconds(() => compileExpression(env, expr));
    const program = first.value;
    const check = program.evaluate(activation);
    if (!check.ok) throw new Error(`${name}: ${check.error.message}`);
    const evals = opsPerSecond(() => program.evaluate(activation));
    const jsonEvals = opsPerSecond(() => program.evaluateToJson(activation));
    out(`${name.padEnd(28)} ${fmt(compileUs, 1).padStart(10)} ${fmt(evals).padStart(12)} ${fmt(jsonEvals).padStart(12)}  ${expr}`);
  }

  out('');
  const runaway = compileExpression(env, 'schema.spec.items.map(a, schema.spec.items.map(b, schema.spec.items.map(c, a.weight * b.weight * c.weight)))');
  if (!runaway.ok) throw new Error(runaway.diagnostics[0]?.message);
  const big = toActivation(env, { schema: sampleApp(1000), deployment });
  t = performance.now();
  const result = runaway.value.evaluate(big);
  const ms = performance.now() - t;
  out(`runaway 3-deep comprehension over 1000 items (10^9 steps): ${result.ok ? 'finished?!' : result.error.kind} after ${fmt(ms, 1)} ms ` +
    `(budget ${fmt(1_000_000)} units)`);
  const metered = compileExpression(env, 'schema.spec.items.map(i, i.weight * 2).size()');
  if (metered.ok) {
    const r = metered.value.evaluate(big);
    if (r.ok) out(`cost of a 1000-element map(): ${fmt(r.cost)} units`);
  }
}

main();
