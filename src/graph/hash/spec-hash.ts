// The spec hash of a ResourceGraphDefinition (L2, behavior 2), bit-for-bit equal to upstream's
// pkg/graph/hash.Spec: FNV-64a over the JSON Go's encoding/json writes for the normalized v1alpha1 spec.
// Normalization: API defaults filled (group kro.run, scope Namespaced), resources sorted by id, readyWhen and
// includeWhen sorted (forEach order is semantic and kept), free-form fields (schema.spec/types/status, templates)
// re-encoded canonically. So reordering resources or conditions never issues a new GraphRevision.
//
// The JSON is written field by field in the Go struct order with Go's omitempty rules: RawExtension fields are
// structs, so an absent one is written as `null`, never omitted.
import type {
  ExternalRef,
  JsonObject,
  JsonValue,
  PrinterColumn,
  ResourceGraphDefinitionSpec,
  RgdResource,
  RgdSchema,
} from '../../api/index.js';
import { goJsonString } from '../../go/index.js';
import { compareUtf8, goJson, goJsonNumber } from './go-json.js';

type Field = readonly [name: string, json: string | undefined];

function object(fields: readonly Field[]): string {
  return `{${fields.filter(([, json]) => json !== undefined).map(([name, json]) => `${goJsonString(name)}:${json}`).join(',')}}`;
}

/** `string` with omitempty. */
function str(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : goJsonString(value);
}

/** A runtime.RawExtension: canonical JSON, or `null` when absent. */
function raw(value: unknown): string {
  return value === undefined ? 'null' : goJson(value as JsonValue);
}

/** `[]string` with omitempty. */
function strings(values: readonly string[] | undefined): string | undefined {
  return values && values.length > 0 ? `[${values.map(goJsonString).join(',')}]` : undefined;
}

/** `map[string]string` with omitempty. */
function stringMap(map: Readonly<Record<string, string>> | undefined): string | undefined {
  if (!map || Object.keys(map).length === 0) return undefined;
  return goJson(map);
}

function column(c: PrinterColumn): string {
  return object([
    ['name', goJsonString(c.name ?? '')],
    ['type', goJsonString(c.type ?? '')],
    ['format', str(c.format)],
    ['description', str(c.description)],
    ['priority', c.priority ? goJsonNumber(c.priority) : undefined],
    ['jsonPath', goJsonString(c.jsonPath ?? '')],
  ]);
}

function schemaJson(schema: RgdSchema): string {
  const columns = schema.additionalPrinterColumns ?? [];
  return object([
    ['kind', str(schema.kind)],
    ['apiVersion', str(schema.apiVersion)],
    ['group', str(schema.group || 'kro.run')],
    ['spec', raw(schema.spec)],
    ['types', raw(schema.types)],
    ['status', raw(schema.status)],
    ['scope', str(schema.scope || 'Namespaced')],
    ['additionalPrinterColumns', columns.length > 0 ? `[${columns.map(column).join(',')}]` : undefined],
    ['shortNames', strings(schema.shortNames)],
    ['categories', strings(schema.categories)],
    [
      'metadata',
      schema.metadata === undefined || schema.metadata === null
        ? undefined
        : object([
            ['labels', stringMap(schema.metadata.labels)],
            ['annotations', stringMap(schema.metadata.annotations)],
          ]),
    ],
  ]);
}

function externalRefJson(ref: ExternalRef): string {
  const meta = ref.metadata ?? {};
  return object([
    ['apiVersion', goJsonString(ref.apiVersion ?? '')],
    ['kind', goJsonString(ref.kind ?? '')],
    [
      'metadata',
      object([
        ['name', str(meta.name)],
        ['namespace', str(meta.namespace)],
        ['selector', raw(meta.selector ?? undefined)],
      ]),
    ],
  ]);
}

function sorted(values: readonly string[] | undefined): string[] {
  return [...(values ?? [])].sort(compareUtf8);
}

function resourceJson(r: RgdResource): string {
  const forEach = r.forEach ?? [];
  return object([
    ['id', str(r.id)],
    ['template', raw(r.template)],
    ['externalRef', r.externalRef ? externalRefJson(r.externalRef) : undefined],
    ['readyWhen', strings(sorted(r.readyWhen))],
    ['includeWhen', strings(sorted(r.includeWhen))],
    ['forEach', forEach.length > 0 ? `[${forEach.map((d) => goJson(d as JsonObject)).join(',')}]` : undefined],
  ]);
}

/** The JSON upstream hashes for `spec` (exposed for tests and debugging). */
export function normalizedSpecJson(spec: ResourceGraphDefinitionSpec): string {
  const resources = [...(spec.resources ?? [])].sort((a, b) => compareUtf8(a.id ?? '', b.id ?? ''));
  return object([
    ['schema', spec.schema ? schemaJson(spec.schema) : undefined],
    ['resources', resources.length > 0 ? `[${resources.map(resourceJson).join(',')}]` : undefined],
  ]);
}

/**
 * FNV-64a of the UTF-8 bytes of `text`, as 16 lowercase hex digits. The 64-bit state is kept as two 32-bit halves:
 * the prime is 2^40 + 0x1b3, so multiplying is `x * 0x1b3 + (lo << 40)`, and every partial product stays below
 * 2^53 (exact in a double), which is much faster than BigInt.
 */
export function fnv64a(text: string): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (const byte of new TextEncoder().encode(text)) {
    lo = (lo ^ byte) >>> 0;
    const loProduct = lo * 0x1b3;
    const carry = Math.floor(loProduct / 0x100000000);
    hi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = loProduct >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** Upstream's `hash.Spec`: the GraphRevision hash of an RGD spec. */
export function specHash(spec: ResourceGraphDefinitionSpec): string {
  return fnv64a(normalizedSpecJson(spec));
}
