// Helpers for integration tests. Every integration test file runs under test/run.ts, which starts one
// shared control plane and passes its admin kubeconfig in KRO_TEST_KUBECONFIG. A file run any other way
// fails loudly instead of silently skipping.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { JsonObject, KubeObject } from '../../src/api/index.js';

export function testKubeconfig(): string {
  const path = process.env.KRO_TEST_KUBECONFIG;
  if (!path) {
    throw new Error('KRO_TEST_KUBECONFIG is not set: run integration tests with `npm run test:integration`');
  }
  return path;
}

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the machine's kubectl against the test control plane, as a user would. */
export function kubectl(args: readonly string[], input?: string): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = execFile(
      'kubectl',
      ['--kubeconfig', testKubeconfig(), ...args],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** kubectl that must succeed; returns stdout. */
export async function kubectlOk(args: readonly string[], input?: string): Promise<string> {
  const r = await kubectl(args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** A DNS-1123 name unique to this test run, so tests sharing the control plane never collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Creates a fresh namespace and returns its name. */
export async function createTestNamespace(prefix = 'test'): Promise<string> {
  const name = uniqueName(prefix);
  await kubectlOk(['create', 'namespace', name]);
  return name;
}

export interface TestCrdShape {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly version: string;
  /** The version's `openAPIV3Schema.properties`. */
  readonly properties: JsonObject;
}

/** A namespaced CustomResourceDefinition with one served and stored version that has a status subresource. */
export function namespacedCrd({ group, kind, plural, version, properties }: TestCrdShape): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List` },
      versions: [{ name: version, served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', properties } } }],
    },
  };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 30_000, intervalMs = 100, message = 'condition' }: { timeoutMs?: number; intervalMs?: number; message?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? `: last error: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}${detail}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * A value a before hook sets, read through a context object: test files build their contexts at the top level, so
 * a read before the hook has run fails naming the value instead of passing undefined on.
 */
export function setByBefore<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is available in tests only, after the before hook`);
  return value;
}
