// The Unicode side of Go's regexp (Go 1.26, Unicode 15.0.0): which `\p{Name}` names Go accepts and the
// JavaScript property each stands for, and Go's simple case folding orbits (unicode.SimpleFold), with
// which regexp.ts spells out what (?i) matches instead of relying on JavaScript's `i` flag.

// unicode.Categories of Go's tables.
const CATEGORIES = 'C Cc Cf Cn Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs';
// The unicode.Scripts names Go finds: its lookup canonicalizes the name asked for ("old_italic" becomes
// "Olditalic") but not the table's keys, so scripts named with an underscore or an inner capital
// (Old_Italic, SignWriting) are unreachable in Go 1.26 and left out here on purpose.
const SCRIPTS =
  'Adlam Ahom Arabic Armenian Avestan Balinese Bamum Batak Bengali Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid ' +
  'Carian Chakma Cham Cherokee Chorasmian Common Coptic Cuneiform Cypriot Cyrillic Deseret Devanagari Dogra Duployan ' +
  'Elbasan Elymaic Ethiopic Georgian Glagolitic Gothic Grantha Greek Gujarati Gurmukhi Han Hangul Hanunoo Hatran Hebrew ' +
  'Hiragana Inherited Javanese Kaithi Kannada Katakana Kawi Kharoshthi Khmer Khojki Khudawadi Lao Latin Lepcha Limbu ' +
  'Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic Manichaean Marchen Medefaidrin Miao Modi Mongolian Mro Multani ' +
  'Myanmar Nabataean Nandinagari Newa Nko Nushu Ogham Oriya Osage Osmanya Palmyrene Phoenician Rejang Runic Samaritan ' +
  'Saurashtra Sharada Shavian Siddham Sinhala Sogdian Soyombo Sundanese Syriac Tagalog Tagbanwa Takri Tamil Tangsa ' +
  'Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Toto Ugaritic Vai Vithkuqi Wancho Yezidi Yi';
// unicode.CategoryAliases (long names), looked up canonicalized.
const CATEGORY_ALIASES =
  'Cased_Letter=LC Close_Punctuation=Pe Combining_Mark=M Connector_Punctuation=Pc Control=Cc Currency_Symbol=Sc ' +
  'Dash_Punctuation=Pd Decimal_Number=Nd Enclosing_Mark=Me Final_Punctuation=Pf Format=Cf Initial_Punctuation=Pi ' +
  'Letter=L Letter_Number=Nl Line_Separator=Zl Lowercase_Letter=Ll Mark=M Math_Symbol=Sm Modifier_Letter=Lm ' +
  'Modifier_Symbol=Sk Nonspacing_Mark=Mn Number=N Open_Punctuation=Ps Other=C Other_Letter=Lo Other_Number=No ' +
  'Other_Punctuation=Po Other_Symbol=So Paragraph_Separator=Zp Private_Use=Co Punctuation=P Separator=Z ' +
  'Space_Separator=Zs Spacing_Mark=Mc Surrogate=Cs Symbol=S Titlecase_Letter=Lt Unassigned=Cn Uppercase_Letter=Lu ' +
  'cntrl=Cc digit=Nd punct=P';

/** Go's canonicalName: underscores, hyphens and spaces dropped, first ASCII letter upper case, the rest lower. */
function canonicalName(name: string): string {
  let out = '';
  let first = true;
  for (const c of name) {
    if (c === '_' || c === '-' || c === ' ') continue;
    if (first) {
      out += c >= 'a' && c <= 'z' ? c.toUpperCase() : c;
      first = false;
    } else {
      out += c >= 'A' && c <= 'Z' ? c.toLowerCase() : c;
    }
  }
  return out;
}

let names: Map<string, string> | undefined;

function nameTable(): Map<string, string> {
  if (names !== undefined) return names;
  names = new Map([
    ['Any', 'Any'],
    ['Assigned', 'Assigned'],
    ['Ascii', 'ASCII'],
    ['Lc', 'gc=LC'],
  ]);
  for (const category of CATEGORIES.split(' ')) names.set(category, `gc=${category}`);
  for (const script of SCRIPTS.split(' ')) names.set(script, `sc=${script}`);
  for (const alias of CATEGORY_ALIASES.split(' ')) {
    const [long, short] = alias.split('=') as [string, string];
    names.set(canonicalName(long), `gc=${short}`);
  }
  return names;
}

/** The JavaScript `\p{...}` body for a name Go's `\p{name}` accepts (Go's unicodeTable), else undefined. */
export function unicodeClassProperty(name: string): string | undefined {
  return nameTable().get(canonicalName(name));
}

let orbits: Map<number, readonly number[]> | undefined;

