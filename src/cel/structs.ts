// One JavaScript class per struct type: cel-js identifies the CEL type of an object value by its
// constructor, so every CelObjectType needs its own subclass of CelStruct, shared by the JSON converter
// (which builds instances) and the environment (which registers the class as the type's constructor).
import { CelStruct } from './values.js';
import type { CelObjectType } from './types.js';

export interface StructClass {
  new (entries?: Iterable<readonly [string, unknown]>): CelStruct;
  readonly celType: CelObjectType;
}

const classes = new WeakMap<CelObjectType, StructClass>();

/** The (cached) class whose instances are values of `type`. */
export function structClassFor(type: CelObjectType): StructClass {
  const existing = classes.get(type);
  if (existing) return existing;
  const aliases = new Map<string, string>();
  for (const [name, field] of type.fields) if (name !== field.jsonName) aliases.set(name, field.jsonName);
  const created = aliases.size === 0 ? plainStruct(type) : aliasingStruct(type, aliases);
  classes.set(type, created);
  return created;
}

function plainStruct(type: CelObjectType): StructClass {
  return class extends CelStruct {
    static readonly celType = type;
  };
}

/** Escaped field names (`x__dash__y`) read the JSON property (`x-y`) they stand for. */
function aliasingStruct(type: CelObjectType, aliases: ReadonlyMap<string, string>): StructClass {
  return class extends CelStruct {
    static readonly celType = type;
    override get(key: string): unknown {
      return super.get(aliases.get(key) ?? key);
    }
    override has(key: string): boolean {
      return super.has(aliases.get(key) ?? key);
    }
  };
}

/** The struct type of a value, if it is a struct. */
export function structTypeOf(value: unknown): CelObjectType | undefined {
  if (!(value instanceof CelStruct)) return undefined;
  return (value.constructor as Partial<StructClass>).celType;
}
