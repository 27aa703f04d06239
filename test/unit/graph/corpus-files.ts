// The RGDs of ../shared/corpus/kro-examples grouped by example folder (<category>/<example>), read at runtime.
// Shared by the corpus unit test and the cluster integration test.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadRgdDocuments } from '../../../src/api/index.js';
import type { RgdInput } from '../../../src/graph/index.js';
import { corpusPath } from './helpers.js';

export interface CorpusRgd extends RgdInput {
  /** Path below kro-examples, e.g. `aws/s3bucket/rg.yaml`. */
  readonly file: string;
}

export interface Corpus {
  readonly folders: ReadonlyMap<string, readonly CorpusRgd[]>;
  /** Files with an RGD document that does not load, with the loader's diagnostic codes. */
  readonly unloadable: Readonly<Record<string, readonly string[]>>;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...yamlFiles(full));
    else if (entry.endsWith('.yaml')) out.push(full);
  }
  return out;
}

export function loadCorpus(): Corpus {
  const root = corpusPath('kro-examples');
  const folders = new Map<string, CorpusRgd[]>();
  const unloadable: Record<string, string[]> = {};
  for (const path of yamlFiles(root)) {
    const file = relative(root, path);
    const text = readFileSync(path, 'utf8');
    const loaded = loadRgdDocuments(text, file);
    if (loaded.rgds.length === 0 && /^kind: ResourceGraphDefinition/m.test(text)) unloadable[file] = loaded.diagnostics.map((d) => d.code);
    const folder = file.split('/').slice(0, 2).join('/');
    for (const { rgd, document } of loaded.rgds) folders.set(folder, [...(folders.get(folder) ?? []), { rgd, document, file }]);
  }
  return { folders, unloadable };
}
