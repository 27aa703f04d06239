// API discovery: which groups, versions and resources the server serves. Aggregated discovery
// (apidiscovery.k8s.io v2, then v2beta1) answers in two requests (/api and /apis); servers without it get
// the legacy walk (/api, /apis, then one request per group-version). Parsing is pure and separate from
// fetching so it is unit-tested on recorded shapes. Hand-written: client-node has no aggregated discovery
// and no subresource map (../shared/reference/kube-client.md §1 row 3).
import type { KubeHttp } from './http.js';
import { groupVersionPath } from './paths.js';

/** One resource (not a subresource) the server serves. */
export interface ApiResource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The plural resource name used in URLs. */
  readonly resource: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  /** Subresource names, e.g. status, scale. */
  readonly subresources: readonly string[];
}

export interface ApiGroupVersions {
  /** '' for the core group. */
  readonly name: string;
  /** Served versions, the preferred one first. */
  readonly versions: readonly string[];
}

export type DiscoveryFormat = 'aggregated-v2' | 'aggregated-v2beta1' | 'legacy';

export interface DiscoverySnapshot {
  readonly format: DiscoveryFormat;
  readonly groups: readonly ApiGroupVersions[];
  readonly resources: readonly ApiResource[];
  /** Group-versions whose resources could not be read (stale aggregated API, failed request). */
  readonly failedGroupVersions: readonly string[];
}

export const AGGREGATED_DISCOVERY_ACCEPT = [
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
  'application/json',
].join(',');

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strs = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');

/** The aggregated-discovery version of a response body, or undefined when it is legacy discovery. */
export function aggregatedFormat(body: unknown): DiscoveryFormat | undefined {
  const o = obj(body);
  if (o.kind !== 'APIGroupDiscoveryList') return undefined;
  if (o.apiVersion === 'apidiscovery.k8s.io/v2') return 'aggregated-v2';
  if (o.apiVersion === 'apidiscovery.k8s.io/v2beta1') return 'aggregated-v2beta1';
  return undefined;
}

/** Parses an APIGroupDiscoveryList (from /api or /apis). */
export function parseAggregatedDiscovery(body: unknown): Omit<DiscoverySnapshot, 'format'> {
  const groups: ApiGroupVersions[] = [];
  const resources: ApiResource[] = [];
  const failedGroupVersions: string[] = [];
  for (const item of arr(obj(body).items)) {
    const group = str(obj(obj(item).metadata).name);
    const versions: string[] = [];
    for (const v of arr(obj(item).versions)) {
      const version = str(obj(v).version);
      if (version === '') continue;
      versions.push(version);
      if (obj(v).freshness === 'Stale') failedGroupVersions.push(group ? `${group}/${version}` : version);
      for (const r of arr(obj(v).resources)) {
        const res = obj(r);
        const kind = str(obj(res.responseKind).kind);
        const resource = str(res.resource);
        if (kind === '' || resource === '') continue;
        resources.push({
          group,
          version,
          kind,
          resource,
          singular: str(res.singularResource) || kind.toLowerCase(),
          namespaced: res.scope === 'Namespaced',
          verbs: strs(res.verbs),
          shortNames: strs(res.shortNames),
          categories: strs(res.categories),
          subresources: arr(res.subresources).map((s) => str(obj(s).subresource)).filter((s) => s !== ''),
        });
      }
    }
    groups.push({ name: group, versions });
  }
  return { groups, resources, failedGroupVersions };
}

/** Parses a legacy APIResourceList of one group-version; `deployments/status` entries become subresources. */
export function parseApiResourceList(group: string, version: string, body: unknown): ApiResource[] {
  const entries = arr(obj(body).resources).map(obj);
  const subresources = new Map<string, string[]>();
  for (const e of entries) {
    const [parent, sub] = str(e.name).split('/', 2);
    if (parent && sub) subresources.set(parent, [...(subresources.get(parent) ?? []), sub]);
  }
  const out: ApiResource[] = [];
  for (const e of entries) {
    const name = str(e.name);
    if (name === '' || name.includes('/') || str(e.kind) === '') continue;
    out.push({
      group,
      version,
      kind: str(e.kind),
      resource: name,
      singular: str(e.singularName) || str(e.kind).toLowerCase(),
      namespaced: e.namespaced === true,
      verbs: strs(e.verbs),
      shortNames: strs(e.shortNames),
      categories: strs(e.categories),
      subresources: subresources.get(name) ?? [],
    });
  }
  return out;
}

/** Groups and their versions (preferred first) from legacy /api (APIVersions) and /apis (APIGroupList). */
export function parseLegacyGroups(coreBody: unknown, groupsBody: unknown): ApiGroupVersions[] {
  const groups: ApiGroupVersions[] = [];
  const core = strs(obj(coreBody).versions);
  if (core.length > 0) groups.push({ name: '', versions: core });
  for (const g of arr(obj(groupsBody).groups)) {
    const name = str(obj(g).name);
    const preferred = str(obj(obj(g).preferredVersion).version);
    const versions = arr(obj(g).versions).map((v) => str(obj(v).version)).filter((v) => v !== '');
    const ordered = preferred && versions.includes(preferred) ? [preferred, ...versions.filter((v) => v !== preferred)] : versions;
    if (name !== '') groups.push({ name, versions: ordered });
  }
  return groups;
}

export interface DiscoveryOptions {
  /** Ask for aggregated discovery first. False forces the legacy walk (tests, debugging). @default true */
  readonly aggregated?: boolean;
  readonly signal?: AbortSignal;
}

/** Reads the server's API surface: aggregated discovery when served, else the legacy per-group-version walk. */
export async function discoverApiResources(http: KubeHttp, options: DiscoveryOptions = {}): Promise<DiscoverySnapshot> {
  const signal = options.signal;
  const get = (path: string, accept?: string) =>
    http.request<unknown>({ method: 'GET', path, ...(accept ? { accept } : {}), ...(signal ? { signal } : {}) });
  const accept = options.aggregated === false ? undefined : AGGREGATED_DISCOVERY_ACCEPT;
  const [core, apis] = await Promise.all([get('/api', accept), get('/apis', accept)]);
  const coreFormat = aggregatedFormat(core);
  const apisFormat = aggregatedFormat(apis);
  if (coreFormat && apisFormat) {
    const a = parseAggregatedDiscovery(core);
    const b = parseAggregatedDiscovery(apis);
    return {
      format: apisFormat,
      groups: [...a.groups, ...b.groups],
      resources: [...a.resources, ...b.resources],
      failedGroupVersions: [...a.failedGroupVersions, ...b.failedGroupVersions],
    };
  }
  const groups = parseLegacyGroups(
    coreFormat ? await get('/api') : core,
    apisFormat ? await get('/apis') : apis,
  );
  const resources: ApiResource[] = [];
  const failedGroupVersions: string[] = [];
  await Promise.all(
    groups.flatMap((g) =>
      g.versions.map(async (version) => {
        try {
          resources.push(...parseApiResourceList(g.name, version, await get(groupVersionPath(g.name, version))));
        } catch {
          // One broken aggregated API must not hide the rest (client-go's ErrGroupDiscoveryFailed).
          failedGroupVersions.push(g.name ? `${g.name}/${version}` : version);
        }
      }),
    ),
  );
  return { format: 'legacy', groups, resources, failedGroupVersions };
}
