// The pattern sampler behind `kro generate instance`: the shortest deterministic match, within length bounds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { samplePattern } from '../../../src/cli/sample/pattern-sample.js';

const cases: readonly { pattern: string; min?: number; max?: number; want?: string }[] = [
  { pattern: '^[a-z]+$', want: 'a' },
  { pattern: '^[A-Z]{3}-[0-9]{4}$', want: 'AAA-0000' },
  { pattern: '^(dev|staging|prod)$', want: 'dev' },
  { pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', want: 'a' },
  { pattern: '^\\d+\\.\\d+\\.\\d+$', want: '0.0.0' },
  { pattern: '^v?[0-9]+(\\.[0-9]+)*$', want: '0' },
  { pattern: '^[^@\\s]+@[^@\\s]+$', want: 'a@a' },
  { pattern: '^[a-z]+$', min: 5, want: 'aaaaa' },
  { pattern: '^(?:[a-z]{2})+$', min: 5, want: 'aaaaaa' },
  { pattern: '^[[:alpha:]]{2}$', want: 'aa' },
];

for (const c of cases) {
  test(`${c.pattern} (min ${c.min ?? 0})`, () => {
    const got = samplePattern(c.pattern, c.min, c.max);
    assert.equal(got, c.want);
    assert.match(got!, new RegExp(c.pattern.replace('[[:alpha:]]', '[A-Za-z]'), 'u'));
  });
}

test('unsupported syntax (lookahead) or impossible bounds give undefined, never a wrong value', () => {
  assert.equal(samplePattern('^(?=a)a$'), undefined);
  assert.equal(samplePattern('^[a-z]{5}$', 0, 3), undefined);
});
