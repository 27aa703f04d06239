// InstanceRun: the per-reconcile state of one instance against a CompiledGraph (style.md §7.7: never on graph
// nodes). It holds what was observed per node and memoizes, per evaluation pass, each node's inclusion, desired
// objects and readiness. Expression values are cached by expression text across nodes, as upstream does
// (behavior 14), but the cache key includes the observation version of every variable the expression reads, so
// a value computed before an apply is never reused after it: caching never changes a result.
import type { JsonObject, KubeObject } from '../api/index.js';
import type { CompiledExpression, CompiledGraph, GraphNode } from '../graph/index.js';
import {
  evaluateProgram,
  instanceWithoutStatus,
  schemaVariableType,
  SCHEMA_VARIABLE,
  typedValue,
  type CelOutcome,
} from './cel-bindings.js';
import { DEFAULT_MAX_COLLECTION_SIZE, orderedIntersection } from './collection.js';
import { evaluateInclusion } from './inclusion.js';
import type { Outcome } from './issues.js';
import { checkNodeReadiness, checkObservedReadiness, type Readiness } from './readiness.js';
import { resolveDesired } from './resolve.js';

export interface InstanceRunOptions {
  /** `--rgd-max-collection-size`: the largest forEach product. @default 1000 */
  readonly maxCollectionSize?: number;
}

export class InstanceRun {
  readonly graph: CompiledGraph;
  readonly instance: KubeObject;
  /** The instance namespace ('' for cluster-scoped instances). */
  readonly instanceNamespace: string;
  readonly maxCollectionSize: number;
  readonly #schemaJson: JsonObject;
  readonly #observed = new Map<string, readonly KubeObject[]>();
  readonly #versions = new Map<string, number>();
  readonly #values = new Map<string, CelOutcome>();
  #ignored = new Map<string, Outcome<boolean>>();
  #desired = new Map<string, Outcome<readonly JsonObject[]>>();
  #readiness = new Map<string, Readiness>();
  #observedReadiness = new Map<string, Readiness>();

  constructor(graph: CompiledGraph, instance: KubeObject, options: InstanceRunOptions = {}) {
    this.graph = graph;
    this.instance = instance;
    this.instanceNamespace = graph.instance.namespaced ? (instance.metadata.namespace ?? '') : '';
    this.maxCollectionSize = options.maxCollectionSize ?? DEFAULT_MAX_COLLECTION_SIZE;
    this.#schemaJson = instanceWithoutStatus(instance);
  }

  node(id: string): GraphNode {
    const node = this.graph.nodes.get(id);
    if (!node) throw new Error(`unknown node ${id}`);
    return node;
  }

  /**
   * Starts a new evaluation pass: inclusion, desired objects and readiness are computed again from the current
   * observations (cached expression values stay valid, see the header).
   */
  beginPass(): void {
    this.#ignored = new Map();
    this.#desired = new Map();
    this.#readiness = new Map();
    this.#observedReadiness = new Map();
  }

  /** What was observed for the node: undefined until observed; a list for collections (possibly empty). */
  observed(id: string): readonly KubeObject[] | undefined {
    return this.#observed.get(id);
  }

  /**
   * Records what the cluster holds for the node. Collection items are aligned to the desired order when the
   * desired objects are known (upstream's SetObserved). Readiness memos are dropped: they read observations.
   */
  setObserved(id: string, objects: readonly KubeObject[] | undefined): void {
    const node = this.node(id);
    if (objects === undefined) this.#observed.delete(id);
    else {
      const desired = this.desiredIfComputed(id);
      const aligned = node.kind === 'Collection' ? orderedIntersection(objects, desired) : [...objects];
      this.#observed.set(id, Object.freeze(aligned));
    }
    this.#versions.set(id, (this.#versions.get(id) ?? 0) + 1);
    this.#readiness = new Map();
    this.#observedReadiness = new Map();
  }

  /** Desired objects if this pass already computed them successfully (no evaluation is triggered). */
  desiredIfComputed(id: string): readonly JsonObject[] | undefined {
    const memo = this.#desired.get(id);
    return memo?.ok ? memo.value : undefined;
  }

  /** includeWhen (H1, behaviors 28-29): true when the node is skipped. Memoized per pass. */
  isIgnored(id: string): Outcome<boolean> {
    let memo = this.#ignored.get(id);
    if (!memo) {
      memo = evaluateInclusion(this, id);
      this.#ignored.set(id, memo);
    }
    return memo;
  }

  /** The node's desired objects: resolved templates, namespaces defaulted (before decoration). Memoized per pass. */
  desired(id: string): Outcome<readonly JsonObject[]> {
    let memo = this.#desired.get(id);
    if (!memo) {
      memo = resolveDesired(this, id);
      this.#desired.set(id, memo);
    }
    return memo;
  }

  /** Readiness for dependency gating: ignored nodes count as ready. */
  checkReadiness(id: string): Readiness {
    let memo = this.#readiness.get(id);
    if (!memo) {
      memo = checkNodeReadiness(this, id);
      this.#readiness.set(id, memo);
    }
    return memo;
  }

  /** Readiness from the node's own observed and desired objects (no ignore semantics). */
  checkObservedReadiness(id: string): Readiness {
    let memo = this.#observedReadiness.get(id);
    if (!memo) {
      memo = checkObservedReadiness(this, id);
      this.#observedReadiness.set(id, memo);
    }
    return memo;
  }

  /** The CEL value a node id or `schema` is bound to, or undefined when it is not observed yet. */
  binding(name: string): unknown {
    if (name === SCHEMA_VARIABLE) return typedValue(this.#schemaJson, schemaVariableType(this.graph));
    const node = this.graph.nodes.get(name);
    const observed = this.#observed.get(name);
    if (!node || observed === undefined) return undefined;
    if (node.kind === 'Collection' || node.kind === 'ExternalCollection') return typedValue(observed, node.celType);
    return observed.length > 0 ? typedValue(observed[0], node.celType) : undefined;
  }

  /**
   * Evaluates an expression with every graph variable it reads bound (unobserved ones left unbound, which reads
   * as data pending), plus `extra` bindings (iterators). Cached by text unless `extra` is given.
   */
  evaluate(expression: CompiledExpression, extra?: Readonly<Record<string, unknown>>): CelOutcome {
    const key = extra ? undefined : this.#cacheKey(expression);
    if (key !== undefined) {
      const cached = this.#values.get(key);
      if (cached) return cached;
    }
    const activation: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const ref of expression.references) {
      const value = this.binding(ref);
      if (value !== undefined) activation[ref] = value;
    }
    if (extra) Object.assign(activation, extra);
    const result = evaluateProgram(expression.program, activation);
    if (key !== undefined) this.#values.set(key, result);
    return result;
  }

  #cacheKey(expression: CompiledExpression): string {
    let key = expression.cel;
    for (const ref of expression.references) key += `\u0000${ref}@${this.#versions.get(ref) ?? 0}`;
    return key;
  }

  /** The JSON `schema` is bound to: the instance without status. */
  get schemaJson(): JsonObject {
    return this.#schemaJson;
  }
}
