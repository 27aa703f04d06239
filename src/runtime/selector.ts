// Label selectors of selector externalRefs (H5), as apimachinery's LabelSelectorAsSelector turns them into the
// string a LIST sends: requirements sorted by key, `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, values sorted;
// an empty selector selects everything (""). `matchesLabelSelector` is the same selection in memory, for watch
// routing and test clusters.
import { isJsonObject, type JsonValue } from '../api/index.js';
import { q } from './issues.js';

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Equals';

export interface SelectorRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  /** Sorted. */
  readonly values: readonly string[];
}

export type ParsedSelector = { readonly ok: true; readonly requirements: readonly SelectorRequirement[] } | { readonly ok: false; readonly message: string };

const OPERATORS: Readonly<Record<string, SelectorOperator>> = { In: 'In', NotIn: 'NotIn', Exists: 'Exists', DoesNotExist: 'DoesNotExist' };

/** Parses a resolved `metadata.selector` (undefined or `{}`: everything). */
export function parseLabelSelector(selector: JsonValue | undefined): ParsedSelector {
  if (!isJsonObject(selector)) return { ok: true, requirements: [] };
  const requirements: SelectorRequirement[] = [];
  const matchLabels = isJsonObject(selector.matchLabels) ? selector.matchLabels : {};
  for (const [key, value] of Object.entries(matchLabels)) {
    if (typeof value !== 'string') return { ok: false, message: `matchLabels[${q(key)}]: value must be a string` };
    requirements.push({ key, operator: 'Equals', values: [value] });
  }
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const expr of expressions) {
    if (!isJsonObject(expr)) return { ok: false, message: 'matchExpressions: each entry must be an object' };
    const key = typeof expr.key === 'string' ? expr.key : '';
    const rawOperator = typeof expr.operator === 'string' ? expr.operator : '';
    const operator = OPERATORS[rawOperator];
    if (!operator) return { ok: false, message: `${q(rawOperator)} is not a valid label selector operator` };
    const values = Array.isArray(expr.values) ? expr.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) : [];
    if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
      return { ok: false, message: "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty" };
    }
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
      return { ok: false, message: `values: Invalid value: []string{${values.map((v) => q(v)).join(', ')}}: values set must be empty for exists and does not exist` };
    }
    requirements.push({ key, operator, values: [...new Set(values)].sort() });
  }
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { ok: true, requirements };
}

function requirementString(r: SelectorRequirement): string {
  switch (r.operator) {
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
    case 'Equals':
      return `${r.key}=${r.values[0] ?? ''}`;
    case 'In':
      return `${r.key} in (${r.values.join(',')})`;
    case 'NotIn':
      return `${r.key} notin (${r.values.join(',')})`;
  }
}

/** The selector as a LIST's `labelSelector` parameter ("" selects everything). */
export function labelSelectorString(requirements: readonly SelectorRequirement[]): string {
  return requirements.map(requirementString).join(',');
}

/** Whether labels satisfy every requirement. */
export function matchesLabelSelector(requirements: readonly SelectorRequirement[], labels: Readonly<Record<string, string>> | undefined): boolean {
  const l = labels ?? {};
  return requirements.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const value = l[r.key];
    switch (r.operator) {
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      case 'Equals':
      case 'In':
        return has && value !== undefined && r.values.includes(value);
      case 'NotIn':
        return !has || value === undefined || !r.values.includes(value);
    }
  });
}

/** Parses a selector string of the forms `labelSelectorString` writes (plain `k=v,k2` lists included). */
export function parseSelectorString(text: string): SelectorRequirement[] {
  const out: SelectorRequirement[] = [];
  const parts = text.match(/[^,(]+(?:\([^)]*\))?/g) ?? [];
  for (const raw of parts) {
    const part = raw.trim();
    if (part === '') continue;
    const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (set) {
      out.push({ key: set[1]!, operator: set[2] === 'in' ? 'In' : 'NotIn', values: set[3]!.split(',').map((v) => v.trim()).filter((v) => v !== '') });
    } else if (part.startsWith('!')) out.push({ key: part.slice(1), operator: 'DoesNotExist', values: [] });
    else if (part.includes('=')) {
      const [key, value] = part.split(/==?/, 2) as [string, string];
      out.push({ key, operator: 'Equals', values: [value] });
    } else out.push({ key: part, operator: 'Exists', values: [] });
  }
  return out;
}
