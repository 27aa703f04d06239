// kro's CEL environments. A base environment holds the standard library (with our fixes to cel-js) and
// every kro library; it is built once per distinct set of library options and then only cloned. A derived
// environment declares the variables an expression may use (`schema`, resource ids, iterators, `each`),
// registering each struct type reachable from their types. Derived environments can be extended again
// (graph-wide variables first, then per-node iterators), which is how the graph builder shares work.
import { Environment } from '@marcbachmann/cel-js';
import { engineTypeName } from './engine-types.js';
import { probeEngine, registerProbe, type EngineEvaluator, type EngineType } from './internals.js';
import { installLegacyNullUnification } from './legacy-null.js';
import { allLibraries } from './libraries/index.js';
import type { CelLibrary, CelLibraryOptions } from './library.js';
import { isNamespaceType } from './namespaces.js';
import { registerStandardLibraryFixes } from './stdlib-fixes.js';
import { registerStructTypes } from './struct-registration.js';
import { collectObjectTypes, type CelObjectType, type CelType } from './types.js';
import { chargeStep } from './budget.js';

export interface CelEnvironmentOptions {
  /** The CELOmitFunction feature gate: `omit()` is available. @default false */
  readonly omitEnabled?: boolean;
  /** `status.conditions` context: `runtime` is available. @default false */
  readonly runtimeEnabled?: boolean;
  /** The libraries to register. @default every kro library (`allLibraries`) */
  readonly libraries?: readonly CelLibrary[];
}

/** A variable an expression may reference. */
export interface CelVariable {
  readonly name: string;
  readonly type: CelType;
}

/** An environment in which expressions are checked and evaluated. Immutable; `extend` derives a new one. */
export class CelEnvironment {
  readonly #engine: Environment;
  readonly #evaluator: EngineEvaluator;
  readonly #objectTypes: ReadonlyMap<string, CelObjectType>;
  readonly #variables: ReadonlyMap<string, CelType>;
  #functions: ReadonlySet<string> | undefined;
  #namespaces: ReadonlyMap<string, string> | undefined;
  #namespaceNames: ReadonlySet<string> | undefined;
  readonly options: CelLibraryOptions;

  private constructor(
    engine: Environment,
    evaluator: EngineEvaluator,
    options: CelLibraryOptions,
    objectTypes: ReadonlyMap<string, CelObjectType>,
    variables: ReadonlyMap<string, CelType>,
  ) {
    this.#engine = engine;
    this.#evaluator = meter(evaluator);
    this.options = options;
    this.#objectTypes = objectTypes;
    this.#variables = variables;
  }

  /** The base environment for `options` (cached: building one registers every library). */
  static create(options: CelEnvironmentOptions = {}): CelEnvironment {
    const libraryOptions: CelLibraryOptions = {
      omitEnabled: options.omitEnabled ?? false,
      runtimeEnabled: options.runtimeEnabled ?? false,
    };
    const libraries = options.libraries ?? allLibraries;
    const byOptions = baseCache.get(libraries) ?? new Map<string, CelEnvironment>();
    baseCache.set(libraries, byOptions);
    const key = `${libraryOptions.omitEnabled}/${libraryOptions.runtimeEnabled}`;
    const cached = byOptions.get(key);
    if (cached) return cached;
    const engine = new Environment({
      unlistedVariablesAreDyn: false,
      enableOptionalTypes: true,
      homogeneousAggregateLiterals: false,
    });
    registerProbe(engine);
    registerStandardLibraryFixes(engine);
    for (const library of libraries) library.register(engine, libraryOptions);
    const evaluator = probeEngine(engine);
    installLegacyNullUnification(evaluator.registry);
    const env = new CelEnvironment(engine, evaluator, libraryOptions, new Map(), new Map());
    byOptions.set(key, env);
    return env;
  }

