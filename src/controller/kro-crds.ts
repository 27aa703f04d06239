// Installs or upgrades kro-ts's own CRDs (ResourceGraphDefinition, GraphRevision) at start-up with server-side
// apply, then waits until they are Established, so `kro controller` works on an empty cluster and an upgrade of
// kro-ts upgrades its API. `--install-crds=false` skips this for clusters where CRDs are managed elsewhere (Helm,
// GitOps); the controller then only waits for them to be served.
import { kroCrds, type KubeObject } from '../api/index.js';
import type { KubeClient } from '../kube/index.js';
import type { Logger } from './logger.js';
import { CrdManager } from './rgd/crd.js';

export const CRD_FIELD_MANAGER = 'kro-ts';

export async function installKroCrds(kube: KubeClient, logger: Logger, options: { install: boolean; timeoutMs?: number; signal?: AbortSignal }): Promise<void> {
  const crds = kroCrds();
  if (options.install) {
    for (const crd of crds) {
      await kube.dynamic.apply(crd as unknown as KubeObject, { fieldManager: CRD_FIELD_MANAGER, force: true });
      logger.info({ crd: crd.metadata.name }, 'applied CRD');
    }
  }
  const manager = new CrdManager(kube, logger, { timeoutMs: options.timeoutMs ?? 120_000 });
  for (const crd of crds) await manager.waitEstablished(crd.metadata.name ?? '', options.signal);
  kube.mapper.invalidate();
}
