// kro's omit(): a sentinel (CEL type kro.omit) that removes the field it is assigned to. Registered only
// when the CELOmitFunction feature gate is on; without it the call fails the check and the graph builder
// reports upstream's "omit() requires the CELOmitFunction feature gate to be enabled" (OMIT_GATE_MESSAGE).
// Like upstream, any comparison with the sentinel is an error.
import type { Environment } from '@marcbachmann/cel-js';
import type { CelLibrary, CelLibraryOptions } from '../library.js';
import { CelOmit, OMIT, OMIT_TYPE_NAME } from '../values.js';
import { libraryError } from './errors.js';

/** Upstream's build error for omit() with the feature gate off. */
export const OMIT_GATE_MESSAGE = 'omit() requires the CELOmitFunction feature gate to be enabled';

function refuseComparison(): never {
  throw libraryError('omit() is a field-removal sentinel and cannot be compared', 'no_such_overload');
}

export const omitLibrary: CelLibrary = {
  name: 'kro.omit',
  register(env: Environment, options: CelLibraryOptions): void {
    if (!options.omitEnabled) return;
    env.registerType(OMIT_TYPE_NAME, CelOmit);
    env.registerFunction('omit(): dyn', () => OMIT);
    // Values typed dyn are compared through their dyn<...> wrapped types at runtime, so the sentinel needs
    // both the wrapped pair and the mixed form to reach the refusal instead of cel-js's identity fallback.
    env.registerOperator(`dyn<${OMIT_TYPE_NAME}> == dyn<${OMIT_TYPE_NAME}>`, refuseComparison);
    env.registerOperator(`${OMIT_TYPE_NAME} == dyn`, refuseComparison);
  },
};