function singleCodePoint(s: string): number | undefined {
  const cp = s.codePointAt(0);
  return cp !== undefined && s.length === (cp > 0xffff ? 2 : 1) ? cp : undefined;
}

/**
 * Every code point with a non-trivial simple case folding orbit, mapped to its orbit. Built once, lazily
 * (about 60 ms): the characters JavaScript's case mappings connect are grouped, then split by what `iu`
 * matching treats as equal (Unicode simple case folding, which defines Go's orbits too). Checked against
 * Go 1.26's unicode.SimpleFold: the same 1424 orbits, plus 55 for characters of Unicode 16 and 17 that Go
 * does not know yet.
 */
function orbitTable(): Map<number, readonly number[]> {
  if (orbits !== undefined) return orbits;
  const chars: string[] = [];
  for (let cp = 0; cp < 0x20000; cp++) if (cp < 0xd800 || cp > 0xdfff) chars.push(String.fromCodePoint(cp));
  const parent = new Map<number, number>();
  const root = (x: number): number => {
    let r = x;
    while (parent.has(r)) r = parent.get(r)!;
    return r;
  };
  const union = (a: number, b: number): void => {
    const [ra, rb] = [root(a), root(b)];
    if (ra !== rb) parent.set(ra, rb);
  };
  const nodes = new Set<number>();
  for (const m of chars.join('').matchAll(/\p{Changes_When_Casemapped}/gu)) {
    const cp = m[0].codePointAt(0)!;
    for (const other of [singleCodePoint(m[0].toLowerCase()), singleCodePoint(m[0].toUpperCase())]) {
      if (other === undefined) continue;
      nodes.add(cp).add(other);
      union(cp, other);
    }
  }
  const components = new Map<number, Set<number>>();
  for (const cp of nodes) {
    const r = root(cp);
    const set = components.get(r) ?? new Set([r]);
    set.add(cp);
    components.set(r, set);
  }
  orbits = new Map();
  for (const members of components.values()) {
    const groups: number[][] = [];
    for (const cp of [...members].sort((a, b) => a - b)) {
      const ch = String.fromCodePoint(cp);
      const group = groups.find((g) => new RegExp(`^\\u{${g[0]!.toString(16)}}$`, 'iu').test(ch));
      if (group === undefined) groups.push([cp]);
      else group.push(cp);
    }
    for (const group of groups) if (group.length > 1) for (const cp of group) orbits.set(cp, group);
  }
  return orbits;
}

// The orbits of ASCII letters, most of what patterns fold: the other case, plus U+212A KELVIN SIGN for k
// and U+017F LATIN SMALL LETTER LONG S for s. They spare ASCII-only patterns building the table.
function asciiOrbit(cp: number): readonly number[] {
  const lower = cp | 0x20;
  if (lower < 0x61 || lower > 0x7a) return [cp];
  const orbit = [lower & ~0x20, lower];
  if (lower === 0x6b) orbit.push(0x212a);
  if (lower === 0x73) orbit.push(0x17f);
  return orbit;
}

/** The code points `(?i)` makes `cp` match: its simple folding orbit, at least [cp]. */
export function foldOrbit(cp: number): readonly number[] {
  if (cp < 0x80) return asciiOrbit(cp);
  return orbitTable().get(cp) ?? [cp];
}

/** Ranges [lo, hi] (inclusive) closed under simple case folding, as Go's appendFoldedRange. */
export function foldRanges(ranges: readonly (readonly [number, number])[]): [number, number][] {
  const out = ranges.map(([lo, hi]): [number, number] => [lo, hi]);
  if (ranges.every(([, hi]) => hi < 0x80)) {
    for (const [lo, hi] of ranges) for (let cp = lo; cp <= hi; cp++) for (const other of asciiOrbit(cp)) if (other !== cp) out.push([other, other]);
    return out;
  }
  for (const [cp, orbit] of orbitTable()) {
    if (ranges.some(([lo, hi]) => cp >= lo && cp <= hi)) for (const other of orbit) out.push([other, other]);
  }
  return out;
}

const unicodePartners = new Map<string, readonly number[]>();

/** The code points outside `\p{property}` that fold to one inside it (what Go's fold tables add under (?i)). */
export function unicodeFoldPartners(property: string): readonly number[] {
  let partners = unicodePartners.get(property);
  if (partners === undefined) {
    const inside = new RegExp(`^\\p{${property}}$`, 'u');
    const found = new Set<number>();
    for (const [cp, orbit] of orbitTable()) {
      if (!inside.test(String.fromCodePoint(cp))) continue;
      for (const other of orbit) if (!inside.test(String.fromCodePoint(other))) found.add(other);
    }
    partners = [...found].sort((a, b) => a - b);
    unicodePartners.set(property, partners);
  }
  return partners;
}
