// The marker part of a SimpleSchema field (`required=true default="a b" enum="x,y"`), parsed with upstream's
// rules: whitespace separates markers except inside "..." or [...]/{...}; a quoted value loses its quotes and
// only \" and \\ are unescaped (other escapes stay verbatim, backslash included); unquoted values are trimmed.
// Quirks kept on purpose: whitespace inside a key is dropped (`req uired=true` is `required=true`), and a space
// right after `=` ends the marker with an empty value. Offsets are kept so errors can point into the field.

import { goQuote } from '../go/index.js';

export const MARKER_KEYS = [
  'required',
  'default',
  'description',
  'minimum',
  'maximum',
  'validation',
  'enum',
  'immutable',
  'pattern',
  'uniqueItems',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'listType',
  'listMapKey',
] as const;

export type MarkerKey = (typeof MARKER_KEYS)[number];

const KNOWN: ReadonlySet<string> = new Set(MARKER_KEYS);

export interface Marker {
  readonly key: MarkerKey;
  readonly value: string;
  /** Offsets (UTF-16, relative to the parsed text) of the key and of the raw value. */
  readonly keyStart: number;
  readonly valueStart: number;
  readonly valueEnd: number;
}

export interface MarkerParseError {
  readonly code: 'schema/invalid-marker' | 'schema/unknown-marker';
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export type MarkersResult = { ok: true; markers: Marker[] } | { ok: false; error: MarkerParseError };

/** Go's unicode.IsSpace. */
function isGoSpace(c: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(c);
}

export function parseMarkers(text: string): MarkersResult {
  const markers: Marker[] = [];
  let current: { key: MarkerKey; keyStart: number } | undefined;
  let inQuotes = false;
  let escaped = false;
  let brackets = 0;
  let buffer = '';
  let bufferStart = -1;
  let keyStart = -1;
  const fail = (code: MarkerParseError['code'], message: string, start: number, end: number): MarkersResult => ({
    ok: false,
    error: { code, message, start, end },
  });
  const write = (c: string, at: number) => {
    if (buffer === '') bufferStart = at;
    buffer += c;
  };
  const finish = (end: number) => {
    const value = processValue(buffer);
    const valueStart = bufferStart < 0 ? end : bufferStart;
    markers.push({ key: current!.key, value, keyStart: current!.keyStart, valueStart, valueEnd: end });
    current = undefined;
    buffer = '';
    bufferStart = -1;
  };

  let at = 0;
  for (const c of text) {
    const here = at;
    at += c.length;
    if (c === '=' && !current && !inQuotes && brackets === 0) {
      const key = buffer.trim();
      if (key === '') return fail('schema/invalid-marker', 'empty marker key', here, here + 1);
      if (!KNOWN.has(key)) {
        return fail('schema/unknown-marker', `invalid marker key ${goQuote(key)}: unknown marker: ${key}`, keyStart, here);
      }
      current = { key: key as MarkerKey, keyStart };
      buffer = '';
      bufferStart = -1;
      keyStart = -1;
    } else if (c === '"' && !escaped) {
      inQuotes = !inQuotes;
      write(c, here);
    } else if (c === '\\' && inQuotes && !escaped) {
      escaped = true;
      write(c, here);
    } else if ((c === '{' || c === '[') && !inQuotes) {
      brackets++;
      write(c, here);
    } else if ((c === '}' || c === ']') && !inQuotes) {
      brackets--;
      write(c, here);
      if (brackets < 0) return fail('schema/invalid-marker', 'unmatched closing bracket/brace', here, here + 1);
    } else if (isGoSpace(c) && !inQuotes && brackets === 0) {
      if (current) finish(here);
    } else {
      if (escaped && inQuotes) escaped = false;
      if (!current && keyStart < 0) keyStart = here;
      write(c, here);
    }
  }
  if (current) {
    // A lone `"` would make upstream slice out of bounds; it is an unclosed quote.
    if (inQuotes) return fail('schema/invalid-marker', 'unclosed quote', bufferStart, text.length);
    finish(text.length);
  } else {
    return fail('schema/invalid-marker', `marker key '${buffer}' without a value`, keyStart < 0 ? text.length : keyStart, text.length);
  }
  if (brackets > 0) return fail('schema/invalid-marker', 'unclosed bracket/brace', text.length, text.length);
  return { ok: true, markers };
}

function processValue(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return unescapeQuoted(value.slice(1, -1));
  return value.trim();
}

/** Unescapes \" and \\ only; any other backslash sequence is kept as written. */
function unescapeQuoted(s: string): string {
  let out = '';
  let escaped = false;
  for (const c of s) {
    if (escaped) {
      if (c !== '"' && c !== '\\') out += '\\';
      out += c;
      escaped = false;
    } else if (c === '\\') {
      escaped = true;
    } else {
      out += c;
    }
  }
  return out;
}
