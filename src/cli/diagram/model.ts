// What every diagram format draws, taken from a CompiledGraph once: the nodes (id, kind, node type, position in
// the topological order, apply wave, forEach/includeWhen/readyWhen), the dependency edges, and a layering (each
// node one layer below its deepest dependency) that the HTML layout uses.
import { apiVersionOf } from '../../api/index.js';
import type { CompiledGraph, NodeKind } from '../../graph/index.js';

export interface DiagramNode {
  readonly id: string;
  /** `apps/v1 Deployment`. */
  readonly kind: string;
  readonly nodeType: NodeKind;
  /** 1-based position in the topological order. */
  readonly order: number;
  /** Layer in the drawing: 0 for nodes without dependencies. */
  readonly layer: number;
  readonly forEach: readonly string[];
  readonly includeWhen: readonly string[];
  readonly readyWhen: readonly string[];
}

export interface DiagramEdge {
  /** The dependency. */
  readonly from: string;
  /** The node that reads it. */
  readonly to: string;
}

export interface DiagramModel {
  /** `<rgd name>`. */
  readonly name: string;
  /** `<group>/<version> <Kind>` of the instances. */
  readonly instanceKind: string;
  /** In topological order. */
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  /** Resource ids the instance status reads. */
  readonly statusReads: readonly string[];
}

function display(expr: { readonly display: string; readonly template: boolean }): string {
  return expr.template ? expr.display : `\${${expr.display}}`;
}

export function diagramModel(graph: CompiledGraph): DiagramModel {
  const layers = new Map<string, number>();
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  graph.topologicalOrder.forEach((id, i) => {
    const node = graph.nodes.get(id);
    if (!node) return;
    const layer = node.dependencies.reduce((deepest, dep) => Math.max(deepest, (layers.get(dep) ?? -1) + 1), 0);
    layers.set(id, layer);
    for (const dep of node.dependencies) edges.push({ from: dep, to: id });
    nodes.push({
      id,
      kind: `${apiVersionOf(node.gvk)} ${node.gvk.kind}`,
      nodeType: node.kind,
      order: i + 1,
      layer,
      forEach: node.forEach.map((d) => `${d.name}: ${display(d.expression)}`),
      includeWhen: node.includeWhen.map(display),
      readyWhen: node.readyWhen.map(display),
    });
  });
  return {
    name: graph.name,
    instanceKind: `${apiVersionOf(graph.instance.gvk)} ${graph.instance.gvk.kind}`,
    nodes,
    edges,
    statusReads: graph.instance.dependencies,
  };
}

/** A short tag for the node type, empty for plain resources. */
export function nodeTypeTag(type: NodeKind): string {
  switch (type) {
    case 'Collection':
      return 'collection';
    case 'External':
      return 'external';
    case 'ExternalCollection':
      return 'external collection';
    default:
      return '';
  }
}
