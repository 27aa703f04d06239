// Instance deletion (3.3, K5, behavior 47) over the same port, without the graph or any CEL: validate the
// persisted ApplySet inventory, list the members it records, delete the highest apply-order wave still present
// (objects already terminating are waited on), and report `done` when nothing is left so the controller removes
// the finalizer.
import { gvkOf, kubeNow, type KubeObject } from '../../api/index.js';
import { validateParentInventory } from '../applyset/inventory.js';
import { applySetId, applySetMemberSelector } from '../applyset/metadata.js';
import { highestDeletionWave } from '../applyset/prune.js';
import { InstanceConditionMarks } from '../status/conditions.js';
import { computeDeletionStatus, type InstanceStatusResult } from '../status/instance-status.js';
import { errorText } from './nodes.js';
import type { RequeueDecision } from './outcome.js';
import type { ClusterPort } from './port.js';

export interface DeletionInput {
  readonly instance: KubeObject;
  readonly port: ClusterPort;
  /** The RGD declares author conditions (the status keeps them). */
  readonly hasAuthorConditions: boolean;
  readonly now?: () => string;
}

export interface DeletionOutcome {
  /** Nothing is left: remove the finalizer. */
  readonly done: boolean;
  /** The wave deleted now (its apply order), when any. */
  readonly wave?: number;
  readonly deleted: readonly KubeObject[];
  readonly requeue: RequeueDecision;
  readonly status: InstanceStatusResult;
}

export async function reconcileDeletion(input: DeletionInput): Promise<DeletionOutcome> {
  const { instance, port } = input;
  const marks = new InstanceConditionMarks(instance, input.now ?? kubeNow);
  marks.resourcesUnderDeletion('deleting resources');
  const finish = (partial: Omit<DeletionOutcome, 'status'>): DeletionOutcome => ({
    ...partial,
    status: computeDeletionStatus(instance, marks, input.hasAuthorConditions),
  });
  const blocked = (message: string, requeue: RequeueDecision): DeletionOutcome => {
    marks.resourcesUnderDeletion(`deletion blocked: ${message}`);
    return finish({ done: false, deleted: [], requeue });
  };

  const gvk = gvkOf(instance);
  const namespace = instance.metadata.namespace ?? '';
  const id = applySetId({ name: instance.metadata.name ?? '', namespace, kind: gvk.kind, group: gvk.group });
  const inventory = validateParentInventory({ labels: instance.metadata.labels ?? {}, annotations: instance.metadata.annotations ?? {} }, id);
  if (!inventory.ok) {
    const message = `validate deletion inventory: ${inventory.message}`;
    return blocked(message, { kind: 'backoff', error: message });
  }
  const namespaces = [...new Set([...inventory.value.namespaces, namespace === '' ? 'default' : namespace])];
  let members: KubeObject[];
  try {
    const lists = await Promise.all(
      inventory.value.groupKinds.map((groupKind) => port.listApplySetMembers({ groupKind, namespaces, labelSelector: applySetMemberSelector(id) })),
    );
    members = lists.flat();
  } catch (e) {
    const message = `list deletion inventory: ${errorText(e)}`;
    return blocked(message, { kind: 'backoff', error: message });
  }
  if (members.length === 0) return finish({ done: true, deleted: [], requeue: { kind: 'none' } });

  const { order, wave } = highestDeletionWave(members);
  const toDelete = wave.filter((m) => !m.metadata.deletionTimestamp);
  const results = toDelete.length > 0 ? await port.delete(toDelete.map((object) => ({ object }))) : [];
  let conflict = false;
  const deleted: KubeObject[] = [];
  for (let i = 0; i < toDelete.length; i++) {
    const r = results[i];
    if (!r) continue;
    if (r.ok) deleted.push(toDelete[i]!);
    else if (r.outcome === 'conflict') conflict = true;
    else return blocked(r.error, { kind: 'backoff', error: r.error });
  }
  if (conflict) {
    const message = 'deletion encountered UID conflicts; retrying';
    return { ...blocked(message, { kind: 'after-interval', reason: message }), wave: order, deleted };
  }
  return finish({ done: false, wave: order, deleted, requeue: { kind: 'after-interval', reason: `deleting apply-order wave ${order}` } });
}
