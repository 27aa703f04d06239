// A port of Go's net/url (Go 1.26) Parse / ParseRequestURI and the accessors Kubernetes' URL library
// exposes (Hostname, Port, EscapedPath, Query, String), with Go's error texts. Escaping works on UTF-8
// bytes as Go does; unescaped bytes that are not valid UTF-8 decode to U+FFFD.
import { goQuote } from '../../go/index.js';
import { parseAddr } from './netip.js';

export interface GoURL {
  scheme: string;
  opaque: string;
  user: { username: string; password: string | undefined } | undefined;
  host: string;
  path: string;
  rawPath: string;
  omitHost: boolean;
  forceQuery: boolean;
  rawQuery: string;
  fragment: string;
  rawFragment: string;
}

export class GoUrlError extends Error {}

type Mode = 'path' | 'pathSegment' | 'host' | 'zone' | 'userPassword' | 'queryComponent' | 'fragment';

const utf8 = new TextEncoder();
const utf8Decode = new TextDecoder('utf-8');

function isAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

/** Go's shouldEscape (RFC 3986 per component). */
function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  const ch = String.fromCharCode(c);
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    switch (mode) {
      case 'path':
        return ch === '?';
      case 'pathSegment':
        return '/;,?'.includes(ch);
      case 'userPassword':
        return '@/?:'.includes(ch);
      case 'queryComponent':
        return true;
      case 'fragment':
        return false;
      default:
        break;
    }
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46));
}

function unhex(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10;
}

function escapeError(s: string): GoUrlError {
  return new GoUrlError(`invalid URL escape ${goQuote(s)}`);
}

/** Go's unescape for one component. */
export function unescape(s: string, mode: Mode): string {
  const b = utf8.encode(s);
  let n = 0;
  let hasPlus = false;
  for (let i = 0; i < b.length; ) {
    const c = b[i] as number;
    if (c === 0x25) {
      n++;
      if (i + 2 >= b.length || !isHex(b[i + 1]) || !isHex(b[i + 2])) throw escapeError(utf8Decode.decode(b.subarray(i, i + 3)));
      const seq = utf8Decode.decode(b.subarray(i, i + 3));
      if (mode === 'host' && unhex(b[i + 1] as number) < 8 && seq !== '%25') throw escapeError(seq);
      if (mode === 'zone') {
        const v = (unhex(b[i + 1] as number) << 4) | unhex(b[i + 2] as number);
        if (seq !== '%25' && v !== 0x20 && shouldEscape(v, 'host')) throw escapeError(seq);
      }
      i += 3;
    } else if (c === 0x2b) {
      hasPlus = mode === 'queryComponent';
      i++;
    } else {
      if ((mode === 'host' || mode === 'zone') && c < 0x80 && shouldEscape(c, mode)) {
        throw new GoUrlError(`invalid character ${goQuote(String.fromCharCode(c))} in host name`);
      }
      i++;
    }
  }
  if (n === 0 && !hasPlus) return s;
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    const c = b[i] as number;
    if (c === 0x25) {
      out.push((unhex(b[i + 1] as number) << 4) | unhex(b[i + 2] as number));
      i += 2;
    } else if (c === 0x2b) out.push(mode === 'queryComponent' ? 0x20 : 0x2b);
    else out.push(c);
  }
  return utf8Decode.decode(Uint8Array.from(out));
}

const UPPER_HEX = '0123456789ABCDEF';

/** Go's escape for one component. */
export function escape(s: string, mode: Mode): string {
  let out = '';
  for (const c of utf8.encode(s)) {
    if (c === 0x20 && mode === 'queryComponent') out += '+';
    else if (shouldEscape(c, mode)) out += `%${UPPER_HEX[c >> 4]}${UPPER_HEX[c & 15]}`;
    else out += String.fromCharCode(c);
  }
  return out;
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === 0x3a) {
      if (i === 0) throw new GoUrlError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  if (port[0] !== ':') return false;
  return /^[0-9]*$/.test(port.slice(1));
}

function validUserinfo(s: string): boolean {
  return /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);
}

