// Every RGD of upstream's examples corpus whose schema converts becomes a CRD that the real kube-apiserver
// accepts (v1 CRDs must be structural) and marks Established; the CRD read back from the server diffs clean
// against the generated one, so kro-ts would not keep re-patching it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadRgdDocuments, type CustomResourceDefinition } from '../../../src/api/index.js';
import { crdNeedsUpdate, diffCrds, generateInstanceCrd } from '../../../src/schema/index.js';
import { kubectlOk, uniqueName } from '../support.js';
import { applyOk, deleteCrds, inGroup, waitEstablished } from './helpers.js';

const corpus = fileURLToPath(new URL('../../../../../shared/corpus/kro-examples/', import.meta.url));

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...yamlFiles(full));
    else if (/\.ya?ml$/.test(entry)) out.push(full);
  }
  return out.sort();
}

interface CorpusCrd {
  readonly source: string;
  readonly crd: CustomResourceDefinition;
}

function corpusCrds(): { crds: CorpusCrd[]; skipped: string[] } {
  const crds: CorpusCrd[] = [];
  const skipped: string[] = [];
  const run = uniqueName('corpus');
  for (const file of yamlFiles(corpus)) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('kind: ResourceGraphDefinition')) continue;
    for (const { rgd } of loadRgdDocuments(text, file).rgds) {
      const source = `${file.slice(corpus.length)}#${rgd.metadata.name}`;
      const generated = generateInstanceCrd(rgd.spec.schema, {
        labels: { kroVersion: 'v0.0.0-test', rgdUid: 'uid', rgdName: rgd.metadata.name ?? '' },
      });
      if (!generated.ok) {
        skipped.push(`${source}: ${generated.diagnostics[0].message}`);
        continue;
      }
      // One group per RGD: several examples define the same kind.
      crds.push({ source, crd: inGroup(generated.value, `${run}-${crds.length}.corpus.kro-ts.test`) });
    }
  }
  return { crds, skipped };
}

const { crds, skipped } = corpusCrds();

after(async () => {
  await deleteCrds(crds.map((c) => c.crd));
});

test('the corpus yields enough CRDs to mean something', () => {
  // Measured: 47 of the corpus's RGDs convert; the 7 others are ACK controller examples with an unquoted
  // multi-word default, which upstream rejects the same way.
  assert.ok(crds.length >= 45, `${crds.length} CRDs; skipped: ${skipped.join('\n')}`);
  for (const s of skipped) assert.match(s, /without a value/);
});

test('the API server accepts every generated CRD and marks it Established', { timeout: 300_000 }, async () => {
  await applyOk(crds.map((c) => c.crd));
  await waitEstablished(crds.map((c) => c.crd.metadata.name!));
});

test('CRDs read back from the API server need no update', { timeout: 120_000 }, async () => {
  const names = crds.map((c) => `crd/${c.crd.metadata.name}`);
  const list = JSON.parse(await kubectlOk(['get', ...names, '-o', 'json'])) as { items: CustomResourceDefinition[] };
  assert.equal(list.items.length, crds.length);
  for (const stored of list.items) {
    const desired = crds.find((c) => c.crd.metadata.name === stored.metadata.name)!;
    const r = diffCrds(stored, desired.crd);
    assert.ok(r.ok, desired.source);
    if (!r.ok) continue;
    assert.equal(crdNeedsUpdate(r.diff), false, `${desired.source}: ${JSON.stringify(r.diff)}`);
  }
});
