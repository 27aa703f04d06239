// Kubernetes semver library (blang/semver): parsing errors, precedence, accessors.
// Expected values were produced by upstream itself: each expression was run through kro v0.9.4's Go CEL
// environment (cel-go v0.31.0, k8s.io/apiserver v0.36.3) and the rows agree with it except where a comment
// says why kro-ts differs.
import { test } from 'node:test';
import { assertRow } from './support.js';
import type { Row } from './support.js';

const rows: readonly Row[] = [
    ['semver("1.2.3").major()', '1'],
    ['semver("1.2.3-alpha.1+build").minor()', '2'],
    ['semver("1.2.3").patch()', '3'],
    ['semver("1.2.3").isGreaterThan(semver("1.2.2"))', 'true'],
    ['semver("1.2.3").isLessThan(semver("1.2.2"))', 'false'],
    ['semver("1.0.0-alpha").isLessThan(semver("1.0.0"))', 'true'],
    ['semver("1.0.0-alpha.1").compareTo(semver("1.0.0-alpha.beta"))', '-1'],
    ['semver("1.0.0-alpha.beta").compareTo(semver("1.0.0-beta"))', '-1'],
    ['semver("1.0.0-2").compareTo(semver("1.0.0-10"))', '-1'],
    ['semver("1.0.0-rc.1").compareTo(semver("1.0.0-rc.1.1"))', '-1'],
    ['semver("1.0.0").compareTo(semver("1.0.0"))', '0'],
    ['semver("2.0.0").compareTo(semver("10.0.0"))', '-1'],
    ['semver("1.0.0+a") == semver("1.0.0+b")', 'true'],
    ['semver("1.0.0") == semver("1.0.1")', 'false'],
    ['semver("v1.2.3")', '!Invalid character(s) found in major number "v1"'],
    ['semver("1.2.03")', '!Patch number must not contain leading zeroes "03"'],
    ['semver("01.2.3")', '!Major number must not contain leading zeroes "01"'],
    ['semver("1.02.3")', '!Minor number must not contain leading zeroes "02"'],
    ['semver("1.2")', '!No Major.Minor.Patch elements found'],
    ['semver("")', '!Version string empty'],
    ['semver("1.2.3-")', '!Prerelease is empty'],
    ['semver("1.2.3-01")', '!Numeric PreRelease version must not contain leading zeroes "01"'],
    ['semver("1.2.3-a_b")', '!Invalid character(s) found in prerelease "a_b"'],
    ['semver("1.2.3+")', '!Build meta data is empty'],
    ['semver("1.2.3+a..b")', '!Build meta data is empty'],
    ['semver("1.2.3+a_b")', '!Invalid character(s) found in build meta data "a_b"'],
    ['semver("1.x.3")', '!Invalid character(s) found in minor number "x"'],
    ['semver("1.2.x")', '!Invalid character(s) found in patch number "x"'],
    ['semver("..")', '!strconv.ParseUint: parsing "": invalid syntax'],
    ['semver("99999999999999999999.0.0")', '!strconv.ParseUint: parsing "99999999999999999999": value out of range'],
    ['semver("18446744073709551615.0.0").major()', '-1'],
    ['isSemver("1.2.3")', 'true'],
    ['isSemver("v1.2.3")', 'false'],
    ['isSemver("1.2.3-beta.1+exp.sha.5114f85")', 'true'],
];

for (const row of rows) test(row[0], () => assertRow(row));
