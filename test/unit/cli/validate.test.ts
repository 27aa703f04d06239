// `kro validate rgd` as a user runs it: exit codes, the success line, and errors located at file:line:col with
// the YAML path, the source line and a caret under the expression.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kro, readFixture, shown } from './helpers.js';

const SUCCESS = 'Validation successful! The ResourceGraphDefinition is valid.\n';

describe('kro validate rgd', () => {
  test('a valid RGD prints upstream\'s success line and exits 0', async () => {
    const r = await kro(['validate', 'rgd', '-f', 'app.yaml']);
    assert.equal(r.code, 0, shown(r));
    assert.equal(r.stdout, SUCCESS);
    assert.equal(r.stderr, '');
  });

  test('broken YAML: the syntax error with its line and column, exit 1', async () => {
    const r = await kro(['validate', 'rgd', '-f', 'broken.yaml']);
    assert.equal(r.code, 1, shown(r));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^broken\.yaml:17:17: error: YAML syntax error: .*\[rgd\/yaml-syntax\]$/m);
    assert.match(r.stderr, /^ {2}17 \| {11}name: broken: really$/m);
    assert.match(r.stderr, /^error: validation failed: 1 error$/m);
  });

  test('a type error points at the expression with a caret, the expected and found types', async () => {
    const r = await kro(['validate', 'rgd', '-f', 'type-error.yaml']);
    assert.equal(r.code, 1, shown(r));
    const lines = r.stderr.split('\n');
    const head = lines.findIndex((l) => l.startsWith('type-error.yaml:19:21: error:'));
    assert.ok(head >= 0, shown(r));
    assert.match(lines[head]!, /\[graph\/type-mismatch\]$/);
    assert.equal(lines[head + 1], '  path: spec.resources[0].template.spec.replicas');
    assert.equal(lines[head + 2], '  19 |           replicas: ${schema.spec.name + "x"}');
    // The caret starts under `${` (column 21) and spans the whole expression.
    assert.equal(lines[head + 3], `     | ${' '.repeat(20)}${'^'.repeat('${schema.spec.name + "x"}'.length)}`);
    assert.equal(lines[head + 4], '  expression: ${schema.spec.name + "x"}');
    assert.equal(lines[head + 5], '  expected: int');
    assert.equal(lines[head + 6], '  found: string');
    assert.match(lines[head + 7]!, /^ {2}hint: /);
  });

  test('every error is reported, not only the first', async () => {
    const r = await kro(['validate', 'rgd', '-f', 'type-error.yaml']);
    assert.match(r.stderr, /^type-error\.yaml:22:34: error: .*undefined field 'nam'/m);
    // The caret is under `nam` only.
    assert.match(r.stderr, /^ {2}22 \| {15}app: \$\{schema\.spec\.nam\}\n {5}\| {34}\^\^\^$/m);
    assert.match(r.stderr, /^error: validation failed: 2 errors$/m);
  });

  test('a dependency cycle names the resources in the cycle', async () => {
    const r = await kro(['validate', 'rgd', '-f', 'cycle.yaml']);
    assert.equal(r.code, 1, shown(r));
    assert.match(r.stderr, /^cycle\.yaml:12:7: error: .*graph contains a cycle: left -> right -> left \[graph\/cycle\]$/m);
    assert.match(r.stderr, /^ {2}found: left -> right -> left$/m);
  });

  test('an unknown kind fails with a hint; --lenient types it as dyn with a warning', async () => {
    const strict = await kro(['validate', 'rgd', '-f', 'unknown-kind.yaml']);
    assert.equal(strict.code, 1, shown(strict));
    assert.match(strict.stderr, /^unknown-kind\.yaml:15:15: error: .*widgets\.example\.com\/v1, Kind=Widget.*\[graph\/unknown-kind\]$/m);
    assert.match(strict.stderr, /hint: .*--crds/);

    const lenient = await kro(['validate', 'rgd', '-f', 'unknown-kind.yaml', '--lenient']);
    assert.equal(lenient.code, 0, shown(lenient));
    assert.equal(lenient.stdout, SUCCESS);
    assert.match(lenient.stderr, /^unknown-kind\.yaml:15:15: warning: .*typed as dyn.*\[graph\/unknown-kind\]$/m);
  });

  test('--crds supplies the kind from a CRD file', async () => {
    const r = await kro(['validate', 'rgd', '-f', 'unknown-kind.yaml', '--crds', 'widget-crd.yaml']);
    assert.equal(r.code, 0, shown(r));
    assert.equal(r.stdout, SUCCESS);
  });

  test('a CRD among the input documents is used as a schema; other kinds are ignored with a note', async () => {
    const r = await kro(['validate', 'rgd', '-f', 'bundle/widgets-with-crd.yaml']);
    assert.equal(r.code, 0, shown(r));
    assert.equal(r.stdout, SUCCESS);
    assert.match(r.stderr, /^bundle\/widgets-with-crd\.yaml:\d+:1: note: ignored Namespace widgets: not a ResourceGraphDefinition or CustomResourceDefinition$/m);
  });

  test('a folder is searched recursively and its RGDs may use each other\'s kinds', async () => {
    const r = await kro(['validate', 'rgd', '-f', 'nested']);
    assert.equal(r.code, 0, shown(r));
    assert.equal(r.stdout, `valid: inner.example.com (nested/inner.yaml)\nvalid: outer.example.com (nested/outer.yml)\n${SUCCESS}`);
    const alone = await kro(['validate', 'rgd', '-f', 'nested/outer.yml']);
    assert.equal(alone.code, 1, shown(alone));
    assert.match(alone.stderr, /Kind=Inner/);
  });

  test('several -f flags are validated together and failures counted', async () => {
    const r = await kro(['validate', 'rgd', '-f', 'app.yaml', '-f', 'cycle.yaml']);
    assert.equal(r.code, 1, shown(r));
    assert.match(r.stderr, /^error: validation failed: 1 error \(1 of 2 ResourceGraphDefinitions invalid\)$/m);
  });

  test('stdin with -f -: errors are located in <stdin>', async () => {
    const ok = await kro(['validate', 'rgd', '-f', '-'], { stdin: readFixture('app.yaml') });
    assert.equal(ok.code, 0, shown(ok));
    assert.equal(ok.stdout, SUCCESS);
    const bad = await kro(['validate', 'rgd', '-f', '-'], { stdin: readFixture('cycle.yaml') });
    assert.equal(bad.code, 1, shown(bad));
    assert.match(bad.stderr, /^<stdin>:12:7: error: /m);
    assert.match(bad.stderr, /^ {2}12 \| {5}- id: left$/m);
  });

  test('-o json reports diagnostics as data with codes and locations', async () => {
    const r = await kro(['validate', 'rgd', '-f', 'type-error.yaml', '-o', 'json']);
    assert.equal(r.code, 1, shown(r));
    const report = JSON.parse(r.stdout) as { valid: boolean; diagnostics: { code: string; location: { line: number; column: number }; yamlPath: string }[] };
    assert.equal(report.valid, false);
    assert.deepEqual(
      report.diagnostics.map((d) => [d.code, d.location.line, d.location.column, d.yamlPath]),
      [
        ['graph/type-mismatch', 19, 21, 'spec.resources[0].template.spec.replicas'],
        ['graph/cel-error', 22, 34, 'spec.resources[0].template.spec.selector.matchLabels.app'],
      ],
    );
  });

  test('--color colors the output; without it a pipe gets plain text', async () => {
    const colored = await kro(['validate', 'rgd', '-f', 'cycle.yaml', '--color']);
    assert.ok(colored.stderr.includes('\u001b[31m'), shown(colored));
    const plain = await kro(['validate', 'rgd', '-f', 'cycle.yaml']);
    assert.ok(!plain.stderr.includes('\u001b['), shown(plain));
  });

  test('a missing file is a usage error (exit 2) with one line and no stack trace', async () => {
    const r = await kro(['validate', 'rgd', '-f', 'does-not-exist.yaml']);
    assert.equal(r.code, 2, shown(r));
    assert.equal(r.stderr, 'error: cannot read does-not-exist.yaml: no such file or directory\n');
  });

  test('usage errors exit 2: no -f, an unknown flag, --context without --cluster', async () => {
    const none = await kro(['validate', 'rgd']);
    assert.equal(none.code, 2, shown(none));
    assert.match(none.stderr, /no input: pass one or more files with -f/);
    const flag = await kro(['validate', 'rgd', '-f', 'app.yaml', '--bogus']);
    assert.equal(flag.code, 2, shown(flag));
    assert.match(flag.stderr, /unknown option '--bogus'/);
    const context = await kro(['validate', 'rgd', '-f', 'app.yaml', '--context', 'x']);
    assert.equal(context.code, 2, shown(context));
    assert.match(context.stderr, /only with --cluster/);
  });

  test('an input without RGDs is an error', async () => {
    const r = await kro(['validate', 'rgd', '-f', 'app-instance.yaml']);
    assert.equal(r.code, 1, shown(r));
    assert.match(r.stderr, /note: ignored App shop/);
    assert.match(r.stderr, /^error: no ResourceGraphDefinition found in app-instance\.yaml$/m);
  });

  test('--cluster with an unreachable server fails with one clear line', async () => {
    const r = await kro(['validate', 'rgd', '-f', 'app.yaml', '--cluster', '--kubeconfig', 'no-such-kubeconfig']);
    assert.equal(r.code, 1, shown(r));
    assert.match(r.stderr, /^error: cannot load the kubeconfig: /m);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
