#!/usr/bin/env node
// The `kro` command. The TypeScript sources are compiled to dist/ by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('kro: not built yet; run `npm run build` in the kro-ts checkout first\n');
  process.exit(2);
}
await import(main.href);
