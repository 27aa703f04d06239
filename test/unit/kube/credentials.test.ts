// In-cluster credentials from mounted files, and kubeconfig loading through client-node: paths, contexts,
// first-wins merging, token re-reads.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { test } from 'node:test';
import { inClusterCredentials, inClusterServer, kubeconfigCredentials, kubeconfigPaths, loadCredentials } from '../../../src/kube/index.js';
import { FakeClock } from './fake-clock.js';

function serviceAccountDir(token: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kro-sa-'));
  writeFileSync(join(dir, 'ca.crt'), '-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n');
  writeFileSync(join(dir, 'token'), `${token}\n`);
  writeFileSync(join(dir, 'namespace'), 'kro-system');
  return dir;
}

test('in-cluster server URL brackets IPv6 hosts', () => {
  assert.equal(inClusterServer('10.0.0.1', '443'), 'https://10.0.0.1:443');
  assert.equal(inClusterServer('fd00::1', '6443'), 'https://[fd00::1]:6443');
});

test('in-cluster: CA, namespace, and a token re-read after its TTL and after invalidate()', async () => {
  const dir = serviceAccountDir('token-1');
  const clock = new FakeClock();
  const creds = await inClusterCredentials({
    env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' },
    serviceAccountDir: dir,
    tokenTtlMs: 60_000,
    clock,
  });
  assert.equal(creds.server, 'https://[fd00::1]:443');
  assert.equal(creds.namespace, 'kro-system');
  const first = await creds.auth();
  assert.equal(first.headers.authorization, 'Bearer token-1');
  assert.match(String(first.tls.ca), /BEGIN CERTIFICATE/);
  writeFileSync(join(dir, 'token'), 'token-2');
  assert.equal((await creds.auth()).headers.authorization, 'Bearer token-1', 'cached within the TTL');
  clock.advance(61_000);
  const second = await creds.auth();
  assert.equal(second.headers.authorization, 'Bearer token-2', 'rotated token picked up');
  assert.equal(second.tls, first.tls, 'TLS identity kept, so connections are reused');
  writeFileSync(join(dir, 'token'), 'token-3');
  creds.invalidate();
  assert.equal((await creds.auth()).headers.authorization, 'Bearer token-3');
});

test('in-cluster without the service env is a clear error', async () => {
  await assert.rejects(inClusterCredentials({ env: {} }), /KUBERNETES_SERVICE_HOST/);
});

function kubeconfigFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const kubeconfigA = `apiVersion: v1
kind: Config
current-context: a
clusters:
- name: shared
  cluster: { server: "https://a.example:6443/", insecure-skip-tls-verify: true }
users:
- name: ua
  user: { token: token-a }
contexts:
- name: a
  context: { cluster: shared, user: ua, namespace: team-a }
`;

const kubeconfigB = `apiVersion: v1
kind: Config
current-context: b
clusters:
- name: shared
  cluster: { server: "https://b.example:6443" }
- name: cb
  cluster: { server: "https://b-only.example:6443" }
users:
- name: ub
  user: { token: token-b }
contexts:
- name: b
  context: { cluster: cb, user: ub }
`;

test('kubeconfig: server, namespace, token and insecure flag from the current context', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kro-kc-'));
  const a = kubeconfigFile(dir, 'a.yaml', kubeconfigA);
  const creds = await kubeconfigCredentials({ path: a });
  assert.equal(creds.server, 'https://a.example:6443');
  assert.equal(creds.namespace, 'team-a');
  const auth = await creds.auth();
  assert.equal(auth.headers.authorization, 'Bearer token-a');
  assert.equal(auth.tls.rejectUnauthorized, false);
});

test('KUBECONFIG lists merge first-wins (client-go), contexts of later files are usable', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kro-kc-'));
  const a = kubeconfigFile(dir, 'a.yaml', kubeconfigA);
  const b = kubeconfigFile(dir, 'b.yaml', kubeconfigB);
  const env = { KUBECONFIG: [a, join(dir, 'missing.yaml'), b].join(delimiter), HOME: dir };
  assert.deepEqual(kubeconfigPaths({ env }), [a, b]);
  const merged = await kubeconfigCredentials({ env });
  assert.equal(merged.server, 'https://a.example:6443', 'current-context and the "shared" cluster come from the first file');
  const other = await kubeconfigCredentials({ env, context: 'b' });
  assert.equal(other.server, 'https://b-only.example:6443');
  assert.equal(other.namespace, 'default');
  assert.equal((await other.auth()).headers.authorization, 'Bearer token-b');
  await assert.rejects(kubeconfigCredentials({ env, context: 'nope' }), /context "nope" not found/);
});

test('without a kubeconfig anywhere, the error says where it looked', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'kro-home-'));
  assert.deepEqual(kubeconfigPaths({ env: { HOME: empty } }), []);
  await assert.rejects(loadCredentials({ env: { HOME: empty } }), /--kubeconfig.*KUBECONFIG.*~\/\.kube\/config/);
});

test('loadCredentials prefers an explicit kubeconfig over in-cluster, and in-cluster over ~/.kube/config', async () => {
  const home = mkdtempSync(join(tmpdir(), 'kro-home-'));
  const sa = serviceAccountDir('t');
  mkdirSync(join(home, '.kube'));
  const kc = kubeconfigFile(join(home, '.kube'), 'config', kubeconfigA);
  const inClusterEnv = { HOME: home, KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
  assert.equal((await loadCredentials({ env: inClusterEnv, path: kc, serviceAccountDir: sa })).source, 'kubeconfig');
  assert.equal((await loadCredentials({ env: inClusterEnv, serviceAccountDir: sa })).source, 'in-cluster');
  assert.equal((await loadCredentials({ env: { HOME: home }, serviceAccountDir: sa })).source, 'kubeconfig');
  assert.equal((await loadCredentials({ env: inClusterEnv, serviceAccountDir: sa, inCluster: false })).source, 'kubeconfig');
});
