// A port of the parts of Go's net/netip that Kubernetes' IP and CIDR CEL libraries rely on: ParseAddr
// (IPv4 without leading zeros, IPv6 with `::`, embedded IPv4 and zones) with Go's error texts,
// RFC 5952 canonical text (Addr.String), the address classes, and ParsePrefix / Masked / Contains / Overlaps.
import { goQuote } from '../../go/index.js';

export interface Addr {
  readonly family: 4 | 6;
  /** 32 bits (IPv4) or 128 bits (IPv6), big-endian. */
  readonly value: bigint;
  readonly zone: string;
}

export class NetipError extends Error {}

function addrError(input: string, msg: string, at?: string): NetipError {
  const suffix = at !== undefined && at !== '' ? ` (at ${goQuote(at)})` : '';
  return new NetipError(`ParseAddr(${goQuote(input)}): ${msg}${suffix}`);
}

function parseIPv4Fields(input: string, start: number, end: number): number[] {
  const s = input.slice(start, end);
  const fields: number[] = [];
  let val = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (digits === 1 && val === 0) throw addrError(input, 'IPv4 field has octet with leading zero');
      val = val * 10 + (c - 0x30);
      digits++;
      if (val > 255) throw addrError(input, 'IPv4 field has value >255');
    } else if (c === 0x2e) {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') throw addrError(input, 'IPv4 field must have at least one digit', s.slice(i));
      if (fields.length === 3) throw addrError(input, 'IPv4 address too long');
      fields.push(val);
      val = 0;
      digits = 0;
    } else {
      throw addrError(input, 'unexpected character', s.slice(i));
    }
  }
  if (fields.length < 3) throw addrError(input, 'IPv4 address too short');
  fields.push(val);
  return fields;
}

function fromBytes(bytes: readonly number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function parseIPv6(input: string): Addr {
  let s = input;
  let zone = '';
  const pct = s.indexOf('%');
  if (pct !== -1) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === '') throw addrError(input, 'zone must be a non-empty string');
  }
  const ip: number[] = new Array<number>(16).fill(0);
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return { family: 6, value: 0n, zone };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const h = hexValue(s.charCodeAt(off));
      if (h < 0) break;
      acc = acc * 16 + h;
      if (off > 3) throw addrError(input, 'each group must have 4 or less digits', s);
      if (acc > 0xffff) throw addrError(input, 'IPv6 field has value >=2^16', s);
    }
    if (off === 0) throw addrError(input, 'each colon-separated field must have at least one digit', s);
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) throw addrError(input, 'embedded IPv4 address must replace the final 2 fields of the address', s);
      if (i + 4 > 16) throw addrError(input, 'too many hex fields to fit an embedded IPv4 at the end of the address', s);
      const end = input.length - (zone.length > 0 ? zone.length + 1 : 0);
      const v4 = parseIPv4Fields(input, end - s.length, end);
      for (let k = 0; k < 4; k++) ip[i + k] = v4[k] as number;
      s = '';
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s === '') break;
    if (s[0] !== ':') throw addrError(input, 'unexpected character, want colon', s);
    if (s.length === 1) throw addrError(input, 'colon must be followed by more characters', s);
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) throw addrError(input, 'multiple :: in address', s);
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') throw addrError(input, 'trailing garbage after address', s);
  if (i < 16) {
    if (ellipsis < 0) throw addrError(input, 'address string too short');
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j] as number;
    for (let j = ellipsis; j < ellipsis + n; j++) ip[j] = 0;
  } else if (ellipsis >= 0) {
    throw addrError(input, 'the :: must expand to at least one field of zeros');
  }
  return { family: 6, value: fromBytes(ip), zone };
}

/** Go's netip.ParseAddr. */
export function parseAddr(s: string): Addr {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '.') return { family: 4, value: fromBytes(parseIPv4Fields(s, 0, s.length)), zone: '' };
    if (c === ':') return parseIPv6(s);
    if (c === '%') throw addrError(s, 'missing IPv6 address');
  }
  throw addrError(s, 'unable to parse IP');
}

export function is4In6(a: Addr): boolean {
  return a.family === 6 && a.value >> 32n === 0xffffn;
}

function unmap(a: Addr): Addr {
  return is4In6(a) ? { family: 4, value: a.value & 0xffffffffn, zone: '' } : a;
}

function byteAt(a: Addr, i: number): number {
  const bits = a.family === 4 ? 32 : 128;
  return Number((a.value >> BigInt(bits - 8 * (i + 1))) & 0xffn);
}

function group(a: Addr, i: number): number {
  return Number((a.value >> BigInt(128 - 16 * (i + 1))) & 0xffffn);
}

export function bitLen(a: Addr): number {
  return a.family === 4 ? 32 : 128;
}

function string4(a: Addr): string {
  return [0, 1, 2, 3].map((i) => byteAt(a, i)).join('.');
}

