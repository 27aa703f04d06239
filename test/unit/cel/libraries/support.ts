// Shared helpers for the library tests: an environment with every library registered (as the core builds
// it), and `render`, a canonical text form of CEL values so table rows can state results compactly:
// ints `3`, uints `3u`, doubles `2.5d`, strings JSON-quoted, bytes `b"68656c6c6f"`, lists `[1, 2]`,
// maps `{"a": 1}` (keys sorted), optionals `optional(1)` / `optional.none()`, library types `T(text)`.
import assert from 'node:assert/strict';
import { Environment, Optional } from '@marcbachmann/cel-js';
import { Duration, UnsignedInt, celMapEntries, isCelMap, isOmit } from '../../../../src/cel/values.js';
import type { CelLibraryOptions } from '../../../../src/cel/library.js';
import { allLibraries } from '../../../../src/cel/libraries/index.js';

export const ALL_ON: CelLibraryOptions = { omitEnabled: true, runtimeEnabled: true };

const envs = new Map<string, Environment>();

export function libraryEnv(options: CelLibraryOptions = ALL_ON): Environment {
  const key = JSON.stringify(options);
  let env = envs.get(key);
  if (env === undefined) {
    env = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false });
    for (const lib of allLibraries) lib.register(env, options);
    env.registerVariable('x', 'dyn');
    env.registerVariable('s', 'string');
    env.registerVariable('i', 'int');
    envs.set(key, env);
  }
  return env;
}

export function render(v: unknown): string {
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number':
      return `${String(v)}d`;
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return String(v);
    default:
      break;
  }
  if (v === null || v === undefined) return 'null';
  if (v instanceof UnsignedInt) return `${v.value}u`;
  if (v instanceof Uint8Array) return `b"${Buffer.from(v).toString('hex')}"`;
  if (v instanceof Optional) return v.hasValue() ? `optional(${render(v.value())})` : 'optional.none()';
  if (v instanceof Duration) return `duration(${v.seconds}s ${v.nanos}ns)`;
  if (v instanceof Date) return `timestamp(${v.toISOString()})`;
  if (isOmit(v)) return 'omit()';
  if (Array.isArray(v)) return `[${(v as unknown[]).map(render).join(', ')}]`;
  const named = (v as { celTypeName?: unknown }).celTypeName;
  if (typeof named === 'string') return `${named}(${String(v)})`;
  if (isCelMap(v)) {
    const entries = celMapEntries(v).map(([k, x]) => `${render(k)}: ${render(x)}`);
    return `{${entries.sort().join(', ')}}`;
  }
  return String(v);
}

/** The first line of a cel-js error message (cel-js appends a source excerpt). */
export function firstLine(e: unknown): string {
  return String((e as Error).message).split('\n')[0] ?? '';
}

export type Outcome = { value: string } | { error: string } | { checkError: string };

/** Checks and evaluates `expr`: the rendered value, the evaluation error, or the check error. */
export function outcome(expr: string, vars: Record<string, unknown> = {}, options?: CelLibraryOptions): Outcome {
  const env = libraryEnv(options);
  const parsed = (() => {
    try {
      return env.parse(expr);
    } catch (e) {
      return e as Error;
    }
  })();
  if (parsed instanceof Error) return { checkError: firstLine(parsed) };
  const checked = parsed.check();
  if (!checked.valid) return { checkError: firstLine(checked.error) };
  try {
    return { value: render(parsed({ x: null, s: '', i: 0n, ...vars })) };
  } catch (e) {
    return { error: firstLine(e) };
  }
}

/** A table row: an expression and what it must give (a rendered value, or an error prefixed `!` / check error `!!`). */
export type Row = readonly [expr: string, want: string];

export function assertRow([expr, want]: Row, vars?: Record<string, unknown>): void {
  const got = outcome(expr, vars);
  if (want.startsWith('!!')) assert.deepEqual(got, { checkError: want.slice(2) }, expr);
  else if (want.startsWith('!')) assert.deepEqual(got, { error: want.slice(1) }, expr);
  else assert.deepEqual(got, { value: want }, expr);
}
