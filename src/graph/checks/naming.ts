// F1: naming rules for the instance kind, resource ids and forEach iterators (upstream pkg/graph/validation.go),
// with upstream's messages. Ids must be usable as CEL identifiers, so `my-app` (a subtraction in CEL) is refused.
// Unlike upstream, every broken name is reported, not only the first.
import { diagnostic, type Diagnostic, type RgdResource } from '../../api/index.js';
import { goQuote } from '../../go/index.js';

const LOWER_CAMEL = /^[a-z][a-zA-Z0-9]*$/;
const UPPER_CAMEL = /^[A-Z][a-zA-Z0-9]*$/;

/** Names kro itself gives meaning to (kro-behavior.md behavior 6). */
const KRO_RESERVED: readonly string[] = [
  'apiVersion', 'context', 'dependency', 'dependencies', 'each', 'externalRef', 'externalReference', 'externalRefs',
  'externalReferences', 'graph', 'instance', 'item', 'items', 'kind', 'kro', 'metadata', 'namespace', 'object',
  'resource', 'resourcegraphdefinition', 'resourceGraphDefinition', 'resources', 'root', 'runtime', 'schema', 'self',
  'serviceAccountName', 'spec', 'status', 'this', 'variables', 'vars', 'version',
];

/** Words the CEL grammar reserves. */
const CEL_RESERVED: readonly string[] = [
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import',
  'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
];

const RESERVED: ReadonlySet<string> = new Set([...KRO_RESERVED, ...CEL_RESERVED]);

export function isReservedWord(word: string): boolean {
  return RESERVED.has(word);
}

const PREFIX = 'failed to validate resourcegraphdefinition: ';
const NAMING = 'naming convention violation';

export function checkKindName(kind: string): Diagnostic[] {
  if (UPPER_CAMEL.test(kind)) return [];
  return [
    diagnostic('graph/invalid-kind-name', `${PREFIX}${NAMING}: kind '${kind}' is not a valid KRO kind name: must be UpperCamelCase`, ['spec', 'schema', 'kind'], {
      expected: 'UpperCamelCase: a capital letter, then letters and digits',
      found: kind,
    }),
  ];
}

/** True for an id that can name a node: lowerCamelCase and not reserved (so it is a usable CEL variable). */
export function isUsableId(id: string): boolean {
  return typeof id === 'string' && LOWER_CAMEL.test(id) && !isReservedWord(id);
}

/** Id rules: reserved words, lowerCamelCase, uniqueness. */
export function checkResourceIds(resources: readonly RgdResource[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  resources.forEach((resource, index) => {
    const id = resource.id;
    const path = ['spec', 'resources', index, 'id'];
    if (typeof id !== 'string') {
      out.push(diagnostic('graph/invalid-id', `${PREFIX}${NAMING}: id ${String(id)} is not a valid KRO resource id: must be lower camelCase`, path));
    } else if (isReservedWord(id)) {
      out.push(diagnostic('graph/reserved-id', `${PREFIX}${NAMING}: id ${id} is a reserved keyword in KRO`, path, {
        found: id,
        hint: 'pick another id, e.g. append what the resource is for: `appConfig` instead of `config`',
      }));
    } else if (!LOWER_CAMEL.test(id)) {
      out.push(diagnostic('graph/invalid-id', `${PREFIX}${NAMING}: id ${id} is not a valid KRO resource id: must be lower camelCase`, path, {
        expected: 'lowerCamelCase: a lowercase letter, then letters and digits (ids are CEL identifiers)',
        found: id,
      }));
    } else if (seen.has(id)) {
      out.push(diagnostic('graph/duplicate-id', `${PREFIX}${NAMING}: found duplicate resource IDs ${id}`, path, { found: id }));
    }
    seen.add(id);
  });
  return out;
}

/** forEach iterator rules for one resource (names, reserved words, clashes, dimension limit). */
export function checkForEachNames(
  resource: RgdResource,
  index: number,
  resourceIds: ReadonlySet<string>,
  maxDimensions: number,
): Diagnostic[] {
  const forEach = resource.forEach ?? [];
  const id = goQuote(resource.id);
  const base = ['spec', 'resources', index, 'forEach'];
  if (forEach.length > maxDimensions) {
    return [
      diagnostic('graph/too-many-dimensions', `${PREFIX}resource ${id}: forEach cannot have more than ${maxDimensions} dimensions, got ${forEach.length}`, base, {
        expected: `at most ${maxDimensions} dimensions`,
        found: String(forEach.length),
      }),
    ];
  }
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  forEach.forEach((dimension, i) => {
    for (const name of Object.keys(dimension)) {
      const path = [...base, i, name];
      const quoted = goQuote(name);
      if (!LOWER_CAMEL.test(name)) {
        out.push(diagnostic('graph/invalid-iterator-name', `${PREFIX}resource ${id}: forEach iterator name ${quoted} is not valid: must be lowerCamelCase`, path, { found: name }));
      } else if (isReservedWord(name)) {
        out.push(diagnostic('graph/reserved-iterator-name', `${PREFIX}resource ${id}: forEach iterator name ${quoted} is a reserved keyword`, path, { found: name }));
      } else if (resourceIds.has(name)) {
        out.push(diagnostic('graph/iterator-conflicts-with-id', `${PREFIX}resource ${id}: forEach iterator name ${quoted} conflicts with resource ID`, path, { found: name }));
      } else if (seen.has(name)) {
        out.push(diagnostic('graph/duplicate-iterator', `${PREFIX}resource ${id}: duplicate forEach iterator name ${quoted}`, path, { found: name }));
      }
      seen.add(name);
    }
  });
  return out;
}
