// The door of src/devcluster: provisioning of etcd + kube-apiserver binaries and the ControlPlane harness.
export { ensureControlPlaneBinaries, processAlive } from './binaries.js';
export type { ControlPlaneBinaries, EnsureBinariesOptions } from './binaries.js';
export { startControlPlane } from './control-plane.js';
export type { ControlPlane, StartControlPlaneOptions } from './control-plane.js';
