// The instances `kro render` renders, checked the way the API server would admit them: the kind must be one of the
// input's RGDs, metadata.name is required, and spec is validated against the generated CRD's spec schema with its
// defaults applied (src/api's structural validation, the API server's rules and wording), including the CRD's CEL
// rules (x-kubernetes-validations) evaluated offline. Errors point at the instance file's line and column. A rule
// that cannot be evaluated offline is not an error (the API server may accept the instance); it gets one note per
// rule, so the user knows it was left to the cluster. Also loads the `--observed` objects.
import {
  apiVersionOf,
  diagnostic,
  formatYamlPath,
  isJsonObject,
  locate,
  parseYamlDocuments,
  validateStructural,
  type Diagnostic,
  type JsonObject,
  type JsonValue,
  type KubeObject,
  type SkippedRule,
  type SourceMap,
} from '../../api/index.js';
import { createValidationRuleEvaluator } from '../../cel/index.js';
import type { CompiledGraph } from '../../graph/index.js';
import type { InputFile } from '../input/files.js';

export interface RenderTarget {
  readonly graph: CompiledGraph;
  /** The instance as admitted: defaults applied, namespace set. */
  readonly instance: KubeObject;
  readonly file: string;
}

export interface LoadedInstances {
  readonly targets: readonly RenderTarget[];
  readonly diagnostics: readonly Diagnostic[];
  readonly notes: readonly string[];
}

/**
 * A field that is not in the file (a missing required field) is reported at the key of its closest existing
 * parent, so the caret lands on `spec:` rather than on whatever line happens to come first inside it.
 */
function locateInInstance(d: Diagnostic, sourceMap: SourceMap): Diagnostic {
  if (d.path.length === 0 || sourceMap.range(d.path) !== undefined) return locate(d, sourceMap);
  let parent = d.path.slice(0, -1);
  while (parent.length > 0 && sourceMap.range(parent) === undefined) parent = parent.slice(0, -1);
  const found = parent.length > 0 ? sourceMap.locateKey(parent) : undefined;
  if (!found) return locate(d, sourceMap);
  return { ...d, location: found.file === undefined ? { line: found.line, column: found.column } : { file: found.file, line: found.line, column: found.column } };
}

function kindsOf(graphs: readonly CompiledGraph[]): string {
  return graphs.map((g) => `${apiVersionOf(g.instance.gvk)} ${g.instance.gvk.kind}`).join(', ');
}

/** One note per skipped rule of an instance (not one per list item it was skipped at). */
function skippedRuleNotes(skipped: readonly SkippedRule[], instance: string): string[] {
  const byRule = new Map<string, SkippedRule>();
  for (const s of skipped) if (!byRule.has(s.rule)) byRule.set(s.rule, s);
  return [...byRule.values()].map(
    (s) => `${instance}: rule ${JSON.stringify(s.rule)} at ${formatYamlPath(s.path)} was not checked offline (${s.reason}); the API server will check it`,
  );
}

