// The HTML form of `kro generate diagram`: one self-contained file (inline SVG, CSS and a few lines of script, no
// network) that opens in any browser. Upstream emits a go-echarts page that loads its library from a CDN; this one
// works offline and in CI artifacts. Layout: one row per layer (a node sits one row below its deepest dependency),
// nodes in a row ordered by the average position of their dependencies to keep edges short. A table below the
// drawing lists every node with its full conditions.
import { nodeTypeTag, type DiagramModel, type DiagramNode } from './model.js';

const NODE_WIDTH = 270;
const LINE_HEIGHT = 16;
const PADDING = 10;
const GAP_X = 36;
const GAP_Y = 64;
const MARGIN = 24;
const MAX_CHARS = 31;
/** Wide layers wrap onto several rows so the page stays readable. */
const MAX_PER_ROW = 5;

interface Placed {
  readonly node: DiagramNode;
  readonly lines: readonly string[];
  x: number;
  y: number;
  readonly height: number;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function clip(text: string, max = MAX_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function boxLines(node: DiagramNode): string[] {
  const tag = nodeTypeTag(node.nodeType);
  const conditions = [
    ...node.forEach.map((f) => `forEach ${f}`),
    ...node.includeWhen.map((c) => `includeWhen ${c}`),
    ...node.readyWhen.map((c) => `readyWhen ${c}`),
  ];
  // The kind first, so clipping a long API group never hides it.
  const [apiVersion = '', kind = ''] = node.kind.split(' ');
  return [`${kind} · ${apiVersion}`, ...(tag ? [tag] : []), ...conditions].map((line) => clip(line));
}

function layout(model: DiagramModel): { placed: Placed[]; width: number; height: number } {
  const byLayer = new Map<number, Placed[]>();
  for (const node of model.nodes) {
    const lines = boxLines(node);
    const placed: Placed = { node, lines, x: 0, y: 0, height: PADDING * 2 + LINE_HEIGHT * (lines.length + 1) };
    const row = byLayer.get(node.layer) ?? [];
    row.push(placed);
    byLayer.set(node.layer, row);
  }
  const centers = new Map<string, number>();
  const dependencies = new Map<string, string[]>();
  for (const edge of model.edges) dependencies.set(edge.to, [...(dependencies.get(edge.to) ?? []), edge.from]);
  const layers = [...byLayer.keys()].sort((a, b) => a - b);
  let y = MARGIN;
  let width = 0;
  for (const layer of layers) {
    const row = byLayer.get(layer)!;
    const weight = (p: Placed): number => {
      const xs = (dependencies.get(p.node.id) ?? []).map((d) => centers.get(d)).filter((x): x is number => x !== undefined);
      return xs.length === 0 ? Infinity : xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    row.sort((a, b) => weight(a) - weight(b) || a.node.order - b.node.order);
    for (let start = 0; start < row.length; start += MAX_PER_ROW) {
      const slice = row.slice(start, start + MAX_PER_ROW);
      let x = MARGIN;
      for (const p of slice) {
        p.x = x;
        p.y = y;
        centers.set(p.node.id, x + NODE_WIDTH / 2);
        x += NODE_WIDTH + GAP_X;
      }
      width = Math.max(width, x - GAP_X + MARGIN);
      y += Math.max(...slice.map((p) => p.height)) + GAP_Y;
    }
  }
  return { placed: layers.flatMap((l) => byLayer.get(l)!), width: Math.max(width, 320), height: y - GAP_Y + MARGIN };
}

function svgNode(p: Placed): string {
  const cls = ['node', p.node.nodeType.toLowerCase(), ...(p.node.includeWhen.length > 0 ? ['conditional'] : [])].join(' ');
  const text = [
    `<text x="${p.x + PADDING}" y="${p.y + PADDING + 12}" class="title">${escapeHtml(clip(p.node.id, 28))} <tspan class="order">#${p.node.order}</tspan></text>`,
    ...p.lines.map((line, i) => `<text x="${p.x + PADDING}" y="${p.y + PADDING + 12 + LINE_HEIGHT * (i + 1)}">${escapeHtml(line)}</text>`),
  ];
  return (
    `<g class="${cls}" data-id="${escapeHtml(p.node.id)}"><title>${escapeHtml(p.node.id)}</title>` +
    `<rect x="${p.x}" y="${p.y}" width="${NODE_WIDTH}" height="${p.height}" rx="8"/>${text.join('')}</g>`
  );
}

function svgEdges(model: DiagramModel, at: ReadonlyMap<string, Placed>): string[] {
  return model.edges.flatMap((edge) => {
    const from = at.get(edge.from);
    const to = at.get(edge.to);
    if (!from || !to) return [];
    const x1 = from.x + NODE_WIDTH / 2;
    const y1 = from.y + from.height;
    const x2 = to.x + NODE_WIDTH / 2;
    const y2 = to.y - 4;
    const bend = Math.max(24, (y2 - y1) / 2);
    const d = `M${x1},${y1} C${x1},${y1 + bend} ${x2},${y2 - bend} ${x2},${y2}`;
    return [`<path class="edge" data-from="${escapeHtml(edge.from)}" data-to="${escapeHtml(edge.to)}" d="${d}" marker-end="url(#arrow)"/>`];
  });
}

function detailsTable(model: DiagramModel): string {
  const deps = new Map<string, string[]>();
  for (const edge of model.edges) deps.set(edge.to, [...(deps.get(edge.to) ?? []), edge.from]);
  const cell = (items: readonly string[]) => (items.length === 0 ? '' : items.map((i) => `<code>${escapeHtml(i)}</code>`).join('<br>'));
  const rows = model.nodes.map(
    (n) =>
      `<tr data-id="${escapeHtml(n.id)}"><td>${n.order}</td><td><b>${escapeHtml(n.id)}</b></td><td>${escapeHtml(n.kind)}</td>` +
      `<td>${escapeHtml(n.nodeType)}</td><td>${cell(deps.get(n.id) ?? [])}</td><td>${cell(n.forEach)}</td>` +
      `<td>${cell(n.includeWhen)}</td><td>${cell(n.readyWhen)}</td></tr>`,
  );
  return (
    '<table><thead><tr><th>#</th><th>id</th><th>kind</th><th>type</th><th>depends on</th><th>forEach</th>' +
    `<th>includeWhen</th><th>readyWhen</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

const PAGE_STYLE = `
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#1f2937}
h1{font-size:20px;margin:0 0 4px}p.sub{margin:0 0 16px;color:#6b7280}
.canvas{overflow:auto;border:1px solid #e5e7eb;border-radius:8px;background:#fafafa}
table{border-collapse:collapse;margin-top:20px;font-size:13px}
th,td{border:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f4f6}tr.hl td{background:#fef3c7}
.legend{font-size:12px;color:#6b7280;margin-top:8px}`;

// Inside the <svg> so the drawing keeps its look when saved or converted on its own.
const SVG_STYLE = `
.node rect{fill:#fff;stroke:#374151;stroke-width:1.5}
.node.collection rect{stroke-width:3}
.node.external rect,.node.externalcollection rect{fill:#eef6ff;stroke:#3b82f6}
.node.conditional rect{stroke-dasharray:6 4}
.node text{font-size:12px;font-family:ui-monospace,Menlo,Consolas,monospace;fill:#374151}
.node text.title{font-weight:700;font-family:system-ui,Helvetica,Arial,sans-serif;font-size:13px;fill:#111827}
.order{fill:#9ca3af;font-weight:400}
.edge{fill:none;stroke:#9ca3af;stroke-width:1.5}
svg.focus .node,svg.focus .edge{opacity:.25}
svg.focus .hl{opacity:1}svg.focus .edge.hl{stroke:#dc2626}`;

// Hovering a node highlights it, its edges and its neighbours (and its table row).
const SCRIPT = `
const svg=document.querySelector('svg');
function focus(id){svg.classList.toggle('focus',id!==null);
for(const el of document.querySelectorAll('.hl'))el.classList.remove('hl');
if(id===null)return;
for(const e of svg.querySelectorAll('.edge')){if(e.dataset.from===id||e.dataset.to===id){e.classList.add('hl');
for(const n of [e.dataset.from,e.dataset.to])svg.querySelector('.node[data-id="'+CSS.escape(n)+'"]').classList.add('hl');}}
for(const el of document.querySelectorAll('[data-id="'+CSS.escape(id)+'"]'))el.classList.add('hl');}
for(const n of svg.querySelectorAll('.node')){n.addEventListener('mouseenter',()=>focus(n.dataset.id));n.addEventListener('mouseleave',()=>focus(null));}`;

export function formatHtml(model: DiagramModel): string {
  const { placed, width, height } = layout(model);
  const at = new Map(placed.map((p) => [p.node.id, p]));
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="dependency graph">` +
    `<defs><style>${SVG_STYLE}</style>` +
    '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">' +
    '<path d="M0,0 L10,5 L0,10 z" fill="#6b7280"/></marker></defs>' +
    `${svgEdges(model, at).join('')}${placed.map(svgNode).join('')}</svg>`;
  const title = `ResourceGraphDefinition ${model.name}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="sub">Instances are <code>${escapeHtml(model.instanceKind)}</code>. Arrows point from a dependency to the resource that reads it; #n is the topological (apply) order: ${escapeHtml(model.nodes.map((n) => n.id).join(' → '))}.</p>
<div class="canvas">${svg}</div>
<p class="legend">Thick border: collection (forEach). Blue: external reference. Dashed border: included only when its includeWhen holds.${
    model.statusReads.length > 0 ? ` The instance status reads: ${escapeHtml(model.statusReads.join(', '))}.` : ''
  }</p>
${detailsTable(model)}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
