// kro's hash library: hash.fnv64a, hash.sha256 and hash.md5 of a string's UTF-8 bytes, returned as bytes
// (render them with `"%x".format([...])` or base64.encode).
import { createHash } from 'node:crypto';
import type { Environment } from '@marcbachmann/cel-js';
import type { CelLibrary } from '../library.js';
import { celNamespace } from '../namespaces.js';

const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;

/** FNV-1a, 64-bit, big-endian digest (Go's hash/fnv New64a().Sum(nil)). */
export function fnv64a(s: string): Uint8Array {
  let h = FNV64_OFFSET;
  for (const b of new TextEncoder().encode(s)) h = ((h ^ BigInt(b)) * FNV64_PRIME) & MASK64;
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, h);
  return out;
}

function digest(algorithm: 'sha256' | 'md5', s: string): Uint8Array {
  return new Uint8Array(createHash(algorithm).update(s, 'utf8').digest());
}

export const hashLibrary: CelLibrary = {
  name: 'kro.hash',
  register(env: Environment): void {
    const ns = celNamespace(env, 'hash');
    env.registerFunction(`${ns}.fnv64a(string): bytes`, (_ns: unknown, s: string) => fnv64a(s));
    env.registerFunction(`${ns}.sha256(string): bytes`, (_ns: unknown, s: string) => digest('sha256', s));
    env.registerFunction(`${ns}.md5(string): bytes`, (_ns: unknown, s: string) => digest('md5', s));
  },
};
