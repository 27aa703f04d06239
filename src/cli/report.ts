// Writes what a build found to stderr: notes about skipped documents, then every error and warning with its source
// excerpt. stdout stays clean for the command's real output (YAML, JSON, the success line), so it can be piped.
import type { Diagnostic } from '../api/index.js';
import type { InputNote } from './input/documents.js';
import { colorEnabled, createStyle, type Style } from './output/color.js';
import { formatDiagnostics, formatNote } from './output/diagnostics.js';

export interface Reporter {
  readonly style: Style;
  notes(notes: readonly InputNote[]): void;
  diagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): void;
  line(text: string): void;
}

export function createReporter(colorFlag: boolean | undefined, stream: NodeJS.WriteStream = process.stderr): Reporter {
  const style = createStyle(colorEnabled(colorFlag, stream));
  return {
    style,
    notes(notes) {
      for (const n of notes) stream.write(formatNote(n.message, style, n.location));
    },
    diagnostics(diagnostics, sources) {
      if (diagnostics.length > 0) stream.write(`${formatDiagnostics(diagnostics, { sources, style })}\n`);
    },
    line(text) {
      stream.write(`${text}\n`);
    },
  };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
