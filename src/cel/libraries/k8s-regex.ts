// Kubernetes' regex CEL library (k8s.io/apiserver/pkg/cel/library/regex.go): <string>.find(re) and
// <string>.findAll(re[, n]) with Go regexp semantics (src/go/regexp.ts). As with upstream's constant-regex
// optimization, a literal pattern is compiled when the expression is checked, so a bad literal is a
// build error ("error parsing regexp: ..."); a computed pattern fails at evaluation with "Illegal regex: ...".
// It also adds the standard library's global form `matches(string, string)`, which cel-js lacks; the
// receiver form `s.matches(re)` is a cel-js built-in that the core gives RE2 semantics (string-builtins.ts).
import type { ASTNode, Environment } from '@marcbachmann/cel-js';
import type { CelLibrary } from '../library.js';
import { libraryError } from './errors.js';
import { registerMacro } from './macro-api.js';
import type { CelTypeDecl, CheckContext, MacroChecker, MacroDefinition, MacroEvaluator, MacroExpansion } from './macro-api.js';
import { GoRegexpError, compileGoRegexp, goFindAll, goFindFirst, goMatchString } from '../../go/index.js';

function compile(pattern: string): RegExp {
  try {
    return compileGoRegexp(pattern);
  } catch (e) {
    if (e instanceof GoRegexpError) throw libraryError(`Illegal regex: ${e.message}`, 'invalid_regex');
    throw e;
  }
}

export function find(s: string, pattern: string): string {
  return goFindFirst(compile(pattern), s);
}

export function findAllStrings(s: string, pattern: string, n = -1n): string[] {
  const limit = n < 0n ? -1 : n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
  return goFindAll(compile(pattern), s, limit);
}

interface RegexMacro extends MacroDefinition<RegexMacro> {
  readonly all: boolean;
  readonly target: ASTNode;
  readonly pattern: ASTNode;
  readonly limit: ASTNode | undefined;
  compiled: RegExp | undefined;
}

function expectType(chk: MacroChecker, node: ASTNode, ctx: CheckContext, name: string, m: RegexMacro): void {
  const t = chk.check(node, ctx);
  if (t.kind === 'dyn' || t.name === name) return;
  const sig = `${m.all ? 'findAll' : 'find'}(${m.limit === undefined ? 'string' : 'string, int'})`;
  throw chk.createError('no_matching_overload', `found no matching overload for 'string.${sig}' applied to '${chk.formatType(t)}'`, node);
}

function typeCheck(chk: MacroChecker, m: RegexMacro, ctx: CheckContext): CelTypeDecl {
  expectType(chk, m.target, ctx, 'string', m);
  expectType(chk, m.pattern, ctx, 'string', m);
  if (m.limit !== undefined) expectType(chk, m.limit, ctx, 'int', m);
  if (m.pattern.op === 'value' && typeof m.pattern.args === 'string') {
    try {
      m.compiled = compileGoRegexp(m.pattern.args);
    } catch (e) {
      if (e instanceof GoRegexpError) throw chk.createError('invalid_regex', e.message, m.pattern);
      throw e;
    }
  }
  return m.all ? chk.registry.getListType(chk.stringType) : chk.stringType;
}

function evaluate(ev: MacroEvaluator, m: RegexMacro, ctx: unknown): unknown {
  const s = ev.run(m.target, ctx);
  const pattern = ev.run(m.pattern, ctx);
  const limit = m.limit === undefined ? -1n : ev.run(m.limit, ctx);
  if (typeof s !== 'string' || typeof pattern !== 'string' || typeof limit !== 'bigint') throw libraryError('no such overload', 'no_such_overload');
  const re = m.compiled ?? compile(pattern);
  if (!m.all) return goFindFirst(re, s);
  return goFindAll(re, s, limit < 0n ? -1 : Number(limit > 1_000_000_000n ? 1_000_000_000n : limit));
}

function expander(all: boolean) {
  return ({ receiver, args, ast }: MacroExpansion): RegexMacro => ({
    all,
    target: receiver ?? ast,
    pattern: args[0] as ASTNode,
    limit: args[1],
    compiled: undefined,
    async: false,
    typeCheck,
    evaluate,
  });
}

export const regexLibrary: CelLibrary = {
  name: 'k8s.regex',
  register(env: Environment): void {
    registerMacro(env, 'string.find(ast): string', expander(false));
    registerMacro(env, 'string.findAll(ast): list<string>', expander(true));
    registerMacro(env, 'string.findAll(ast, ast): list<string>', expander(true));
    env.registerFunction('matches(string, string): bool', (s: string, pattern: string) => {
      try {
        return goMatchString(s, pattern);
      } catch (e) {
        if (e instanceof GoRegexpError) throw libraryError(e.message, 'invalid_regex');
        throw e;
      }
    });
  },
};
