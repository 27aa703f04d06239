// cel-go ext.Strings (latest version) on top of cel-js. cel-js already has indexOf, lastIndexOf,
// lowerAscii, upperAscii, split, substring, trim and join (built-ins cannot be replaced, see
// docs/cel.md "Function reference" for where they differ); this adds charAt, replace, reverse, format and
// strings.quote with cel-go's semantics: indexes count Unicode code points, errors use cel-go's texts.
import type { ASTNode, Environment } from '@marcbachmann/cel-js';
import type { CelLibrary } from '../library.js';
import { celNamespace } from '../namespaces.js';
import { chargeCost } from '../budget.js';
import { libraryError } from './errors.js';
import { registerMacro } from './macro-api.js';
import type { CelTypeDecl, CheckContext, MacroChecker, MacroDefinition, MacroEvaluator, MacroExpansion } from './macro-api.js';
import { FormatError, formatString, validateFormat } from './string-format.js';
import type { StaticFormatArg } from './string-format.js';
import { staticTypeName } from './type-names.js';
import { SHORT_ESCAPES } from '../../go/index.js';

/** `'hello'.charAt(4)`: the code point at the index; the length itself gives ''. */
export function charAt(s: string, index: bigint): string {
  const chars = [...s];
  if (index < 0n || index > BigInt(chars.length)) throw libraryError(`index out of range: ${index}`, 'index_out_of_range');
  return chars[Number(index)] ?? '';
}

/** Go's strings.Replace: n < 0 replaces all; an empty `old` matches before every code point and at the end. */
export function replaceN(s: string, old: string, replacement: string, n: bigint): string {
  if (old === replacement || n === 0n) return s;
  if (old === '') {
    const chars = [...s];
    const count = n < 0n || BigInt(chars.length + 1) < n ? chars.length + 1 : Number(n);
    let out = '';
    for (let i = 0; i < count; i++) out += (i > 0 ? chars[i - 1] : '') + replacement;
    return out + chars.slice(count - 1).join('');
  }
  if (n < 0n) return s.split(old).join(replacement);
  let out = '';
  let start = 0;
  for (let done = 0n; done < n; done++) {
    const j = s.indexOf(old, start);
    if (j < 0) break;
    out += s.slice(start, j) + replacement;
    start = j + old.length;
  }
  return out + s.slice(start);
}

export function reverse(s: string): string {
  return [...s].reverse().join('');
}

/** strings.quote: a double-quoted CEL string literal; invalid UTF-16 (lone surrogates) becomes U+FFFD. */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) out += SHORT_ESCAPES[ch] ?? (isLoneSurrogate(ch) ? '\uFFFD' : ch);
  return `${out}"`;
}

function isLoneSurrogate(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return ch.length === 1 && c >= 0xd800 && c <= 0xdfff;
}

interface FormatMacro extends MacroDefinition<FormatMacro> {
  readonly receiver: ASTNode;
  readonly list: ASTNode;
}

function staticArg(chk: MacroChecker, node: ASTNode, ctx: CheckContext): StaticFormatArg & { node: ASTNode } {
  const t = chk.check(node, ctx);
  let children: StaticFormatArg[] | undefined;
  if (node.op === 'list') children = node.args.map((n) => staticArg(chk, n, ctx));
  else if (node.op === 'map') children = node.args.flatMap(([k, v]) => [staticArg(chk, k, ctx), staticArg(chk, v, ctx)]);
  return { typeName: staticTypeName(t), children, node };
}

function typeCheckFormat(chk: MacroChecker, m: FormatMacro, ctx: CheckContext): CelTypeDecl {
  const rt = chk.check(m.receiver, ctx);
  const lt = chk.check(m.list, ctx);
  if ((rt.kind !== 'dyn' && rt.name !== 'string') || (lt.kind !== 'dyn' && lt.kind !== 'list')) {
    throw chk.createError('no_matching_overload', `found no matching overload for '${rt.type}.format(${chk.formatType(lt)})'`, m.receiver);
  }
  if (m.receiver.op === 'value' && typeof m.receiver.args === 'string' && m.list.op === 'list') {
    const args = m.list.args.map((n) => staticArg(chk, n, ctx));
    const problem = validateFormat(m.receiver.args, args);
    if (problem !== undefined) {
      const node = (problem.arg as { node?: ASTNode } | undefined)?.node ?? m.list;
      throw chk.createError('invalid_format', problem.message, node);
    }
  }
  return chk.stringType;
}

function evaluateFormat(ev: MacroEvaluator, m: FormatMacro, ctx: unknown): string {
  const fmt = ev.run(m.receiver, ctx);
  const args = ev.run(m.list, ctx);
  if (typeof fmt !== 'string' || !Array.isArray(args)) throw libraryError('no such overload', 'no_such_overload');
  try {
    const out = formatString(fmt, args);
    chargeCost(out.length);
    return out;
  } catch (e) {
    if (e instanceof FormatError) throw libraryError(e.message, 'invalid_format');
    throw e;
  }
}

export const stringsLibrary: CelLibrary = {
  name: 'ext.strings',
  register(env: Environment): void {
    env.registerFunction('string.charAt(int): string', charAt);
    env.registerFunction('string.replace(string, string): string', (s: string, o: string, r: string) => replaceN(s, o, r, -1n));
    env.registerFunction('string.replace(string, string, int): string', replaceN);
    env.registerFunction('string.reverse(): string', reverse);
    env.registerFunction(`${celNamespace(env, 'strings')}.quote(string): string`, (_ns: unknown, s: string) => quote(s));
    registerMacro(env, 'string.format(ast): string', ({ receiver, args, ast }: MacroExpansion): FormatMacro => ({
      receiver: receiver ?? ast,
      list: args[0] as ASTNode,
      async: false,
      typeCheck: typeCheckFormat,
      evaluate: evaluateFormat,
    }));
  },
};
