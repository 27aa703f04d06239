// `kro dev` and `kro demo` as a user runs them, for what needs no cluster: help with examples, and input errors that
// stop before anything starts (the cluster paths are in test/integration/cli/dev.test.ts and demo.test.ts).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { kro, shown } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kro-dev-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('kro dev and kro demo without a cluster', () => {
  test('kro dev --help explains the flags and shows examples', async () => {
    const r = await kro(['dev', '--help']);
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /^Usage: kro dev/m);
    for (const flag of ['--file', '--keep-data', '--no-controller']) assert.match(r.stdout, new RegExp(flag));
    assert.match(r.stdout, /^Examples:\n {2}kro dev/m);
    assert.match(r.stdout, /^Exit codes: 0 stopped with Ctrl-C/m);
  });

  test('kro demo --help shows --stay and examples', async () => {
    const r = await kro(['demo', '--help']);
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /^Usage: kro demo/m);
    assert.match(r.stdout, /--stay/);
    assert.match(r.stdout, /^Examples:\n {2}npm ci && npm run demo/m);
  });

  test('the command list names dev and demo', async () => {
    const r = await kro(['--help']);
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /^ {2}dev\b/m);
    assert.match(r.stdout, /^ {2}demo\b/m);
  });

  test('broken input files are reported at file:line:col and nothing is started', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\nkind: Secret\nmetadata:\n  name: s\n');
    const r = await kro(['dev', '-f', file]);
    assert.equal(r.code, 1, shown(r));
    assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:6:1: error: the object has no apiVersion`));
    assert.match(r.stderr, /nothing started: 1 error in the input files/);
    assert.doesNotMatch(r.stdout, /starting etcd/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  test('a missing file is a usage error', async () => {
    const r = await kro(['dev', '-f', join(dir, 'nope.yaml')]);
    assert.equal(r.code, 2, shown(r));
    assert.match(r.stderr, /cannot read .*nope\.yaml: no such file or directory/);
  });
});
