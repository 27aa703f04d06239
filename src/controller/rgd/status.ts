// Writing the RGD's status (spec 3.2 step 8): state, conditions, the served graph's topologicalOrder and resources,
// and lastIssuedRevision, merge-patched on the status subresource only when something changed, so a steady RGD
// costs no writes and its resourceVersion stays put.
import {
  RGD_PLURAL,
  KRO_GROUP,
  KRO_VERSION_V1ALPHA1,
  jsonEqual,
  type Condition,
  type ResourceGraphDefinition,
  type ResourceGraphDefinitionStatus,
  type ResourceInformation,
} from '../../api/index.js';
import type { KubeClient } from '../../kube/index.js';

export const RGD_GVR = { group: KRO_GROUP, version: KRO_VERSION_V1ALPHA1, resource: RGD_PLURAL } as const;

export interface RgdStatusFields {
  readonly state: string;
  readonly conditions: readonly Condition[];
  /** Undefined clears the field (an invalid spec, or nothing served yet). */
  readonly topologicalOrder?: readonly string[];
  readonly resources?: readonly ResourceInformation[];
  readonly lastIssuedRevision: number;
}

/** The status object these fields describe, without empty lists or a zero revision (as Go's omitempty writes it). */
export function rgdStatusOf(fields: RgdStatusFields): ResourceGraphDefinitionStatus {
  const status: ResourceGraphDefinitionStatus = { state: fields.state, conditions: fields.conditions.map((c) => ({ ...c })) };
  if (fields.topologicalOrder && fields.topologicalOrder.length > 0) status.topologicalOrder = [...fields.topologicalOrder];
  if (fields.resources && fields.resources.length > 0) status.resources = structuredClone([...fields.resources]);
  if (fields.lastIssuedRevision > 0) status.lastIssuedRevision = fields.lastIssuedRevision;
  return status;
}

/** Whether the status on the object already says what `next` says. */
export function statusUnchanged(current: ResourceGraphDefinitionStatus | undefined, next: ResourceGraphDefinitionStatus): boolean {
  return jsonEqual(normalize(current ?? {}), normalize(next));
}

function normalize(status: ResourceGraphDefinitionStatus): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(status)) {
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0) || (key === 'lastIssuedRevision' && value === 0)) continue;
    out[key] = value;
  }
  return out;
}

/** Merge-patches the status when it differs from the object's; returns whether a write happened. */
export async function writeRgdStatus(kube: KubeClient, rgd: ResourceGraphDefinition, next: ResourceGraphDefinitionStatus): Promise<boolean> {
  if (statusUnchanged(rgd.status, next)) return false;
  const patch = {
    status: {
      state: next.state ?? null,
      conditions: next.conditions ?? null,
      topologicalOrder: next.topologicalOrder ?? null,
      resources: next.resources ?? null,
      lastIssuedRevision: next.lastIssuedRevision ?? null,
    },
  };
  await kube.dynamic.patch({ gvr: RGD_GVR }, rgd.metadata.name ?? '', patch, { type: 'merge', subresource: 'status' });
  return true;
}
