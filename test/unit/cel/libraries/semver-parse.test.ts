// blang/semver as a pure module: precedence per semver 2.0.0 §11 and the tolerant "normalize" parse
// (Kubernetes' semver library version 1, kept ready though kro registers version 0).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareSemver, parseSemver, parseSemverNormalized, semverString } from '../../../../src/cel/libraries/semver.js';

test('precedence chain from the semver specification', () => {
  const chain = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.1.0', '2.0.0'];
  for (let i = 1; i < chain.length; i++) {
    const a = parseSemver(chain[i - 1]!);
    const b = parseSemver(chain[i]!);
    assert.equal(compareSemver(a, b), -1, `${chain[i - 1]} < ${chain[i]}`);
    assert.equal(compareSemver(b, a), 1);
  }
  assert.equal(compareSemver(parseSemver('1.0.0+a'), parseSemver('1.0.0+b')), 0);
});

test('round trip to text', () => {
  for (const v of ['1.2.3', '1.2.3-alpha.1+build.5', '0.0.0-0', '18446744073709551615.0.0']) assert.equal(semverString(parseSemver(v)), v);
});

test('normalized parsing', () => {
  assert.equal(semverString(parseSemverNormalized('v1.2.3')), '1.2.3');
  assert.equal(semverString(parseSemverNormalized('01.02.03')), '1.2.3');
  assert.equal(semverString(parseSemverNormalized('1.2')), '1.2.0');
  assert.equal(semverString(parseSemverNormalized('v1')), '1.0.0');
  assert.throws(() => parseSemverNormalized('1.2-beta'), { message: 'short version cannot contain PreRelease/Build meta data' });
});
