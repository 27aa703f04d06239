// Go's strconv.Quote (`%q`), which upstream uses to quote user input in its messages (`invalid marker key
// "x"`, `resource "web"`), so the same input must be quoted the same way.

/** The backslash escapes Go and CEL share (\a \b \f \n \r \t \v \\ \"). */
export const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };

// strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/**
 * strconv.Quote: short escapes, other non-printable characters as \xXX (ASCII), \uXXXX or \UXXXXXXXX, and
 * a lone surrogate (which Go would see as invalid UTF-8 decoded to U+FFFD) as \ufffd.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else if (cp === 0x20 || PRINTABLE.test(ch)) out += ch;
    else if (cp < 0x80) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}
