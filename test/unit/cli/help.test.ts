// Every command has --help with examples and the exit codes; nothing prints a stack trace.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kro, shown } from './helpers.js';

const COMMANDS = [
  ['validate'],
  ['validate', 'rgd'],
  ['generate'],
  ['generate', 'crd'],
  ['generate', 'instance'],
  ['generate', 'diagram'],
  ['render'],
];

describe('kro --help', () => {
  for (const command of COMMANDS) {
    test(`kro ${command.join(' ')} --help shows examples and exit codes`, async () => {
      const r = await kro([...command, '--help']);
      assert.equal(r.code, 0, shown(r));
      assert.match(r.stdout, new RegExp(`^Usage: kro ${command.join(' ')}`, 'm'));
      assert.match(r.stdout, /^Examples:\n {2}kro /m);
      assert.match(r.stdout, /^Exit codes: 0 success, 1 invalid input/m);
    });
  }

  test('the top-level help lists the commands', async () => {
    const r = await kro(['--help']);
    assert.equal(r.code, 0, shown(r));
    for (const name of ['validate', 'generate', 'render', 'version']) assert.match(r.stdout, new RegExp(`^ {2}${name}\\b`, 'm'));
  });

  test('an unknown command is a usage error without a stack trace', async () => {
    const r = await kro(['frobnicate']);
    assert.equal(r.code, 2, shown(r));
    assert.match(r.stderr, /unknown command 'frobnicate'/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  test('a command group without a subcommand prints its help and exits 2', async () => {
    const r = await kro(['generate']);
    assert.equal(r.code, 2, shown(r));
    assert.match(r.stderr, /Usage: kro generate/);
  });
});
