// Diagnostics: every problem the pure core finds is reported as data with a stable code and a location,
// never as an exception or a bare string. Parents add their piece of the location (the YAML path); only
// the edges (CLI, controller) turn a path plus span into file:line:col, using the document's source map.

/** One step of a YAML path: a map key or a list index. */
export type PathSegment = string | number;
export type YamlPath = readonly PathSegment[];

/**
 * Stable, machine-readable codes. The first segment names the module that found the problem.
 * Tests assert on codes and paths, not on message text.
 */
export type DiagnosticCode = `${'rgd' | 'schema' | 'cel' | 'graph' | 'runtime' | 'kube' | 'cli'}/${string}`;

export type Severity = 'error' | 'warning';

/** Offsets (UTF-16, end exclusive) inside the scalar string found at `path`. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A resolved position in a source file, 1-based line and column. */
export interface SourceLocation {
  readonly file?: string;
  readonly line: number;
  readonly column: number;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** The message, worded like upstream kro's where upstream has one. */
  readonly message: string;
  /** Where in the document: e.g. ['spec', 'resources', 2, 'template', 'spec', 'replicas']. */
  readonly path: YamlPath;
  /** Where inside the scalar at `path` (e.g. the `${...}` of a string template). */
  readonly span?: Span;
  /** Filled in at the edge when the document came from a file. */
  readonly location?: SourceLocation;
  /** The CEL expression involved, as the user wrote it. */
  readonly expression?: string;
  readonly expected?: string;
  readonly found?: string;
  /** How to fix it. */
  readonly hint?: string;
}

export type Diagnostics = readonly [Diagnostic, ...Diagnostic[]];

/** The outcome of a core operation that may fail with one or more diagnostics. */
export type Result<T> =
  | { readonly ok: true; readonly value: T; readonly warnings?: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: Diagnostics };

export function ok<T>(value: T, warnings?: readonly Diagnostic[]): Result<T> {
  return warnings && warnings.length > 0 ? { ok: true, value, warnings } : { ok: true, value };
}

export function fail<T = never>(first: Diagnostic, ...rest: Diagnostic[]): Result<T> {
  return { ok: false, diagnostics: [first, ...rest] };
}

/** Builds an error diagnostic; `extra` carries the optional fields. */
export function diagnostic(
  code: DiagnosticCode,
  message: string,
  path: YamlPath = [],
  extra: Partial<Omit<Diagnostic, 'code' | 'message' | 'path'>> = {},
): Diagnostic {
  return { severity: 'error', ...extra, code, message, path };
}

/** Prefixes the paths of diagnostics found inside a sub-document (valibot's "parents add the location"). */
export function withPathPrefix(prefix: YamlPath, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => ({ ...d, path: [...prefix, ...d.path] }));
}

/** `spec.resources[2].template.metadata.labels["kro.run/x"]` */
export function formatYamlPath(path: YamlPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Thrown only at the edges, to carry diagnostics through code that cannot return a Result. */
export class DiagnosticsError extends Error {
  readonly diagnostics: Diagnostics;
  constructor(diagnostics: Diagnostics) {
    super(diagnostics.map((d) => d.message).join('; '));
    this.name = 'DiagnosticsError';
    this.diagnostics = diagnostics;
  }
}
