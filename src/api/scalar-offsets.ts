// Maps an offset inside a YAML scalar's *value* back to an offset in the *source text*, so a diagnostic about
// `${...}` number 2 of a string points at the right column even when the string was quoted, escaped, folded or
// written as a `|`/`>` block. The `yaml` library gives node ranges but no per-character mapping, so each scalar
// style is re-scanned here and the produced text is checked against the value the parser computed: when the two
// disagree (an explicit indentation indicator, exotic escapes, tabs in folds), the mapping falls back to the start
// of the scalar rather than pointing somewhere wrong.

export type ScalarStyle = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

export interface ScalarSource {
  readonly style: ScalarStyle;
  /** Start of the scalar in the source, including quotes or the block header. */
  readonly start: number;
  /** End of the scalar's value in the source (exclusive). */
  readonly end: number;
  /** The value the YAML parser produced. */
  readonly value: string;
}

/**
 * For every UTF-16 unit of `scalar.value`, the source offset it came from; one more entry maps the end of the
 * value. Undefined when the re-scan does not reproduce the parsed value.
 */
export function scalarOffsetTable(text: string, scalar: ScalarSource): readonly number[] | undefined {
  const produced: Produced = { chars: [], offsets: [] };
  switch (scalar.style) {
    case 'PLAIN':
      scanFlow(text, scalar.start, scalar.end, produced, 'plain');
      break;
    case 'QUOTE_SINGLE':
      scanFlow(text, scalar.start + 1, scalar.end - 1, produced, 'single');
      break;
    case 'QUOTE_DOUBLE':
      scanFlow(text, scalar.start + 1, scalar.end - 1, produced, 'double');
      break;
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      scanBlock(text, scalar.start, scalar.end, produced, scalar.style === 'BLOCK_FOLDED');
      break;
  }
  const value = scalar.value;
  const got = produced.chars.join('');
  // Block chomping only changes trailing line breaks; the re-scan keeps them all.
  if (got !== value && !(got.startsWith(value) && /^\n*$/.test(got.slice(value.length)))) return undefined;
  const table = produced.offsets.slice(0, value.length);
  table.push(value.length < produced.offsets.length ? produced.offsets[value.length]! : scalar.end);
  return table;
}

interface Produced {
  chars: string[];
  offsets: number[];
}

function emit(p: Produced, chars: string, offset: number): void {
  for (let i = 0; i < chars.length; i++) {
    p.chars.push(chars[i]!);
    p.offsets.push(offset);
  }
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/** Splits [start, end) into lines, remembering where each line starts in the source. */
function sourceLines(text: string, start: number, end: number): { from: number; to: number }[] {
  const lines: { from: number; to: number }[] = [];
  let from = start;
  for (let i = start; i < end; i++) {
    if (text[i] === '\n') {
      lines.push({ from, to: i > from && text[i - 1] === '\r' ? i - 1 : i });
      from = i + 1;
    }
  }
  lines.push({ from, to: end });
  return lines;
}

/** Plain and quoted (flow) scalars: line folding plus the escapes of the quoting style. */
function scanFlow(text: string, start: number, end: number, p: Produced, kind: 'plain' | 'single' | 'double'): void {
  const lines = sourceLines(text, start, end);
  let pendingBreak: number | undefined;
  let emptyLines = 0;
  for (let li = 0; li < lines.length; li++) {
    let { from, to } = lines[li]!;
    const first = li === 0;
    const last = li === lines.length - 1;
    if (!first) while (from < to && isBlank(text[from])) from++;
    if (!last) while (to > from && isBlank(text[to - 1]) && !(kind === 'double' && text[to - 2] === '\\')) to--;
    if (!first && from === to && !last) {
      emptyLines++;
      continue;
    }
    if (pendingBreak !== undefined) {
      if (emptyLines > 0) emit(p, '\n'.repeat(emptyLines), pendingBreak);
      else emit(p, ' ', pendingBreak);
    }
    emptyLines = 0;
    let escapedBreak = false;
    for (let i = from; i < to; ) {
      const c = text[i]!;
      if (kind === 'single' && c === "'" && text[i + 1] === "'") {
        emit(p, "'", i);
        i += 2;
      } else if (kind === 'double' && c === '\\') {
        if (i + 1 >= to) {
          escapedBreak = true;
          i++;
          continue;
        }
        const { value, length } = decodeEscape(text, i);
        emit(p, value, i);
        i += length;
      } else {
        emit(p, c, i);
        i++;
      }
    }
    pendingBreak = escapedBreak ? undefined : lines[li]!.to;
    if (escapedBreak) emptyLines = 0;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

function decodeEscape(text: string, at: number): { value: string; length: number } {
  const c = text[at + 1] ?? '';
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return { value: simple, length: 2 };
  const hexLength = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  if (hexLength > 0) {
    const code = Number.parseInt(text.slice(at + 2, at + 2 + hexLength), 16);
    if (Number.isFinite(code)) return { value: String.fromCodePoint(code), length: 2 + hexLength };
  }
  return { value: text.slice(at, at + 2), length: 2 };
}

/** `|` and `>` blocks: the header line, then content lines with their common indentation removed. */
function scanBlock(text: string, start: number, end: number, p: Produced, folded: boolean): void {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return;
  const lines = sourceLines(text, headerEnd + 1, end);
  if (lines.length > 0 && lines[lines.length - 1]!.from === end) lines.pop();
  let indent = -1;
  for (const line of lines) {
    let n = 0;
    while (line.from + n < line.to && text[line.from + n] === ' ') n++;
    if (line.from + n < line.to) {
      indent = n;
      break;
    }
  }
  if (indent < 0) return;
  let previous: 'none' | 'normal' | 'more' = 'none';
  let pendingBreak: number | undefined;
  let emptyRun: number[] = [];
  for (const line of lines) {
    const contentFrom = Math.min(line.from + indent, line.to);
    const empty = contentFrom >= line.to;
    if (empty) {
      emptyRun.push(line.to);
      continue;
    }
    const kind = isBlank(text[contentFrom]) ? 'more' : 'normal';
    if (pendingBreak !== undefined) {
      if (!folded || previous === 'more' || kind === 'more') {
        emit(p, '\n', pendingBreak);
        for (const at of emptyRun) emit(p, '\n', at);
      } else if (emptyRun.length > 0) {
        for (const at of emptyRun) emit(p, '\n', at);
      } else {
        emit(p, ' ', pendingBreak);
      }
    } else {
      for (const at of emptyRun) emit(p, '\n', at);
    }
    emptyRun = [];
    for (let i = contentFrom; i < line.to; i++) emit(p, text[i]!, i);
    pendingBreak = line.to;
    previous = kind;
  }
  if (pendingBreak !== undefined) emit(p, '\n', pendingBreak);
  for (const at of emptyRun) emit(p, '\n', at);
}
