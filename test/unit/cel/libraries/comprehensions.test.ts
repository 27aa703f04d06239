// Two-variable comprehensions (cel-go ext.TwoVarComprehensions): all/exists/existsOne, transformList, transformMap, transformMapEntry over lists (index, value) and maps (key, value).
// Expected values were produced by upstream itself: each expression was run through kro v0.9.4's Go CEL
// environment (cel-go v0.31.0, k8s.io/apiserver v0.36.3) and the rows agree with it except where a comment
// says why kro-ts differs.
import { test } from 'node:test';
import { assertRow } from './support.js';
import type { Row } from './support.js';

const rows: readonly Row[] = [
    ['[1, 2, 3].all(i, v, i > -1 && v > 0)', 'true'],
    ['[1, 2, 3].all(i, v, v < 3)', 'false'],
    ['{"a": 1, "b": 2}.all(k, v, k.size() == 1 && v > 0)', 'true'],
    ['{"a": 1, "b": 2}.exists(k, v, k == "b" && v == 2)', 'true'],
    ['{"a": 1, "b": 2}.exists(k, v, v > 5)', 'false'],
    ['[1, 2, 3].existsOne(i, v, v == 2)', 'true'],
    ['[1, 2, 2].existsOne(i, v, v == 2)', 'false'],
    ['[1, 2, 3].exists_one(i, v, v > 2)', 'true'],
    ['[].all(i, v, false)', 'true'],
    ['[].exists(i, v, true)', 'false'],
    ['[1, 0].all(i, v, 1 / v > 0)', '!division by zero'],
    ['[0, 1].exists(i, v, 1 / v > 0)', 'true'],
    ['[0].exists(i, v, 1 / v > 0)', '!division by zero'],
    ['[0, 1].all(i, v, 1 / v > 0)', '!division by zero'],
    ['[0, 2].existsOne(i, v, 2 / v == 1)', '!division by zero'],
    ['[2, 4, 6].transformList(i, v, v / 2 + i)', '[1, 3, 5]'],
    ['[2, 4, 6].transformList(i, v, i != 1, v * 10)', '[20, 60]'],
    ['["a", "b"].transformList(i, v, string(i) + v)', '["0a", "1b"]'],
    ['{"foo": "bar"}.transformList(k, v, k + "=" + v)', '["foo=bar"]'],
    ['{"foo": "bar"}.transformMap(k, v, k + v)', '{"foo": "foobar"}'],
    ['{"a": 1, "b": 2}.transformMap(k, v, v > 1, v * 100)', '{"b": 200}'],
    ['[10, 20].transformMap(i, v, v + i)', '{0: 10, 1: 21}'],
    ['{"a": 1, "b": 2}.transformMapEntry(k, v, {k + "x": v * 2})', '{"ax": 2, "bx": 4}'],
    ['{"a": 1, "b": 2}.transformMapEntry(k, v, v > 1, {k: v})', '{"b": 2}'],
    ['{"a": 1, "b": 1}.transformMapEntry(k, v, {"same": v})', '!insert failed: key same already exists'],
    ['[1, 2].transformMapEntry(i, v, {string(v): i})', '{"1": 0, "2": 1}'],
    ['[1, 2].all(x, x, true)', '!!duplicate variable name: x'],
    ['[1, 2].all(x.y, v, true)', '!!argument must be a simple name'],
    ['[1, 2].transformList(__result__, v, v)', '!!iteration variable overwrites accumulator variable'],
    ['[1, 2].all(i, v, v)', '!!expected type \'bool\' but found \'int\''],
    ['[1, 2].transformList(i, v, i == 0, v)', '[1]'],
    ['1.all(i, v, true)', '!!expression of type \'int\' cannot be range of a comprehension (must be list, map, or dynamic)'],
    ['[1, 2].transformMapEntry(i, v, v)', '!!transformMapEntry(i, v, ...) transform must return a map, got \'int\''], // kro-ts names the problem; cel-go reports its internal cel.@mapInsert overload
    ['[1, 2].all(i, v, i + "a" == "b")', '!!no such overload: int + string'],
];

for (const row of rows) test(row[0], () => assertRow(row));
