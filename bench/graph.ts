// `npm run bench:graph`: build time of the whole kro-examples corpus (every RGD of ../shared/corpus/kro-examples,
// offline with the bundled Kubernetes kinds and the ACK CRDs, RGDs of one example folder compiled together).
// Prints: loading the offline schemas, the first (cold) build of the corpus, the steady-state build (median of
// 5 rebuilds in the same process, when CEL types and resolved schemas are cached), per-RGD figures, and the
// slowest folders. YAML loading is measured separately, since src/api does it, not the graph builder.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRgdDocuments } from '../src/api/index.js';
import { createOfflineSchemas } from '../src/cli/offline-schemas.js';
import { compileGraphs, type RgdInput } from '../src/graph/index.js';

const corpus = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...yamlFiles(full));
    else if (entry.endsWith('.yaml')) out.push(full);
  }
  return out;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  let start = performance.now();
  const { source } = await createOfflineSchemas({ crdPaths: [join(corpus, 'crds/ack')] });
  const schemasMs = performance.now() - start;

  start = performance.now();
  const root = join(corpus, 'kro-examples');
  const folders = new Map<string, RgdInput[]>();
  let rgds = 0;
  for (const path of yamlFiles(root)) {
    const folder = relative(root, path).split('/').slice(0, 2).join('/');
    for (const { rgd, document } of loadRgdDocuments(readFileSync(path, 'utf8'), path).rgds) {
      folders.set(folder, [...(folders.get(folder) ?? []), { rgd, document }]);
      rgds++;
    }
  }
  const yamlMs = performance.now() - start;

  const buildOnce = async (lenient: boolean): Promise<{ total: number; ok: number; perFolder: [string, number][] }> => {
    let ok = 0;
    const perFolder: [string, number][] = [];
    const t0 = performance.now();
    for (const [folder, inputs] of folders) {
      const t = performance.now();
      const results = await compileGraphs(inputs, { schemas: source, lenientUnknownKinds: lenient, features: { celOmitFunction: true } });
      perFolder.push([folder, performance.now() - t]);
      ok += results.filter((r) => r.result.ok).length;
    }
    return { total: performance.now() - t0, ok, perFolder };
  };

  const cold = await buildOnce(false);
  const warm: number[] = [];
  let last = cold;
  for (let i = 0; i < 5; i++) {
    last = await buildOnce(false);
    warm.push(last.total);
  }
  const lenientRuns: number[] = [];
  let lenientOk = 0;
  for (let i = 0; i < 3; i++) {
    const r = await buildOnce(true);
    lenientRuns.push(r.total);
    lenientOk = r.ok;
  }
  const steady = median(warm);

  out(`kro-examples corpus: ${rgds} RGDs in ${folders.size} example folders (Node ${process.version})`);
  out(`  load offline schemas (bundled kinds + ACK CRDs)  ${ms(schemasMs)}`);
  out(`  load RGD YAML with source maps (src/api)         ${ms(yamlMs)}`);
  out(`  build, cold (first in process)                   ${ms(cold.total)}  (${cold.ok} of ${rgds} build; the rest miss kinds or are invalid)`);
  out(`  build, steady state (median of 5)                ${ms(steady)}  = ${ms(steady / rgds)} per RGD`);
  out(`  build, lenient unknown kinds (median of 3)       ${ms(median(lenientRuns))}  (${lenientOk} of ${rgds} build)`);
  out('  slowest folders (steady state):');
  for (const [folder, t] of [...last.perFolder].sort((a, b) => b[1] - a[1]).slice(0, 5)) {
    out(`    ${folder.padEnd(34)} ${ms(t)} (${folders.get(folder)!.length} RGDs)`);
  }
}

await main();
