// `kro dev`'s live view: watches every RGD and, once an RGD is Active, the instances of the kind it serves, and
// prints one line per change of state or Ready condition (live-line.ts). Watches go through the informer factory
// of the dev session's own client (not the controller's), so the view shows what any API client would see.
import type { KubeObject, ResourceGraphDefinition } from '../../api/index.js';
import type { InformerHandle, KubeClient } from '../../kube/index.js';
import { instanceCrdIdentity } from '../../schema/index.js';
import { formatLiveLine, LiveChanges, snapshotOf, type LineFormat } from './live-line.js';

export const RGD_GVR = { group: 'kro.run', version: 'v1alpha1', resource: 'resourcegraphdefinitions' };

export interface LiveViewOptions {
  readonly kube: KubeClient;
  /** Receives each line (without a newline). */
  readonly print: (line: string) => void;
  readonly format?: LineFormat;
  /** Watch failures (e.g. while the API server stops); the view keeps retrying. */
  readonly onError?: (err: unknown) => void;
  readonly now?: () => Date;
}

interface InstanceWatch {
  readonly key: string;
  readonly handle: InformerHandle;
}

/** The instance resource an RGD serves: `{group, version, resource}` and a key for comparing. */
export function instanceResourceOf(rgd: ResourceGraphDefinition): { gvr: { group: string; version: string; resource: string }; key: string } | undefined {
  const schema = rgd.spec?.schema;
  if (!schema || typeof schema.kind !== 'string' || typeof schema.apiVersion !== 'string') return undefined;
  const identity = instanceCrdIdentity({ kind: schema.kind, group: typeof schema.group === 'string' ? schema.group : '' });
  const gvr = { group: identity.group, version: schema.apiVersion, resource: identity.plural };
  return { gvr, key: `${gvr.group}/${gvr.version}/${gvr.resource}` };
}

export class LiveView {
  private readonly changes = new LiveChanges();
  private readonly instanceWatches = new Map<string, InstanceWatch>();
  private rgdHandle: InformerHandle | undefined;
  private stopped = false;

  constructor(private readonly options: LiveViewOptions) {}

  start(): void {
    const { kube } = this.options;
    const informerOptions = this.options.onError ? { onError: this.options.onError } : {};
    this.rgdHandle = kube.informers.acquire({ gvr: RGD_GVR }, informerOptions);
    this.rgdHandle.addHandlers({
      onAdd: (obj) => this.onRgd(obj),
      onUpdate: (_old, obj) => this.onRgd(obj),
      onDelete: (obj) => this.onRgdDeleted(obj),
    });
  }

  /** Stops every watch. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const handles = [...this.instanceWatches.values()].map((w) => w.handle);
    this.instanceWatches.clear();
    if (this.rgdHandle) handles.push(this.rgdHandle);
    await Promise.all(handles.map((h) => h.release()));
  }

  private show(obj: KubeObject, deleted = false): void {
    if (this.stopped) return;
    const snapshot = snapshotOf(obj, deleted);
    if (!this.changes.changed(snapshot)) return;
    this.options.print(formatLiveLine(this.options.now?.() ?? new Date(), snapshot, this.options.format));
  }

  private onRgd(obj: KubeObject): void {
    this.show(obj);
    const rgd = obj as ResourceGraphDefinition;
    const name = obj.metadata.name ?? '';
    const target = instanceResourceOf(rgd);
    const current = this.instanceWatches.get(name);
    // Watch instances once the kind is served (Active); keep watching through later changes of state, so
    // instances of an RGD that turned Inactive still show what happens to them.
    const active = (rgd.status as { state?: unknown } | undefined)?.state === 'Active';
    if (!target || (current && current.key === target.key) || (!current && !active)) return;
    if (current) void current.handle.release();
    this.watchInstances(name, target.gvr, target.key);
  }

  private onRgdDeleted(obj: KubeObject): void {
    this.show(obj, true);
    const name = obj.metadata.name ?? '';
    const current = this.instanceWatches.get(name);
    if (current) {
      this.instanceWatches.delete(name);
      void current.handle.release();
    }
  }

  private watchInstances(rgdName: string, gvr: { group: string; version: string; resource: string }, key: string): void {
    if (this.stopped) return;
    const informerOptions = this.options.onError ? { onError: this.options.onError } : {};
    const handle = this.options.kube.informers.acquire({ gvr }, informerOptions);
    handle.addHandlers({
      onAdd: (obj) => this.show(obj),
      onUpdate: (_old, obj) => this.show(obj),
      onDelete: (obj) => this.show(obj, true),
    });
    this.instanceWatches.set(rgdName, { key, handle });
  }
}
