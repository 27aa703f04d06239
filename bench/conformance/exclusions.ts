// Conformance tests kro-ts knowingly fails, grouped, each group with the reason. A test listed here that
// starts passing is reported as a pass; a failing test not listed here fails the run.
import type { SpecTest } from './spec-data.js';

interface Exclusion {
  /** `file`, `file/section` or `file/section/name`. */
  readonly tests: readonly string[];
  readonly reason: string;
}

export const EXCLUSIONS: readonly Exclusion[] = [];

export function exclusionFor(test: SpecTest): string | undefined {
  const keys = [test.file, `${test.file}/${test.section}`, `${test.file}/${test.section}/${test.name}`];
  for (const e of EXCLUSIONS) if (e.tests.some((t) => keys.includes(t))) return e.reason;
  return undefined;
}
