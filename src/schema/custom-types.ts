// Dependency analysis of SimpleSchema custom types (`spec.schema.types`): which types each one references,
// unknown references, self references, and cycles, reported with upstream's cycle text
// (`cyclic dependency in type A: graph contains a cycle: A -> B -> A`), plus the order to build them in.
// Upstream adds types to its graph in Go map order, so which type a cycle error names varies between runs; here
// types are added in sorted order, so the same input always yields the same report.

import { isJsonObject, type JsonValue } from '../api/json.js';
import { parseTypeString, typeDependencies } from './type-expr.js';

export interface TypeGraphProblem {
  readonly code: 'schema/type-cycle' | 'schema/unknown-type';
  readonly type: string;
  readonly message: string;
}

export interface TypeGraph {
  /** Types whose dependencies are all known and acyclic, dependencies first. */
  readonly order: readonly string[];
  /** Types that cannot be built: in a cycle, or depending on an unknown, broken or cyclic type. */
  readonly broken: ReadonlySet<string>;
  readonly problems: readonly TypeGraphProblem[];
}

/** The custom types a definition references (a field string or a struct map, at any depth). */
export function definitionDependencies(definition: JsonValue): string[] {
  const out = new Set<string>();
  const visit = (value: JsonValue) => {
    if (typeof value === 'string') {
      const parsed = parseTypeString(value);
      if (parsed.ok) for (const dep of typeDependencies(parsed.type)) out.add(dep);
    } else if (isJsonObject(value)) {
      for (const child of Object.values(value)) visit(child);
    }
  };
  visit(definition);
  return [...out].sort();
}

/**
 * Orders the types of `definitions` (name -> definition) for building. `unparsable` names types whose
 * definitions already failed to parse: they count as broken without a further report.
 */
export function analyzeTypeGraph(
  definitions: ReadonlyMap<string, JsonValue>,
  unparsable: ReadonlySet<string> = new Set(),
): TypeGraph {
  const names = [...definitions.keys()].sort();
  const deps = new Map<string, string[]>();
  const problems: TypeGraphProblem[] = [];
  const broken = new Set<string>(unparsable);
  for (const name of names) {
    const edges: string[] = [];
    for (const dep of definitionDependencies(definitions.get(name)!)) {
      if (!definitions.has(dep)) {
        problems.push({ code: 'schema/unknown-type', type: name, message: `unknown type: ${dep}` });
        broken.add(name);
      } else if (dep === name) {
        problems.push({ code: 'schema/type-cycle', type: name, message: 'self references are not allowed' });
        broken.add(name);
      } else {
        edges.push(dep);
      }
    }
    deps.set(name, edges);
  }
  for (const cycle of findCycles(names, deps)) {
    // Upstream names the type whose dependencies closed the cycle; adding types in sorted order, that is the
    // last of the cycle's types.
    const closing = [...cycle].sort().at(-1)!;
    problems.push({
      code: 'schema/type-cycle',
      type: closing,
      message: `cyclic dependency in type ${closing}: graph contains a cycle: ${cycle.join(' -> ')}`,
    });
    for (const name of cycle) broken.add(name);
  }
  // Dependents of broken types are broken too (silently: the root cause is reported once).
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string): boolean => {
    if (broken.has(name)) return false;
    const seen = state.get(name);
    if (seen === 'done') return true;
    if (seen === 'visiting') return false;
    state.set(name, 'visiting');
    let ok = true;
    for (const dep of deps.get(name) ?? []) ok = visit(dep) && ok;
    state.set(name, 'done');
    if (!ok) {
      broken.add(name);
      return false;
    }
    order.push(name);
    return true;
  };
  for (const name of names) visit(name);
  return { order, broken, problems };
}

/** Elementary cycles reachable in sorted DFS order, one per strongly connected component. */
function findCycles(names: readonly string[], deps: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const visited = new Set<string>();
  const inCycle = new Set<string>();
  for (const start of names) {
    if (visited.has(start)) continue;
    const stack: string[] = [];
    const onStack = new Set<string>();
    const dfs = (node: string): void => {
      visited.add(node);
      stack.push(node);
      onStack.add(node);
      for (const dep of deps.get(node) ?? []) {
        if (onStack.has(dep)) {
          const cycle = stack.slice(stack.indexOf(dep));
          if (!cycle.some((n) => inCycle.has(n))) {
            cycles.push([...cycle, dep]);
            for (const n of cycle) inCycle.add(n);
          }
        } else if (!visited.has(dep)) {
          dfs(dep);
        }
      }
      stack.pop();
      onStack.delete(node);
    };
    dfs(start);
  }
  return cycles;
}
