// Binding JSON documents (instances, observed resources) to an environment's declared variables.
// Converting an object is proportional to its size, and a reconcile evaluates many expressions against
// the same observed objects, so conversions are cached per (JSON object, CEL type): bind the same object
// again and the converted value is reused. Callers must treat bound JSON objects as immutable.
import { jsonToCel } from './convert-in.js';
import type { CelEnvironment } from './environment.js';
import type { CelType } from './types.js';

const converted = new WeakMap<object, Map<CelType, unknown>>();

/** Converts a JSON value to the CEL value of `type`, reusing an earlier conversion of the same object. */
export function jsonToCelCached(json: unknown, type: CelType): unknown {
  if (typeof json !== 'object' || json === null) return jsonToCel(json, type);
  let byType = converted.get(json);
  if (!byType) {
    byType = new Map();
    converted.set(json, byType);
  }
  if (byType.has(type)) return byType.get(type);
  const value = jsonToCel(json, type);
  byType.set(type, value);
  return value;
}

/**
 * The activation for `env` from JSON values, each converted by its variable's declared type. Names the
 * environment does not declare are ignored; declared variables missing from `json` stay unbound (reading
 * them is "data pending").
 */
export function toActivation(env: CelEnvironment, json: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const activation: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, type] of env.variables) {
    if (!Object.prototype.hasOwnProperty.call(json, name)) continue;
    const value = json[name];
    if (value !== undefined) activation[name] = jsonToCelCached(value, type);
  }
  return activation;
}
