// The `${...}` scanner and the expression parser: upstream's cel_test.go cases with offsets (behaviors 8, 9),
// string templates compiled to one concatenation with spans mapped back (D3, behavior 10), standalone-only contexts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseScalar, parseStandaloneOnly, scalarSpan, scanExpressions } from '../../../src/graph/index.js';

const scanCases: { name: string; input: string; want?: [string, number, number][]; nested?: boolean }[] = [
  { name: 'simple', input: '${resource.field}', want: [['resource.field', 0, 17]] },
  { name: 'function', input: '${length(resource.list)}', want: [['length(resource.list)', 0, 24]] },
  { name: 'prefix', input: 'prefix-${resource.field}', want: [['resource.field', 7, 24]] },
  { name: 'suffix', input: '${resource.field}-suffix', want: [['resource.field', 0, 17]] },
  { name: 'two', input: '${resource1.field}-middle-${resource2.field}', want: [['resource1.field', 0, 18], ['resource2.field', 26, 44]] },
  { name: 'map index', input: "${resource.map['key']}", want: [["resource.map['key']", 0, 22]] },
  { name: 'plain string', input: 'plain string', want: [] },
  { name: 'empty', input: '', want: [] },
  { name: 'unterminated is literal text', input: '${incomplete', want: [] },
  { name: 'escaped double quote', input: '${resource.field == "escaped\\"quote"}', want: [['resource.field == "escaped\\"quote"', 0, 37]] },
  { name: 'newlines', input: '${resource.list.map(\n  x,\n  x * 2\n)}', want: [['resource.list.map(\n  x,\n  x * 2\n)', 0, 36]] },
  { name: 'nested without quotes', input: '${outer(${inner})} ${outer}', nested: true },
  { name: 'nested inside double quotes', input: '${outer("${inner}")}', want: [['outer("${inner}")', 0, 20]] },
  { name: 'closing braces inside a string', input: '${"text with }} inside"}', want: [['"text with }} inside"', 0, 24]] },
  { name: 'open brace inside a string', input: '${"text with { inside"}', want: [['"text with { inside"', 0, 23]] },
  { name: 'map literals', input: "${true ? {'key': 'value'} : {'key': 'value2'}}", want: [["true ? {'key': 'value'} : {'key': 'value2'}", 0, 46]] },
  { name: 'empty map in a ternary', input: '${condition ? value : {}}', want: [['condition ? value : {}', 0, 25]] },
  { name: 'escaping idiom', input: '${"${VAR}"}', want: [['"${VAR}"', 0, 11]] },
  { name: 'incomplete then complete', input: 'a ${b} ${c', want: [['b', 2, 6]] },
  // Behavior 8: single quotes do not protect braces, so the first `}` closes the expression.
  { name: 'single quotes protect nothing', input: "${'}'}", want: [["'", 0, 4]] },
];

describe('scanExpressions', () => {
  for (const c of scanCases) {
    test(c.name, () => {
      const r = scanExpressions(c.input);
      if (c.nested) {
        assert.equal(r.ok, false);
        return;
      }
      assert.ok(r.ok);
      assert.deepEqual(r.matches.map((m) => [m.inner, m.start, m.end]), c.want);
    });
  }
});

describe('parseScalar', () => {
  test('a plain string is a literal', () => {
    assert.deepEqual(parseScalar('nginx', ['x']), { kind: 'literal' });
  });

  test('a standalone expression compiles to its inner text', () => {
    const r = parseScalar('${schema.spec.replicas}', ['spec', 'replicas']);
    assert.equal(r.kind, 'expression');
    if (r.kind !== 'expression') return;
    assert.equal(r.expression.cel, 'schema.spec.replicas');
    assert.equal(r.expression.template, false);
    assert.deepEqual(r.expression.span, { start: 0, end: 23 });
  });

  test('a string template compiles to ONE concatenation', () => {
    const r = parseScalar('${a}-in-${b}', ['x']);
    assert.equal(r.kind, 'expression');
    if (r.kind !== 'expression') return;
    assert.equal(r.expression.cel, '(a) + "-in-" + (b)');
    assert.equal(r.expression.template, true);
    assert.equal(r.expression.display, '${a}-in-${b}');
  });

  test('literal parts are quoted, so quotes and backslashes in them are safe', () => {
    const r = parseScalar('say "hi" \\ ${x}', ['x']);
    assert.equal(r.kind === 'expression' && r.expression.cel, '"say \\"hi\\" \\\\ " + (x)');
  });

  test('a nested ${ is an error at its offset', () => {
    const r = parseScalar('${outer(${inner})}', ['x']);
    assert.equal(r.kind, 'error');
    if (r.kind !== 'error') return;
    assert.equal(r.diagnostic.code, 'graph/nested-expression');
    assert.equal(r.diagnostic.message, 'nested expressions are not allowed unless inside string literals');
    assert.deepEqual(r.diagnostic.span, { start: 8, end: 10 });
  });

  test('compiler spans in generated text map back into the user scalar', () => {
    const r = parseScalar('name-${schema.spec.nme}-x', ['x']);
    assert.equal(r.kind, 'expression');
    if (r.kind !== 'expression') return;
    const e = r.expression;
    const inCel = e.cel.indexOf('schema.spec.nme');
    assert.deepEqual(scalarSpan(e, { start: inCel + 12, end: inCel + 15 }), { start: 19, end: 22 });
    assert.equal('name-${schema.spec.nme}-x'.slice(19, 22), 'nme');
    // A span on generated glue (the quotes of a literal part) snaps to the literal, never to generated columns.
    const literal = e.cel.indexOf('"-x"');
    assert.deepEqual(scalarSpan(e, { start: literal, end: literal + 4 }), { start: 23, end: 25 });
  });
});

describe('parseStandaloneOnly (readyWhen, includeWhen, forEach, conditions)', () => {
  const cases: { input: string; ok: boolean }[] = [
    { input: '${a}', ok: true },
    { input: '${a} && ${b}', ok: false },
    { input: 'prefix-${a}', ok: false },
    { input: '${a}${b}', ok: false },
    { input: 'a == b', ok: false },
    { input: '${a}\n', ok: false },
  ];
  for (const c of cases) {
    test(JSON.stringify(c.input), () => {
      const r = parseStandaloneOnly(c.input, ['spec', 'resources', 0, 'readyWhen', 0]);
      if (c.ok) assert.ok('cel' in r);
      else {
        assert.ok(!('cel' in r));
        assert.equal(r.code, 'graph/standalone-only');
        assert.equal(r.message, 'only standalone expressions are allowed');
      }
    });
  }

  test('a trailing newline (a `|` block) gets a hint about `|-`', () => {
    const r = parseStandaloneOnly('${a}\n', ['x']);
    assert.ok(!('cel' in r) && r.hint?.includes('|-'));
  });
});
