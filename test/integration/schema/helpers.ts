// Helpers of the schema integration tests: apply objects with kubectl (as a user would), wait for CRDs to be
// Established, and clean up. CRDs use groups unique to the test so files sharing the control plane never collide.
import type { CustomResourceDefinition } from '../../../src/api/index.js';
import { createTestNamespace, eventually, kubectl, kubectlOk } from '../support.js';

/** Applies objects (as one List) and returns kubectl's result, failures included. */
export function apply(objects: readonly object[], extraArgs: readonly string[] = []) {
  return kubectl(['apply', '-f', '-', ...extraArgs], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
}

export async function applyOk(objects: readonly object[]): Promise<void> {
  const r = await apply(objects);
  if (r.code !== 0) throw new Error(`kubectl apply failed: ${r.stderr}`);
}

/** Waits until every CRD is Established and its names are accepted. */
export async function waitEstablished(names: readonly string[], timeout = '120s'): Promise<void> {
  if (names.length === 0) return;
  const crds = names.map((n) => `crd/${n}`);
  await kubectlOk(['wait', '--for=condition=Established', `--timeout=${timeout}`, ...crds]);
  await kubectlOk(['wait', '--for=condition=NamesAccepted', `--timeout=${timeout}`, ...crds]);
}

export async function deleteCrds(crds: readonly CustomResourceDefinition[]): Promise<void> {
  if (crds.length === 0) return;
  await kubectl(['delete', 'crd', '--wait=false', '--ignore-not-found', ...crds.map((c) => c.metadata.name!)]);
}

/** The CRD with its group (and so its name) moved under `group`. */
export function inGroup(crd: CustomResourceDefinition, group: string): CustomResourceDefinition {
  const copy = structuredClone(crd);
  copy.spec.group = group;
  copy.metadata.name = `${copy.spec.names.plural}.${group}`;
  return copy;
}

/**
 * Installs a namespaced CRD and returns a fresh namespace once its kind is served there (the REST mapping of a
 * just-Established CRD can lag a little behind the condition).
 */
export async function installCrdWithNamespace(crd: CustomResourceDefinition, namespacePrefix: string): Promise<string> {
  await applyOk([crd]);
  await waitEstablished([crd.metadata.name!]);
  const ns = await createTestNamespace(namespacePrefix);
  const resource = `${crd.spec.names.plural}.${crd.spec.group}`;
  await eventually(async () => ((await kubectl(['get', resource, '-n', ns])).code === 0 ? true : undefined), {
    message: `${crd.spec.names.kind} served`,
  });
  return ns;
}
