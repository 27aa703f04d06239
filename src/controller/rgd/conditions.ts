// The RGD's conditions and state (spec I1, I2), with upstream's reasons and messages:
//
//   Ready
//   ├── GraphRevisionsResolved  the latest GraphRevision is known, compiled and active
//   ├── GraphAccepted           spec.schema and spec.resources are valid
//   ├── KindReady               the generated CRD is Established
//   └── ControllerReady         instances of the kind are being served
//
// `state` is Active iff GraphAccepted, KindReady and ControllerReady are True (GraphRevisionsResolved is left out on
// purpose: an RGD stays Active while a newer revision compiles and the accepted graph keeps serving).
import {
  ConditionSet,
  RgdConditions,
  RgdReasons,
  RgdStates,
  type Condition,
  type ConditionSetOwner,
} from '../../api/index.js';

const OPTIONS = {
  root: RgdConditions.ready,
  dependents: [RgdConditions.graphRevisionsResolved, RgdConditions.graphAccepted, RgdConditions.kindReady, RgdConditions.controllerReady],
  prunes: [RgdConditions.resourceGraphAccepted],
} as const;

export class RgdConditionMarker {
  private readonly set: ConditionSet;

  constructor(owner: ConditionSetOwner, existing: readonly Condition[] | undefined, now?: () => string) {
    this.set = new ConditionSet(owner, existing, { ...OPTIONS, ...(now ? { now } : {}) });
    this.set.initialize();
  }

  revisionsResolved(revision: number): void {
    this.set.setTrue(RgdConditions.graphRevisionsResolved, RgdReasons.resolved, `revision ${revision} compiled and active`);
  }

  revisionsSettling(): void {
    this.set.setUnknown(RgdConditions.graphRevisionsResolved, RgdReasons.waitingForSettlement, 'waiting for terminating graph revisions to settle');
  }

  revisionsWarmingUp(): void {
    this.set.setUnknown(
      RgdConditions.graphRevisionsResolved,
      RgdReasons.waitingForWarmup,
      'waiting for the latest graph revision to warm the in-memory registry',
    );
  }

  /** A revision this reconcile just issued. */
  revisionIssued(revision: number): void {
    this.set.setUnknown(RgdConditions.graphRevisionsResolved, RgdReasons.waitingForCompilation, `graph revision ${revision} issued and awaiting compilation`);
  }

  /** An existing latest revision still compiling. */
  revisionCompiling(revision: number): void {
    this.set.setUnknown(RgdConditions.graphRevisionsResolved, RgdReasons.waitingForCompilation, `waiting for graph revision ${revision} to compile`);
  }

  revisionsUnresolved(message: string): void {
    this.set.setFalse(RgdConditions.graphRevisionsResolved, RgdReasons.failed, message);
  }

  graphValid(): void {
    this.set.setTrue(RgdConditions.graphAccepted, RgdReasons.valid, 'resource graph and schema are valid');
  }

  graphInvalid(message: string): void {
    this.set.setFalse(RgdConditions.graphAccepted, RgdReasons.invalidResourceGraph, message);
  }

  /** The graph could not be checked because schemas could not be fetched: undecided, not invalid. */
  graphUndecided(message: string): void {
    this.set.setUnknown(RgdConditions.graphAccepted, RgdReasons.schemaUnavailable, message);
  }

  kindReady(kind: string): void {
    this.set.setTrue(RgdConditions.kindReady, RgdReasons.ready, `kind ${kind} has been accepted and ready`);
  }

  kindUnready(message: string): void {
    this.set.setFalse(RgdConditions.kindReady, RgdReasons.failed, message);
  }

  controllerRunning(): void {
    this.set.setTrue(RgdConditions.controllerReady, RgdReasons.running, 'controller is running');
  }

  controllerFailedToStart(message: string): void {
    this.set.setFalse(RgdConditions.controllerReady, RgdReasons.failedToStart, message);
  }

  failedLabelerSetup(message: string): void {
    this.set.setFalse(RgdConditions.controllerReady, RgdReasons.failedLabelerSetup, message);
  }

  state(): string {
    return this.set.isTrue(RgdConditions.graphAccepted, RgdConditions.kindReady, RgdConditions.controllerReady)
      ? RgdStates.active
      : RgdStates.inactive;
  }

  list(): Condition[] {
    return this.set.list();
  }
}
