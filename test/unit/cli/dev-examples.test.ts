// The examples that `kro dev` and `kro demo` use stay valid: each RGD validates offline and each instance renders
// (webapp: the Service waits for the Deployment's status; configmap-chain: completely, status included).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kro, repoRoot, shown } from './helpers.js';

const example = (path: string) => `${repoRoot}examples/${path}`;

describe('examples/', () => {
  for (const name of ['webapp', 'configmap-chain']) {
    test(`${name}: the RGD validates offline`, async () => {
      const r = await kro(['validate', 'rgd', '-f', example(`${name}/rgd.yaml`)]);
      assert.equal(r.code, 0, shown(r));
      assert.match(r.stdout, /Validation successful!/);
    });
  }

  test('webapp: ConfigMap then Deployment render; the Service waits for the Deployment to be ready', async () => {
    const r = await kro(['render', '-f', example('webapp/rgd.yaml'), '--instance', example('webapp/instance.yaml')]);
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /# config: v1 ConfigMap \(apply order 1\)[\s\S]*name: hello-config[\s\S]*MESSAGE: Hello from kro-ts/);
    assert.match(r.stdout, /# deployment: apps\/v1 Deployment \(apply order 2\)[\s\S]*replicas: 2[\s\S]*image: nginx:1\.27/);
    assert.match(r.stdout, /# service: v1 Service not rendered \(IN_PROGRESS\)/);
    // ingress.enabled defaults to false (the schema's default under an omitted object): the Ingress is skipped.
    assert.match(r.stdout, /^# ingress: networking\.k8s\.io\/v1 Ingress not rendered \(SKIPPED\): skipped: includeWhen \$\{schema\.spec\.ingress\.enabled\} is false$/m);
  });

  test('configmap-chain: all three ConfigMaps render in order and the status is projected', async () => {
    const r = await kro(['render', '-f', example('configmap-chain/rgd.yaml'), '--instance', example('configmap-chain/instance.yaml')]);
    assert.equal(r.code, 0, shown(r));
    const order = ['# settings: v1 ConfigMap (apply order 1)', '# endpoints: v1 ConfigMap (apply order 2)', '# summary: v1 ConfigMap (apply order 3)'];
    let at = -1;
    for (const header of order) {
      const next = r.stdout.indexOf(header);
      assert.ok(next > at, `${header} after the previous one\n${r.stdout}`);
      at = next;
    }
    assert.match(r.stdout, /^# {3}endpoint: https:\/\/api\.prod\.us-east-1\.example\.com$/m);
    assert.match(r.stdout, /^# {3}description: prod in us-east-1 with 1 replica\(s\)$/m);
    assert.match(r.stdout, /^# {3}state: ACTIVE$/m);
  });
});
