// Keeps the graph_revision_registry_* metrics in step with the registry, as a listener: the registry itself
// records nothing, so it stays usable (and testable) without Prometheus.
import type { KroMetrics } from '../metrics.js';
import type { RevisionRegistry } from './registry.js';

export function recordRegistryMetrics(registry: RevisionRegistry, metrics: KroMetrics): () => void {
  const refresh = () => {
    for (const [state, count] of Object.entries(registry.countByState())) metrics.revisionRegistryEntries.set({ state }, count);
  };
  refresh();
  return registry.subscribe({
    onTransition: (entry, from) => {
      metrics.revisionRegistryTransitions.inc({ from: from ?? 'None', to: entry.state });
      refresh();
    },
    onEvict: () => {
      metrics.revisionRegistryEvictions.inc();
      refresh();
    },
  });
}
