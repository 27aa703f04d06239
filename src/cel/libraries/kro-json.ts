// kro's json library: json.marshal(dyn) -> string with Go encoding/json output and json.unmarshal(string)
// -> dyn with Go's errors, wrapped in upstream's messages (pkg/cel/library/json.go).
import type { Environment } from '@marcbachmann/cel-js';
import type { CelLibrary } from '../library.js';
import { celNamespace } from '../namespaces.js';
import { chargeCost } from '../budget.js';
import { libraryError } from './errors.js';
import { GoJsonError, goJsonMarshal } from './go-json.js';
import { GoJsonSyntaxError, goJsonUnmarshal } from './go-json-parse.js';

export function jsonMarshal(v: unknown): string {
  try {
    const out = goJsonMarshal(v);
    chargeCost(out.length);
    return out;
  } catch (e) {
    if (!(e instanceof GoJsonError)) throw e;
    const what = e.phase === 'convert' ? 'convert' : 'encode';
    throw libraryError(`json.marshal failed to ${what} value: ${e.message}`, 'conversion_error');
  }
}

export function jsonUnmarshal(s: string): unknown {
  chargeCost(s.length);
  try {
    return goJsonUnmarshal(s);
  } catch (e) {
    if (e instanceof GoJsonSyntaxError) throw libraryError(`json.unmarshal failed to parse JSON: ${e.message}`, 'conversion_error');
    throw e;
  }
}

export const jsonLibrary: CelLibrary = {
  name: 'kro.json',
  register(env: Environment): void {
    const ns = celNamespace(env, 'json');
    env.registerFunction(`${ns}.marshal(dyn): string`, (_ns: unknown, v: unknown) => jsonMarshal(v));
    env.registerFunction(`${ns}.unmarshal(string): dyn`, (_ns: unknown, s: string) => jsonUnmarshal(s));
  },
};
