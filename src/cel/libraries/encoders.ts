// cel-go ext.Encoders: base64.encode(bytes) and base64.decode(string). Decoding follows Go's
// encoding/base64 exactly (padded standard alphabet, newlines ignored, then the unpadded alphabet as
// cel-go's fallback), including its "illegal base64 data at input byte N" offsets, counted in UTF-8 bytes.
import type { Environment } from '@marcbachmann/cel-js';
import type { CelLibrary } from '../library.js';
import { celNamespace } from '../namespaces.js';
import { libraryError } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
const PAD = 0x3d;
const NL = 0x0a;
const CR = 0x0d;

export function base64Encode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

class CorruptInput extends Error {
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
  }
}

/** One 4-character quantum of Go's decoder; returns the next source index. */
function decodeQuantum(out: number[], src: Uint8Array, start: number, padded: boolean): number {
  const buf = [0, 0, 0, 0];
  let si = start;
  let len = 4;
  for (let j = 0; j < 4; j++) {
    if (si === src.length) {
      if (j === 0) return si;
      if (j === 1 || padded) throw new CorruptInput(si - j);
      len = j;
      break;
    }
    const c = src[si++] as number;
    const v = DECODE[c] as number;
    if (v >= 0) {
      buf[j] = v;
      continue;
    }
    if (c === NL || c === CR) {
      j--;
      continue;
    }
    if (!padded || c !== PAD) throw new CorruptInput(si - 1);
    if (j < 2) throw new CorruptInput(si - 1);
    if (j === 2) {
      while (si < src.length && (src[si] === NL || src[si] === CR)) si++;
      if (si === src.length) throw new CorruptInput(src.length);
      if (src[si] !== PAD) throw new CorruptInput(si - 1);
      si++;
    }
    while (si < src.length && (src[si] === NL || src[si] === CR)) si++;
    if (si < src.length) {
      emit(out, buf, j);
      throw new CorruptInput(si);
    }
    len = j;
    break;
  }
  emit(out, buf, len);
  return si;
}

function emit(out: number[], buf: number[], len: number): void {
  const val = ((buf[0] as number) << 18) | ((buf[1] as number) << 12) | ((buf[2] as number) << 6) | (buf[3] as number);
  if (len >= 2) out.push((val >> 16) & 0xff);
  if (len >= 3) out.push((val >> 8) & 0xff);
  if (len >= 4) out.push(val & 0xff);
}

function decodeWith(src: Uint8Array, padded: boolean): Uint8Array {
  const out: number[] = [];
  let si = 0;
  while (si < src.length) si = decodeQuantum(out, src, si, padded);
  return Uint8Array.from(out);
}

/** cel-go's base64.decode: standard padded encoding, falling back to the unpadded one on corrupt input. */
export function base64Decode(s: string): Uint8Array {
  const src = new TextEncoder().encode(s);
  try {
    return decodeWith(src, true);
  } catch (e) {
    if (!(e instanceof CorruptInput)) throw e;
  }
  try {
    return decodeWith(src, false);
  } catch (e) {
    if (e instanceof CorruptInput) throw libraryError(e.message, 'conversion_error');
    throw e;
  }
}

export const encodersLibrary: CelLibrary = {
  name: 'ext.encoders',
  register(env: Environment): void {
    const ns = celNamespace(env, 'base64');
    env.registerFunction(`${ns}.encode(bytes): string`, (_ns: unknown, b: Uint8Array) => base64Encode(b));
    env.registerFunction(`${ns}.decode(string): bytes`, (_ns: unknown, s: string) => base64Decode(s));
  },
};
