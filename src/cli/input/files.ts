// Reads the files named by `-f`: plain files, folders (recursively, every *.yaml / *.yml in name order, as
// kubectl does with -R) and `-` for standard input. Unreadable paths are usage errors (exit code 2): nothing was
// validated, the command was pointed at the wrong place.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError, EXIT_USAGE } from '../errors.js';

/** One input file; `name` is what diagnostics print (the path as given, or `<stdin>`). */
export interface InputFile {
  readonly name: string;
  readonly text: string;
}

export const STDIN_NAME = '<stdin>';

async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function yamlFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await yamlFilesUnder(full)));
    else if (/\.ya?ml$/i.test(entry.name)) out.push(full);
  }
  return out;
}

function unreadable(path: string, err: unknown): CliError {
  const code = (err as { code?: unknown }).code;
  const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : err instanceof Error ? err.message : String(err);
  return new CliError(`cannot read ${path}: ${why}`, EXIT_USAGE);
}

/** The files behind every `-f` value, in the order given (folder contents sorted by name). */
export async function readInputFiles(paths: readonly string[], stdin: NodeJS.ReadableStream = process.stdin): Promise<InputFile[]> {
  if (paths.length === 0) throw new CliError('no input: pass one or more files with -f (a file, a folder, or - for stdin)', EXIT_USAGE);
  if (paths.filter((p) => p === '-').length > 1) throw new CliError('standard input (-f -) can be read only once', EXIT_USAGE);
  const files: InputFile[] = [];
  for (const path of paths) {
    if (path === '-') {
      files.push({ name: STDIN_NAME, text: await readStdin(stdin) });
      continue;
    }
    let isDir: boolean;
    try {
      isDir = (await stat(path)).isDirectory();
    } catch (err) {
      throw unreadable(path, err);
    }
    const list = isDir ? await yamlFilesUnder(path) : [path];
    if (isDir && list.length === 0) throw new CliError(`no YAML files (*.yaml, *.yml) found in ${path}`, EXIT_USAGE);
    for (const file of list) {
      try {
        files.push({ name: file, text: await readFile(file, 'utf8') });
      } catch (err) {
        throw unreadable(file, err);
      }
    }
  }
  return files;
}

/** Reads one file (or `-`), e.g. an instance. */
export async function readInputFile(path: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<InputFile> {
  if (path === '-') return { name: STDIN_NAME, text: await readStdin(stdin) };
  try {
    return { name: path, text: await readFile(path, 'utf8') };
  } catch (err) {
    throw unreadable(path, err);
  }
}
