// Writing an instance's status (3.1 step 11, K2, behavior 37): only when the computed status differs from what the
// reconcile read (canonical JSON, so CEL's float64 whole numbers compare equal to integers), then GET the latest
// object, replace its whole `.status` and UpdateStatus, again on a conflict. No server-side apply and no merge:
// fields that stopped resolving disappear.
import type { JsonObject, KubeObject } from '../../api/index.js';
import { isConflict } from '../../kube/index.js';
import type { InstanceIO } from './cluster-port.js';

const MAX_CONFLICT_RETRIES = 5;

/** Replaces the instance's status; returns the updated object. Throws when it cannot (NotFound included). */
export async function replaceStatus(io: InstanceIO, status: JsonObject): Promise<KubeObject> {
  const { kube, parent } = io;
  const target = { gvr: parent.gvr, namespace: parent.namespace || undefined };
  for (let attempt = 0; ; attempt++) {
    io.count('get');
    const latest = await kube.dynamic.get(target, parent.name, { signal: io.signal });
    latest.status = status;
    io.count('update');
    try {
      return await kube.dynamic.updateStatus(latest, { signal: io.signal });
    } catch (err) {
      if (!isConflict(err) || attempt >= MAX_CONFLICT_RETRIES) throw err;
    }
  }
}
