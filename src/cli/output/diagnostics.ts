// Prints Diagnostics the way compilers do: `file:line:col: error: message [code]` (a form editors and CI
// annotators parse), then the YAML path, the source line with a caret under the expression's span, the
// expression, what was expected and found, and a hint. The core hands over data (code, path, span, location);
// this edge is the only place that turns it into text.
import { formatYamlPath, type Diagnostic, type SourceLocation } from '../../api/index.js';
import { fallbackHint } from './hints.js';
import type { Style } from './color.js';

export interface DiagnosticPrintOptions {
  /** The text of every input file by name, to show the line a diagnostic points at. */
  readonly sources: ReadonlyMap<string, string>;
  readonly style: Style;
}

function where(location: SourceLocation | undefined): string {
  if (!location) return '';
  return `${location.file ?? '<input>'}:${location.line}:${location.column}: `;
}

function lineOf(text: string, line: number): string | undefined {
  let start = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return undefined;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
}

/** How many columns to underline from `column` (1-based): the span's length, else the token to the end of the line. */
function caretWidth(source: string, column: number, d: Diagnostic): number {
  const rest = source.slice(column - 1);
  if (rest.length === 0) return 1;
  let width: number;
  if (d.span && d.span.end > d.span.start) width = d.span.end - d.span.start;
  else {
    const comment = rest.search(/\s#/);
    width = (comment < 0 ? rest : rest.slice(0, comment)).trimEnd().length;
  }
  return Math.max(1, Math.min(width, rest.length));
}

/** The source excerpt: the line and a caret line, with a gutter holding the line number. */
function excerpt(d: Diagnostic, options: DiagnosticPrintOptions): string[] {
  const loc = d.location;
  const text = loc?.file !== undefined ? options.sources.get(loc.file) : undefined;
  if (!loc || text === undefined) return [];
  const source = lineOf(text, loc.line);
  if (source === undefined) return [];
  const { style } = options;
  const number = String(loc.line);
  const gutter = ' '.repeat(number.length);
  // Keep tabs so the caret lines up under the same characters as in the source line.
  const pad = source.slice(0, loc.column - 1).replace(/[^\t]/g, ' ');
  const carets = '^'.repeat(caretWidth(source, loc.column, d));
  const paint = d.severity === 'warning' ? style.yellow : style.red;
  return [`  ${style.dim(`${number} |`)} ${source}`, `  ${style.dim(`${gutter} |`)} ${pad}${paint(style.bold(carets))}`];
}

export function formatDiagnostic(d: Diagnostic, options: DiagnosticPrintOptions): string {
  const { style } = options;
  const severity = d.severity === 'warning' ? style.yellow(style.bold('warning')) : style.red(style.bold('error'));
  const lines = [`${style.bold(where(d.location))}${severity}: ${style.bold(d.message)} ${style.dim(`[${d.code}]`)}`];
  const label = (name: string, value: string) => `  ${style.cyan(`${name}:`)} ${value}`;
  if (d.path.length > 0) lines.push(label('path', formatYamlPath(d.path)));
  lines.push(...excerpt(d, options));
  if (d.expression !== undefined) lines.push(label('expression', `\${${d.expression}}`));
  if (d.expected !== undefined) lines.push(label('expected', d.expected));
  if (d.found !== undefined) lines.push(label('found', d.found));
  const hint = d.hint ?? fallbackHint(d);
  if (hint !== undefined) lines.push(label('hint', hint));
  return `${lines.join('\n')}\n`;
}

/** Every diagnostic, errors and warnings in the order given, separated by blank lines. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: DiagnosticPrintOptions): string {
  return diagnostics.map((d) => formatDiagnostic(d, options)).join('\n');
}

/** A `note:` line for things that are neither errors nor warnings (ignored documents, skipped files). */
export function formatNote(message: string, style: Style, location?: SourceLocation): string {
  return `${style.bold(where(location))}${style.cyan(style.bold('note'))}: ${message}\n`;
}
