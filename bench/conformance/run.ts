// `npm run conformance:cel`: runs the official CEL conformance tests (cel-spec v0.25.1, from
// @bufbuild/cel-spec) through kro-ts's CEL facade and prints pass counts per section.
// Options: --verbose (list every failure), --section <file> (only that section), --all (also the sections
// kro's environment does not enable), --json <path> (write every result).
import { writeFileSync } from 'node:fs';
import { runTest } from './adapter.js';
import { EXCLUSIONS, exclusionFor } from './exclusions.js';
import { flattenSpec, needsProto, type SpecTest } from './spec-data.js';

/** The sections of the suite that kro's environment enables (issue 4, item 5). */
export const KRO_SECTIONS = [
  'basic', 'comparisons', 'conversions', 'fields', 'fp_math', 'integer_math', 'lists', 'logic', 'macros',
  'macros2', 'namespace', 'optionals', 'parse', 'plumbing', 'string', 'string_ext', 'timestamps',
  'type_deductions', 'encoders_ext', 'bindings_ext',
];

type Status = 'pass' | 'fail' | 'excluded' | 'proto';

interface Row {
  readonly test: SpecTest;
  readonly status: Status;
  readonly reason?: string;
  readonly exclusion?: string;
}

function run(test: SpecTest): Row {
  if (needsProto(test)) return { test, status: 'proto' };
  const exclusion = exclusionFor(test);
  let outcome;
  try {
    outcome = runTest(test);
  } catch (e) {
    outcome = { ok: false, reason: `harness: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (outcome.ok) return { test, status: 'pass' };
  if (exclusion) return { test, status: 'excluded', exclusion: exclusion.name, reason: `${exclusion.name}: ${outcome.reason ?? ''}` };
  return { test, status: 'fail', ...(outcome.reason ? { reason: outcome.reason } : {}) };
}

function main(): number {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const all = args.includes('--all');
  const only = args[args.indexOf('--section') + 1];
  const jsonPath = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
  const sections = args.includes('--section') && only ? [only] : all ? undefined : KRO_SECTIONS;
  const tests = flattenSpec().filter((t) => !sections || sections.includes(t.file));
  const started = performance.now();
  const rows = tests.map(run);
  const elapsed = performance.now() - started;

  const byFile = new Map<string, Record<Status, number>>();
  for (const row of rows) {
    const counts = byFile.get(row.test.file) ?? { pass: 0, fail: 0, excluded: 0, proto: 0 };
    counts[row.status]++;
    byFile.set(row.test.file, counts);
  }
  const total = { pass: 0, fail: 0, excluded: 0, proto: 0 };
  const line = (name: string, c: Record<Status, number>): string => {
    const run = c.pass + c.fail + c.excluded;
    return `${name.padEnd(16)} ${String(c.pass).padStart(5)} / ${String(run).padEnd(5)} ${String(c.fail).padStart(5)} ${String(c.excluded).padStart(9)} ${String(c.proto).padStart(6)}`;
  };
  process.stdout.write(`CEL conformance (cel-spec v0.25.1) through kro-ts's facade, ${rows.length} tests in ${elapsed.toFixed(0)} ms\n`);
  process.stdout.write(`${'section'.padEnd(16)}  pass /   run  fail  excluded  proto\n`);
  for (const [file, counts] of byFile) {
    for (const k of Object.keys(total) as Status[]) total[k] += counts[k];
    process.stdout.write(`${line(file, counts)}\n`);
  }
  process.stdout.write(`${line('TOTAL', total)}\n`);
  process.stdout.write('(run = non-protobuf tests; excluded = failing tests with a documented reason, see bench/conformance/exclusions.ts)\n');
  for (const e of EXCLUSIONS) {
    const n = rows.filter((r) => r.exclusion === e.name).length;
    if (n > 0) process.stdout.write(`excluded ${String(n).padStart(3)}  ${e.name}: ${e.reason}\n`);
  }

  const failures = rows.filter((r) => r.status === 'fail' || (verbose && r.status === 'excluded'));
  if (verbose || failures.some((r) => r.status === 'fail')) {
    for (const r of failures) {
      process.stdout.write(`${r.status.toUpperCase()} ${r.test.file}/${r.test.section}/${r.test.name}: ${r.test.expr}\n    ${r.reason ?? ''}\n`);
    }
  }
  if (jsonPath) {
    const out = rows.map((r) => ({ file: r.test.file, section: r.test.section, name: r.test.name, expr: r.test.expr, status: r.status, reason: r.reason }));
    writeFileSync(jsonPath, JSON.stringify(out, null, 1));
  }
  return total.fail === 0 ? 0 : 1;
}

process.exitCode = main();
