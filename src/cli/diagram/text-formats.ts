// The text forms of `kro generate diagram`: Mermaid (renders on GitHub, in many editors and docs sites) and
// Graphviz DOT (`dot -Tsvg`). Edges point from a dependency to the resource that reads it, which is the order
// resources are applied in. Node shapes tell the node types apart; conditions appear in the labels.
import { nodeTypeTag, type DiagramModel, type DiagramNode } from './model.js';

function labelLines(node: DiagramNode): string[] {
  const tag = nodeTypeTag(node.nodeType);
  return [
    `${node.id} (${node.order})`,
    node.kind,
    ...(tag ? [tag] : []),
    ...node.forEach.map((f) => `forEach ${f}`),
    ...node.includeWhen.map((c) => `includeWhen ${c}`),
    ...node.readyWhen.map((c) => `readyWhen ${c}`),
  ];
}

/** Mermaid entity codes for the characters its quoted labels cannot hold. */
function mermaidText(text: string): string {
  return text.replace(/[#"<>]/g, (c) => `#${c.charCodeAt(0)};`);
}

function mermaidShape(node: DiagramNode, label: string): string {
  switch (node.nodeType) {
    case 'Collection':
      return `[["${label}"]]`;
    case 'External':
      return `(["${label}"])`;
    case 'ExternalCollection':
      return `[("${label}")]`;
    default:
      return `["${label}"]`;
  }
}

/** Mermaid ids must not collide with keywords (`end`, `graph`), so every id gets a prefix. */
function mermaidId(id: string): string {
  return `n_${id}`;
}

export function formatMermaid(model: DiagramModel): string {
  const lines = [
    `%% ResourceGraphDefinition ${model.name}: instances are ${model.instanceKind}`,
    `%% topological order: ${model.nodes.map((n) => n.id).join(', ')}`,
    'flowchart TD',
  ];
  for (const node of model.nodes) {
    lines.push(`  ${mermaidId(node.id)}${mermaidShape(node, labelLines(node).map(mermaidText).join('<br/>'))}`);
  }
  for (const edge of model.edges) lines.push(`  ${mermaidId(edge.from)} --> ${mermaidId(edge.to)}`);
  const conditional = model.nodes.filter((n) => n.includeWhen.length > 0);
  const external = model.nodes.filter((n) => n.nodeType === 'External' || n.nodeType === 'ExternalCollection');
  if (conditional.length > 0) {
    lines.push('  classDef conditional stroke-dasharray: 6 4');
    lines.push(`  class ${conditional.map((n) => mermaidId(n.id)).join(',')} conditional`);
  }
  if (external.length > 0) {
    lines.push('  classDef external fill:#eef6ff,stroke:#3b82f6');
    lines.push(`  class ${external.map((n) => mermaidId(n.id)).join(',')} external`);
  }
  return `${lines.join('\n')}\n`;
}

function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function dotAttributes(node: DiagramNode): string {
  const attrs: string[] = [`label=${dotString(labelLines(node).join('\n'))}`];
  const styles = ['rounded'];
  if (node.nodeType === 'Collection' || node.nodeType === 'ExternalCollection') attrs.push('shape=box3d');
  if (node.nodeType === 'External' || node.nodeType === 'ExternalCollection') styles.push('filled');
  if (node.includeWhen.length > 0) styles.push('dashed');
  attrs.push(`style=${dotString(styles.join(','))}`);
  if (styles.includes('filled')) attrs.push('fillcolor="#eef6ff"');
  return attrs.join(', ');
}

export function formatDot(model: DiagramModel): string {
  const lines = [
    `// ResourceGraphDefinition ${model.name}: instances are ${model.instanceKind}`,
    `digraph ${dotString(model.name)} {`,
    '  rankdir=TB;',
    '  node [shape=box, fontname="Helvetica", fontsize=11];',
    '  edge [color="#555555"];',
  ];
  for (const node of model.nodes) lines.push(`  ${dotString(node.id)} [${dotAttributes(node)}];`);
  for (const edge of model.edges) lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
