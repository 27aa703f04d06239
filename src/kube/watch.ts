// One watch request as an async iterable of typed events. The body is NDJSON; an ERROR event (a Status,
// e.g. 410 Expired) ends the stream by throwing the matching KubeError, so consumers classify it with
// isGone() like any other failure. No inactivity timeout shorter than two bookmark periods is applied (the
// watch Agent's body timeout), unlike client-node's 30 s that reconnects every quiet watch.
import type { KubeObject } from '../api/index.js';
import { KubeError, kubeErrorFromStatus } from './errors.js';
import type { KubeHttp, QueryValue } from './http.js';
import { parseNdjson } from './ndjson.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchEvent<T extends KubeObject = KubeObject> {
  readonly type: WatchEventType;
  readonly object: T;
}

/** An open watch. Iterate it once; `close()` (or the request's AbortSignal) ends it. */
export interface KubeWatch<T extends KubeObject = KubeObject> extends AsyncIterable<WatchEvent<T>> {
  close(): void;
}

/** Annotation on the BOOKMARK that ends the initial events of a streaming list (sendInitialEvents=true). */
export const INITIAL_EVENTS_END_ANNOTATION = 'k8s.io/initial-events-end';

const EVENT_TYPES: ReadonlySet<string> = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK']);

/** Validates one decoded watch line; throws the KubeError of an ERROR event. */
export function toWatchEvent<T extends KubeObject>(raw: unknown, path = ''): WatchEvent<T> {
  const event = raw as { type?: unknown; object?: unknown } | null;
  if (event?.type === 'ERROR') {
    const status = event.object as { code?: unknown } | undefined;
    throw kubeErrorFromStatus(typeof status?.code === 'number' ? status.code : 0, event.object, { method: 'WATCH', path });
  }
  if (typeof event?.type !== 'string' || !EVENT_TYPES.has(event.type) || typeof event.object !== 'object' || event.object === null) {
    throw new KubeError({ code: 0, reason: 'Unknown', message: `WATCH ${path}: malformed watch event`, path });
  }
  return { type: event.type as WatchEventType, object: event.object as T };
}

export async function openWatch<T extends KubeObject>(
  http: KubeHttp,
  request: { path: string; query: Readonly<Record<string, QueryValue>>; accept?: string; signal?: AbortSignal },
): Promise<KubeWatch<T>> {
  const stream = await http.stream({
    method: 'GET',
    path: request.path,
    query: { ...request.query, watch: true },
    ...(request.accept ? { accept: request.accept } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  let iterated = false;
  return {
    close: () => stream.close(),
    [Symbol.asyncIterator]: () => {
      if (iterated) throw new Error('a KubeWatch can be iterated only once');
      iterated = true;
      return (async function* () {
        try {
          for await (const raw of parseNdjson(stream.body)) yield toWatchEvent<T>(raw, request.path);
        } finally {
          stream.close();
        }
      })();
    },
  };
}
