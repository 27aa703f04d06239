// Ensures the instance CRD of an RGD (spec 2.3, upstream pkg/client/crd.go): create it, or update it only when the
// compatibility diff sees a change or the names differ, refusing breaking changes unless allowed, and refusing to
// touch a CRD kro does not own or another RGD owns; then wait until it is Established (every 150 ms, up to 2
// minutes). Errors carry upstream's messages: they become the KindReady condition's message.
import { CRD_API_VERSION, type CustomResourceDefinition, type KubeObject } from '../../api/index.js';
import { isNotFound, type KubeClient } from '../../kube/index.js';
import { breakingChangesMessage, checkCrdOwnership, crdNeedsUpdate, diffCrds } from '../../schema/index.js';
import type { Logger } from '../logger.js';

export const CRD_GVR = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' } as const;

export interface CrdEnsureOptions {
  /** @default 150 */
  readonly pollIntervalMs?: number;
  /** @default 120000 */
  readonly timeoutMs?: number;
}

export class CrdManager {
  constructor(
    private readonly kube: KubeClient,
    private readonly logger: Logger,
    private readonly options: CrdEnsureOptions = {},
  ) {}

  async get(name: string): Promise<CustomResourceDefinition> {
    return (await this.kube.dynamic.get({ gvr: CRD_GVR }, name)) as unknown as CustomResourceDefinition;
  }

  /** Undefined when the CRD does not exist. */
  async find(name: string): Promise<CustomResourceDefinition | undefined> {
    try {
      return await this.get(name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Creates or updates the CRD as needed; resolves with it once Established. */
  async ensure(desired: CustomResourceDefinition, allowBreakingChanges: boolean, signal?: AbortSignal): Promise<CustomResourceDefinition> {
    const name = desired.metadata.name ?? '';
    let existing: CustomResourceDefinition | undefined;
    try {
      existing = await this.find(name);
    } catch (err) {
      throw new Error(`failed to check for existing CRD: ${errorText(err)}`, { cause: err });
    }
    if (!existing) {
      this.logger.info({ crd: name }, 'creating CRD');
      try {
        await this.kube.dynamic.create(desired as unknown as KubeObject);
      } catch (err) {
        throw new Error(`failed to create CRD: ${errorText(err)}`, { cause: err });
      }
    } else {
      const ownership = checkCrdOwnership(name, existing.metadata, desired.metadata);
      if (!ownership.ok) throw new Error(ownership.message);
      if (ownership.adopt) this.logger.info({ crd: name }, 'adopting CRD of a recreated ResourceGraphDefinition');
      const diff = diffCrds(existing, desired);
      if (!diff.ok) throw new Error(`failed to check schema compatibility: ${diff.error}`);
      if (!crdNeedsUpdate(diff.diff)) {
        this.logger.debug({ crd: name }, 'CRD is up to date');
      } else {
        if (diff.diff.breaking.length > 0) {
          if (!allowBreakingChanges) throw new Error(breakingChangesMessage(name, diff.diff));
          this.logger.info({ crd: name, breakingChanges: diff.diff.breaking.length }, 'allowing breaking CRD changes');
        }
        this.logger.info({ crd: name }, 'updating CRD');
        try {
          await this.kube.dynamic.patch({ gvr: CRD_GVR }, name, mergePatchOf(desired), { type: 'merge' });
        } catch (err) {
          throw new Error(`failed to patch CRD: ${errorText(err)}`, { cause: err });
        }
      }
    }
    return this.waitEstablished(name, signal);
  }

  async delete(name: string): Promise<void> {
    try {
      await this.kube.dynamic.delete({ gvr: CRD_GVR }, name);
      this.logger.info({ crd: name }, 'deleted CRD');
    } catch (err) {
      if (!isNotFound(err)) throw new Error(`failed to delete CRD: ${errorText(err)}`, { cause: err });
    }
  }

  async waitEstablished(name: string, signal?: AbortSignal): Promise<CustomResourceDefinition> {
    const interval = this.options.pollIntervalMs ?? 150;
    const deadline = Date.now() + (this.options.timeoutMs ?? 120_000);
    for (;;) {
      const crd = await this.find(name);
      if (crd && isEstablished(crd)) return crd;
      if (Date.now() >= deadline || signal?.aborted) {
        throw new Error(`timed out waiting for CRD ${name} to become established`);
      }
      await new Promise((r) => setTimeout(r, interval));
    }
  }
}

export function isEstablished(crd: CustomResourceDefinition): boolean {
  const conditions = (crd.status?.conditions ?? []) as Array<{ type?: string; status?: string }>;
  return conditions.some((c) => c.type === 'Established' && c.status === 'True');
}

/** The accepted kind the API server reports, falling back to the spec's. */
export function acceptedKind(crd: CustomResourceDefinition): string {
  const accepted = crd.status?.acceptedNames as { kind?: string } | undefined;
  return accepted?.kind || crd.spec.names.kind;
}

/**
 * The merge patch that makes an existing CRD the desired one: spec group, names, scope and versions (versions is a
 * list, so it is replaced whole), plus kro's labels and the schema's annotations. Names the desired CRD no longer
 * has (short names, categories) are sent as null so they are cleared.
 */
export function mergePatchOf(desired: CustomResourceDefinition): Record<string, unknown> {
  const names = { ...desired.spec.names } as Record<string, unknown>;
  for (const key of ['shortNames', 'categories']) if (names[key] === undefined) names[key] = null;
  const metadata: Record<string, unknown> = {};
  if (desired.metadata.labels && Object.keys(desired.metadata.labels).length > 0) metadata.labels = desired.metadata.labels;
  if (desired.metadata.annotations && Object.keys(desired.metadata.annotations).length > 0) metadata.annotations = desired.metadata.annotations;
  return {
    apiVersion: CRD_API_VERSION,
    kind: 'CustomResourceDefinition',
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    spec: { group: desired.spec.group, names, scope: desired.spec.scope, versions: desired.spec.versions },
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
