// Registers the struct types of an environment with cel-js in bulk. cel-js's own registerType also declares a
// `type(T): type` overload per type and checks it against every existing overload, which is quadratic: a
// graph with a few large resource schemas (a Deployment alone has hundreds of nested objects) spent seconds
// there. We declare all names at once through one holder type whose fields mention them, then add each
// struct's registry entry directly. The cost: `type(x)` has no overload for struct values (kro never needs it).
import type { Environment } from '@marcbachmann/cel-js';
import { jsonToCel } from './convert-in.js';
import { engineTypeName } from './engine-types.js';
import type { EngineObjectType, EngineRegistry, EngineType } from './internals.js';
import { structClassFor } from './structs.js';
import type { CelObjectType } from './types.js';

let holders = 0;

/** The constructor of cel-js's runtime type values (not exported by the package). */
function typeValueClass(engine: Environment): new (name: string) => object {
  return (engine.evaluate('type(1)') as object).constructor as new (name: string) => object;
}

export function registerStructTypes(engine: Environment, registry: EngineRegistry, types: readonly CelObjectType[]): void {
  if (types.length === 0) return;
  const mention: Record<string, string> = {};
  types.forEach((t, i) => (mention[`t${i}`] = t.name));
  engine.registerType(`kro.typeNames${++holders}`, { ctor: class {}, fields: mention });
  const TypeValue = typeValueClass(engine);
  const objectTypes = registry.objectTypes as Map<string, EngineObjectType & Record<string, unknown>>;
  const byConstructor = (registry as unknown as { objectTypesByConstructor: Map<unknown, unknown> }).objectTypesByConstructor;
  for (const t of types) {
    const ctor = structClassFor(t);
    const fields: Record<string, EngineType> = Object.create(null) as Record<string, EngineType>;
    for (const [name, field] of t.fields) fields[name] = registry.getType(engineTypeName(field.type));
    const decl = Object.freeze({
      name: t.name,
      typeType: new TypeValue(t.name),
      type: registry.getType(t.name),
      ctor,
      convert: (value: unknown) => jsonToCel(value, t),
      fields,
    });
    objectTypes.set(t.name, decl);
    byConstructor.set(ctor, decl);
  }
}
