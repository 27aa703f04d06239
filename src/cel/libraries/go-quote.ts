// Go's strconv.Quote (`%q`), used in upstream messages that quote user input.
/** The backslash escapes Go and CEL share (\a \b \f \n \r \t \v \\ \"). */
export const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Go's unicode.IsPrint, approximated by "not a control, separator (other than space) or unassigned format char". */
function isPrint(cp: number): boolean {
  if (cp === 0x20) return true;
  return !/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u.test(String.fromCodePoint(cp));
}

export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else if (isPrint(cp)) out += ch;
    else if (cp < 0x80) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}
