// The contract between the CEL engine core (src/cel) and the function libraries (src/cel/libraries).
// A library is a plain object that registers functions, macros, types and constants on a cel-js
// Environment. The core builds one base environment per distinct CelLibraryOptions and calls every
// library's `register` exactly once on it; derived environments (with declared variables) are cheap
// clones of that base, so registration cost is paid once per process, not per expression.
//
// Keep this file stable: libraries are written against it concurrently. Only add optional fields.
import type { Environment } from '@marcbachmann/cel-js';

/** Why a library is being registered: which kro features the expression context enables. */
export interface CelLibraryOptions {
  /**
   * The CELOmitFunction feature gate. When false, `omit()` must not be registered, so an expression using it
   * fails the check; the graph builder then reports upstream's
   * `omit() requires the CELOmitFunction feature gate to be enabled`.
   */
  readonly omitEnabled: boolean;
  /**
   * True only for `status.conditions` expressions: the `runtime` variable (kro.run.Runtime) and its
   * `runtime.newCondition` / `runtime.condition` functions are in scope.
   */
  readonly runtimeEnabled: boolean;
}

/** One CEL function library (cel-go ext, Kubernetes or kro). */
export interface CelLibrary {
  /** Stable, unique name, e.g. `ext.strings`, `k8s.quantity`, `kro.random`. */
  readonly name: string;
  /**
   * Registers everything the library offers on `env`. Called once per base environment, before any variable
   * is declared. Must not throw for a valid environment; must not do I/O.
   */
  register(env: Environment, options: CelLibraryOptions): void;
}

export type { Environment as CelEnvironment } from '@marcbachmann/cel-js';
