// The door of src/controller/revisions: the in-memory registry of compiled GraphRevisions shared by the RGD,
// GraphRevision and instance controllers, revision naming and retention.
export { RevisionRegistry } from './registry.js';
export type { RevisionEntry, RevisionRegistryListener, RevisionResolver, RevisionState } from './registry.js';
export { fnv32a, graphRevisionName, retentionFloor } from './naming.js';
export { recordRegistryMetrics } from './metrics.js';
