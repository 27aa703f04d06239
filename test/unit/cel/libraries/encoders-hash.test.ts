// base64.encode/decode (Go encoding/base64 incl. its error offsets) and kro's hash.fnv64a/sha256/md5.
// Expected values were produced by upstream itself: each expression was run through kro v0.9.4's Go CEL
// environment (cel-go v0.31.0, k8s.io/apiserver v0.36.3) and the rows agree with it except where a comment
// says why kro-ts differs.
import { test } from 'node:test';
import { assertRow } from './support.js';
import type { Row } from './support.js';

const rows: readonly Row[] = [
    ['base64.encode(b"hello")', '"aGVsbG8="'],
    ['base64.encode(b"")', '""'],
    ['base64.encode(b"\\xff\\xfe")', '"//4="'],
    ['base64.decode("aGVsbG8=")', 'b"68656c6c6f"'],
    ['base64.decode("aGVsbG8")', 'b"68656c6c6f"'],
    ['base64.decode("aGVs\\nbG8=")', 'b"68656c6c6f"'],
    ['base64.decode("")', 'b""'],
    ['base64.decode("aGVsbG8=x")', '!illegal base64 data at input byte 7'],
    ['base64.decode("a")', '!illegal base64 data at input byte 0'],
    ['base64.decode("!!!!")', '!illegal base64 data at input byte 0'],
    ['base64.decode("aGVsbG8==")', '!illegal base64 data at input byte 7'],
    ['base64.decode("aé==")', '!illegal base64 data at input byte 1'],
    ['"%x".format([hash.fnv64a("hello")])', '"a430d84680aabd0b"'],
    ['"%x".format([hash.fnv64a("")])', '"cbf29ce484222325"'],
    ['"%x".format([hash.sha256("hello")])', '"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"'],
    ['"%x".format([hash.sha256("")])', '"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"'],
    ['"%x".format([hash.md5("hello")])', '"5d41402abc4b2a76b9719d911017c592"'],
    ['"%x".format([hash.md5("héllo")])', '"be50e8478cf24ff3595bc7307fb91b50"'],
    ['base64.encode(hash.fnv64a("hello world"))', '"d5pl5wI80uc="'],
    ['hash.sha256("abc").size()', '32'],
];

for (const row of rows) test(row[0], () => assertRow(row));
