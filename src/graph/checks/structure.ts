// F2, F4, F5: the shape of each resource entry and its object (template or externalRef), the kind's scope versus
// `metadata.namespace`, and kro's reserved label/annotation prefixes, with upstream's messages
// (pkg/graph/validation.go). Each check returns diagnostics instead of stopping the build.
import {
  diagnostic,
  isJsonObject,
  RESERVED_METADATA_PREFIXES,
  type Diagnostic,
  type GroupVersionKind,
  type JsonObject,
  type JsonValue,
  type RgdResource,
  type YamlPath,
} from '../../api/index.js';
import { goQuote } from '../../go/index.js';

export function buildPrefix(id: string): string {
  return `failed to build resource ${goQuote(id)}: `;
}

export function resourcePath(index: number): YamlPath {
  return ['spec', 'resources', index];
}

/** Exactly one of template/externalRef; no forEach on externalRefs; externalRef has exactly one of name/selector. */
export function checkResourceFields(resource: RgdResource, index: number): Diagnostic[] {
  const id = resource.id;
  const hasTemplate = isJsonObject(resource.template);
  const hasExternalRef = resource.externalRef !== undefined && resource.externalRef !== null;
  const prefix = `${buildPrefix(id)}invalid combination of resource fields: resource ${goQuote(id)}: `;
  const path = resourcePath(index);
  if (!hasTemplate && !hasExternalRef) {
    return [diagnostic('graph/invalid-resource-fields', `${prefix}exactly one of template or externalRef must be provided`, path)];
  }
  if (hasTemplate && hasExternalRef) {
    return [diagnostic('graph/invalid-resource-fields', `${prefix}cannot use externalRef with template`, path)];
  }
  if (hasExternalRef && (resource.forEach?.length ?? 0) > 0) {
    return [diagnostic('graph/invalid-resource-fields', `${prefix}cannot use externalRef with forEach`, [...path, 'forEach'])];
  }
  if (!hasExternalRef) return [];
  const meta = resource.externalRef!.metadata ?? {};
  const hasName = typeof meta.name === 'string' && meta.name.trim() !== '';
  const hasSelector = meta.selector !== undefined && meta.selector !== null;
  if (hasName === hasSelector) {
    return [
      diagnostic('graph/invalid-external-ref', `${buildPrefix(id)}invalid external ref metadata for resource ${id}: exactly one of name or selector must be provided`, [...path, 'externalRef', 'metadata']),
    ];
  }
  return [];
}

/** The object an externalRef stands for: `{apiVersion, kind, metadata: {name?, namespace?, selector?}}`. */
export function externalRefObject(resource: RgdResource): JsonObject {
  const ref = resource.externalRef!;
  const metadata: JsonObject = {};
  const meta = ref.metadata ?? {};
  if (meta.name !== undefined && meta.name !== '') metadata.name = meta.name;
  if (meta.namespace !== undefined && meta.namespace !== '') metadata.namespace = meta.namespace;
  if (meta.selector !== undefined && meta.selector !== null) metadata.selector = meta.selector as unknown as JsonValue;
  return { apiVersion: ref.apiVersion, kind: ref.kind, metadata };
}

/** F2: `apiVersion` and `kind` strings and a `metadata` map. */
export function checkObjectStructure(obj: JsonObject, id: string, objectPath: YamlPath): Diagnostic[] {
  const problem = (() => {
    if (!('apiVersion' in obj)) return ['apiVersion field not found', 'apiVersion'] as const;
    if (typeof obj.apiVersion !== 'string') return ['apiVersion field is not a string', 'apiVersion'] as const;
    if (!('kind' in obj)) return ['kind field not found', 'kind'] as const;
    if (typeof obj.kind !== 'string') return ['kind field is not a string', 'kind'] as const;
    if (!('metadata' in obj)) return ['metadata field not found', 'metadata'] as const;
    if (!isJsonObject(obj.metadata)) return ['metadata field is not a map', 'metadata'] as const;
    return undefined;
  })();
  if (!problem) return [];
  const [message, field] = problem;
  const at = field in obj ? [...objectPath, field] : objectPath;
  return [
    diagnostic('graph/invalid-object', `${buildPrefix(id)}resource ${id} is not a valid Kubernetes object: ${message}`, at, {
      hint: 'a template needs `apiVersion` and `kind` strings and a `metadata` map',
    }),
  ];
}

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_MESSAGE =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, " +
  "and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/** The GVK of a structurally valid object, or why it has none (apiVersion as a GroupVersion, kind a DNS-1035 label). */
