// The dependency graph of the checked nodes (G1-G3, F7): self references and cycles are errors; otherwise the
// topological order, the apply-order waves and what the RGD status shows about dependencies (behavior 52).
import { diagnostic, type Diagnostic, type ResourceInformation } from '../../api/index.js';
import { applyOrderWaves, findCycle, formatCycle, topologicalSort, type DagVertex } from '../dag.js';
import type { ParsedExpression } from '../expressions/types.js';

const PREFIX = 'failed to build dependency graph: ';

export interface OrderInput {
  readonly id: string;
  readonly index: number;
  readonly dependencies: readonly string[];
  readonly selfReferences: readonly ParsedExpression[];
}

export interface Orders {
  readonly topologicalOrder: readonly string[];
  readonly waves: ReadonlyMap<string, number>;
  readonly resources: readonly ResourceInformation[];
}

export function orderNodes(nodes: readonly OrderInput[]): { orders?: Orders; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  for (const node of nodes) {
    const first = node.selfReferences[0];
    if (!first) continue;
    diagnostics.push(
      diagnostic('graph/self-reference', `${PREFIX}self references are not allowed`, first.path, {
        span: first.span,
        expression: first.display,
        found: node.id,
        hint: `a resource cannot read itself in its template, forEach or includeWhen; only readyWhen may read ${node.id}`,
      }),
    );
  }
  const vertices: DagVertex[] = nodes.map((n) => ({ id: n.id, index: n.index, dependsOn: n.dependencies }));
  const cycle = findCycle(vertices);
  if (cycle) {
    const start = nodes.find((n) => n.id === cycle[0]);
    diagnostics.push(
      diagnostic('graph/cycle', `${PREFIX}graph contains a cycle: ${formatCycle(cycle)}`, start ? ['spec', 'resources', start.index] : ['spec', 'resources'], {
        found: formatCycle(cycle),
        hint: 'break the cycle: one of these resources must not read the next one',
      }),
    );
  }
  if (diagnostics.length > 0) return { diagnostics };
  const sorted = topologicalSort(vertices);
  const waves = applyOrderWaves(vertices);
  if (!sorted.ok || !waves) return { diagnostics: [diagnostic('graph/cycle', `${PREFIX}graph contains a cycle`, ['spec', 'resources'])] };
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const resources = sorted.order
    .map((id) => byId.get(id)!)
    .filter((n) => n.dependencies.length > 0)
    .map((n) => ({ id: n.id, dependencies: n.dependencies.map((d) => ({ id: d })) }));
  return { orders: { topologicalOrder: sorted.order, waves, resources }, diagnostics };
}