  /**
   * A new environment with `variables` declared on top of this one's. Struct types are registered by name;
   * declaring two different struct types with the same name, or a variable twice, throws.
   */
  extend(variables: readonly CelVariable[]): CelEnvironment {
    const engine = this.#engine.clone();
    const evaluator = probeEngine(engine);
    const objectTypes = new Map(this.#objectTypes);
    const declared = new Map(this.#variables);
    const added: CelObjectType[] = [];
    for (const variable of variables) {
      for (const t of collectObjectTypes(variable.type)) {
        const existing = objectTypes.get(t.name);
        if (existing === t) continue;
        if (existing) throw new Error(`CEL type name ${t.name} is declared twice with different schemas`);
        objectTypes.set(t.name, t);
        added.push(t);
      }
    }
    registerStructTypes(engine, evaluator.registry, added);
    for (const t of added) if (t.preserveUnknownFields) allowUnknownFields(evaluator, t.name);
    for (const variable of variables) {
      if (declared.has(variable.name)) throw new Error(`CEL variable ${variable.name} is declared twice`);
      engine.registerVariable(variable.name, engineTypeName(variable.type));
      declared.set(variable.name, variable.type);
    }
    return new CelEnvironment(engine, evaluator, this.options, objectTypes, declared);
  }

  /** The declared variables and their types. */
  get variables(): ReadonlyMap<string, CelType> {
    return this.#variables;
  }

  /** Struct types registered in this environment, by name. */
  get objectTypes(): ReadonlyMap<string, CelObjectType> {
    return this.#objectTypes;
  }

  /** True for declared variables and the environment's constants (`int`, `optional`, `base64`, ...). */
  isKnownIdentifier(name: string): boolean {
    return this.#engine.hasVariable(name);
  }

  /** Every callable name: `size`, `startsWith`, and namespaced ones as `base64.encode`. */
  get functionNames(): ReadonlySet<string> {
    this.#functions ??= collectFunctionNames(this.#engine, this.#namespaceTypes());
    return this.#functions;
  }

  /** Constants that are function namespaces (`cel`, `optional`, `base64`, `lists`, ...). */
  get namespaceNames(): ReadonlySet<string> {
    this.#namespaceNames ??= new Set(this.#namespaceTypes().values());
    return this.#namespaceNames;
  }

  /** Namespace receiver type -> the constant naming it. */
  #namespaceTypes(): ReadonlyMap<string, string> {
    if (this.#namespaces) return this.#namespaces;
    const namespaces = new Map<string, string>();
    for (const [name, variable] of this.#evaluator.registry.variables) {
      if (variable?.constant && variable.type.kind === 'message' && isNamespaceType(variable.type.name)) {
        namespaces.set(variable.type.name, name);
      }
    }
    this.#namespaces = namespaces;
    return namespaces;
  }

  /** @internal the cel-js environment; only the facade's own modules use it. */
  engineEnvironment(): Environment {
    return this.#engine;
  }

  /** @internal the metered cel-js evaluator of this environment. */
  engineEvaluator(): EngineEvaluator {
    return this.#evaluator;
  }
}

const baseCache = new WeakMap<readonly CelLibrary[], Map<string, CelEnvironment>>();

/** Every node the evaluator runs costs one unit of the evaluation's budget (see budget.ts). */
function meter(evaluator: EngineEvaluator): EngineEvaluator {
  const metered = evaluator as EngineEvaluator & { run: EngineEvaluator['run'] };
  metered.run = function run(this: EngineEvaluator, node, ctx) {
    chargeStep();
    return node.evaluate(this, node, ctx);
  };
  return evaluator;
}

/**
 * Undeclared fields of a preserve-unknown-fields struct read as dyn: the type's field table falls back to
 * dyn through its prototype, which is where both cel-js's checker and its evaluator look fields up.
 */
function allowUnknownFields(evaluator: EngineEvaluator, typeName: string): void {
  const fields = evaluator.registry.objectTypes.get(typeName)?.fields;
  if (!fields || Object.getPrototypeOf(fields) !== null) return;
  const dyn: EngineType = evaluator.registry.getType('dyn');
  Object.setPrototypeOf(fields, new Proxy({}, { get: (_target, key) => (typeof key === 'string' ? dyn : undefined) }));
}

function collectFunctionNames(engine: Environment, namespaces: ReadonlyMap<string, string>): ReadonlySet<string> {
  const names = new Set<string>();
  for (const fn of engine.getDefinitions().functions) {
    const ns = fn.receiverType ? namespaces.get(fn.receiverType) : undefined;
    names.add(ns ? `${ns}.${fn.name}` : fn.name);
  }
  return names;
}
