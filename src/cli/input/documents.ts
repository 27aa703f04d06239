// Sorts the documents of the input files: ResourceGraphDefinitions are what the commands work on, CRDs become
// schemas (so an RGD and the CRD it uses can be validated together), anything else is ignored with a note. YAML
// and structural errors come back located (file:line:col), never thrown.
import {
  diagnostic,
  isJsonObject,
  isRgdDocument,
  loadRgdDocuments,
  locate,
  type CustomResourceDefinition,
  type Diagnostic,
  type JsonObject,
  type ResourceGraphDefinition,
  type SourceLocation,
  type YamlDocument,
} from '../../api/index.js';
import { crdProblem, isCrd } from '../offline-schemas.js';
import type { InputFile } from './files.js';

export interface InputRgd {
  readonly file: string;
  readonly document: YamlDocument;
  /** With API defaults applied (schema.group, schema.scope). */
  readonly rgd: ResourceGraphDefinition;
}

export interface InputNote {
  readonly message: string;
  readonly location?: SourceLocation;
}

export interface SortedInput {
  readonly rgds: readonly InputRgd[];
  readonly crds: readonly CustomResourceDefinition[];
  /** YAML syntax errors, structural RGD errors, unusable CRDs. */
  readonly diagnostics: readonly Diagnostic[];
  /** Documents that were skipped, and why. */
  readonly notes: readonly InputNote[];
}

function describeObject(value: JsonObject): string {
  const kind = typeof value.kind === 'string' ? value.kind : '(no kind)';
  const metadata = isJsonObject(value.metadata) ? value.metadata : {};
  const name = typeof metadata.name === 'string' ? ` ${metadata.name}` : '';
  return `${kind}${name}`;
}

function startOf(document: YamlDocument): SourceLocation | undefined {
  const found = document.sourceMap.locate([]);
  if (!found) return undefined;
  return found.file === undefined ? { line: found.line, column: found.column } : { file: found.file, line: found.line, column: found.column };
}

export function sortInputDocuments(files: readonly InputFile[]): SortedInput {
  const rgds: InputRgd[] = [];
  const crds: CustomResourceDefinition[] = [];
  const diagnostics: Diagnostic[] = [];
  const notes: InputNote[] = [];
  for (const file of files) {
    const loaded = loadRgdDocuments(file.text, file.name);
    diagnostics.push(...loaded.diagnostics);
    const valid = new Set(loaded.rgds.map((r) => r.document));
    for (const r of loaded.rgds) rgds.push({ file: file.name, document: r.document, rgd: r.rgd });
    for (const document of loaded.documents) {
      const value = document.value;
      if (isRgdDocument(value) || valid.has(document)) continue;
      if (isCrd(value)) {
        const problem = crdProblem(value as unknown as JsonObject);
        if (problem) diagnostics.push(locate(diagnostic('cli/invalid-crd', `invalid CustomResourceDefinition: ${problem}`, []), document.sourceMap));
        else crds.push(value);
        continue;
      }
      const what = isJsonObject(value) ? describeObject(value) : 'a document that is not a mapping';
      const location = startOf(document);
      notes.push({
        message: `ignored ${what}: not a ResourceGraphDefinition or CustomResourceDefinition`,
        ...(location ? { location } : {}),
      });
    }
  }
  return { rgds, crds, diagnostics, notes };
}
