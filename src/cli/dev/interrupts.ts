// Ctrl-C for long-running commands (`kro dev`, `kro demo`): the first SIGINT or SIGTERM aborts `signal` so the
// command stops what it is doing and cleans up; a second one exits at once (the control plane's exit hook still
// kills etcd and kube-apiserver and removes the data folder).
export class Interrupts {
  private readonly abort = new AbortController();
  private received: NodeJS.Signals | undefined;
  private readonly handler = (signal: NodeJS.Signals) => this.onSignal(signal);
  private readonly waiters: Array<(signal: NodeJS.Signals) => void> = [];

  constructor(private readonly hooks: { onFirst?: (signal: NodeJS.Signals) => void; onForced?: () => void } = {}) {}

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** The signal received first, if any. */
  get interrupted(): NodeJS.Signals | undefined {
    return this.received;
  }

  install(): this {
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
    return this;
  }

  dispose(): void {
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
  }

  /** Resolves with the first signal (at once if one was already received). */
  wait(): Promise<NodeJS.Signals> {
    if (this.received) return Promise.resolve(this.received);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private onSignal(signal: NodeJS.Signals): void {
    if (this.received) {
      this.hooks.onForced?.();
      process.exit(130);
    }
    this.received = signal;
    this.hooks.onFirst?.(signal);
    this.abort.abort();
    for (const resolve of this.waiters.splice(0)) resolve(signal);
  }
}
