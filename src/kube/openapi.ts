// OpenAPI v3 from the API server: the /openapi/v3 index, per-group-version documents, and the resolved
// schema of one kind. Documents are cached by their serverRelativeURL, which carries a content hash, so a
// cached document never goes stale; only the index is re-read (after `invalidate()`, e.g. on CRD events,
// or when a group-version or kind is missing). Hand-written: client-node has no OpenAPI v3 support.
import type { GroupVersionKind, JsonObject } from '../api/index.js';
import { KubeError } from './errors.js';
import type { KubeHttp } from './http.js';
import { findSchemaNameForGvk, resolveSchema, type OpenApiDocument } from '../api/index.js';

/** The index key of a group-version: `api/v1` or `apis/<group>/<version>`. */
export function openApiPathKey(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/**
 * The server answers a document URL whose hash is no longer current with a redirect (301) to the current one: the
 * index is stale (e.g. a CRD of that group-version changed since it was read).
 */
function isStaleDocumentUrl(err: unknown): boolean {
  return err instanceof KubeError && err.code >= 300 && err.code < 400;
}

export class OpenApiClient {
  private index: ReadonlyMap<string, string> | undefined;
  private indexLoading: Promise<ReadonlyMap<string, string>> | undefined;
  private readonly documents = new Map<string, Promise<OpenApiDocument>>();
  private readonly resolved = new Map<string, JsonObject | undefined>();

  constructor(private readonly http: KubeHttp) {}

  /** Index: path key (`apis/apps/v1`) -> hash-stamped serverRelativeURL. */
  async paths(): Promise<ReadonlyMap<string, string>> {
    return this.index ?? (await this.loadIndex());
  }

  /** The OpenAPI v3 document of one group-version, or undefined when the server does not serve it. */
  async document(group: string, version: string): Promise<OpenApiDocument | undefined> {
    const key = openApiPathKey(group, version);
    let url = (await this.paths()).get(key);
    if (url === undefined) url = (await this.loadIndex()).get(key);
    if (url === undefined) return undefined;
    try {
      return await this.fetchDocument(url);
    } catch (err) {
      if (!isStaleDocumentUrl(err)) throw err;
      const fresh = (await this.loadIndex()).get(key);
      return fresh === undefined ? undefined : this.fetchDocument(fresh);
    }
  }

  /**
   * The schema of a kind with every `$ref` inlined (see openapi-resolve.ts), or undefined when the server
   * has no schema for it. Retries with a fresh index once, so a kind added to a group a moment ago is found and a
   * document URL made stale by another CRD of the group (the server redirects it) is replaced.
   */
  async schemaFor(gvk: GroupVersionKind): Promise<JsonObject | undefined> {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (attempt === 1) await this.loadIndex();
      const url = (await this.paths()).get(openApiPathKey(gvk.group, gvk.version));
      if (url === undefined) continue;
      const cacheKey = `${url}#${gvk.kind}`;
      if (this.resolved.has(cacheKey)) return this.resolved.get(cacheKey);
      let doc: OpenApiDocument;
      try {
        doc = await this.fetchDocument(url);
      } catch (err) {
        if (attempt === 0 && isStaleDocumentUrl(err)) continue;
        throw err;
      }
      const name = findSchemaNameForGvk(doc, gvk);
      if (name === undefined) continue;
      const schema = resolveSchema(doc, name);
      this.resolved.set(cacheKey, schema);
      return schema;
    }
    return undefined;
  }

  /** Re-read the index on next use (documents under unchanged URLs stay cached). */
  invalidate(): void {
    this.index = undefined;
  }

  private loadIndex(): Promise<ReadonlyMap<string, string>> {
    this.indexLoading ??= (async () => {
      try {
        const body = await this.http.request<{ paths?: Record<string, { serverRelativeURL?: string }> }>({
          method: 'GET',
          path: '/openapi/v3',
        });
        const index = new Map<string, string>();
        for (const [key, entry] of Object.entries(body?.paths ?? {})) {
          if (typeof entry.serverRelativeURL === 'string') index.set(key, entry.serverRelativeURL);
        }
        this.forgetUnlisted(new Set(index.values()));
        this.index = index;
        return index;
      } finally {
        this.indexLoading = undefined;
      }
    })();
    return this.indexLoading;
  }

  private fetchDocument(url: string): Promise<OpenApiDocument> {
    let doc = this.documents.get(url);
    if (!doc) {
      doc = this.http.request<OpenApiDocument>({ method: 'GET', path: url });
      doc.catch(() => this.documents.delete(url));
      this.documents.set(url, doc);
    }
    return doc;
  }

  /** Drops documents (and resolved schemas) of URLs the new index no longer lists, bounding the cache. */
  private forgetUnlisted(listed: ReadonlySet<string>): void {
    for (const url of this.documents.keys()) if (!listed.has(url)) this.documents.delete(url);
    for (const key of this.resolved.keys()) if (!listed.has(key.slice(0, key.lastIndexOf('#')))) this.resolved.delete(key);
  }
}
