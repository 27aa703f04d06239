// Kubernetes regex library (find, findAll) with Go RE2 semantics translated to JavaScript.
// Expected values were produced by upstream itself: each expression was run through kro v0.9.4's Go CEL
// environment (cel-go v0.31.0, k8s.io/apiserver v0.36.3) and the rows agree with it except where a comment
// says why kro-ts differs.
import { test } from 'node:test';
import { assertRow } from './support.js';
import type { Row } from './support.js';

const rows: readonly Row[] = [
    ['"abc 123 def 456".find("[0-9]+")', '"123"'],
    ['"abc".find("[0-9]+")', '""'],
    ['"abc 123".find("xyz|[0-9]+")', '"123"'],
    ['"abc 123 def 456".findAll("[0-9]+")', '["123", "456"]'],
    ['"abc 123 def 456".findAll("[0-9]+", 1)', '["123"]'],
    ['"abc 123 def 456".findAll("[0-9]+", 0)', '[]'],
    ['"abc 123 def 456".findAll("[0-9]+", -1)', '["123", "456"]'],
    ['"baaab".findAll("a*")', '["", "aaa", ""]'],
    ['"abc".findAll("")', '["", "", "", ""]'],
    ['"héllo".findAll("")', '["", "", "", "", "", ""]'],
    ['"xyz".find("(?i)Y")', '"y"'],
    ['"a\\nb".find("(?s)a.b")', '"a\\nb"'],
    ['"a\\nb".find("a.b")', '""'],
    ['"a\\rb".find("a.b")', '"a\\rb"'],
    ['"x\\nline".find("(?m)^line$")', '"line"'],
    ['"a b".find("a\\\\sb")', '"a b"'],
    ['"a\\vb".find("a\\\\sb")', '""'],
    ['"AB12".find("[[:upper:]]+")', '"AB"'],
    ['"ab12".find("[[:^alpha:]]+")', '"12"'],
    ['"héllo wörld".findAll("\\\\pL+")', '["héllo", "wörld"]'],
    ['"Ωmega".find("\\\\p{Greek}")', '"Ω"'],
    ['"a{b".find("a{b")', '"a{b"'],
    ['"a{2}".find("a{2}")', '""'],
    ['"aa".find("a{2}")', '"aa"'],
    ['"a}b".find("a}b")', '"a}b"'],
    ['"a.b".find("a\\\\.b")', '"a.b"'],
    ['"x-y".find("x\\\\-y")', '"x-y"'],
    ['"abc".find("\\\\Qa.c\\\\E")', '""'],
    ['"a.c".find("\\\\Qa.c\\\\E")', '"a.c"'],
    ['"A".find("\\\\x41")', '"A"'],
    ['"A".find("\\\\x{41}")', '"A"'],
    ['"A".find("\\\\101")', '"A"'],
    ['"ab".find("\\\\Aab\\\\z")', '"ab"'],
    ['"word boundary".findAll("\\\\b\\\\w+\\\\b")', '["word", "boundary"]'],
    ['"name=x".find("(?P<key>\\\\w+)=")', '"name="'],
    ['"aaa".find("a+?")', '"a"'],
    ['"aaa".find("a*?")', '""'],
    ['"a(b".find("(")', '!!error parsing regexp: missing closing ): `(`'],
    ['"a)b".find(")")', '!!error parsing regexp: unexpected ): `)`'],
    ['"abc".find("a(?=b)")', '!!error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ['"abc".find("(?<=a)b")', '!!error parsing regexp: invalid named capture: `(?<=a)b`'],
    ['"aaa".find("(a)\\\\1")', '!!error parsing regexp: invalid escape sequence: `\\1`'],
    ['"abc".find("a**")', '!!error parsing regexp: invalid nested repetition operator: `**`'],
    ['"abc".find("*a")', '!!error parsing regexp: missing argument to repetition operator: `*`'],
    ['"abc".find("a{1001}")', '!!error parsing regexp: invalid repeat count: `{1001}`'],
    ['"abc".find("[a")', '!!error parsing regexp: missing closing ]: `[a`'],
    ['"abc".find("\\\\")', '!!error parsing regexp: trailing backslash at end of expression: ``'],
    ['"abc".find("\\\\i")', '!!error parsing regexp: invalid escape sequence: `\\i`'],
    ['"abc".find("(?U)a+")', '"a"'],
    // Go accepts these and a plain JavaScript RegExp does not (results checked with Go 1.26's regexp, which
    // the library calls); the errors are Go's texts, not JavaScript's.
    ['"abc".find("^*abc")', '"abc"'],
    ['"ab".findAll("$*")', '["", "", ""]'],
    ['"5-zy".findAll("[\\\\d-z]")', '["5", "-", "z"]'],
    ['"aBC abc".findAll("a(?i)bc")', '["aBC", "abc"]'],
    ['"abc".find("(?i")', '!!error parsing regexp: invalid or unsupported Perl syntax: `(?i`'],
    ['"abc".find("[z-a]")', '!!error parsing regexp: invalid character class range: `z-a`'],
    ['"abc".find("\\\\xZZ")', '!!error parsing regexp: invalid escape sequence: `\\xZZ`'],
    ['"abc".find("x+?*")', '!!error parsing regexp: invalid nested repetition operator: `+?*`'],
    // The standard library's global `matches(s, re)` (cel-js lacks it): Go regexp, errors when evaluated.
    // The receiver form `s.matches(re)` is a cel-js built-in fixed by the facade: test/unit/cel/matches.test.ts.
    ['matches("ABC", "(?i)^abc$")', 'true'],
    ['matches("abc", "^b")', 'false'],
    ['matches("x", "(")', '!error parsing regexp: missing closing ): `(`'],
];

for (const row of rows) test(row[0], () => assertRow(row));
