// Guards the core boundary of DEVELOPERS.md: schema, cel, graph and runtime (and api, go) do no I/O and
// never import the shell modules. kro upstream's lesson: metrics and global flags crept into its core.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const coreModules = ['api', 'go', 'schema', 'cel', 'graph', 'runtime'];
const shellModules = ['kube', 'controller', 'cli', 'devcluster'];
const forbiddenPackages = [
  'node:fs',
  'node:fs/promises',
  'node:net',
  'node:http',
  'node:https',
  'node:child_process',
  'node:process',
  'undici',
  '@kubernetes/client-node',
  'pino',
  'prom-client',
];

function sourceFiles(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const full = join(dir, e);
    if (statSync(full).isDirectory()) out = out.concat(sourceFiles(full));
    else if (e.endsWith('.ts')) out.push(full);
  }
  return out;
}

const importPattern = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

test('core modules import no shell module and no I/O package', () => {
  const violations: string[] = [];
  for (const mod of coreModules) {
    for (const file of sourceFiles(join(root, 'src', mod))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(importPattern)) {
        const spec = m[1] ?? m[2] ?? '';
        const rel = relative(root, file);
        if (forbiddenPackages.includes(spec)) violations.push(`${rel} imports ${spec}`);
        if (spec.startsWith('.') && shellModules.some((s) => spec.includes(`/${s}/`) || spec.endsWith(`/${s}`))) {
          violations.push(`${rel} imports shell module ${spec}`);
        }
      }
      if (/\bprocess\.env\b/.test(text)) violations.push(`${relative(root, file)} reads process.env`);
    }
  }
  assert.deepEqual(violations, []);
});

test('src/go is a leaf: it imports from no other src module but api', () => {
  const violations: string[] = [];
  for (const file of sourceFiles(join(root, 'src', 'go'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(importPattern)) {
      const spec = m[1] ?? m[2] ?? '';
      if (spec.startsWith('../') && !spec.startsWith('../api/')) violations.push(`${relative(root, file)} imports ${spec}`);
    }
  }
  assert.deepEqual(violations, []);
  assert.ok(sourceFiles(join(root, 'src', 'go')).length > 0, 'src/go has sources');
});

test('the guard sees the core sources', () => {
  assert.ok(sourceFiles(join(root, 'src', 'api')).length > 0, 'src/api has sources');
});
