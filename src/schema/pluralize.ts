// English pluralization exactly as gobuffalo/flect v1.0.3 does it, because upstream kro names every generated
// CRD `flect.Pluralize(strings.ToLower(kind)) + "." + group` and serves instances under that resource: a
// different plural would be a different API. Hand-written (no maintained JavaScript port of flect exists, and
// `pluralize` on npm differs on many words); the word and suffix tables are flect's data (flect-data.ts).

import { FLECT_ACRONYMS, FLECT_DICTIONARY, FLECT_SUFFIXES } from './flect-data.js';

interface Rule {
  readonly suffix: string;
  /** Replacement for the suffix; undefined keeps the word as is (it already ends in a plural). */
  readonly replacement: string | undefined;
}

const singleToPlural = new Map<string, string>();
const pluralToSingle = new Map<string, string>();
const rules: Rule[] = [];
const acronyms: ReadonlySet<string> = new Set(FLECT_ACRONYMS);

for (const [singular, pluralRaw, alternative, flags] of FLECT_DICTIONARY) {
  const plural = flags.includes('c') && pluralRaw === '' ? singular : pluralRaw;
  singleToPlural.set(singular, plural);
  if (!flags.includes('u')) {
    pluralToSingle.set(plural, singular);
    if (alternative !== '') pluralToSingle.set(alternative, singular);
  }
}
// flect prepends every rule, dictionary words last, so the last dictionary word is tried first, then the
// suffix list in its written order; each rule is preceded by a no-op rule for its plural form.
for (let i = FLECT_DICTIONARY.length - 1; i >= 0; i--) {
  const [singular, pluralRaw, , flags] = FLECT_DICTIONARY[i]!;
  if (flags.includes('x')) continue;
  const plural = flags.includes('c') && pluralRaw === '' ? singular : pluralRaw;
  rules.push({ suffix: plural, replacement: undefined }, { suffix: singular, replacement: plural });
}
for (const [singular, plural] of FLECT_SUFFIXES) {
  rules.push({ suffix: plural, replacement: undefined }, { suffix: singular, replacement: plural });
}

const SEPARATORS = ['_', ' ', ':', '-', '/'];
const isUpper = (c: string): boolean => /\p{Lu}/u.test(c);
const isWordChar = (c: string): boolean => /[\p{L}\p{Nd}\p{P}`]/u.test(c);
const isSeparator = (c: string): boolean => SEPARATORS.includes(c) || /\s/u.test(c);

function trimChars(s: string, chars: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && chars.includes(s[start]!)) start++;
  while (end > start && chars.includes(s[end - 1]!)) end--;
  return s.slice(start, end);
}

function appendPart(parts: string[], raw: string): void {
  let s = raw.trim();
  for (const sep of SEPARATORS) s = trimChars(s, sep);
  if (acronyms.has(s.toUpperCase())) s = s.toUpperCase();
  if (s !== '') parts.push(s);
}

/** flect's word splitting (ident.go toParts): separators, lower-to-upper case changes, known acronyms. */
function toParts(input: string): string[] {
  const s = input.trim();
  if (s === '') return [];
  if (acronyms.has(s.toUpperCase())) return [s.toUpperCase()];
  const parts: string[] = [];
  let prev = '';
  let word = '';
  for (const c of s) {
    if (isSeparator(c)) {
      appendPart(parts, word);
      word = c;
    } else if (isUpper(c) && !isUpper(prev)) {
      appendPart(parts, word);
      word = c;
    } else if (isUpper(c) && acronyms.has(word.toUpperCase())) {
      appendPart(parts, word);
      word = c;
    } else if (isWordChar(c)) {
      word += c;
    } else {
      appendPart(parts, word);
      word = '';
    }
    prev = c;
  }
  appendPart(parts, word);
  return parts;
}

function capitalize(s: string): string {
  const [first = '', ...rest] = [...s];
  return first.toUpperCase() + rest.join('');
}

/**
 * flect.Pluralize. With `caseInsensitiveSuffix`, the last word is cut from the original case-insensitively:
 * flect cuts it case-sensitively, so an all-lowercase input whose last word is an acronym ending in S
 * (`dns` -> part `DNS`) comes back as `dnsDNSes`.
 */
export function flectPluralize(s: string, caseInsensitiveSuffix = false): string {
  const parts = toParts(s);
  const last = parts[parts.length - 1];
  if (last === undefined) return '';
  const replaceLast = (replacement: string): string => {
    const cut =
      s.endsWith(last) || (caseInsensitiveSuffix && s.toLowerCase().endsWith(last.toLowerCase()))
        ? s.slice(0, s.length - last.length)
        : s;
    return cut + replacement;
  };
  const whole = singleToPlural.get(s);
  if (whole !== undefined) return whole;
  if (pluralToSingle.has(s)) return s;
  const lower = last.toLowerCase();
  if (pluralToSingle.has(lower)) return s;
  const known = singleToPlural.get(lower);
  if (known !== undefined) return replaceLast(last === capitalize(last) ? capitalize(known) : known);
  for (const rule of rules) {
    if (!last.endsWith(rule.suffix)) continue;
    if (rule.replacement === undefined) return replaceLast(last);
    return replaceLast(last.slice(0, last.length - rule.suffix.length) + rule.replacement);
  }
  return lower.endsWith('s') ? s : `${s}s`;
}

/**
 * The resource (plural) name of an instance CRD: `flect.Pluralize(lowercase(kind))`, as upstream kro computes
 * it. Where flect returns a name with capitals (kinds that are acronyms ending in S, like `DNS` or `IPS`), which
 * no API server accepts, the acronym is pluralized in lowercase instead (`dnses`).
 */
export function pluralizeKind(kind: string): string {
  const lower = kind.toLowerCase();
  const plural = flectPluralize(lower);
  return plural === plural.toLowerCase() ? plural : flectPluralize(lower, true).toLowerCase();
}
