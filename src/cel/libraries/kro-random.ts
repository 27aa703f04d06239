// kro's deterministic "random" functions, bit for bit as upstream (pkg/cel/library/random.go):
// random.seededString(len, seed) picks character i from `0-9a-z` by the big-endian uint32 at bytes
// (4i mod 32)..+4 of sha256(seed) modulo 36 (so the string repeats with period 8: upstream's re-hash
// branch is unreachable), and random.seededInt(min, max, seed) is min + (first 8 bytes of sha256(seed) as
// a big-endian uint64) mod (max - min), with Go's int64 wrap-around.
import { createHash } from 'node:crypto';
import type { Environment } from '@marcbachmann/cel-js';
import type { CelLibrary } from '../library.js';
import { celNamespace } from '../namespaces.js';
import { chargeCost } from '../budget.js';
import { libraryError } from './errors.js';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

function sha256(seed: string): Buffer {
  return createHash('sha256').update(seed, 'utf8').digest();
}

export function seededString(length: bigint, seed: string): string {
  if (length <= 0n) throw libraryError('random.seededString length must be positive');
  const n = Number(BigInt.asIntN(64, length));
  chargeCost(n);
  const hash = sha256(seed);
  const period = Array.from({ length: 8 }, (_, i) => ALPHABET[hash.readUInt32BE(i * 4) % ALPHABET.length] as string).join('');
  return period.repeat(Math.ceil(n / 8)).slice(0, n);
}

export function seededInt(min: bigint, max: bigint, seed: string): bigint {
  if (min >= max) throw libraryError('random.seededInt min must be less than max');
  const v = sha256(seed).readBigUInt64BE(0);
  const rangeSize = BigInt.asUintN(64, max - min);
  return BigInt.asIntN(64, min + BigInt.asIntN(64, v % rangeSize));
}

export const randomLibrary: CelLibrary = {
  name: 'kro.random',
  register(env: Environment): void {
    const ns = celNamespace(env, 'random');
    env.registerFunction(`${ns}.seededString(int, string): string`, (_ns: unknown, n: bigint, seed: string) => seededString(n, seed));
    env.registerFunction(`${ns}.seededInt(int, int, string): int`, (_ns: unknown, min: bigint, max: bigint, seed: string) => seededInt(min, max, seed));
  },
};
