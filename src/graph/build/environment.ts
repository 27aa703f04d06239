// The CEL environments of one build (D7): `schema` (the instance without status) and every resource id, typed from
// their OpenAPI schemas (collections and selector externalRefs as lists); per collection node the forEach
// iterators; `each` for a collection's readyWhen; `runtime` only for status.conditions. `omit()` is always
// registered so its use can be reported with upstream's messages; the feature gate is enforced by the checks.
import {
  CelEnvironment,
  CelTypes,
  celTypeFromOpenApi,
  listType,
  TYPE_NAME_PREFIX,
  type CelType,
  type CelVariable,
} from '../../cel/index.js';
import type { JsonObject, YamlPath } from '../../api/index.js';
import type { NodeDraft } from './nodes.js';

export const SCHEMA_VARIABLE = 'schema';
export const EACH_VARIABLE = 'each';
export const RUNTIME_VARIABLE = 'runtime';

/** The CEL type of one resource's object (dyn when its kind is unknown or it could not be understood). */
export function objectCelType(draft: NodeDraft): CelType {
  if (draft.broken || !draft.resolved) return CelTypes.dyn;
  return celTypeFromOpenApi(draft.resolved.schema, { typeName: `${TYPE_NAME_PREFIX}${draft.id}`, resourceRoot: true });
}

/** What other expressions see under the node's id: collections and selector externalRefs are lists. */
export function nodeVariableType(draft: NodeDraft, objectType: CelType): CelType {
  return draft.kind === 'Collection' || draft.kind === 'ExternalCollection' ? listType(objectType) : objectType;
}

export function schemaVariableType(schemaVariable: JsonObject): CelType {
  return celTypeFromOpenApi(schemaVariable, { typeName: `${TYPE_NAME_PREFIX}${SCHEMA_VARIABLE}`, resourceRoot: true });
}

export class GraphEnvironments {
  readonly base: CelEnvironment;
  private conditionsEnv: CelEnvironment | undefined;

  private readonly eachEnvs = new Map<string, CelEnvironment>();

  /**
   * `variables`: `schema` and every resource id; `objectTypes`: each collection's item type (for `each`).
   * Throws when two variables declare different struct types under one name (a bug, not a user error).
   */
  constructor(
    private readonly variables: readonly CelVariable[],
    private readonly objectTypes: ReadonlyMap<string, CelType>,
  ) {
    this.base = CelEnvironment.create({ omitEnabled: true }).extend(variables);
  }

  /** The environment of a collection's readyWhen: `each` is one item of the collection `id`. */
  withEach(id: string): CelEnvironment {
    let env = this.eachEnvs.get(id);
    if (!env) {
      env = this.base.extend([{ name: EACH_VARIABLE, type: this.objectTypes.get(id) ?? CelTypes.dyn }]);
      this.eachEnvs.set(id, env);
    }
    return env;
  }

  /** The environment of status.conditions: the same variables plus `runtime`. */
  conditions(): CelEnvironment {
    this.conditionsEnv ??= CelEnvironment.create({ omitEnabled: true, runtimeEnabled: true }).extend(this.variables);
    return this.conditionsEnv;
  }

  with(extra: readonly CelVariable[]): CelEnvironment {
    return extra.length === 0 ? this.base : this.base.extend(extra);
  }
}

/** The type at `path` inside `root` (dyn where the schema leaves it open or does not know the field). */
export function celTypeAt(root: CelType, path: YamlPath): CelType {
  let current: CelType = root;
  for (const seg of path) {
    if (current.kind === 'object') {
      const field = typeof seg === 'string' ? current.fields.get(seg) : undefined;
      if (!field) return CelTypes.dyn;
      current = field.type;
    } else if (current.kind === 'list') {
      current = typeof seg === 'number' ? current.elem : CelTypes.dyn;
    } else if (current.kind === 'map') {
      current = typeof seg === 'string' ? current.value : CelTypes.dyn;
    } else {
      return CelTypes.dyn;
    }
  }
  return current;
}
