// The HTTP layer on undici's MockAgent: headers, query building, JSON and error mapping, retries with
// Retry-After and backoff, which verbs retry, 401 refresh, and watch streams with ERROR events.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MockAgent } from 'undici';
import {
  buildQuery,
  isConflict,
  isGone,
  isNotFound,
  isTooManyRequests,
  KubeHttp,
  KRO_TS_VERSION,
  type Credentials,
} from '../../../src/kube/index.js';
import { openWatch } from '../../../src/kube/watch.js';
import { FakeClock } from './fake-clock.js';

const ORIGIN = 'https://k8s.test:6443';

function fakeCredentials(server = ORIGIN) {
  const state = { token: 't1', invalidations: 0 };
  const credentials: Credentials = {
    server,
    namespace: 'default',
    source: 'kubeconfig',
    auth: () => Promise.resolve({ tls: { rejectUnauthorized: true }, headers: { authorization: `Bearer ${state.token}` } }),
    invalidate: () => {
      state.invalidations++;
      state.token = 't2';
    },
  };
  return { credentials, state };
}

function setup(server = ORIGIN) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const { credentials, state } = fakeCredentials(server);
  const clock = new FakeClock();
  const http = new KubeHttp(credentials, { dispatcher: agent, clock, qps: 0 });
  return { pool: agent.get(ORIGIN), http, clock, state, agent };
}

const json = { 'content-type': 'application/json' };
const status = (code: number, reason: string) => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, code, message: reason });

test('GET sends the user agent, accept and bearer token, and parses JSON', async () => {
  const { pool, http } = setup();
  let seen: Record<string, string> = {};
  pool.intercept({ path: '/api/v1/namespaces/default/configmaps?labelSelector=a%3Db&limit=5', method: 'GET' }).reply((req) => {
    seen = req.headers as Record<string, string>;
    return { statusCode: 200, data: { kind: 'ConfigMapList', items: [] }, responseOptions: { headers: json } };
  });
  const body = await http.request<{ kind: string }>({
    method: 'GET',
    path: '/api/v1/namespaces/default/configmaps',
    query: { labelSelector: 'a=b', limit: 5, continue: undefined, fieldSelector: '' },
  });
  assert.equal(body.kind, 'ConfigMapList');
  assert.match(seen['user-agent'] ?? '', new RegExp(`^kro-ts/${KRO_TS_VERSION.replace(/\./g, '\\.')} `));
  assert.equal(seen.accept, 'application/json');
  assert.equal(seen.authorization, 'Bearer t1');
});

test('a server path prefix is kept', async () => {
  const { pool, http } = setup(`${ORIGIN}/k8s/clusters/c-1/`);
  pool.intercept({ path: '/k8s/clusters/c-1/api', method: 'GET' }).reply(200, { kind: 'APIVersions' }, { headers: json });
  assert.deepEqual(await http.request({ method: 'GET', path: '/api' }), { kind: 'APIVersions' });
});

test('non-2xx Status bodies become typed errors', async () => {
  const { pool, http } = setup();
  pool.intercept({ path: '/api/v1/namespaces/x', method: 'GET' }).reply(404, status(404, 'NotFound'), { headers: json });
  pool.intercept({ path: '/api/v1/namespaces/x', method: 'PUT' }).reply(409, status(409, 'Conflict'), { headers: json });
  await assert.rejects(http.request({ method: 'GET', path: '/api/v1/namespaces/x' }), (err) => isNotFound(err));
  await assert.rejects(http.request({ method: 'PUT', path: '/api/v1/namespaces/x', body: {} }), (err) => isConflict(err));
});

test('GET retries 503 with backoff and 429 after Retry-After', async () => {
  const { pool, http, clock } = setup();
  pool.intercept({ path: '/api', method: 'GET' }).reply(503, 'unavailable');
  pool.intercept({ path: '/api', method: 'GET' }).reply(429, status(429, 'TooManyRequests'), { headers: { ...json, 'retry-after': '3' } });
  pool.intercept({ path: '/api', method: 'GET' }).reply(200, { ok: true }, { headers: json });
  assert.deepEqual(await http.request({ method: 'GET', path: '/api' }), { ok: true });
  assert.equal(clock.sleeps.length, 2);
  assert.ok(clock.sleeps[0]! >= 200 && clock.sleeps[0]! <= 300, `backoff with jitter: ${clock.sleeps[0]}`);
  assert.equal(clock.sleeps[1], 3000, 'Retry-After honored');
});

test('POST is not retried on 500, but is on 429; retries stop after maxRetries', async () => {
  const { pool, http } = setup();
  pool.intercept({ path: '/api/v1/namespaces', method: 'POST' }).reply(500, status(500, 'InternalError'), { headers: json });
  await assert.rejects(http.request({ method: 'POST', path: '/api/v1/namespaces', body: {} }), (err: { code?: number }) => err.code === 500);
  pool.intercept({ path: '/api/v1/namespaces', method: 'POST' }).reply(429, status(429, 'TooManyRequests'), { headers: json });
  pool.intercept({ path: '/api/v1/namespaces', method: 'POST' }).reply(201, { created: true }, { headers: json });
  assert.deepEqual(await http.request({ method: 'POST', path: '/api/v1/namespaces', body: {} }), { created: true });
  pool.intercept({ path: '/api/v1/pods', method: 'GET' }).reply(429, status(429, 'TooManyRequests'), { headers: json }).times(6);
  await assert.rejects(http.request({ method: 'GET', path: '/api/v1/pods' }), (err) => isTooManyRequests(err));
});

