// The OpenAPI v3 client on undici's MockAgent: a document URL whose hash went stale (the server redirects it, as
// kube-apiserver does after another CRD of the group-version changed) is replaced by re-reading the index.
// Found by the externalref_watch scenario: an RGD externalRef-ing another RGD's kind stayed Inactive with
// `GET /openapi/v3/apis/kro.run/v1alpha1?hash=...: HTTP 301`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MockAgent } from 'undici';
import { KubeHttp, OpenApiClient, type Credentials } from '../../../src/kube/index.js';

const ORIGIN = 'https://k8s.test:6443';
const json = { 'content-type': 'application/json' };

function setup() {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const credentials: Credentials = {
    server: ORIGIN,
    namespace: 'default',
    source: 'kubeconfig',
    auth: () => Promise.resolve({ tls: { rejectUnauthorized: true }, headers: {} }),
    invalidate: () => undefined,
  };
  return { pool: agent.get(ORIGIN), openapi: new OpenApiClient(new KubeHttp(credentials, { dispatcher: agent, qps: 0 })) };
}

function index(hash: string) {
  return { paths: { 'apis/kro.run/v1alpha1': { serverRelativeURL: `/openapi/v3/apis/kro.run/v1alpha1?hash=${hash}` } } };
}

function documentWith(kinds: string[]) {
  return {
    openapi: '3.0.0',
    components: {
      schemas: Object.fromEntries(
        kinds.map((kind) => [`run.kro.v1alpha1.${kind}`, { type: 'object', 'x-kubernetes-group-version-kind': [{ group: 'kro.run', version: 'v1alpha1', kind }] }]),
      ),
    },
  };
}

test('a redirected (stale) document URL is replaced by the one of a fresh index', async () => {
  const { pool, openapi } = setup();
  pool.intercept({ path: '/openapi/v3', method: 'GET' }).reply(200, index('OLD'), { headers: json });
  await openapi.paths();
  // Another CRD of the group appeared since: the cached index still names hash OLD, the server redirects it.
  pool.intercept({ path: '/openapi/v3/apis/kro.run/v1alpha1?hash=OLD', method: 'GET' }).reply(301, '', { headers: { location: '/openapi/v3/apis/kro.run/v1alpha1?hash=NEW' } });
  pool.intercept({ path: '/openapi/v3', method: 'GET' }).reply(200, index('NEW'), { headers: json });
  pool.intercept({ path: '/openapi/v3/apis/kro.run/v1alpha1?hash=NEW', method: 'GET' }).reply(200, documentWith(['Old', 'Fresh']), { headers: json });
  const schema = await openapi.schemaFor({ group: 'kro.run', version: 'v1alpha1', kind: 'Fresh' });
  assert.equal(schema?.type, 'object');
});

test('document() also re-reads the index when its URL is redirected', async () => {
  const { pool, openapi } = setup();
  pool.intercept({ path: '/openapi/v3', method: 'GET' }).reply(200, index('OLD'), { headers: json });
  await openapi.paths();
  pool.intercept({ path: '/openapi/v3/apis/kro.run/v1alpha1?hash=OLD', method: 'GET' }).reply(301, '', { headers: { location: '/x' } });
  pool.intercept({ path: '/openapi/v3', method: 'GET' }).reply(200, index('NEW'), { headers: json });
  pool.intercept({ path: '/openapi/v3/apis/kro.run/v1alpha1?hash=NEW', method: 'GET' }).reply(200, documentWith(['Fresh']), { headers: json });
  const doc = await openapi.document('kro.run', 'v1alpha1');
  assert.ok(doc?.components?.schemas?.['run.kro.v1alpha1.Fresh']);
});
