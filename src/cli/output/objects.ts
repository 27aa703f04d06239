// Deterministic printing of Kubernetes objects as YAML or JSON, so output can be diffed and golden-tested: keys
// are ordered the same way on every run (apiVersion, kind, metadata, then the rest alphabetically; inside metadata
// name and namespace first), whatever order the object was built in. YAML is written with YAML 1.1 quoting, so
// strings such as `yes`, `on` or `0644` stay strings when kubectl (go-yaml v2) or `kro` reads the file back.
import { stringify } from 'yaml';
import { isJsonObject, type JsonObject, type JsonValue } from '../../api/index.js';

export type OutputFormat = 'yaml' | 'json';

const TOP_FIRST = ['apiVersion', 'kind', 'metadata'];
const METADATA_FIRST = ['name', 'generateName', 'namespace'];

function ordered(keys: readonly string[], first: readonly string[]): string[] {
  const head = first.filter((k) => keys.includes(k));
  const rest = keys.filter((k) => !first.includes(k)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...head, ...rest];
}

function orderValue(value: JsonValue, first: readonly string[]): JsonValue {
  if (Array.isArray(value)) return value.map((item) => orderValue(item, TOP_FIRST));
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const key of ordered(Object.keys(value), first)) {
    const child = value[key];
    if (child === undefined) continue;
    out[key] = orderValue(child, key === 'metadata' && first === TOP_FIRST ? METADATA_FIRST : TOP_FIRST);
  }
  return out;
}

/**
 * A copy of `value` with keys in the stable order. Nested objects use the top-level rule too, so embedded
 * objects (a Pod template, a List's items) read like top-level ones.
 */
export function orderKeys(value: JsonValue): JsonValue {
  return orderValue(value, TOP_FIRST);
}

export function formatYaml(value: JsonValue): string {
  return stringify(orderKeys(value), { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false });
}

export function formatJson(value: JsonValue): string {
  return `${JSON.stringify(orderKeys(value), null, 2)}\n`;
}

/**
 * Several objects in one output: YAML documents separated by `---`, or for JSON one object alone and several
 * wrapped in a `v1 List` (what `kubectl get -o json` prints), so the output is always one JSON value.
 */
export function formatObjects(objects: readonly JsonObject[], format: OutputFormat): string {
  if (format === 'json') {
    if (objects.length === 1) return formatJson(objects[0]!);
    return formatJson({ apiVersion: 'v1', kind: 'List', metadata: {}, items: [...objects] });
  }
  return objects.map((o) => formatYaml(o)).join('---\n');
}

/** Validates an `-o` value; usage errors are reported by the caller. */
export function isOutputFormat(value: string): value is OutputFormat {
  return value === 'yaml' || value === 'json';
}
