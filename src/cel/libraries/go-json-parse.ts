// Go's json.Unmarshal into interface{}: a strict left-to-right scan that fails with encoding/json's
// syntax error texts ("invalid character 'x' looking for beginning of value", "unexpected end of JSON
// input"), then values as Go produces them: objects become Maps, every number a double (out of float64
// range is an error), duplicate keys keep the last value.
const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

export class GoJsonSyntaxError extends Error {}

/** quoteChar of encoding/json: the byte as a Go character literal. */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return `'"'`;
  const named: Record<number, string> = { 0x07: '\\a', 0x08: '\\b', 0x0c: '\\f', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x0b: '\\v', 0x5c: '\\\\' };
  const n = named[c];
  if (n !== undefined) return `'${n}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  if (c >= 0x80 && (c < 0xa1 || c === 0xad)) return `'\\u00${c.toString(16).padStart(2, '0')}'`;
  return `'${String.fromCharCode(c)}'`;
}

class Scanner {
  private i = 0;
  /** The first number literal outside float64's range (Go reports it after the syntax check). */
  overflow: string | undefined;
  constructor(private readonly b: Uint8Array) {}

  // Go's scanner meets the end of input by feeding it one space: where a space is itself invalid (inside
  // a literal, number or escape) the error names ' ', elsewhere it is "unexpected end of JSON input".
  fail(context: string, spaceAllowed = true): never {
    if (this.i >= this.b.length && spaceAllowed) throw new GoJsonSyntaxError('unexpected end of JSON input');
    const c = this.i >= this.b.length ? 0x20 : (this.b[this.i] as number);
    throw new GoJsonSyntaxError(`invalid character ${quoteChar(c)} ${context}`);
  }

  private peek(): number | undefined {
    return this.b[this.i];
  }

  private skipWs(): void {
    while (this.i < this.b.length && WS.has(this.b[this.i] as number)) this.i++;
  }

  document(): void {
    this.skipWs();
    this.value();
    this.skipWs();
    if (this.i < this.b.length) this.fail('after top-level value');
  }

  private value(): void {
    const c = this.peek();
    if (c === 0x7b) this.object();
    else if (c === 0x5b) this.array();
    else if (c === 0x22) this.string();
    else if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) this.number();
    else if (c === 0x74) this.literal('true');
    else if (c === 0x66) this.literal('false');
    else if (c === 0x6e) this.literal('null');
    else this.fail('looking for beginning of value');
  }

  private object(): void {
    this.i++;
    this.skipWs();
    if (this.peek() === 0x7d) {
      this.i++;
      return;
    }
    for (;;) {
      if (this.peek() !== 0x22) this.fail('looking for beginning of object key string');
      this.string();
      this.skipWs();
      if (this.peek() !== 0x3a) this.fail('after object key');
      this.i++;
      this.skipWs();
      this.value();
      this.skipWs();
      const c = this.peek();
      if (c === 0x7d) {
        this.i++;
        return;
      }
      if (c !== 0x2c) this.fail('after object key:value pair');
      this.i++;
      this.skipWs();
    }
  }

  private array(): void {
    this.i++;
    this.skipWs();
    if (this.peek() === 0x5d) {
      this.i++;
      return;
    }
    for (;;) {
      this.value();
      this.skipWs();
      const c = this.peek();
      if (c === 0x5d) {
        this.i++;
        return;
      }
      if (c !== 0x2c) this.fail('after array element');
      this.i++;
      this.skipWs();
    }
  }

  private string(): void {
    this.i++;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail('in string literal');
      if (c === 0x22) {
        this.i++;
        return;
      }
      if (c < 0x20) this.fail('in string literal');
      this.i++;
      if (c !== 0x5c) continue;
      const e = this.peek();
      if (e === 0x75) {
        this.i++;
        for (let k = 0; k < 4; k++) {
          const h = this.peek();
          const hex = h !== undefined && ((h >= 0x30 && h <= 0x39) || (h >= 0x61 && h <= 0x66) || (h >= 0x41 && h <= 0x46));
          if (!hex) this.fail('in \\u hexadecimal character escape', false);
          this.i++;
        }
      } else if (e !== undefined && [0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74].includes(e)) {
        this.i++;
      } else {
        this.fail('in string escape code', false);
      }
    }
  }

  private digits(): number {
    const start = this.i;
    while (this.i < this.b.length && (this.b[this.i] as number) >= 0x30 && (this.b[this.i] as number) <= 0x39) this.i++;
    return this.i - start;
  }

  private number(): void {
    const start = this.i;
    this.numberSyntax();
    if (this.overflow === undefined) {
      const text = new TextDecoder().decode(this.b.subarray(start, this.i));
      if (!Number.isFinite(Number(text))) this.overflow = text;
    }
  }

  private numberSyntax(): void {
    if (this.peek() === 0x2d) {
      this.i++;
      const c = this.peek();
      if (c === undefined || c < 0x30 || c > 0x39) this.fail('in numeric literal', false);
    }
    if (this.peek() === 0x30) this.i++;
    else this.digits();
    if (this.peek() === 0x2e) {
      this.i++;
      if (this.digits() === 0) this.fail('after decimal point in numeric literal', false);
    }
    const e = this.peek();
    if (e === 0x65 || e === 0x45) {
      this.i++;
      const s = this.peek();
      if (s === 0x2b || s === 0x2d) this.i++;
      if (this.digits() === 0) this.fail('in exponent of numeric literal', false);
    }
  }

  private literal(word: string): void {
    this.i++;
    for (let k = 1; k < word.length; k++) {
      if (this.peek() !== word.charCodeAt(k)) this.fail(`in literal ${word} (expecting '${word[k]}')`, false);
      this.i++;
    }
  }
}

/** Converts parsed JSON objects to Maps and rejects numbers beyond float64, as Go's decoder does. */
function toCel(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toCel);
  if (v !== null && typeof v === 'object') {
    const m = new Map<string, unknown>();
    for (const [k, x] of Object.entries(v)) m.set(k, toCel(x));
    return m;
  }
  return v;
}

export function goJsonUnmarshal(text: string): unknown {
  const scanner = new Scanner(new TextEncoder().encode(text));
  scanner.document();
  if (scanner.overflow !== undefined) {
    throw new GoJsonSyntaxError(`json: cannot unmarshal number ${scanner.overflow} into Go value of type float64`);
  }
  return toCel(JSON.parse(text));
}
