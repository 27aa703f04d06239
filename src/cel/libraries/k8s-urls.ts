// Kubernetes' URL CEL library (k8s.io/apiserver/pkg/cel/library/urls.go): url(), isURL() and the
// kubernetes.URL accessors, with Go net/url semantics (go-url.ts). A URL must be an absolute URI or an
// absolute path (ParseRequestURI), like upstream.
import type { Environment } from '@marcbachmann/cel-js';
import type { CelLibrary } from '../library.js';
import { libraryError } from './errors.js';
import * as gourl from './go-url.js';
import { memoize } from './memo.js';

export const URL_TYPE_NAME = 'kubernetes.URL';

export class URL {
  readonly celTypeName = URL_TYPE_NAME;
  constructor(readonly url: gourl.GoURL) {}
  celEquals(other: unknown): boolean {
    return other instanceof URL && gourl.urlString(this.url) === gourl.urlString(other.url);
  }
  toString(): string {
    return gourl.urlString(this.url);
  }
}

const parseShared = memoize((s: string) => {
  gourl.parseRequestURI(s);
  return new URL(gourl.parseURL(s));
});

export function url(s: string): URL {
  try {
    return parseShared(s);
  } catch (e) {
    if (e instanceof gourl.GoUrlError) throw libraryError(`URL parse error during conversion from string: ${e.message}`, 'conversion_error');
    throw e;
  }
}

export function isURL(s: string): boolean {
  try {
    gourl.parseRequestURI(s);
    return true;
  } catch {
    return false;
  }
}

export const urlsLibrary: CelLibrary = {
  name: 'k8s.urls',
  register(env: Environment): void {
    const T = URL_TYPE_NAME;
    env.registerType(T, URL);
    env.registerFunction(`url(string): ${T}`, url);
    env.registerFunction('isURL(string): bool', isURL);
    env.registerFunction(`${T}.getScheme(): string`, (u: URL) => u.url.scheme);
    env.registerFunction(`${T}.getHost(): string`, (u: URL) => u.url.host);
    env.registerFunction(`${T}.getHostname(): string`, (u: URL) => gourl.hostname(u.url));
    env.registerFunction(`${T}.getPort(): string`, (u: URL) => gourl.port(u.url));
    env.registerFunction(`${T}.getEscapedPath(): string`, (u: URL) => gourl.escapedPath(u.url));
    env.registerFunction(`${T}.getQuery(): map<string, list<string>>`, (u: URL) => gourl.query(u.url));
    env.registerOperator(`${T} == ${T}`, (a: URL, b: URL) => a.celEquals(b));
  },
};