export function parseObjectGvk(obj: JsonObject, id: string, objectPath: YamlPath): GroupVersionKind | Diagnostic {
  const apiVersion = obj.apiVersion as string;
  const kind = obj.kind as string;
  const prefix = `${buildPrefix(id)}failed to extract GVK from resource ${id}: `;
  const slashes = apiVersion.split('/').length - 1;
  if (slashes > 1) {
    return diagnostic('graph/invalid-gvk', `${prefix}unexpected GroupVersion string: ${apiVersion}`, [...objectPath, 'apiVersion'], {
      expected: '`v1` or `<group>/<version>`',
      found: apiVersion,
    });
  }
  const lower = kind.toLowerCase();
  if (lower.length > 63 || !DNS1035.test(lower)) {
    return diagnostic('graph/invalid-gvk', `${prefix}invalid kind ${goQuote(kind)}: ${DNS1035_MESSAGE}`, [...objectPath, 'kind'], { found: kind });
  }
  const [group, version] = slashes === 1 ? apiVersion.split('/') : ['', apiVersion];
  return { group: group!, version: version!, kind };
}

/**
 * F4: cluster-scoped kinds must not set metadata.namespace; with a cluster-scoped instance, namespaced kinds (except
 * selector externalRefs, which then list across namespaces) must set a non-blank one.
 */
export function checkScope(
  obj: JsonObject,
  id: string,
  objectPath: YamlPath,
  resourceNamespaced: boolean,
  instanceNamespaced: boolean,
  externalCollection: boolean,
): Diagnostic[] {
  const meta = obj.metadata as JsonObject;
  const found = 'namespace' in meta;
  const namespace = meta.namespace;
  if (!resourceNamespaced && found) {
    return [
      diagnostic('graph/namespace-not-allowed', `${buildPrefix(id)}resource ${goQuote(id)} is cluster-scoped and must not set metadata.namespace`, [...objectPath, 'metadata', 'namespace'], {
        hint: 'remove metadata.namespace: this kind is cluster-scoped',
      }),
    ];
  }
  if (resourceNamespaced && !instanceNamespaced && !externalCollection) {
    if (!found || typeof namespace !== 'string' || namespace.trim() === '') {
      return [
        diagnostic('graph/namespace-required', `${buildPrefix(id)}resource ${goQuote(id)} is namespaced and must set metadata.namespace when the instance CRD is cluster-scoped`, found ? [...objectPath, 'metadata', 'namespace'] : [...objectPath, 'metadata'], {
          hint: 'cluster-scoped instances have no namespace to inherit: set metadata.namespace (a literal or ${...})',
        }),
      ];
    }
  }
  return [];
}

/** F5: literal label and annotation keys with kro's prefixes (a whole-map expression is not checked, behavior 7). */
export function checkReservedMetadata(obj: JsonObject, id: string, objectPath: YamlPath): Diagnostic[] {
  const meta = obj.metadata;
  if (!isJsonObject(meta)) return [];
  const out: Diagnostic[] = [];
  for (const [field, noun] of [['labels', 'label'], ['annotations', 'annotation']] as const) {
    const map = meta[field];
    if (!isJsonObject(map)) continue;
    for (const key of Object.keys(map)) {
      const prefix = RESERVED_METADATA_PREFIXES.find((p) => key.startsWith(p));
      if (prefix === undefined) continue;
      out.push(
        diagnostic(`graph/reserved-${noun}`, `${buildPrefix(id)}invalid ${noun} for resource ${goQuote(id)}. ${field} with prefix ${goQuote(prefix)} are reserved for internal use`, [...objectPath, 'metadata', field, key], {
          found: key,
          hint: `kro sets ${field} under ${RESERVED_METADATA_PREFIXES.join(' and ')} itself; use another prefix`,
        }),
      );
    }
  }
  return out;
}
