// One line of `kro dev`'s live view: what an RGD or an instance looks like now (state and Ready condition), and
// whether that differs from what was last printed for it. Pure, so the format is unit-tested.
//
//   14:03:07  RGD webapp.kro.run        Active       Ready=True
//   14:03:08  WebApp default/hello      IN_PROGRESS  Ready=False NotReady: waiting for deployment ...
import { RGD_KIND, type KubeObject } from '../../api/index.js';

export interface LiveSnapshot {
  readonly kind: string;
  readonly namespace: string | undefined;
  readonly name: string;
  /** `status.state`, `deleted` once gone, `-` while the controller has written nothing. */
  readonly state: string;
  readonly ready: { readonly status: string; readonly reason: string; readonly message: string } | undefined;
}

interface StatusLike {
  state?: unknown;
  conditions?: unknown;
}

/** The snapshot of an RGD or instance as the live view shows it. */
export function snapshotOf(object: KubeObject, deleted = false): LiveSnapshot {
  const status = (object.status ?? {}) as StatusLike;
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Array<Record<string, unknown>>) : [];
  const ready = conditions.find((c) => c.type === 'Ready');
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const state = deleted ? 'deleted' : typeof status.state === 'string' && status.state !== '' ? status.state : '-';
  return {
    kind: object.kind === RGD_KIND ? 'RGD' : object.kind,
    namespace: object.metadata.namespace || undefined,
    name: object.metadata.name ?? '',
    state: object.metadata.deletionTimestamp && !deleted && state !== 'DELETING' ? `${state} (deleting)` : state,
    ready: ready && !deleted ? { status: text(ready.status), reason: text(ready.reason), message: text(ready.message) } : undefined,
  };
}

/** What must change for a new line to be printed. */
export function snapshotKey(s: LiveSnapshot): string {
  return JSON.stringify([s.state, s.ready?.status, s.ready?.reason, s.ready?.message]);
}

export function objectLabel(s: Pick<LiveSnapshot, 'kind' | 'namespace' | 'name'>): string {
  return `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`;
}

function clock(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export interface LineFormat {
  /** Width of the object label column (labels are padded to it). @default 40 */
  readonly labelWidth?: number;
  /** Longest message shown; longer ones end with an ellipsis. @default 240 */
  readonly maxMessage?: number;
}

/** `time  Kind ns/name  STATE  Ready=Status Reason: message` (Ready omitted when the object has none). */
export function formatLiveLine(at: Date, s: LiveSnapshot, format: LineFormat = {}): string {
  const label = objectLabel(s).padEnd(format.labelWidth ?? 40);
  const parts = [clock(at), label, s.state.padEnd(11)];
  if (s.ready) {
    const detail = [s.ready.reason, s.ready.message].filter((p) => p !== '');
    const explanation = s.ready.status === 'True' ? '' : detail.length === 2 ? ` ${detail[0]}: ${detail[1]}` : detail.length === 1 ? ` ${detail[0]}` : '';
    parts.push(oneLine(`Ready=${s.ready.status || 'Unknown'}${explanation}`, format.maxMessage ?? 240));
  }
  return parts.join('  ').trimEnd();
}

/** Remembers the last printed snapshot per object and says which updates deserve a line. */
export class LiveChanges {
  private readonly last = new Map<string, string>();

  /** True when `s` differs from what was printed last for the same object (and records it). */
  changed(s: LiveSnapshot): boolean {
    const id = objectLabel(s);
    const key = snapshotKey(s);
    if (this.last.get(id) === key) return false;
    if (s.state === 'deleted') this.last.delete(id);
    else this.last.set(id, key);
    return true;
  }
}
