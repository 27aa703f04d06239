// The shared front half of validate, generate and render: read the `-f` files, sort their documents, open the
// schema source (offline or cluster) and compile every RGD together (so they can use each other's kinds). Nothing
// is printed here; commands decide what to show.
import type { Diagnostic, Result } from '../api/index.js';
import { compileGraphs, type CompiledGraph } from '../graph/index.js';
import { readInputFiles, type InputFile } from './input/files.js';
import { sortInputDocuments, type InputNote, type InputRgd } from './input/documents.js';
import { openSchemaSource, type ClusterOptions } from './schema-sources.js';

export interface BuildInputsOptions {
  readonly files: readonly string[];
  readonly crdPaths?: readonly string[];
  readonly cluster?: ClusterOptions;
  readonly lenient?: boolean;
  readonly stdin?: NodeJS.ReadableStream;
}

export interface BuiltRgd {
  readonly input: InputRgd;
  readonly result: Result<CompiledGraph>;
}

export interface BuiltInputs {
  readonly files: readonly InputFile[];
  /** File name -> text, for printing source lines under diagnostics. */
  readonly sources: ReadonlyMap<string, string>;
  readonly rgds: readonly BuiltRgd[];
  /** Every error and warning: input problems first, then each RGD's (located), in input order. */
  readonly diagnostics: readonly Diagnostic[];
  readonly notes: readonly InputNote[];
}

export function errorCount(diagnostics: readonly Diagnostic[]): number {
  return diagnostics.filter((d) => d.severity !== 'warning').length;
}

export async function buildInputs(options: BuildInputsOptions): Promise<BuiltInputs> {
  const files = await readInputFiles(options.files, options.stdin);
  const sorted = sortInputDocuments(files);
  const diagnostics: Diagnostic[] = [...sorted.diagnostics];
  const rgds: BuiltRgd[] = [];
  if (sorted.rgds.length > 0) {
    const schemas = await openSchemaSource({
      crdPaths: options.crdPaths ?? [],
      inputCrds: sorted.crds,
      ...(options.cluster ? { cluster: options.cluster } : {}),
    });
    try {
      diagnostics.push(...schemas.diagnostics);
      const compiled = await compileGraphs(
        sorted.rgds.map((r) => ({ rgd: r.rgd, document: r.document })),
        { schemas: schemas.source, lenientUnknownKinds: options.lenient ?? false },
      );
      compiled.forEach((c, i) => {
        rgds.push({ input: sorted.rgds[i]!, result: c.result });
        if (c.result.ok) diagnostics.push(...(c.result.warnings ?? []));
        else diagnostics.push(...c.result.diagnostics);
      });
    } finally {
      await schemas.close();
    }
  }
  return { files, sources: new Map(files.map((f) => [f.name, f.text])), rgds, diagnostics, notes: sorted.notes };
}
