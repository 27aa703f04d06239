// The kro-ts version for the User-Agent header, read once from package.json beside the source or the
// compiled output (dist/src/kube -> ../../../package.json; src/kube -> ../../package.json).
import { readFileSync } from 'node:fs';

function readVersion(): string {
  for (const rel of ['../../../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'kro-ts' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not at this depth; try the next
    }
  }
  return '0.0.0';
}

export const KRO_TS_VERSION = readVersion();
export const DEFAULT_USER_AGENT = `kro-ts/${KRO_TS_VERSION} (node ${process.version}; ${process.platform}/${process.arch})`;