function parseHost(scheme: string, host: string): string {
  const open = host.lastIndexOf('[');
  if (open > 0) throw new GoUrlError('invalid IP-literal');
  if (open === 0) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new GoUrlError("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) throw new GoUrlError(`invalid port ${goQuote(colonPort)} after host`);
    const port = unescape(colonPort, 'host');
    const hostname = host.slice(1, close);
    const zoneIdx = hostname.indexOf('%25');
    const name = zoneIdx >= 0 ? unescape(hostname.slice(0, zoneIdx), 'host') + unescape(hostname.slice(zoneIdx), 'zone') : unescape(hostname, 'host');
    let family: number;
    try {
      family = parseAddr(name).family;
    } catch (e) {
      throw new GoUrlError(`invalid host: ${(e as Error).message}`);
    }
    if (family === 4) throw new GoUrlError('invalid IP-literal');
    return `[${name}]${port}`;
  }
  let i = host.indexOf(':');
  if (i !== -1) {
    // Go 1.26 (urlstrictcolons=1): http(s) hosts split at the first colon, other schemes at the last.
    const last = host.lastIndexOf(':');
    if (last !== i && scheme !== 'http' && scheme !== 'https') i = last;
    const colonPort = host.slice(i);
    if (!validOptionalPort(colonPort)) throw new GoUrlError(`invalid port ${goQuote(colonPort)} after host`);
  }
  return unescape(host, 'host');
}

function parseAuthority(scheme: string, authority: string, u: GoURL): void {
  const at = authority.lastIndexOf('@');
  u.host = parseHost(scheme, at < 0 ? authority : authority.slice(at + 1));
  if (at < 0) return;
  const userinfo = authority.slice(0, at);
  if (!validUserinfo(userinfo)) throw new GoUrlError('net/url: invalid userinfo');
  const colon = userinfo.indexOf(':');
  if (colon < 0) u.user = { username: unescape(userinfo, 'userPassword'), password: undefined };
  else u.user = { username: unescape(userinfo.slice(0, colon), 'userPassword'), password: unescape(userinfo.slice(colon + 1), 'userPassword') };
}

function setPath(u: GoURL, p: string): void {
  u.path = unescape(p, 'path');
  u.rawPath = escape(u.path, 'path') === p ? '' : p;
}

function emptyURL(): GoURL {
  return { scheme: '', opaque: '', user: undefined, host: '', path: '', rawPath: '', omitHost: false, forceQuery: false, rawQuery: '', fragment: '', rawFragment: '' };
}

function parse(raw: string, viaRequest: boolean): GoURL {
  if ([...raw].some((c) => c < ' ' || c === '\x7f')) throw new GoUrlError('net/url: invalid control character in URL');
  if (raw === '' && viaRequest) throw new GoUrlError('empty url');
  const u = emptyURL();
  if (raw === '*') {
    u.path = '*';
    return u;
  }
  let rest: string;
  [u.scheme, rest] = getScheme(raw);
  u.scheme = u.scheme.toLowerCase();
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
    u.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) [rest, u.rawQuery] = [rest.slice(0, q), rest.slice(q + 1)];
  }
  if (!rest.startsWith('/')) {
    if (u.scheme !== '') {
      u.opaque = rest;
      return u;
    }
    if (viaRequest) throw new GoUrlError('invalid URI for request');
    const slash = rest.indexOf('/');
    if ((slash < 0 ? rest : rest.slice(0, slash)).includes(':')) throw new GoUrlError('first path segment in URL cannot contain colon');
  }
  if ((u.scheme !== '' || (!viaRequest && !rest.startsWith('///'))) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) [authority, rest] = [authority.slice(0, slash), authority.slice(slash)];
    parseAuthority(u.scheme, authority, u);
  } else if (u.scheme !== '' && rest.startsWith('/')) {
    u.omitHost = true;
  }
  setPath(u, rest);
  return u;
}

function wrap(raw: string, f: () => GoURL): GoURL {
  try {
    return f();
  } catch (e) {
    if (e instanceof GoUrlError) throw new GoUrlError(`parse ${goQuote(raw)}: ${e.message}`);
    throw e;
  }
}

/** Go's url.ParseRequestURI (absolute URI or absolute path; no fragment). */
export function parseRequestURI(raw: string): GoURL {
  return wrap(raw, () => parse(raw, true));
}

