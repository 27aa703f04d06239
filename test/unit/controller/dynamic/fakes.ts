// In-memory stand-ins for the informer factory and a manual clock, for dynamic controller unit tests.
import type { KubeObject } from '../../../../src/api/index.js';
import type { Clock } from '../../../../src/controller/queue/index.js';
import type { InformerFactory, InformerHandlers, InformerKey, InformerOptions } from '../../../../src/kube/index.js';

export class FakeInformer {
  readonly handlers = new Set<InformerHandlers>();
  objects: KubeObject[] = [];
  synced = false;
  lastSyncResourceVersion: string | undefined = '1';
  private waiters: ((v: boolean) => void)[] = [];
  onError: ((err: unknown) => void) | undefined;
  refs = 0;

  hasSynced(): boolean {
    return this.synced;
  }
  waitForSync(): Promise<boolean> {
    return this.synced ? Promise.resolve(true) : new Promise((r) => this.waiters.push(r));
  }
  list(): KubeObject[] {
    return this.objects;
  }
  addHandlers(h: InformerHandlers): () => void {
    this.handlers.add(h);
    if (this.synced) for (const o of this.objects) h.onAdd?.(o, true);
    return () => this.handlers.delete(h);
  }
  /** The first list arrives. */
  sync(objects: KubeObject[] = []): void {
    this.objects = objects;
    this.synced = true;
    for (const h of this.handlers) for (const o of objects) h.onAdd?.(o, true);
    for (const w of this.waiters.splice(0)) w(true);
  }
  add(o: KubeObject): void {
    this.objects.push(o);
    for (const h of this.handlers) h.onAdd?.(o, false);
  }
  update(old: KubeObject, next: KubeObject): void {
    this.objects = this.objects.map((o) => (o === old ? next : o));
    for (const h of this.handlers) h.onUpdate?.(old, next);
  }
  remove(o: KubeObject): void {
    this.objects = this.objects.filter((x) => x !== o);
    for (const h of this.handlers) h.onDelete?.(o);
  }
  fail(err: unknown): void {
    this.onError?.(err);
  }
}

export class FakeInformerFactory {
  readonly informers = new Map<string, FakeInformer>();
  acquire(key: InformerKey, options: InformerOptions = {}) {
    const id = key.gvr.resource;
    let informer = this.informers.get(id);
    if (!informer) {
      informer = new FakeInformer();
      informer.onError = options.onError;
      this.informers.set(id, informer);
    }
    informer.refs++;
    const inf = informer;
    const unsubs: (() => void)[] = [];
    return {
      informer: inf,
      addHandlers: (h: InformerHandlers) => void unsubs.push(inf.addHandlers(h)),
      release: () => {
        for (const u of unsubs) u();
        inf.refs--;
        if (inf.refs === 0) this.informers.delete(id);
        return Promise.resolve();
      },
    };
  }
  asFactory(): InformerFactory {
    return this as unknown as InformerFactory;
  }
}

export class ManualClock implements Clock {
  time = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time).sort((a, b) => a.at - b.at);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) t.fn();
  }
}

export function meta(name: string, extra: Partial<KubeObject['metadata']> = {}, namespace = 'ns'): KubeObject {
  return { apiVersion: 'kro.run/v1alpha1', kind: 'App', metadata: { name, namespace, generation: 1, resourceVersion: '1', ...extra } };
}
