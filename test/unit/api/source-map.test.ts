// Source maps: YAML paths (incl. nested lists) and spans inside scalars of every style -> file:line:col.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseYamlDocuments, scalarOffsetTable, type YamlPath } from '../../../src/api/index.js';

const text = `apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: web
spec:
  schema:
    kind: Web
    spec:
      image: "string | default=\\"nginx\\""
  resources:
    - id: deployment
      template:
        spec:
          replicas: \${schema.spec.replicas}
          containers:
            - name: app
              args: ["a", "\${schema.spec.x}"]
    - id: service
      template:
        metadata:
          name: '\${schema.metadata.name}-svc'
        data:
          script: |-
            echo start
              run \${schema.spec.cmd}
          folded: >-
            first line
            second \${schema.spec.y}
          plain: multi
            line \${schema.spec.z}
`;

const { documents, diagnostics } = parseYamlDocuments(text, 'rgd.yaml');
const map = documents[0]!.sourceMap;

test('the document parses', () => {
  assert.deepEqual(diagnostics, []);
  assert.equal(documents.length, 1);
});

const rows: { name: string; path: YamlPath; span?: [number, number]; line: number; column: number }[] = [
  { name: 'root value', path: [], line: 1, column: 1 },
  { name: 'top-level scalar', path: ['kind'], line: 2, column: 7 },
  { name: 'nested map value', path: ['spec', 'schema', 'kind'], line: 7, column: 11 },
  { name: 'list item', path: ['spec', 'resources', 1], line: 18, column: 7 },
  { name: 'scalar inside a list item', path: ['spec', 'resources', 0, 'template', 'spec', 'replicas'], line: 14, column: 21 },
  { name: 'list in a list', path: ['spec', 'resources', 0, 'template', 'spec', 'containers', 0, 'name'], line: 16, column: 21 },
  { name: 'flow sequence item (at its opening quote)', path: ['spec', 'resources', 0, 'template', 'spec', 'containers', 0, 'args', 1], line: 17, column: 27 },
  { name: 'span in a flow sequence item', path: ['spec', 'resources', 0, 'template', 'spec', 'containers', 0, 'args', 1], span: [2, 8], line: 17, column: 30 },
  { name: 'span in a plain scalar', path: ['spec', 'resources', 0, 'template', 'spec', 'replicas'], span: [2, 8], line: 14, column: 23 },
  { name: 'span in a single-quoted scalar', path: ['spec', 'resources', 1, 'template', 'metadata', 'name'], span: [2, 8], line: 21, column: 20 },
  { name: 'span after escapes in a double-quoted scalar', path: ['spec', 'schema', 'spec', 'image'], span: [18, 23], line: 9, column: 34 },
  { name: 'span on the second line of a |- block', path: ['spec', 'resources', 1, 'template', 'data', 'script'], span: [19, 25], line: 25, column: 21 },
  { name: 'span on the second line of a >- block', path: ['spec', 'resources', 1, 'template', 'data', 'folded'], span: [20, 26], line: 28, column: 22 },
  { name: 'span on the second line of a multi-line plain scalar', path: ['spec', 'resources', 1, 'template', 'data', 'plain'], span: [13, 19], line: 30, column: 20 },
];

for (const row of rows) {
  test(`locate: ${row.name}`, () => {
    const loc = map.locate(row.path, row.span ? { start: row.span[0], end: row.span[1] } : undefined);
    assert.ok(loc);
    assert.deepEqual([loc.file, loc.line, loc.column, loc.exact], ['rgd.yaml', row.line, row.column, true]);
  });
}

test('spans point at the text they name', () => {
  const lines = text.split('\n');
  const at = (line: number, column: number, length: number) => lines[line - 1]!.slice(column - 1, column - 1 + length);
  assert.equal(at(25, 21, 6), 'schema', 'block literal');
  assert.equal(at(30, 20, 6), 'schema', 'multi-line plain');
  assert.equal(at(17, 30, 6), 'schema', 'flow sequence item');
  assert.equal(at(28, 22, 6), 'schema', 'block folded');
  assert.equal(at(9, 34, 5), 'nginx', 'double quoted after \\"');
});

test('a missing path maps to its deepest existing ancestor, marked inexact', () => {
  const loc = map.locate(['spec', 'resources', 0, 'template', 'spec', 'missing', 'deeper']);
  assert.deepEqual([loc?.line, loc?.column, loc?.exact], [14, 11, false]);
  const beyond = map.locate(['spec', 'resources', 7]);
  assert.deepEqual([beyond?.line, beyond?.exact], [11, false]);
});

test('locateKey points at the key of a map entry', () => {
  const loc = map.locateKey(['spec', 'resources', 0, 'template']);
  assert.deepEqual([loc?.line, loc?.column], [12, 7]);
});

test('range gives the source range of a value', () => {
  const r = map.range(['kind']);
  assert.ok(r);
  assert.equal(text.slice(r.start, r.end), 'ResourceGraphDefinition');
});

test('multi-document files: each document has its own map over the shared text', () => {
  const multi = parseYamlDocuments('a: 1\n---\n# comment\nb:\n  - x\n  - z\n---\n', 'm.yaml');
  assert.equal(multi.documents.length, 2);
  assert.deepEqual(multi.documents[1]!.value, { b: ['x', 'z'] });
  const loc = multi.documents[1]!.sourceMap.locate(['b', 1]);
  assert.deepEqual([loc?.line, loc?.column], [6, 5]);
});

test('columns count UTF-16 units; lines after CRLF files still resolve', () => {
  const r = parseYamlDocuments('k: "é ${x}"\r\nm: 2\r\n');
  const loc = r.documents[0]!.sourceMap.locate(['k'], { start: 2, end: 6 });
  assert.deepEqual([loc?.line, loc?.column], [1, 7]);
  assert.deepEqual(r.documents[0]!.sourceMap.locate(['m'])?.line, 2);
});

const scalarRows: { name: string; source: string; style: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED'; value: string; index: number; offset: number }[] = [
  { name: 'plain', source: 'abc ${x}', style: 'PLAIN', value: 'abc ${x}', index: 4, offset: 4 },
  { name: 'double quoted with \\n and \\u escapes', source: '"a\\nb\\u0041c"', style: 'QUOTE_DOUBLE', value: 'a\nbAc', index: 4, offset: 11 },
  { name: "single quoted with ''", source: "'it''s x'", style: 'QUOTE_SINGLE', value: "it's x", index: 5, offset: 7 },
  { name: 'literal block', source: '|\n  ab\n  cd\n', style: 'BLOCK_LITERAL', value: 'ab\ncd\n', index: 3, offset: 9 },
  { name: 'folded block with a blank line', source: '>\n  ab\n\n  cd\n', style: 'BLOCK_FOLDED', value: 'ab\ncd\n', index: 3, offset: 10 },
  { name: 'folded multi-line double quoted', source: '"ab\n   cd"', style: 'QUOTE_DOUBLE', value: 'ab cd', index: 3, offset: 7 },
];

for (const row of scalarRows) {
  test(`scalar offsets: ${row.name}`, () => {
    const table = scalarOffsetTable(row.source, { style: row.style, start: 0, end: row.source.length, value: row.value });
    assert.ok(table, 're-scan reproduces the value');
    assert.equal(table[row.index], row.offset);
    assert.equal(table.length, row.value.length + 1);
  });
}

test('scalar offsets: a value the re-scan cannot reproduce gives no table (caller falls back)', () => {
  assert.equal(scalarOffsetTable('abc', { style: 'PLAIN', start: 0, end: 3, value: 'xyz' }), undefined);
});
