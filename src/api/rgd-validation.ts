// Structural checks of a ResourceGraphDefinition document, before any graph building: what the API server's
// admission would reject (the RGD CRD schema with its CEL rules, checked natively) plus the builder's combination
// checks that do not need CEL or the cluster (externalRef with forEach). Every problem is returned, each with a
// stable code and its YAML path, worded like upstream kro / the API server.

import { RGD_API_VERSION, RGD_KIND } from './constants.js';
import { resourceGraphDefinitionSchema } from './crds.js';
import { RGD_RULES } from './crd-schemas.js';
import { diagnostic, type Diagnostic, type YamlPath } from './diagnostics.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { validateStructural, type RuleCheck } from './structural-validation.js';
import type { ResourceGraphDefinition } from './types.js';

const has = (o: JsonObject, key: string): boolean => o[key] !== undefined && o[key] !== null;

const RULE_CHECKS: Record<string, RuleCheck> = {
  [RGD_RULES.templateXorExternalRef.rule]: {
    code: 'rgd/template-xor-external-ref',
    check: (self) => has(self, 'template') !== has(self, 'externalRef'),
  },
  [RGD_RULES.nameXorSelector.rule]: {
    code: 'rgd/name-xor-selector',
    check: (self) => has(self, 'name') !== has(self, 'selector'),
  },
};

let cachedSchema: ReturnType<typeof resourceGraphDefinitionSchema> | undefined;

export interface RgdValidationResult {
  readonly diagnostics: Diagnostic[];
  /** The RGD with API defaults (schema.group, schema.scope) applied, when it has no errors. */
  readonly rgd?: ResourceGraphDefinition;
}

/** True for documents that declare themselves ResourceGraphDefinitions (any kro.run version). */
export function isRgdDocument(value: JsonValue | undefined): value is JsonObject {
  return (
    isJsonObject(value) &&
    value.kind === RGD_KIND &&
    typeof value.apiVersion === 'string' &&
    value.apiVersion.startsWith('kro.run/')
  );
}

/**
 * Validates one parsed RGD document. `basePath` prefixes every diagnostic path (for RGDs embedded in other
 * objects). Metadata is checked only for the presence of a name, as the API server would.
 */
export function validateRgdStructure(value: JsonValue, basePath: YamlPath = []): RgdValidationResult {
  const diagnostics: Diagnostic[] = [];
  if (!isJsonObject(value)) {
    diagnostics.push(diagnostic('rgd/not-an-object', 'a ResourceGraphDefinition must be a YAML mapping', basePath));
    return { diagnostics };
  }
  if (value.apiVersion !== RGD_API_VERSION) {
    diagnostics.push(
      diagnostic('rgd/api-version', `apiVersion must be ${RGD_API_VERSION}, got ${JSON.stringify(value.apiVersion ?? null)}`, [
        ...basePath,
        'apiVersion',
      ]),
    );
  }
  const metadata = value.metadata;
  if (!isJsonObject(metadata) || (typeof metadata.name !== 'string' && typeof metadata.generateName !== 'string')) {
    diagnostics.push(
      diagnostic('rgd/required', 'metadata.name: Required value: name or generateName is required', [...basePath, 'metadata', 'name']),
    );
  }
  cachedSchema ??= resourceGraphDefinitionSchema();
  const schema = cachedSchema;
  const { spec: specSchema } = schema.properties ?? {};
  const spec = value.spec;
  const specPath = [...basePath, 'spec'];
  if (spec === undefined || spec === null) {
    diagnostics.push(diagnostic('rgd/required', 'spec: Required value', specPath));
    return { diagnostics };
  }
  const result = validateStructural(spec, specSchema!, { codePrefix: 'rgd', rules: RULE_CHECKS }, specPath);
  diagnostics.push(...result.diagnostics);
  diagnostics.push(...combinationChecks(spec, specPath));
  if (diagnostics.length > 0) return { diagnostics };
  const { status: _status, ...rest } = value;
  const rgd = { ...rest, spec: result.defaulted } as unknown as ResourceGraphDefinition;
  return { diagnostics, rgd };
}

/** Builder checks on combinations of fields (pkg/graph/validation.go validateCombinableResourceFields). */
function combinationChecks(spec: JsonValue, specPath: YamlPath): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!isJsonObject(spec) || !Array.isArray(spec.resources)) return out;
  spec.resources.forEach((resource, i) => {
    if (!isJsonObject(resource)) return;
    const id = typeof resource.id === 'string' ? resource.id : '';
    const forEach = resource.forEach;
    if (has(resource, 'externalRef') && Array.isArray(forEach) && forEach.length > 0) {
      out.push(
        diagnostic('rgd/external-ref-with-for-each', `resource ${JSON.stringify(id)}: cannot use externalRef with forEach`, [
          ...specPath,
          'resources',
          i,
          'forEach',
        ]),
      );
    }
  });
  return out;
}
