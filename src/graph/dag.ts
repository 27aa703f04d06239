// The dependency graph of an RGD's resources and the orders derived from it (G1-G3):
// - topological order by Kahn's algorithm with a min-heap on (declaration index, id), so among nodes that are
//   ready at the same time the earliest-declared goes first (behavior 1);
// - apply-order waves: reverse topological *layers* (dependents first), numbered so leaves get the highest
//   number and the last layer gets 1 (behavior 3);
// - cycle detection that always reports the same cycle for the same graph: a depth-first search over ids and
//   edges in sorted order, as upstream's (pkg/dag/dag.go) does since it stopped depending on map order.

export interface DagVertex {
  readonly id: string;
  /** Position in spec.resources; the tie-breaker of the topological order. */
  readonly index: number;
  /** Ids this vertex depends on (they must come first). Unknown ids are ignored. */
  readonly dependsOn: readonly string[];
}

export type TopologicalResult =
  | { readonly ok: true; readonly order: readonly string[] }
  | { readonly ok: false; readonly cycle: readonly string[] };

interface HeapItem {
  readonly id: string;
  readonly index: number;
}

function before(a: HeapItem, b: HeapItem): boolean {
  return a.index !== b.index ? a.index < b.index : a.id < b.id;
}

/** A binary min-heap on (index, id): small, and all the order needs. */
class ReadyHeap {
  private readonly items: HeapItem[] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: HeapItem): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): HeapItem {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && before(items[left]!, items[smallest]!)) smallest = left;
        if (right < items.length && before(items[right]!, items[smallest]!)) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest]!, items[i]!];
        i = smallest;
      }
    }
    return top;
  }
}

interface Traversal {
  readonly remaining: Map<string, number>;
  readonly unlocks: Map<string, string[]>;
  readonly ready: ReadyHeap;
  readonly byId: ReadonlyMap<string, DagVertex>;
}

function traversal(vertices: readonly DagVertex[], dependentsFirst: boolean): Traversal {
  const byId = new Map(vertices.map((v) => [v.id, v]));
  const remaining = new Map<string, number>(vertices.map((v) => [v.id, 0]));
  const unlocks = new Map<string, string[]>();
  for (const v of vertices) {
    for (const dep of new Set(v.dependsOn)) {
      if (!byId.has(dep) || dep === v.id) continue;
      const [waiting, unlocker] = dependentsFirst ? [dep, v.id] : [v.id, dep];
      remaining.set(waiting, remaining.get(waiting)! + 1);
      const list = unlocks.get(unlocker) ?? [];
      list.push(waiting);
      unlocks.set(unlocker, list);
    }
  }
  const ready = new ReadyHeap();
  for (const v of vertices) if (remaining.get(v.id) === 0) ready.push({ id: v.id, index: v.index });
  return { remaining, unlocks, ready, byId };
}

function advance(t: Traversal, id: string): void {
  for (const next of t.unlocks.get(id) ?? []) {
    const left = t.remaining.get(next)! - 1;
    t.remaining.set(next, left);
    if (left === 0) t.ready.push({ id: next, index: t.byId.get(next)!.index });
  }
}

/** Dependencies before dependents; ties broken by declaration index, then id. */
export function topologicalSort(vertices: readonly DagVertex[]): TopologicalResult {
  const t = traversal(vertices, false);
  const order: string[] = [];
  while (t.ready.size > 0) {
    const { id } = t.ready.pop();
    order.push(id);
    advance(t, id);
  }
  if (order.length === vertices.length) return { ok: true, order };
  return { ok: false, cycle: findCycle(vertices) ?? [] };
}

/** Layers with dependents before their dependencies; within a layer, declaration order. */
export function reverseTopologicalLayers(vertices: readonly DagVertex[]): readonly (readonly string[])[] | undefined {
  const t = traversal(vertices, true);
  const layers: string[][] = [];
  let processed = 0;
  while (t.ready.size > 0) {
    const layer: string[] = [];
    for (let n = t.ready.size; n > 0; n--) layer.push(t.ready.pop().id);
    for (const id of layer) advance(t, id);
    layers.push(layer);
    processed += layer.length;
  }
  return processed === vertices.length ? layers : undefined;
}

/** Apply-order wave of every vertex: `layers - layerIndex` (leaves highest, the deepest dependencies 1). */
export function applyOrderWaves(vertices: readonly DagVertex[]): ReadonlyMap<string, number> | undefined {
  const layers = reverseTopologicalLayers(vertices);
  if (!layers) return undefined;
  const waves = new Map<string, number>();
  layers.forEach((layer, i) => {
    for (const id of layer) waves.set(id, layers.length - i);
  });
  return waves;
}

/**
 * One cycle as a path that starts and ends with the same id (`a -> b -> a`), or undefined when the graph is
 * acyclic. Deterministic: vertices and their dependencies are visited in sorted order.
 */
export function findCycle(vertices: readonly DagVertex[]): readonly string[] | undefined {
  const deps = new Map<string, string[]>();
  for (const v of vertices) deps.set(v.id, [...new Set(v.dependsOn)].sort());
  for (const v of vertices) for (const d of deps.get(v.id)!) if (!deps.has(d)) deps.set(d, []);
  const visited = new Set<string>();
  const onStack = new Set<string>();
  const path: string[] = [];
  const dfs = (id: string): boolean => {
    visited.add(id);
    onStack.add(id);
    path.push(id);
    for (const dep of deps.get(id) ?? []) {
      if (!visited.has(dep)) {
        if (dfs(dep)) return true;
      } else if (onStack.has(dep)) {
        path.push(dep);
        return true;
      }
    }
    onStack.delete(id);
    path.pop();
    return false;
  };
  for (const id of [...deps.keys()].sort()) {
    if (visited.has(id)) continue;
    path.length = 0;
    if (dfs(id)) {
      const closing = path[path.length - 1]!;
      return path.slice(path.indexOf(closing));
    }
  }
  return undefined;
}

export function formatCycle(cycle: readonly string[]): string {
  return cycle.join(' -> ');
}