test('network errors on idempotent calls are retried', async () => {
  const { pool, http } = setup();
  pool.intercept({ path: '/version', method: 'GET' }).replyWithError(new Error('socket hang up'));
  pool.intercept({ path: '/version', method: 'GET' }).reply(200, { gitVersion: 'v1.36.3' }, { headers: json });
  assert.deepEqual(await http.request({ method: 'GET', path: '/version' }), { gitVersion: 'v1.36.3' });
});

test('401 invalidates the credentials and retries once with the new token', async () => {
  const { pool, http, state } = setup();
  const tokens: string[] = [];
  pool.intercept({ path: '/api', method: 'GET' }).reply((req) => {
    tokens.push((req.headers as Record<string, string>).authorization ?? '');
    return { statusCode: 401, data: status(401, 'Unauthorized'), responseOptions: { headers: json } };
  }).times(1);
  pool.intercept({ path: '/api', method: 'GET' }).reply((req) => {
    tokens.push((req.headers as Record<string, string>).authorization ?? '');
    return { statusCode: 200, data: {}, responseOptions: { headers: json } };
  });
  await http.request({ method: 'GET', path: '/api' });
  assert.deepEqual(tokens, ['Bearer t1', 'Bearer t2']);
  assert.equal(state.invalidations, 1);
  pool.intercept({ path: '/api', method: 'GET' }).reply(401, status(401, 'Unauthorized'), { headers: json }).times(2);
  await assert.rejects(http.request({ method: 'GET', path: '/api' }), (err: { code?: number }) => err.code === 401);
});

test('PATCH bodies carry their content type', async () => {
  const { pool, http } = setup();
  let contentType = '';
  pool.intercept({ path: '/api/v1/namespaces/a/configmaps/b?fieldManager=kro&force=true', method: 'PATCH' }).reply((req) => {
    contentType = (req.headers as Record<string, string>)['content-type'] ?? '';
    return { statusCode: 200, data: JSON.parse(req.body as string), responseOptions: { headers: json } };
  });
  const echoed = await http.request({
    method: 'PATCH',
    path: '/api/v1/namespaces/a/configmaps/b',
    query: { fieldManager: 'kro', force: true },
    body: { data: { k: 'v' } },
    contentType: 'application/apply-patch+yaml',
  });
  assert.equal(contentType, 'application/apply-patch+yaml');
  assert.deepEqual(echoed, { data: { k: 'v' } });
});

test('a watch stream yields events and turns an ERROR event into a typed error', async () => {
  const { pool, http } = setup();
  const lines = [
    { type: 'ADDED', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', resourceVersion: '2' } } },
    { type: 'BOOKMARK', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { resourceVersion: '3' } } },
    { type: 'ERROR', object: status(410, 'Expired') },
  ];
  pool
    .intercept({ path: '/api/v1/configmaps?resourceVersion=1&allowWatchBookmarks=true&watch=true', method: 'GET' })
    .reply(200, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const watch = await openWatch(http, { path: '/api/v1/configmaps', query: { resourceVersion: '1', allowWatchBookmarks: true } });
  const seen: string[] = [];
  await assert.rejects(
    (async () => {
      for await (const e of watch) seen.push(`${e.type}:${e.object.metadata.resourceVersion}`);
    })(),
    (err) => isGone(err),
  );
  assert.deepEqual(seen, ['ADDED:2', 'BOOKMARK:3']);
});

test('opening a watch retries a 401 once with fresh credentials, other errors are thrown typed', async () => {
  const { pool, http, state } = setup();
  pool.intercept({ path: '/api/v1/pods?watch=true', method: 'GET' }).reply(401, status(401, 'Unauthorized'), { headers: json });
  pool.intercept({ path: '/api/v1/pods?watch=true', method: 'GET' }).reply(200, '');
  const watch = await openWatch(http, { path: '/api/v1/pods', query: {} });
  const events: unknown[] = [];
  for await (const e of watch) events.push(e);
  assert.deepEqual(events, []);
  assert.equal(state.invalidations, 1);
  pool.intercept({ path: '/api/v1/secrets?watch=true', method: 'GET' }).reply(403, status(403, 'Forbidden'), { headers: json });
  await assert.rejects(openWatch(http, { path: '/api/v1/secrets', query: {} }), (err: { code?: number }) => err.code === 403);
});

test('buildQuery drops empty values', () => {
  assert.equal(buildQuery({ a: undefined, b: '', c: 0, d: false, e: 'x y' }), '?c=0&d=false&e=x+y');
  assert.equal(buildQuery({}), '');
});
