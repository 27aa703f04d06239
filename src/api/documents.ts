// Loading YAML text (one or many documents) into plain JSON values with a source map each, and picking out the
// ResourceGraphDefinitions with their structural diagnostics. Pure: callers read files and pass the text.
//
// Plain scalars resolve as kubectl resolves them (yaml-kube.ts: `yes` is true, `0644` is 420), so what is
// validated and rendered offline is what `kubectl apply` would send; values JSON cannot hold (.inf, .nan) are
// reported, not passed on.

import { parseAllDocuments, type Document } from 'yaml';
import { diagnostic, type Diagnostic, type YamlPath } from './diagnostics.js';
import type { JsonValue } from './json.js';
import { isRgdDocument, validateRgdStructure } from './rgd-validation.js';
import { createSourceMap, LineIndex, type SourceMap } from './source-map.js';
import type { ResourceGraphDefinition } from './types.js';
import { kubectlScalarTags } from './yaml-kube.js';

export interface YamlDocument {
  /** 0-based position of the document in its file. */
  readonly index: number;
  /** The document's content as JSON; undefined for an empty document. */
  readonly value: JsonValue | undefined;
  readonly sourceMap: SourceMap;
}

export interface ParsedYaml {
  readonly documents: readonly YamlDocument[];
  /** Syntax errors and unsupported values, located. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface LoadedRgd {
  readonly document: YamlDocument;
  /** The RGD with API defaults applied. */
  readonly rgd: ResourceGraphDefinition;
}

export interface LoadedRgdFile extends ParsedYaml {
  /** The documents that are structurally valid ResourceGraphDefinitions. */
  readonly rgds: readonly LoadedRgd[];
}

/** Parses every document of `text`. Documents with syntax errors are left out; their errors are reported. */
export function parseYamlDocuments(text: string, fileName?: string): ParsedYaml {
  const lines = new LineIndex(text);
  const docs = parseAllDocuments(text, { customTags: kubectlScalarTags, prettyErrors: false, uniqueKeys: true });
  const documents: YamlDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  const list: Document[] = Array.isArray(docs) ? docs : [];
  list.forEach((doc, index) => {
    const sourceMap = createSourceMap(doc, lines, fileName);
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const { line, column } = lines.position(error.pos[0]);
        const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        diagnostics.push(
          diagnostic('rgd/yaml-syntax', `YAML syntax error: ${message}`, [], {
            location: fileName === undefined ? { line, column } : { file: fileName, line, column },
            hint: 'fix the YAML so that it parses; quoting values that contain ": " or start with special characters often helps',
          }),
        );
      }
      return;
    }
    const raw: unknown = doc.toJS({ maxAliasCount: 1000 });
    const { value, problems } = toJson(raw, []);
    for (const path of problems) {
      diagnostics.push(
        locate(
          diagnostic('rgd/yaml-value', 'value cannot be represented in JSON (infinity, NaN, or a non-JSON type)', path),
          sourceMap,
        ),
      );
    }
    // Empty documents (a trailing `---`, comments only) carry nothing, as for kubectl.
    if (value === null) return;
    documents.push({ index, value, sourceMap });
  });
  return { documents, diagnostics };
}

/**
 * Parses `text` and validates every ResourceGraphDefinition document in it. Other documents (instances,
 * namespaces, CRDs) are returned in `documents` and otherwise ignored.
 */
export function loadRgdDocuments(text: string, fileName?: string): LoadedRgdFile {
  const parsed = parseYamlDocuments(text, fileName);
  const diagnostics = [...parsed.diagnostics];
  const rgds: LoadedRgd[] = [];
  for (const document of parsed.documents) {
    if (!isRgdDocument(document.value)) continue;
    const result = validateRgdStructure(document.value);
    diagnostics.push(...locateAll(result.diagnostics, document.sourceMap));
    if (result.rgd) rgds.push({ document, rgd: result.rgd });
  }
  return { documents: parsed.documents, diagnostics, rgds };
}

/** Fills `location` of a diagnostic from a source map (keys for unknown fields, values otherwise). */
export function locate(d: Diagnostic, sourceMap: SourceMap): Diagnostic {
  if (d.location) return d;
  const found = d.code.endsWith('/unknown-field') ? sourceMap.locateKey(d.path) : sourceMap.locate(d.path, d.span);
  if (!found) return d;
  const { offset: _offset, exact: _exact, ...location } = found;
  return { ...d, location };
}

export function locateAll(diagnostics: readonly Diagnostic[], sourceMap: SourceMap): Diagnostic[] {
  return diagnostics.map((d) => locate(d, sourceMap));
}

function toJson(raw: unknown, path: YamlPath): { value: JsonValue; problems: YamlPath[] } {
  const problems: YamlPath[] = [];
  const convert = (v: unknown, at: YamlPath): JsonValue => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (Number.isFinite(v)) return v;
      problems.push(at);
      return null;
    }
    if (typeof v === 'bigint') return Number(v);
    if (Array.isArray(v)) return v.map((item, i) => convert(item, [...at, i]));
    if (v instanceof Date) return v.toISOString();
    if (typeof v === 'object') {
      const out: Record<string, JsonValue> = {};
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) out[k] = convert(item, [...at, k]);
      return out;
    }
    problems.push(at);
    return null;
  };
  const value = convert(raw, path);
  return { value, problems };
}
