// Entry point of the `kro` command (bin/kro.js imports this file).
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv.slice(2));
