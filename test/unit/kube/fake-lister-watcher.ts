// A scripted ListerWatcher for reflector and informer unit tests: each list call takes the next list
// script, each watch call the next watch script; when the watch scripts run out, the watch stays open
// until aborted, like a quiet real watch.
import type { KubeObject } from '../../../src/api/index.js';
import type { KubeList, KubeWatch, ListerWatcher, WatchEvent } from '../../../src/kube/index.js';

export type ListScript = KubeList | Error;
export interface WatchScript {
  readonly openError?: Error;
  readonly events?: readonly WatchEvent[];
  /** Thrown after the events (a dropped connection, an ERROR event). */
  readonly endError?: Error;
}

export type WatchCall = Parameters<ListerWatcher['watch']>[0];

export class FakeListerWatcher implements ListerWatcher {
  readonly listCalls: Array<Parameters<ListerWatcher['list']>[0]> = [];
  readonly watchCalls: WatchCall[] = [];

  constructor(private readonly lists: ListScript[], private readonly watches: WatchScript[]) {}

  list(options: Parameters<ListerWatcher['list']>[0]): Promise<KubeList> {
    this.listCalls.push(options);
    const next = this.lists.shift();
    if (!next) return Promise.reject(new Error('no more list scripts'));
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  }

  watch(options: WatchCall): Promise<KubeWatch> {
    this.watchCalls.push(options);
    const script = this.watches.shift();
    if (script?.openError) return Promise.reject(script.openError);
    const signal = options.signal;
    let closed = false;
    let wake: (() => void) | undefined;
    return Promise.resolve({
      close: () => {
        closed = true;
        wake?.();
      },
      [Symbol.asyncIterator]: async function* () {
        if (script) {
          for (const e of script.events ?? []) {
            await Promise.resolve();
            yield e;
          }
          if (script.endError) throw script.endError;
          return;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (closed || signal.aborted) resolve();
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
      },
    });
  }
}

export function cm(name: string, rv: string, data: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', resourceVersion: rv, uid: `uid-${name}` }, data };
}

export function list(items: KubeObject[], rv: string, continueToken?: string): KubeList {
  return { apiVersion: 'v1', kind: 'ConfigMapList', metadata: { resourceVersion: rv, ...(continueToken ? { continue: continueToken } : {}) }, items };
}

export function bookmark(rv: string, initialEventsEnd = false): WatchEvent {
  return {
    type: 'BOOKMARK',
    object: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { resourceVersion: rv, ...(initialEventsEnd ? { annotations: { 'k8s.io/initial-events-end': 'true' } } : {}) },
    },
  };
}
