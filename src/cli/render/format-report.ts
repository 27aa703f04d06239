// How a render is printed. YAML (the default) reads like `helm template`: the objects as documents that
// `kubectl apply -f -` accepts, each under a comment naming its node, nodes that did not render as comments in
// their place with the reason, and the instance's projected status as a commented block at the end. JSON is the
// whole report as one object, for tools.
import type { JsonObject, JsonValue } from '../../api/index.js';
import { formatJson, formatYaml, orderKeys, type OutputFormat } from '../output/objects.js';
import type { RenderReport } from './render-instance.js';

function comment(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => (line === '' ? '#' : `# ${line}`))
    .join('\n');
}

function text(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

function instanceName(report: RenderReport): string {
  const meta = report.instance.metadata as JsonObject;
  return typeof meta.namespace === 'string' ? `${meta.namespace}/${text(meta.name)}` : text(meta.name);
}

function formatReportYaml(report: RenderReport): string {
  const parts: string[] = [comment(`kro render: ResourceGraphDefinition ${report.resourceGraphDefinition}, ${text(report.instance.kind)} ${instanceName(report)}`)];
  const notes = new Map(report.notes.map((n) => [n.nodeId, n]));
  const shown = new Set<string>();
  for (const item of report.objects) {
    const kind = `${text(item.object.apiVersion)} ${text(item.object.kind)}`;
    parts.push(`---\n${comment(`${item.nodeId}: ${kind} (apply order ${item.applyOrder})`)}\n${formatYaml(item.object).trimEnd()}`);
    const note = notes.get(item.nodeId);
    if (note && !shown.has(item.nodeId)) {
      shown.add(item.nodeId);
      parts.push(comment(`${note.nodeId}: ${note.state}: ${note.explanation}`));
    }
  }
  for (const note of report.notes) {
    if (shown.has(note.nodeId)) continue;
    parts.push(`---\n${comment(`${note.nodeId}: ${note.kind} not rendered (${note.state}): ${note.explanation}`)}`);
  }
  const status = report.instance.status as JsonObject | undefined;
  const lines = [`instance ${instanceName(report)} status (as the controller would write it):`];
  if (status) lines.push(formatYaml(orderKeys({ status })).trimEnd());
  for (const p of report.pendingStatus) lines.push(`pending status field: ${p}`);
  if (report.error !== undefined) lines.push(`error: ${report.error}`);
  parts.push(`---\n${comment(lines.join('\n'))}`);
  return `${parts.join('\n')}\n`;
}

export function formatRenderReports(reports: readonly RenderReport[], format: OutputFormat): string {
  if (format === 'json') {
    const json = reports.map((r) => ({
      resourceGraphDefinition: r.resourceGraphDefinition,
      instance: r.instance,
      objects: r.objects.map((o) => ({ nodeId: o.nodeId, applyOrder: o.applyOrder, object: orderKeys(o.object) })),
      notRendered: r.notes,
      pendingStatus: r.pendingStatus,
      ...(r.error !== undefined ? { error: r.error } : {}),
    }));
    // Every part is JSON already (objects, strings, PendingDetail records of strings).
    return formatJson((json.length === 1 ? json[0]! : { renders: json }) as unknown as JsonValue);
  }
  return reports.map(formatReportYaml).join('');
}
