// The literal facts of custom-condition expressions that upstream checks on the AST (pkg/graph/conditions.go):
// the literal `type` of every `runtime.newCondition({...})` and every `runtime.condition(schema, '<literal>')`
// lookup. src/cel does not expose its AST, so this reads them from CEL tokens: strings are lexed properly, so
// text inside literals never matches. Only these two call shapes matter; anything else is left to the compiler.
//
// Adapter note: replace with an AST walk once src/cel offers one.

type Token = { readonly kind: 'ident' | 'string' | 'punct' | 'other'; readonly text: string; readonly value?: string; readonly start: number; readonly end: number };

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /(?:0x[0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)u?/y;

function readString(src: string, at: number): { value: string; end: number } | undefined {
  let i = at;
  let raw = false;
  if (src[i] === 'r' || src[i] === 'R') {
    raw = true;
    i++;
  } else if ((src[i] === 'b' || src[i] === 'B') && (src[i + 1] === '"' || src[i + 1] === "'")) {
    i++;
  }
  const quote = src[i];
  if (quote !== '"' && quote !== "'") return undefined;
  const triple = src.startsWith(quote.repeat(3), i);
  const close = triple ? quote.repeat(3) : quote;
  i += close.length;
  let value = '';
  while (i < src.length) {
    if (src.startsWith(close, i)) return { value, end: i + close.length };
    const c = src[i]!;
    if (c === '\\' && !raw) {
      const next = src[i + 1] ?? '';
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", '`': '`', '?': '?', a: '\x07', b: '\b', f: '\f', v: '\v' };
      value += simple[next] ?? next;
      i += 2;
      continue;
    }
    if (!triple && c === '\n') return undefined;
    value += c;
    i++;
  }
  return undefined;
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl;
      continue;
    }
    const str = /['"rRbB]/.test(c) ? readString(src, i) : undefined;
    if (str) {
      tokens.push({ kind: 'string', text: src.slice(i, str.end), value: str.value, start: i, end: str.end });
      i = str.end;
      continue;
    }
    IDENT.lastIndex = i;
    const ident = IDENT.exec(src);
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], start: i, end: i + ident[0].length });
      i += ident[0].length;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(src);
    if (num) {
      tokens.push({ kind: 'other', text: num[0], start: i, end: i + num[0].length });
      i += num[0].length;
      continue;
    }
    tokens.push({ kind: 'punct', text: c, start: i, end: i + 1 });
    i++;
  }
  return tokens;
}

function isCall(tokens: readonly Token[], i: number, method: string): boolean {
  return (
    tokens[i]?.text === 'runtime' &&
    tokens[i]?.kind === 'ident' &&
    tokens[i + 1]?.text === '.' &&
    tokens[i + 2]?.text === method &&
    tokens[i + 3]?.text === '('
  );
}

export interface LiteralAt {
  readonly value: string;
  /** Offset range of the literal in the expression text. */
  readonly start: number;
  readonly end: number;
}

/** The bare-key entries (`key: value`) of every runtime.newCondition({...}) map literal, as token positions. */
function newConditionEntries(tokens: readonly Token[]): { key: Token; next: number }[] {
  const out: { key: Token; next: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isCall(tokens, i, 'newCondition') || tokens[i + 4]?.text !== '{') continue;
    let depth = 0;
    for (let j = i + 4; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (t.text === '{' || t.text === '(' || t.text === '[') depth++;
      else if (t.text === '}' || t.text === ')' || t.text === ']') {
        depth--;
        if (depth === 0) break;
      } else if (depth === 1 && t.kind === 'ident' && tokens[j + 1]?.text === ':' && (tokens[j - 1]?.text === '{' || tokens[j - 1]?.text === ',')) {
        out.push({ key: t, next: j + 2 });
      }
    }
  }
  return out;
}

/** Literal `type` values of `runtime.newCondition({type: '...'})` calls. */
export function literalConditionTypes(expression: string): LiteralAt[] {
  const tokens = tokenize(expression);
  const out: LiteralAt[] = [];
  for (const { key, next } of newConditionEntries(tokens)) {
    const value = tokens[next];
    const after = tokens[next + 1]?.text;
    if (key.text === 'type' && value?.kind === 'string' && (after === ',' || after === '}')) out.push({ value: value.value!, start: value.start, end: value.end });
  }
  return out;
}

/** Literal type names looked up on `schema`: `runtime.condition(schema, 'X')`. */
export function schemaConditionLookups(expression: string): LiteralAt[] {
  const tokens = tokenize(expression);
  const out: LiteralAt[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isCall(tokens, i, 'condition')) continue;
    const [obj, comma, name, close] = [tokens[i + 4], tokens[i + 5], tokens[i + 6], tokens[i + 7]];
    if (obj?.kind === 'ident' && obj.text === 'schema' && comma?.text === ',' && name?.kind === 'string' && close?.text === ')') {
      out.push({ value: name.value!, start: name.start, end: name.end });
    }
  }
  return out;
}
