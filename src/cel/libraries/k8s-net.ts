// Kubernetes' IP and CIDR CEL libraries (k8s.io/apiserver/pkg/cel/library/ip.go, cidr.go): ip(), isIP,
// ip.isCanonical, family and the address classes on net.IP; cidr(), isCIDR, containsIP, containsCIDR,
// ip(), prefixLength and masked on net.CIDR; string() of both. Zones and IPv4-mapped IPv6 are refused,
// as upstream does.
import type { Environment } from '@marcbachmann/cel-js';
import type { CelLibrary } from '../library.js';
import { celNamespace } from '../namespaces.js';
import { libraryError } from './errors.js';
import { goQuote } from '../../go/index.js';
import * as netip from './netip.js';
import { memoize } from './memo.js';

export const IP_TYPE_NAME = 'net.IP';
export const CIDR_TYPE_NAME = 'net.CIDR';

export class IP {
  readonly celTypeName = IP_TYPE_NAME;
  constructor(readonly addr: netip.Addr) {}
  celEquals(other: unknown): boolean {
    return other instanceof IP && netip.addrEquals(this.addr, other.addr);
  }
  toString(): string {
    return netip.addrString(this.addr);
  }
}

export class CIDR {
  readonly celTypeName = CIDR_TYPE_NAME;
  constructor(readonly prefix: netip.Prefix) {}
  celEquals(other: unknown): boolean {
    return other instanceof CIDR && netip.prefixEquals(this.prefix, other.prefix);
  }
  toString(): string {
    return netip.prefixString(this.prefix);
  }
}

/** k8s parseIPAddr: netip.ParseAddr without zones or IPv4-mapped IPv6; the error text is upstream's. */
export function parseIP(raw: string): netip.Addr {
  let addr: netip.Addr;
  try {
    addr = netip.parseAddr(raw);
  } catch (e) {
    throw new netip.NetipError(`IP Address ${goQuote(raw)} parse error during conversion from string: ${(e as Error).message}`);
  }
  if (addr.zone !== '') throw new netip.NetipError(`IP address ${goQuote(raw)} with zone value is not allowed`);
  if (netip.is4In6(addr)) throw new netip.NetipError(`IPv4-mapped IPv6 address ${goQuote(raw)} is not allowed`);
  return addr;
}

/** k8s parseCIDR, and cidr()'s doubled "network address parse error" prefix, as upstream prints it. */
export function parseCIDR(raw: string): netip.Prefix {
  let prefix: netip.Prefix;
  try {
    prefix = netip.parsePrefix(raw);
  } catch (e) {
    throw new netip.NetipError(`network address parse error during conversion from string: ${(e as Error).message}`);
  }
  if (netip.is4In6(prefix.addr)) throw new netip.NetipError(`IPv4-mapped IPv6 address ${goQuote(raw)} is not allowed`);
  return prefix;
}

const sharedIP = memoize((raw: string) => new IP(parseIP(raw)));
const sharedCIDR = memoize((raw: string) => new CIDR(parseCIDR(raw)));

function ip(raw: string): IP {
  try {
    return sharedIP(raw);
  } catch (e) {
    throw libraryError((e as Error).message, 'conversion_error');
  }
}

function cidr(raw: string): CIDR {
  try {
    return sharedCIDR(raw);
  } catch (e) {
    throw libraryError(`network address parse error during conversion from string: ${(e as Error).message}`, 'conversion_error');
  }
}

function succeeds(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch {
    return false;
  }
}

export function isCanonicalIP(raw: string): boolean {
  return netip.addrString(ip(raw).addr) === raw;
}

export function containsCIDR(outer: CIDR, inner: CIDR): boolean {
  return netip.prefixOverlaps(outer.prefix, inner.prefix) && outer.prefix.bits <= inner.prefix.bits;
}

export const ipLibrary: CelLibrary = {
  name: 'k8s.ip',
  register(env: Environment): void {
    env.registerType(IP_TYPE_NAME, IP);
    env.registerFunction(`ip(string): ${IP_TYPE_NAME}`, ip);
    env.registerFunction('isIP(string): bool', (s: string) => succeeds(() => parseIP(s)));
    env.registerFunction(`${celNamespace(env, 'ip')}.isCanonical(string): bool`, (_ns: unknown, s: string) => isCanonicalIP(s));
    env.registerFunction(`string(${IP_TYPE_NAME}): string`, (v: IP) => v.toString());
    env.registerFunction(`${IP_TYPE_NAME}.family(): int`, (v: IP) => BigInt(v.addr.family));
    env.registerFunction(`${IP_TYPE_NAME}.isUnspecified(): bool`, (v: IP) => netip.isUnspecified(v.addr));
    env.registerFunction(`${IP_TYPE_NAME}.isLoopback(): bool`, (v: IP) => netip.isLoopback(v.addr));
    env.registerFunction(`${IP_TYPE_NAME}.isLinkLocalMulticast(): bool`, (v: IP) => netip.isLinkLocalMulticast(v.addr));
    env.registerFunction(`${IP_TYPE_NAME}.isLinkLocalUnicast(): bool`, (v: IP) => netip.isLinkLocalUnicast(v.addr));
    env.registerFunction(`${IP_TYPE_NAME}.isGlobalUnicast(): bool`, (v: IP) => netip.isGlobalUnicast(v.addr));
    env.registerOperator(`${IP_TYPE_NAME} == ${IP_TYPE_NAME}`, (a: IP, b: IP) => a.celEquals(b));
  },
};

export const cidrLibrary: CelLibrary = {
  name: 'k8s.cidr',
  register(env: Environment): void {
    env.registerType(CIDR_TYPE_NAME, CIDR);
    env.registerFunction(`cidr(string): ${CIDR_TYPE_NAME}`, cidr);
    env.registerFunction('isCIDR(string): bool', (s: string) => succeeds(() => parseCIDR(s)));
    env.registerFunction(`string(${CIDR_TYPE_NAME}): string`, (v: CIDR) => v.toString());
    env.registerFunction(`${CIDR_TYPE_NAME}.containsIP(string): bool`, (c: CIDR, s: string) => netip.prefixContains(c.prefix, ip(s).addr));
    env.registerFunction(`${CIDR_TYPE_NAME}.containsIP(${IP_TYPE_NAME}): bool`, (c: CIDR, v: IP) => netip.prefixContains(c.prefix, v.addr));
    env.registerFunction(`${CIDR_TYPE_NAME}.containsCIDR(string): bool`, (c: CIDR, s: string) => containsCIDR(c, cidr(s)));
    env.registerFunction(`${CIDR_TYPE_NAME}.containsCIDR(${CIDR_TYPE_NAME}): bool`, containsCIDR);
    env.registerFunction(`${CIDR_TYPE_NAME}.ip(): ${IP_TYPE_NAME}`, (c: CIDR) => new IP(c.prefix.addr));
    env.registerFunction(`${CIDR_TYPE_NAME}.prefixLength(): int`, (c: CIDR) => BigInt(c.prefix.bits));
    env.registerFunction(`${CIDR_TYPE_NAME}.masked(): ${CIDR_TYPE_NAME}`, (c: CIDR) => new CIDR(netip.masked(c.prefix)));
    env.registerOperator(`${CIDR_TYPE_NAME} == ${CIDR_TYPE_NAME}`, (a: CIDR, b: CIDR) => a.celEquals(b));
  },
};
