// Source maps for YAML documents: turn a YAML path (['spec','resources',2,'template','spec','replicas']) plus an
// optional span inside a scalar into file:line:col. Every diagnostic of the graph builder and the CLI goes
// through here, so lookups are cheap: line starts are computed once per file (binary search per lookup), map
// entries are indexed lazily per map node, and per-scalar offset tables are built only when a span is asked for.
//
// Limits: columns count UTF-16 code units (what JavaScript strings and most editors' LSP positions use); a span
// inside a scalar whose value the re-scan cannot reproduce (see scalar-offsets.ts) maps to the scalar's start;
// a path that does not exist in the document maps to its deepest existing ancestor (`exact: false`).

import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SourceLocation, Span, YamlPath } from './diagnostics.js';
import { scalarOffsetTable } from './scalar-offsets.js';

/** Line starts of one source text; shared by all documents of a multi-document file. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  /** 1-based line and column of a source offset. */
  position(offset: number): { line: number; column: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - this.starts[lo]! + 1 };
  }
}

export interface ResolvedLocation extends SourceLocation {
  /** Source offset (UTF-16) of the location. */
  readonly offset: number;
  /** False when the path (or span) could not be followed to the end and an ancestor was used. */
  readonly exact: boolean;
}

export interface SourceMap {
  readonly file?: string;
  /** Where the value at `path` (and, for a scalar, the `span` inside its value) starts. */
  locate(path: YamlPath, span?: Span): ResolvedLocation | undefined;
  /** Where the key of the map entry at `path` starts (for "unknown field" style errors). */
  locateKey(path: YamlPath): ResolvedLocation | undefined;
  /** The source range [start, end) of the value at `path`, when it exists. */
  range(path: YamlPath): { start: number; end: number } | undefined;
}

const MAP_INDEX_THRESHOLD = 8;

export function createSourceMap(doc: Document, lines: LineIndex, file?: string): SourceMap {
  const mapIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  const scalarTables = new WeakMap<Node, readonly number[] | null>();

  function findPair(map: YAMLMap, key: string | number): Pair | undefined {
    const wanted = String(key);
    if (map.items.length > MAP_INDEX_THRESHOLD) {
      let index = mapIndexes.get(map);
      if (!index) {
        index = new Map();
        for (const pair of map.items) {
          const k = keyText(pair);
          if (k !== undefined && !index.has(k)) index.set(k, pair);
        }
        mapIndexes.set(map, index);
      }
      return index.get(wanted);
    }
    return map.items.find((pair) => keyText(pair) === wanted);
  }

  /** Follows `path` as far as it goes; returns the last node reached and how many segments were used. */
  function walk(path: YamlPath): { node: Node | undefined; pair: Pair | undefined; depth: number } {
    let node: Node | undefined = (doc.contents ?? undefined);
    let pair: Pair | undefined;
    let depth = 0;
    for (const seg of path) {
      if (node && isMap(node)) {
        const found = findPair(node, seg);
        if (!found) break;
        pair = found;
        const value = found.value as Node | null;
        if (!value) {
          depth++;
          node = undefined;
          break;
        }
        node = value;
      } else if (node && isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as Node | undefined;
        if (!item) break;
        pair = undefined;
        node = item;
      } else {
        break;
      }
      depth++;
    }
    return { node, pair, depth };
  }

  function at(offset: number, exact: boolean): ResolvedLocation {
    const { line, column } = lines.position(offset);
    return file === undefined ? { line, column, offset, exact } : { file, line, column, offset, exact };
  }

  function spanOffset(node: Node, span: Span): number | undefined {
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
    let table = scalarTables.get(node);
    if (table === undefined) {
      table =
        scalarOffsetTable(lines.text, {
          style: (node.type ?? 'PLAIN'),
          start: node.range[0],
          end: node.range[1],
          value: node.value,
        }) ?? null;
      scalarTables.set(node, table);
    }
    if (!table) return undefined;
    return table[Math.max(0, Math.min(span.start, table.length - 1))];
  }

  return {
    file,
    locate(path, span) {
      const { node, pair, depth } = walk(path);
      const complete = depth === path.length;
      if (node?.range) {
        if (complete && span) {
          const offset = spanOffset(node, span);
          return offset === undefined ? at(node.range[0], false) : at(offset, true);
        }
        return at(node.range[0], complete);
      }
      // A key with an empty value (`key:`): point at the key.
      const key = pair?.key as Node | undefined;
      if (key?.range) return at(key.range[0], complete && !span);
      const root = doc.contents;
      return root?.range ? at(root.range[0], false) : undefined;
    },
    locateKey(path) {
      if (path.length === 0) return this.locate(path);
      const { pair, depth } = walk(path);
      const key = pair?.key as Node | undefined;
      if (depth === path.length && key?.range) return at(key.range[0], true);
      return this.locate(path);
    },
    range(path) {
      const { node, depth } = walk(path);
      if (depth !== path.length || !node?.range) return undefined;
      return { start: node.range[0], end: node.range[1] };
    },
  };
}

function keyText(pair: unknown): string | undefined {
  if (!isPair(pair)) return undefined;
  const key = pair.key;
  if (isScalar(key)) {
    const v = key.value;
    if (v === null) return 'null';
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  }
  return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
}
