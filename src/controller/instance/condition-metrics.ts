// `instance_condition_current_status_seconds` (gate InstanceConditionMetrics, 1.O): for every condition of every
// instance, how long it has been in its current status, computed when Prometheus scrapes (upstream's
// duration_collector), from the lastTransitionTime of the conditions the last reconcile left on the instance.
import { Gauge, type Registry } from 'prom-client';
import type { Condition } from '../../api/index.js';

const NAME = 'instance_condition_current_status_seconds';

interface Entry {
  readonly gvr: string;
  readonly namespace: string;
  readonly name: string;
  readonly conditions: readonly Condition[];
}

export class ConditionDurations {
  private readonly entries = new Map<string, Entry>();

  constructor(registry: Registry, now: () => number = Date.now) {
    if (registry.getSingleMetric(NAME)) return;
    const entries = this.entries;
    new Gauge({
      name: NAME,
      help: 'Seconds each instance condition has been in its current status',
      labelNames: ['gvr', 'namespace', 'name', 'condition_type', 'condition_status', 'reason'],
      registers: [registry],
      collect() {
        this.reset();
        const at = now();
        for (const e of entries.values()) {
          for (const c of e.conditions) {
            const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
            if (Number.isNaN(since)) continue;
            this.set(
              { gvr: e.gvr, namespace: e.namespace, name: e.name, condition_type: c.type, condition_status: c.status, reason: c.reason ?? '' },
              Math.max(0, (at - since) / 1000),
            );
          }
        }
      },
    });
  }

  observe(key: string, entry: Entry): void {
    this.entries.set(key, entry);
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
