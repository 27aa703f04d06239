// What an expression references, and whether that is allowed where it appears (D7, F7, F9-F11, E19, E20).
// Inspection happens in the context's own environment, so an iterator or `each` outside its node shows up as an
// unknown identifier exactly where upstream reports one; `runtime` and `omit()` get upstream's dedicated
// messages. Every problem is reported with its span, not only the first.
import { diagnostic, type Diagnostic } from '../../api/index.js';
import { scalarSpan } from '../expressions/parse.js';
import { parseExpression, type CelEnvironment, type ExpressionInspection } from '../../cel/index.js';
import type { ParsedExpression } from '../expressions/types.js';
import { placeCelDiagnostic } from './diagnostics.js';
import { RUNTIME_VARIABLE, SCHEMA_VARIABLE } from './environment.js';

export interface ReferenceScan {
  /** Resource ids read, in order of first use (may include the node's own id). */
  readonly resources: readonly string[];
  /** Every declared variable read, in order of first use. */
  readonly variables: readonly string[];
  readonly usesSchema: boolean;
  /** The node's own iterators read (declared in the environment or not). */
  readonly iterators: readonly string[];
  readonly usesOmit: boolean;
}

export type OmitRule =
  /** Templates: allowed when the feature gate is on. */
  | 'template'
  /** forEach: gate message when off, else restricted. */
  | 'forEach'
  /** includeWhen, readyWhen, status, conditions. */
  | 'restricted';

export interface ReferenceRules {
  readonly ids: ReadonlySet<string>;
  /** Ids of resources left out because their id is unusable (already reported): references to them are not. */
  readonly excluded?: ReadonlySet<string>;
  /** The node's iterators (templates and forEach of a collection). */
  readonly iterators?: ReadonlySet<string>;
  /** When set, declared variables outside this set are "unknown identifiers" (readyWhen, status, conditions, includeWhen). */
  readonly allowed?: ReadonlySet<string>;
  /** `runtime` is only in status.conditions; elsewhere it gets upstream's dedicated message. */
  readonly runtimeAllowed?: boolean;
  readonly omit: OmitRule;
  readonly omitEnabled: boolean;
  /** Prefix for reference problems (upstream's wrapping for this context). */
  readonly prefix: string;
  /** Prefix for omit() problems when it differs. */
  readonly omitPrefix?: string;
}

export const OMIT_GATE_MESSAGE = 'omit() requires the CELOmitFunction feature gate to be enabled';
export const OMIT_RESTRICTED_MESSAGE = 'omit() can only be used in resource template expressions';
export const RUNTIME_MESSAGE = 'runtime is only available in status.conditions expressions';
const RUNTIME_METHODS: readonly string[] = ['newCondition', 'condition'];

export type ScanOutcome =
  | { readonly ok: true; readonly scan: ReferenceScan; readonly inspection: ExpressionInspection }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly scan?: ReferenceScan };

/** Parses `expression` in `env` and checks its references against `rules`. */
export function scanReferences(env: CelEnvironment, expression: ParsedExpression, rules: ReferenceRules): ScanOutcome {
  const parsed = parseExpression(env, expression.cel);
  if (!parsed.ok) {
    return { ok: false, diagnostics: parsed.diagnostics.map((d) => placeCelDiagnostic(d, expression, rules.prefix, 'graph/cel-error')) };
  }
  const inspection = parsed.value.inspection;
  const problems: Diagnostic[] = [];
  const here = (code: `graph/${string}`, message: string, span = expression.span, found?: string): Diagnostic =>
    diagnostic(code, message, expression.path, { span, expression: expression.display, ...(found !== undefined ? { found } : {}) });

  const iterators: string[] = [];
  let readsExcluded = false;
  let runtimeMisused = false;
  for (const unknown of inspection.unknownIdentifiers) {
    const span = scalarSpan(expression, unknown.span);
    if (rules.iterators?.has(unknown.name)) {
      if (!iterators.includes(unknown.name)) iterators.push(unknown.name);
    } else if (rules.excluded?.has(unknown.name)) {
      readsExcluded = true;
    } else if (unknown.name === RUNTIME_VARIABLE && !rules.runtimeAllowed) {
      runtimeMisused = true;
      problems.push(here('graph/runtime-outside-conditions', `${rules.prefix}${RUNTIME_MESSAGE}`, span, unknown.name));
    } else {
      problems.push(here('graph/unknown-identifier', `${rules.prefix}references unknown identifiers: [${unknown.name}]`, span, unknown.name));
    }
  }
  const resources: string[] = [];
  for (const name of inspection.variables) {
    if (rules.iterators?.has(name)) {
      if (!iterators.includes(name)) iterators.push(name);
      continue;
    }
    if (rules.ids.has(name) && !resources.includes(name)) resources.push(name);
    if (rules.allowed && !rules.allowed.has(name)) {
      const ref = inspection.references.find((r) => r.variable === name);
      problems.push(here('graph/out-of-scope', `${rules.prefix}references unknown identifiers: [${name}]`, ref ? scalarSpan(expression, ref.span) : expression.span, name));
    }
  }
  for (const fn of inspection.unknownFunctions) {
    // runtime's methods are unknown wherever runtime is; its own message says it all.
    if (runtimeMisused && RUNTIME_METHODS.includes(fn.name)) continue;
    problems.push(here('graph/unknown-function', `${rules.prefix}uses unknown functions: [${fn.name}]`, scalarSpan(expression, fn.span), fn.name));
  }
  const usesOmit = inspection.functions.includes('omit');
  if (usesOmit) {
    const omitPrefix = rules.omitPrefix ?? rules.prefix;
    if (!rules.omitEnabled && rules.omit !== 'restricted') {
      problems.push(here('graph/omit-disabled', `${rules.prefix}${OMIT_GATE_MESSAGE}`));
    } else if (rules.omit !== 'template') {
      problems.push(here('graph/omit-not-allowed', `${omitPrefix}${OMIT_RESTRICTED_MESSAGE}`));
    }
  }
  const scan: ReferenceScan = {
    resources,
    variables: [...inspection.variables, ...iterators.filter((i) => !inspection.variables.includes(i))],
    usesSchema: inspection.variables.includes(SCHEMA_VARIABLE),
    iterators,
    usesOmit,
  };
  // An expression reading an excluded resource cannot be type-checked; its only error was reported elsewhere.
  return problems.length > 0 || readsExcluded ? { ok: false, diagnostics: problems, scan } : { ok: true, scan, inspection };
}