/** Go's Addr.String: dotted quad, `::ffff:a.b.c.d`, or RFC 5952 IPv6 (longest zero run of 2+ groups as ::). */
export function addrString(a: Addr): string {
  if (a.family === 4) return string4(a);
  const zone = a.zone !== '' ? `%${a.zone}` : '';
  if (is4In6(a)) return `::ffff:${string4(unmap(a))}${zone}`;
  let zeroStart = -1;
  let zeroLen = 1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && group(a, j) === 0) j++;
    if (j - i >= 2 && j - i > zeroLen) [zeroStart, zeroLen] = [i, j - i];
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === zeroStart) {
      out += '::';
      i += zeroLen - 1;
      continue;
    }
    if (i > 0 && !out.endsWith(':')) out += ':';
    out += group(a, i).toString(16);
  }
  return out + zone;
}

export function isLoopback(a: Addr): boolean {
  const u = unmap(a);
  return u.family === 4 ? byteAt(u, 0) === 127 : u.value === 1n;
}

function isMulticast(a: Addr): boolean {
  const u = unmap(a);
  return u.family === 4 ? (byteAt(u, 0) & 0xf0) === 0xe0 : byteAt(u, 0) === 0xff;
}

export function isLinkLocalUnicast(a: Addr): boolean {
  const u = unmap(a);
  return u.family === 4 ? byteAt(u, 0) === 169 && byteAt(u, 1) === 254 : (group(u, 0) & 0xffc0) === 0xfe80;
}

export function isLinkLocalMulticast(a: Addr): boolean {
  const u = unmap(a);
  return u.family === 4 ? byteAt(u, 0) === 224 && byteAt(u, 1) === 0 && byteAt(u, 2) === 0 : (group(u, 0) & 0xff0f) === 0xff02;
}

export function isUnspecified(a: Addr): boolean {
  return a.value === 0n && a.zone === '';
}

export function isGlobalUnicast(a: Addr): boolean {
  const u = unmap(a);
  if (u.family === 4 && (u.value === 0n || u.value === 0xffffffffn)) return false;
  if (u.family === 6 && u.value === 0n && u.zone === '') return false;
  return !isLoopback(u) && !isMulticast(u) && !isLinkLocalUnicast(u);
}

export function addrEquals(a: Addr, b: Addr): boolean {
  return a.family === b.family && a.value === b.value && a.zone === b.zone;
}

export interface Prefix {
  readonly addr: Addr;
  readonly bits: number;
}

function prefixError(input: string, msg: string): NetipError {
  return new NetipError(`netip.ParsePrefix(${goQuote(input)}): ${msg}`);
}

/** Go's netip.ParsePrefix (the address keeps its host bits; see masked()). */
export function parsePrefix(s: string): Prefix {
  const slash = s.lastIndexOf('/');
  if (slash < 0) throw prefixError(s, "no '/'");
  let addr: Addr;
  try {
    addr = parseAddr(s.slice(0, slash));
  } catch (e) {
    throw prefixError(s, (e as Error).message);
  }
  if (addr.family === 6 && addr.zone !== '') throw prefixError(s, 'IPv6 zones cannot be present in a prefix');
  const bitsStr = s.slice(slash + 1);
  const bad = prefixError(s, `bad bits after slash: ${goQuote(bitsStr)}`);
  const first = bitsStr[0] ?? '';
  if (bitsStr.length > 1 && !(first >= '1' && first <= '9')) throw bad;
  if (!/^[+-]?\d+$/.test(bitsStr)) throw bad;
  const bits = Number(bitsStr);
  if (!Number.isSafeInteger(bits)) throw bad;
  if (bits < 0 || bits > bitLen(addr)) throw prefixError(s, 'prefix length out of range');
  return { addr, bits };
}

function mask(family: 4 | 6, bits: number): bigint {
  const total = family === 4 ? 32 : 128;
  return ((1n << BigInt(bits)) - 1n) << BigInt(total - bits);
}

export function masked(p: Prefix): Prefix {
  return { addr: { family: p.addr.family, value: p.addr.value & mask(p.addr.family, p.bits), zone: '' }, bits: p.bits };
}

export function prefixString(p: Prefix): string {
  return `${addrString(p.addr)}/${p.bits}`;
}

export function prefixContains(p: Prefix, a: Addr): boolean {
  if (a.zone !== '' || p.addr.family !== a.family) return false;
  const m = mask(a.family, p.bits);
  return (p.addr.value & m) === (a.value & m);
}

export function prefixOverlaps(p: Prefix, o: Prefix): boolean {
  if (p.addr.family !== o.addr.family) return false;
  const bits = Math.min(p.bits, o.bits);
  if (bits === 0) return true;
  const m = mask(p.addr.family, bits);
  return (p.addr.value & m) === (o.addr.value & m);
}

export function prefixEquals(p: Prefix, o: Prefix): boolean {
  return p.bits === o.bits && addrEquals(p.addr, o.addr);
}