export function loadInstances(files: readonly InputFile[], graphs: readonly CompiledGraph[]): LoadedInstances {
  const targets: RenderTarget[] = [];
  const diagnostics: Diagnostic[] = [];
  const notes: string[] = [];
  const evaluateRule = createValidationRuleEvaluator();
  const unmatched: { apiVersion: string; kind: string; metadata: JsonValue | undefined; at: (d: Diagnostic) => Diagnostic }[] = [];
  for (const file of files) {
    const parsed = parseYamlDocuments(file.text, file.name);
    diagnostics.push(...parsed.diagnostics);
    for (const doc of parsed.documents) {
      const value = doc.value;
      const at = (d: Diagnostic) => locate(d, doc.sourceMap);
      if (!isJsonObject(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
        diagnostics.push(at(diagnostic('cli/invalid-instance', 'an instance needs apiVersion and kind', [], { hint: 'start from `kro generate instance -f <rgd>`' })));
        continue;
      }
      const graph = graphs.find((g) => apiVersionOf(g.instance.gvk) === value.apiVersion && g.instance.gvk.kind === value.kind);
      if (!graph) {
        // Other documents next to instances (a Namespace, the RGD itself) are skipped once an instance is found.
        unmatched.push({ apiVersion: value.apiVersion, kind: value.kind, metadata: value.metadata, at });
        continue;
      }
      const metadata = isJsonObject(value.metadata) ? value.metadata : {};
      if (typeof metadata.name !== 'string' || metadata.name === '') {
        diagnostics.push(at(diagnostic('cli/invalid-instance', 'metadata.name: Required value: name is required', ['metadata', 'name'])));
        continue;
      }
      const spec = value.spec ?? {};
      const checked = validateStructural(spec, graph.instance.specSchema, { codePrefix: 'kube', evaluateRule }, ['spec']);
      notes.push(...skippedRuleNotes(checked.skippedRules, `${value.kind} ${metadata.name}`));
      if (checked.diagnostics.length > 0) {
        const hint = 'fix the instance so it matches the spec schema (`kro generate instance` prints a valid sample)';
        const ruleHint = "fix the value so the CRD's validation rule (expected) holds";
        diagnostics.push(
          ...checked.diagnostics.map((d) =>
            locateInInstance({ ...d, code: 'cli/invalid-instance', hint: d.hint ?? (d.code === 'kube/rule' ? ruleHint : hint) }, doc.sourceMap),
          ),
        );
        continue;
      }
      const namespace = graph.instance.namespaced ? (typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : 'default') : undefined;
      const { status: _status, ...rest } = value;
      const meta: JsonObject = { ...metadata, ...(namespace !== undefined ? { namespace } : {}) };
      if (!graph.instance.namespaced) delete meta.namespace;
      targets.push({ graph, file: file.name, instance: { ...rest, metadata: meta, spec: checked.defaulted } as unknown as KubeObject });
    }
  }
  for (const value of unmatched) {
    const at = value.at;
    const metadata = isJsonObject(value.metadata) ? value.metadata : {};
    const name = typeof metadata.name === 'string' ? ` ${metadata.name}` : '';
    if (targets.length > 0) {
      notes.push(`ignored ${value.kind}${name}: not an instance of the input's ResourceGraphDefinitions`);
      continue;
    }
    const known = graphs.some((g) => g.instance.gvk.kind === value.kind);
    diagnostics.push(
      at(
        diagnostic('cli/unknown-instance-kind', `no ResourceGraphDefinition of the input defines ${value.apiVersion} ${value.kind}`, ['kind'], {
          found: `${value.apiVersion} ${value.kind}`,
          expected: kindsOf(graphs),
          hint: known ? 'check the apiVersion: it is <spec.schema.group>/<spec.schema.apiVersion>' : 'pass the RGD that defines this kind with -f',
        }),
      ),
    );
  }
  if (targets.length === 0 && diagnostics.length === 0) notes.push(`no instance found in ${files.map((f) => f.name).join(', ')}`);
  return { targets, diagnostics, notes };
}

export interface LoadedObservations {
  readonly objects: readonly KubeObject[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Live objects for `--observed`: every document with apiVersion, kind and metadata.name (Lists are unpacked). */
export function loadObservedObjects(files: readonly InputFile[]): LoadedObservations {
  const objects: KubeObject[] = [];
  const diagnostics: Diagnostic[] = [];
  const take = (value: JsonObject, report: (d: Diagnostic) => void) => {
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
      for (const item of value.items) if (isJsonObject(item)) take(item, report);
      return;
    }
    const metadata = isJsonObject(value.metadata) ? value.metadata : {};
    if (typeof value.apiVersion !== 'string' || typeof value.kind !== 'string' || typeof metadata.name !== 'string') {
      report(diagnostic('cli/invalid-observed', 'an observed object needs apiVersion, kind and metadata.name'));
      return;
    }
    objects.push(value as unknown as KubeObject);
  };
  for (const file of files) {
    const parsed = parseYamlDocuments(file.text, file.name);
    diagnostics.push(...parsed.diagnostics);
    for (const doc of parsed.documents) {
      if (isJsonObject(doc.value)) take(doc.value, (d) => diagnostics.push(locate(d, doc.sourceMap)));
    }
  }
  return { objects, diagnostics };
}
