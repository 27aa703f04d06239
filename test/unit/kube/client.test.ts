// The dynamic client on undici's MockAgent, for answers the test control plane gives rarely or never.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MockAgent } from 'undici';
import { DynamicClient, KubeHttp, RestMapper, type Credentials } from '../../../src/kube/index.js';

const ORIGIN = 'https://k8s.test:6443';
const json = { 'content-type': 'application/json' };
const gvr = { group: 'kro.run', version: 'v1alpha1', resource: 'webapps' };

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
  const http = new KubeHttp(credentials, { dispatcher: agent, qps: 0 });
  const mapper = new RestMapper(() => Promise.reject(new Error('no discovery in this test')));
  return { pool: agent.get(ORIGIN), client: new DynamicClient(http, mapper) };
}

test('an empty metadata-only list (items: null, a Go nil slice) reads as no items', async () => {
  const { pool, client } = setup();
  pool
    .intercept({ path: '/apis/kro.run/v1alpha1/webapps?limit=1', method: 'GET' })
    .reply(200, { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '7' }, items: null }, { headers: json });
  const list = await client.list({ gvr }, { limit: 1, metadataOnly: true });
  assert.deepEqual(list.items, []);
});

test('an empty full list with items: null reads as no items too', async () => {
  const { pool, client } = setup();
  pool
    .intercept({ path: '/apis/kro.run/v1alpha1/webapps', method: 'GET' })
    .reply(200, { kind: 'WebAppList', apiVersion: 'kro.run/v1alpha1', metadata: { resourceVersion: '7' }, items: null }, { headers: json });
  const list = await client.list({ gvr });
  assert.deepEqual(list.items, []);
});
