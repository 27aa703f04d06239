// Helpers for graph unit tests: RGD fixtures built from small option objects, the offline schema source with the
// bundled built-in kinds (loaded once), and assertions on diagnostics by code and path.
import assert from 'node:assert/strict';
import type { Diagnostic, ResourceGraphDefinition, Result, RgdResource, RgdSchema, YamlPath } from '../../../src/api/index.js';
import { createOfflineSchemas } from '../../../src/cli/offline-schemas.js';
import { compileGraph, type CompiledGraph, type CompileGraphOptions, type OfflineSchemaSource } from '../../../src/graph/index.js';

let builtinSource: Promise<OfflineSchemaSource> | undefined;

/** The bundled Kubernetes built-in kinds plus the ACK CRDs of the shared corpus. */
export function offlineSchemas(): Promise<OfflineSchemaSource> {
  builtinSource ??= createOfflineSchemas({ crdPaths: [corpusPath('crds/ack')] }).then((r) => r.source);
  return builtinSource;
}

export function corpusPath(sub: string): string {
  return new URL(`../../../../../shared/corpus/${sub}`, import.meta.url).pathname;
}

export interface RgdFixture {
  readonly name?: string;
  readonly schema?: Partial<RgdSchema>;
  readonly resources?: readonly RgdResource[];
}

export function rgd(fixture: RgdFixture = {}): ResourceGraphDefinition {
  return {
    apiVersion: 'kro.run/v1alpha1',
    kind: 'ResourceGraphDefinition',
    metadata: { name: fixture.name ?? 'test.kro.run' },
    spec: {
      schema: { apiVersion: 'v1alpha1', kind: 'App', spec: { name: 'string', replicas: 'integer | default=1' }, ...fixture.schema },
      resources: [...(fixture.resources ?? [])],
    },
  };
}

export function configMap(id: string, data: Record<string, string> = {}, extra: Partial<RgdResource> = {}): RgdResource {
  return {
    id,
    template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `\${schema.metadata.name}-${id.toLowerCase()}` }, data },
    ...extra,
  };
}

export async function compile(r: ResourceGraphDefinition, options: Partial<CompileGraphOptions> = {}): Promise<Result<CompiledGraph>> {
  return compileGraph(r, { schemas: await offlineSchemas(), ...options });
}

export function assertOk(result: Result<CompiledGraph>): CompiledGraph {
  if (!result.ok) assert.fail(`expected a graph, got:\n${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')}`);
  return result.value;
}

export function errors(result: Result<CompiledGraph>): readonly Diagnostic[] {
  assert.equal(result.ok, false, 'expected the build to fail');
  return result.ok ? [] : result.diagnostics.filter((d) => d.severity === 'error');
}

/** Asserts exactly one error with `code` (at `path`, when given) and returns it. */
export function oneError(result: Result<CompiledGraph>, code: string, path?: YamlPath): Diagnostic {
  const all = errors(result);
  const matching = all.filter((d) => d.code === code);
  assert.equal(matching.length, 1, `expected one ${code}, got:\n${all.map((d) => `${d.code} ${JSON.stringify(d.path)} ${d.message}`).join('\n')}`);
  const d = matching[0]!;
  if (path) assert.deepEqual(d.path, path);
  return d;
}