/** Go's url.Parse. */
export function parseURL(raw: string): GoURL {
  const hash = raw.indexOf('#');
  const base = hash < 0 ? raw : raw.slice(0, hash);
  const u = wrap(base, () => parse(base, false));
  if (hash < 0) return u;
  const frag = raw.slice(hash + 1);
  if (frag === '') return u;
  return wrap(raw, () => {
    u.fragment = unescape(frag, 'fragment');
    u.rawFragment = escape(u.fragment, 'fragment') === frag ? '' : frag;
    return u;
  });
}

function validEncoded(s: string, mode: Mode): boolean {
  for (const c of utf8.encode(s)) {
    if (`!$&'()*+,;=:@[]%`.includes(String.fromCharCode(c)) && c < 0x80) continue;
    if (shouldEscape(c, mode)) return false;
  }
  return true;
}

export function escapedPath(u: GoURL): string {
  if (u.rawPath !== '' && validEncoded(u.rawPath, 'path')) {
    try {
      if (unescape(u.rawPath, 'path') === u.path) return u.rawPath;
    } catch {
      // fall through to re-escaping, as Go does
    }
  }
  if (u.path === '*') return '*';
  return escape(u.path, 'path');
}

function escapedFragment(u: GoURL): string {
  if (u.rawFragment !== '' && validEncoded(u.rawFragment, 'fragment')) {
    try {
      if (unescape(u.rawFragment, 'fragment') === u.fragment) return u.rawFragment;
    } catch {
      // fall through
    }
  }
  return escape(u.fragment, 'fragment');
}

function splitHostPort(hostPort: string): [string, string] {
  let host = hostPort;
  let port = '';
  const colon = host.lastIndexOf(':');
  if (colon !== -1 && validOptionalPort(host.slice(colon))) [host, port] = [host.slice(0, colon), host.slice(colon + 1)];
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return [host, port];
}

export function hostname(u: GoURL): string {
  return splitHostPort(u.host)[0];
}

export function port(u: GoURL): string {
  return splitHostPort(u.host)[1];
}

/** Go's url.ParseQuery result, ignoring its error as URL.Query() does (10000 parameters at most). */
export function query(u: GoURL): Map<string, string[]> {
  const m = new Map<string, string[]>();
  let q = u.rawQuery;
  if (q.split('&').length > 10000) return m;
  while (q !== '') {
    const amp = q.indexOf('&');
    let key = amp < 0 ? q : q.slice(0, amp);
    q = amp < 0 ? '' : q.slice(amp + 1);
    if (key.includes(';') || key === '') continue;
    const eq = key.indexOf('=');
    let value = eq < 0 ? '' : key.slice(eq + 1);
    key = eq < 0 ? key : key.slice(0, eq);
    try {
      key = unescape(key, 'queryComponent');
      value = unescape(value, 'queryComponent');
    } catch {
      continue;
    }
    const list = m.get(key);
    if (list === undefined) m.set(key, [value]);
    else list.push(value);
  }
  return m;
}

/** Go's URL.String (used for URL equality). */
export function urlString(u: GoURL): string {
  let out = u.scheme !== '' ? `${u.scheme}:` : '';
  if (u.opaque !== '') out += u.opaque;
  else {
    if ((u.scheme !== '' || u.host !== '' || u.user !== undefined) && !(u.omitHost && u.host === '' && u.user === undefined)) {
      if (u.host !== '' || u.path !== '' || u.user !== undefined) out += '//';
      if (u.user !== undefined) {
        out += escape(u.user.username, 'userPassword');
        if (u.user.password !== undefined) out += `:${escape(u.user.password, 'userPassword')}`;
        out += '@';
      }
      if (u.host !== '') out += escape(u.host, 'host');
    }
    const path = escapedPath(u);
    if (path !== '' && path[0] !== '/' && u.host !== '') out += '/';
    if (out === '') {
      const slash = path.indexOf('/');
      if ((slash < 0 ? path : path.slice(0, slash)).includes(':')) out += './';
    }
    out += path;
  }
  if (u.forceQuery || u.rawQuery !== '') out += `?${u.rawQuery}`;
  if (u.fragment !== '') out += `#${escapedFragment(u)}`;
  return out;
}
