// Helpers for CLI tests: run the built `kro` binary (bin/kro.js) as a user would, with arguments, optional stdin
// and a working directory, and collect exit code, stdout and stderr. Fixtures and golden files are read from the
// source tree (test/unit/cli/...), not from dist/.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const kroBin = `${repoRoot}bin/kro.js`;

export interface KroResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface KroOptions {
  readonly stdin?: string;
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

export function kro(args: readonly string[], options: KroOptions = {}): Promise<KroResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [kroBin, ...args],
      {
        cwd: options.cwd ?? fixturesDir,
        maxBuffer: 64 * 1024 * 1024,
        // No color and no KRO_DEBUG from the developer's shell: tests see what a pipe sees.
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.stdin ?? '');
  });
}

export const fixturesDir = `${repoRoot}test/unit/cli/fixtures/`;
export const goldenDir = `${repoRoot}test/unit/cli/golden/`;

export function fixture(name: string): string {
  return `${fixturesDir}${name}`;
}

export function readFixture(name: string): string {
  return readFileSync(fixture(name), 'utf8');
}

export function corpusPath(sub: string): string {
  return `${repoRoot}../shared/corpus/${sub}`;
}

/** Golden output; set KRO_UPDATE_GOLDEN=1 to rewrite (then review the diff). */
export function golden(name: string): string {
  return readFileSync(`${goldenDir}${name}`, 'utf8');
}

/** A message for assertion failures that shows what the command printed. */
export function shown(r: KroResult): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}
