// The shell side of offline builds: reads the bundled OpenAPI document of the Kubernetes built-in kinds
// (data/kubernetes-v<version>-builtin-schemas.json.gz, made by scripts/generate-builtin-schemas.ts) and the CRD
// files of `--crds DIR`, and hands plain data to src/graph's pure OfflineSchemaSource. Bundled schemas keep their
// `$ref`s; each kind is resolved (src/kube's resolver) the first time a build asks for it.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  CRD_API_VERSION,
  CRD_KIND,
  diagnostic,
  isJsonObject,
  locate,
  parseYamlDocuments,
  type CustomResourceDefinition,
  type Diagnostic,
  type JsonObject,
} from '../api/index.js';
import { OfflineSchemaSource, type OfflineKind } from '../graph/index.js';
import { resolveSchema, type OpenApiDocument } from '../api/index.js';

export const BUILTIN_KUBERNETES_VERSION = 'v1.36.3';

/** Where the bundled document is, relative to this file (src/cli or dist/src/cli: both three levels down). */
export function builtinSchemasPath(version = BUILTIN_KUBERNETES_VERSION): string {
  return new URL(`../../../data/kubernetes-${version}-builtin-schemas.json.gz`, import.meta.url).pathname;
}

interface BundledKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly resource: string;
  readonly namespaced: boolean;
  readonly schema: string;
}

interface Bundle extends OpenApiDocument {
  readonly kubernetesVersion: string;
  readonly kinds: readonly BundledKind[];
}

export interface BuiltinSchemas {
  readonly kubernetesVersion: string;
  readonly kinds: readonly OfflineKind[];
}

const bundles = new Map<string, Promise<BuiltinSchemas>>();

/** Loads the bundled built-in kinds (cached per path). */
export function loadBuiltinSchemas(path = builtinSchemasPath()): Promise<BuiltinSchemas> {
  let loading = bundles.get(path);
  if (!loading) {
    loading = (async () => {
      const bundle = JSON.parse(gunzipSync(await readFile(path)).toString('utf8')) as Bundle;
      const kinds = bundle.kinds.map((k): OfflineKind => {
        let resolved: JsonObject | undefined;
        return {
          gvk: { group: k.group, version: k.version, kind: k.kind },
          resource: k.resource,
          namespaced: k.namespaced,
          schema: () => (resolved ??= resolveSchema(bundle, k.schema) ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }),
        };
      });
      return { kubernetesVersion: bundle.kubernetesVersion, kinds };
    })();
    bundles.set(path, loading);
  }
  return loading;
}

export interface LoadedCrds {
  readonly crds: readonly CustomResourceDefinition[];
  /** Unreadable files, YAML errors, malformed CRDs; located when they come from a file. */
  readonly diagnostics: readonly Diagnostic[];
  /** The files read, in order. */
  readonly files: readonly string[];
}

async function yamlFiles(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const out: string[] = [];
  for (const entry of (await readdir(path)).sort()) {
    const full = join(path, entry);
    if ((await stat(full)).isDirectory()) out.push(...(await yamlFiles(full)));
    else if (/\.(ya?ml|json)$/i.test(entry)) out.push(full);
  }
  return out;
}

/** True for a CustomResourceDefinition document (apiextensions.k8s.io/v1). */
export function isCrd(value: unknown): value is CustomResourceDefinition {
  return isJsonObject(value) && (value).apiVersion === CRD_API_VERSION && (value).kind === CRD_KIND;
}

/** Why a CRD document cannot be used as a schema, or undefined when it can. */
export function crdProblem(crd: JsonObject): string | undefined {
  const spec = crd.spec;
  if (!isJsonObject(spec)) return 'spec is missing';
  if (typeof spec.group !== 'string') return 'spec.group is missing';
  const names = spec.names;
  if (!isJsonObject(names) || typeof names.kind !== 'string' || typeof names.plural !== 'string') return 'spec.names.kind and spec.names.plural are required';
  if (!Array.isArray(spec.versions) || spec.versions.length === 0) return 'spec.versions is empty';
  return undefined;
}

/** Reads every CustomResourceDefinition from the given files or directories (recursively; other documents are skipped). */
export async function loadCrdFiles(paths: readonly string[]): Promise<LoadedCrds> {
  const crds: CustomResourceDefinition[] = [];
  const diagnostics: Diagnostic[] = [];
  const files: string[] = [];
  for (const root of paths) {
    let list: string[];
    try {
      list = await yamlFiles(root);
    } catch (err) {
      diagnostics.push(diagnostic('cli/crd-files', `cannot read CRDs from ${root}: ${err instanceof Error ? err.message : String(err)}`));
      continue;
    }
    for (const file of list) {
      files.push(file);
      const parsed = parseYamlDocuments(await readFile(file, 'utf8'), file);
      diagnostics.push(...parsed.diagnostics);
      for (const doc of parsed.documents) {
        if (!isCrd(doc.value)) continue;
        const problem = crdProblem(doc.value as unknown as JsonObject);
        if (problem) diagnostics.push(locate(diagnostic('cli/invalid-crd', `invalid CustomResourceDefinition: ${problem}`, []), doc.sourceMap));
        else crds.push(doc.value);
      }
    }
  }
  return { crds, diagnostics, files };
}

export interface OfflineSchemasOptions {
  /** Files or directories with CRDs (`--crds`). */
  readonly crdPaths?: readonly string[];
  /** Leave out the bundled built-in kinds. @default false */
  readonly withoutBuiltins?: boolean;
  /** Another bundled document (tests). */
  readonly builtinsPath?: string;
}

/** The offline schema source of the CLI: bundled built-ins plus the CRD files given. */
export async function createOfflineSchemas(
  options: OfflineSchemasOptions = {},
): Promise<{ source: OfflineSchemaSource; diagnostics: readonly Diagnostic[] }> {
  const builtins = options.withoutBuiltins ? undefined : await loadBuiltinSchemas(options.builtinsPath);
  const loaded = await loadCrdFiles(options.crdPaths ?? []);
  const parts = [builtins ? `the bundled Kubernetes ${builtins.kubernetesVersion} kinds` : undefined];
  if (loaded.files.length > 0) parts.push(`the CRDs of ${options.crdPaths!.join(', ')}`);
  const source = new OfflineSchemaSource({
    kinds: builtins?.kinds ?? [],
    crds: loaded.crds,
    description: parts.filter((p) => p !== undefined).join(' and ') || 'no schemas (no built-ins, no CRD files)',
  });
  return { source, diagnostics: loaded.diagnostics };
}
