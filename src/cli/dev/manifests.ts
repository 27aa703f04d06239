// The objects `kro dev -f` applies: every YAML document of the input files, checked for what server-side apply
// needs (apiVersion, kind, metadata.name), then put in apply order. RGDs go before the objects that may be their
// instances, because an instance's kind exists only once its RGD is Active; Namespaces and CRDs go first of all,
// since RGDs and other objects may live in or use them. Within a phase the input order is kept (as kubectl's).
import {
  diagnostic,
  isJsonObject,
  locate,
  parseYamlDocuments,
  RGD_API_VERSION,
  RGD_KIND,
  type Diagnostic,
  type KubeObject,
  type SourceLocation,
} from '../../api/index.js';
import type { InputFile } from '../input/files.js';

export interface Manifest {
  readonly object: KubeObject;
  /** Where the document starts, for messages (file:line:col). */
  readonly location: SourceLocation | undefined;
}

export interface LoadedManifests {
  readonly manifests: readonly Manifest[];
  /** YAML syntax errors and documents that cannot be applied, located. */
  readonly diagnostics: readonly Diagnostic[];
}

/** The phases of `kro dev`'s apply, in order. */
export type ApplyPhase = 'setup' | 'rgd' | 'object';

export interface OrderedManifests {
  /** Namespaces and CustomResourceDefinitions. */
  readonly setup: readonly Manifest[];
  /** ResourceGraphDefinitions: applied, then waited for until Active. */
  readonly rgds: readonly Manifest[];
  /** Everything else (instances included), applied once the RGDs are Active. */
  readonly objects: readonly Manifest[];
}

export function isRgd(object: KubeObject): boolean {
  return object.apiVersion === RGD_API_VERSION && object.kind === RGD_KIND;
}

export function applyPhase(object: KubeObject): ApplyPhase {
  if (isRgd(object)) return 'rgd';
  if (object.apiVersion === 'v1' && object.kind === 'Namespace') return 'setup';
  if (object.apiVersion === 'apiextensions.k8s.io/v1' && object.kind === 'CustomResourceDefinition') return 'setup';
  return 'object';
}

/** Splits manifests into apply phases, keeping the input order within each. */
export function orderForApply(manifests: readonly Manifest[]): OrderedManifests {
  const phases: Record<ApplyPhase, Manifest[]> = { setup: [], rgd: [], object: [] };
  for (const m of manifests) phases[applyPhase(m.object)].push(m);
  return { setup: phases.setup, rgds: phases.rgd, objects: phases.object };
}

/** `kind/name` or `kind namespace/name`, as the messages of `kro dev` name objects. */
export function describeManifest(object: KubeObject): string {
  const ns = object.metadata.namespace;
  return `${object.kind} ${ns ? `${ns}/` : ''}${object.metadata.name ?? '(no name)'}`;
}

/** Parses the input files into appliable objects. Nothing is applied when diagnostics are returned. */
export function loadManifests(files: readonly InputFile[]): LoadedManifests {
  const manifests: Manifest[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const parsed = parseYamlDocuments(file.text, file.name);
    diagnostics.push(...parsed.diagnostics);
    for (const document of parsed.documents) {
      const value = document.value;
      const start = document.sourceMap.locate([]);
      const location = start ? { file: file.name, line: start.line, column: start.column } : undefined;
      if (!isJsonObject(value)) {
        diagnostics.push(locate(diagnostic('cli/invalid-object', 'the document is not a Kubernetes object (a mapping with apiVersion, kind and metadata)', []), document.sourceMap));
        continue;
      }
      const missing: string[] = [];
      if (typeof value.apiVersion !== 'string' || value.apiVersion === '') missing.push('apiVersion');
      if (typeof value.kind !== 'string' || value.kind === '') missing.push('kind');
      const metadata = isJsonObject(value.metadata) ? value.metadata : undefined;
      if (!metadata || typeof metadata.name !== 'string' || metadata.name === '') missing.push('metadata.name');
      if (missing.length > 0) {
        const path = missing[0] === 'metadata.name' && metadata ? ['metadata'] : [];
        diagnostics.push(
          locate(
            diagnostic('cli/invalid-object', `the object has no ${missing.join(', ')}: kro dev applies objects with server-side apply, which needs all three`, path, {
              hint: 'add the missing fields (generateName is not supported by apply)',
            }),
            document.sourceMap,
          ),
        );
        continue;
      }
      manifests.push({ object: value as unknown as KubeObject, location });
    }
  }
  return { manifests, diagnostics };
}
