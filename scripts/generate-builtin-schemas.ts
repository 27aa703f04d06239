// Regenerates data/kubernetes-v<version>-builtin-schemas.json.gz: the OpenAPI v3 schemas of every built-in kind
// of the pinned Kubernetes version, read from a real kube-apiserver (the devcluster harness), so offline builds
// (`kro validate --offline`, the corpus tests) type-check templates exactly as a cluster of that version would.
//
// Usage: npm run build && node dist/scripts/generate-builtin-schemas.js [--out FILE]
//
// The output is one document: `kinds` (group, version, kind, resource, namespaced, and the component schema
// that describes the kind, from discovery and x-kubernetes-group-version-kind) plus `components.schemas` with
// every schema reachable from those kinds, `$ref`s kept (the loader resolves them lazily). `description` fields
// are stripped to keep the file small; everything else is kept. Keys are sorted so regenerating is
// reproducible and diffs stay readable.
import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { findSchemaNameForGvk, isJsonObject, type JsonObject, type JsonValue, type OpenApiDocument } from '../src/api/index.js';
import { ensureControlPlaneBinaries, startControlPlane } from '../src/devcluster/index.js';
import { KUBE_VERSION } from '../src/devcluster/binaries.js';
import { connectKube, discoverApiResources } from '../src/kube/index.js';

const REF_PREFIX = '#/components/schemas/';

interface BundledKind {
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespaced: boolean;
  schema: string;
}

function log(line: string): void {
  process.stderr.write(`[builtin-schemas] ${line}\n`);
}

/** Drops `description` from every schema object, leaving data (defaults, enums, examples) untouched. */
function stripDescriptions(schema: JsonValue): JsonValue {
  if (Array.isArray(schema)) return schema.map(stripDescriptions);
  if (!isJsonObject(schema)) return schema;
  const out: JsonObject = {};
  for (const key of Object.keys(schema).sort()) {
    const value = schema[key]!;
    if (key === 'description') continue;
    if (key === 'properties' && isJsonObject(value)) {
      const props: JsonObject = {};
      for (const name of Object.keys(value).sort()) props[name] = stripDescriptions(value[name]!);
      out[key] = props;
    } else if (['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf'].includes(key)) {
      out[key] = stripDescriptions(value);
    } else {
      out[key] = sortKeys(value);
    }
  }
  return out;
}

function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]!);
  return out;
}

function collectRefs(value: JsonValue, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectRefs(v, into);
  } else if (isJsonObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string' && v.startsWith(REF_PREFIX)) into.add(v.slice(REF_PREFIX.length));
      else collectRefs(v, into);
    }
  }
}

async function main(): Promise<void> {
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex > 0 ? process.argv[outIndex + 1]! : `data/kubernetes-v${KUBE_VERSION}-builtin-schemas.json.gz`;
  const binaries = await ensureControlPlaneBinaries({ progress: log });
  const plane = await startControlPlane({ binaries, progress: log });
  try {
    const client = await connectKube({ config: { path: plane.kubeconfigPath } });
    try {
      const discovery = await discoverApiResources(client.http);
      const index = await client.openapi.paths();
      log(`discovery: ${discovery.resources.length} resources; OpenAPI v3: ${index.size} group-versions`);
      const components: Record<string, JsonObject> = {};
      const kinds: BundledKind[] = [];
      for (const resource of discovery.resources) {
        const doc: OpenApiDocument | undefined = await client.openapi.document(resource.group, resource.version);
        if (!doc) continue;
        const gvk = { group: resource.group, version: resource.version, kind: resource.kind };
        const name = findSchemaNameForGvk(doc, gvk);
        if (!name) {
          log(`no schema for ${resource.group}/${resource.version} ${resource.kind}: skipped`);
          continue;
        }
        kinds.push({ ...gvk, resource: resource.resource, namespaced: resource.namespaced, schema: name });
        // Copy the kind's schema and everything it references from this group-version's document.
        const pending = [name];
        while (pending.length > 0) {
          const next = pending.pop()!;
          if (components[next]) continue;
          const schema = doc.components?.schemas?.[next];
          if (!schema) throw new Error(`${resource.group}/${resource.version}: dangling reference ${next}`);
          components[next] = stripDescriptions(schema) as JsonObject;
          const refs = new Set<string>();
          collectRefs(schema, refs);
          pending.push(...refs);
        }
      }
      kinds.sort((a, b) => `${a.group}/${a.version}/${a.kind}`.localeCompare(`${b.group}/${b.version}/${b.kind}`));
      const sortedComponents: Record<string, JsonObject> = {};
      for (const name of Object.keys(components).sort()) sortedComponents[name] = components[name]!;
      const bundle = {
        openapi: '3.0.0',
        info: { title: `Kubernetes v${KUBE_VERSION} built-in kinds`, version: `v${KUBE_VERSION}` },
        kubernetesVersion: `v${KUBE_VERSION}`,
        generatedBy: 'scripts/generate-builtin-schemas.ts',
        kinds,
        components: { schemas: sortedComponents },
      };
      const json = JSON.stringify(bundle);
      const gz = gzipSync(json, { level: 9 });
      await writeFile(out, gz);
      log(`wrote ${out}: ${kinds.length} kinds, ${Object.keys(sortedComponents).length} schemas, ${json.length} bytes JSON, ${gz.length} bytes gzipped`);
    } finally {
      await client.close();
    }
  } finally {
    await plane.stop();
  }
}

try {
  await main();
} catch (err) {
  process.stderr.write(`generate-builtin-schemas failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
}
