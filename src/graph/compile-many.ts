// Several RGDs of one input (a folder, a multi-document file) at once: an RGD may use the kind another one
// generates (nested RGDs), so each is compiled after the RGDs whose kinds it uses and its generated CRD (with the
// inferred status schema) becomes a kind for the ones after it. Every RGD's kind is known from the start, typed by
// its spec only, so a failing or cyclic RGD still does not make its users fail with "unknown kind".
import {
  apiVersionOf,
  diagnostic,
  fail,
  isJsonObject,
  type Diagnostic,
  type GroupVersionKind,
  type JsonObject,
  type ResourceGraphDefinition,
  type Result,
  type SourceMap,
} from '../api/index.js';
import { buildInstanceCrd, instanceCrdIdentity, simpleSchemaToOpenApi } from '../schema/index.js';
import { compileGraph, type CompileGraphOptions } from './compile.js';
import { topologicalSort } from './dag.js';
import { locateGraphDiagnostics } from './locate.js';
import { OfflineSchemaSource } from './schemas/offline-source.js';
import { gvkKey, layeredSchemaSource } from './schemas/schema-source.js';
import type { CompiledGraph } from './types.js';

export interface RgdInput {
  readonly rgd: ResourceGraphDefinition;
  /** The document the RGD came from; when given, diagnostics get file:line:col. */
  readonly document?: { readonly sourceMap: SourceMap };
}

export interface CompiledRgd {
  readonly input: RgdInput;
  readonly result: Result<CompiledGraph>;
}

export type CompileGraphsOptions = CompileGraphOptions;

function instanceGvk(rgd: ResourceGraphDefinition): GroupVersionKind {
  const schema = rgd.spec.schema;
  return { group: instanceCrdIdentity(schema).group, version: schema.apiVersion, kind: schema.kind };
}

/** The GVKs an RGD's resources use (templates and externalRefs). */
function usedKinds(rgd: ResourceGraphDefinition): string[] {
  const out: string[] = [];
  for (const r of rgd.spec.resources ?? []) {
    const obj = (r.externalRef ?? (isJsonObject(r.template) ? r.template : undefined)) as JsonObject | undefined;
    if (!obj || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') continue;
    const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
    out.push(gvkKey({ group: group ?? '', version: version ?? '', kind: obj.kind }));
  }
  return out;
}

/** Compiles every RGD (in dependency order), each with the kinds of the others available. Results are in input order. */
export async function compileGraphs(inputs: readonly RgdInput[], options: CompileGraphsOptions): Promise<CompiledRgd[]> {
  const overlay = new OfflineSchemaSource({ description: 'the RGDs of the input' });
  const schemas = layeredSchemaSource([overlay, options.schemas]);
  const byKind = new Map<string, number>();
  inputs.forEach((input, i) => {
    byKind.set(gvkKey(instanceGvk(input.rgd)), i);
    const spec = simpleSchemaToOpenApi(input.rgd.spec.schema.spec, input.rgd.spec.schema.types);
    const open = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    overlay.addCrd(buildInstanceCrd(input.rgd.spec.schema, { specSchema: spec.ok ? spec.value : open, statusSchema: open }));
  });
  const vertices = inputs.map((input, i) => ({
    id: String(i),
    index: i,
    dependsOn: usedKinds(input.rgd)
      .map((k) => byKind.get(k))
      .filter((j): j is number => j !== undefined && j !== i)
      .map(String),
  }));
  const sorted = topologicalSort(vertices);
  // With a cycle between RGDs, keep input order: the spec-only kinds registered above still type them.
  const order = sorted.ok ? sorted.order.map(Number) : inputs.map((_, i) => i);
  const results: (CompiledRgd | undefined)[] = inputs.map(() => undefined);
  for (const i of order) {
    const input = inputs[i]!;
    let result: Result<CompiledGraph>;
    try {
      result = await compileGraph(input.rgd, { ...options, schemas });
    } catch (err) {
      result = fail(diagnostic('graph/internal', `internal error while compiling: ${err instanceof Error ? err.message : String(err)}`, ['spec']));
    }
    if (result.ok) overlay.addCrd(result.value.crd);
    results[i] = { input, result: located(result, input) };
  }
  return results.map((r) => r!);
}

function located(result: Result<CompiledGraph>, input: RgdInput): Result<CompiledGraph> {
  if (!input.document) return result;
  if (result.ok) return result.warnings ? { ...result, warnings: locateGraphDiagnostics(result.warnings, input.document) } : result;
  const [first, ...rest] = locateGraphDiagnostics(result.diagnostics, input.document) as [Diagnostic, ...Diagnostic[]];
  return fail(first, ...rest);
}

/** The apiVersion an RGD's instances use (`<group>/<apiVersion>`). */
export function instanceApiVersion(rgd: ResourceGraphDefinition): string {
  const gvk = instanceGvk(rgd);
  return apiVersionOf(gvk);
}
