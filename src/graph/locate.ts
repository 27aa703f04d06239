// Turns the YAML path + span of graph diagnostics into file:line:col, given the document the RGD was loaded from
// (src/api's loader keeps a source map per document). The core only returns paths and spans; the edges call this.
import { locateAll, type Diagnostic, type SourceMap } from '../api/index.js';

export function locateGraphDiagnostics(diagnostics: readonly Diagnostic[], document: { readonly sourceMap: SourceMap } | undefined): Diagnostic[] {
  return document ? locateAll(diagnostics, document.sourceMap) : [...diagnostics];
}
