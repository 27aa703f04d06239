// externalRef.metadata.selector (H5): a LabelSelector object or one standalone `${...}` that yields one. A
// selector without expressions is validated like Kubernetes validates LabelSelectors (operators, values, label
// key and value syntax), so a typo is reported when the RGD is built rather than when an instance lists objects
// (upstream validateSelector / validateLiteralSelector).
import { diagnostic, isJsonObject, type Diagnostic, type JsonValue, type YamlPath } from '../../api/index.js';
import { scanExpressions } from '../expressions/scan.js';
import { buildPrefix } from './structure.js';

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const NAME_PART_DETAIL =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric " +
  "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_DETAIL =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and " +
  "end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is " +
  "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

const SHAPE = 'selector must be a Kubernetes LabelSelector object or a CEL expression that resolves to one';

function hasExpression(value: JsonValue): boolean {
  if (typeof value === 'string') {
    const scanned = scanExpressions(value);
    return !scanned.ok || scanned.matches.length > 0;
  }
  if (Array.isArray(value)) return value.some(hasExpression);
  if (isJsonObject(value)) return Object.values(value).some(hasExpression);
  return false;
}

function keyErrors(key: string, field: string): string[] {
  const slash = key.lastIndexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const out: string[] = [];
  if (name.length === 0 || name.length > 63 || !NAME_PART.test(name)) {
    out.push(`${field}: Invalid value: ${JSON.stringify(key)}: ${name.length > 63 ? 'name part must be no more than 63 characters' : NAME_PART_DETAIL}`);
  }
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    out.push(`${field}: Invalid value: ${JSON.stringify(key)}: prefix part must be a lowercase RFC 1123 subdomain`);
  }
  return out;
}

function valueErrors(value: JsonValue, field: string): string[] {
  if (typeof value !== 'string') return [`${field}: Invalid value: ${JSON.stringify(value)}: must be a string`];
  if (value.length > 63) return [`${field}: Invalid value: ${JSON.stringify(value)}: must be no more than 63 characters`];
  return LABEL_VALUE.test(value) ? [] : [`${field}: Invalid value: ${JSON.stringify(value)}: ${VALUE_DETAIL}`];
}

function literalSelectorErrors(selector: Record<string, JsonValue>): string[] {
  const errors: string[] = [];
  const base = 'metadata.selector';
  for (const key of Object.keys(selector)) {
    if (key !== 'matchLabels' && key !== 'matchExpressions') errors.push(`${base}.${key}: Invalid value: unknown field`);
  }
  const labels = selector.matchLabels;
  if (labels !== undefined && labels !== null) {
    if (!isJsonObject(labels)) errors.push(`${base}.matchLabels: Invalid value: must be a map of strings`);
    else {
      for (const [k, v] of Object.entries(labels)) {
        errors.push(...keyErrors(k, `${base}.matchLabels`), ...valueErrors(v, `${base}.matchLabels`));
      }
    }
  }
  const expressions = selector.matchExpressions;
  if (expressions !== undefined && expressions !== null) {
    if (!Array.isArray(expressions)) errors.push(`${base}.matchExpressions: Invalid value: must be a list`);
    else {
      expressions.forEach((req, i) => {
        const field = `${base}.matchExpressions[${i}]`;
        if (!isJsonObject(req)) {
          errors.push(`${field}: Invalid value: must be a label selector requirement`);
          return;
        }
        const values = Array.isArray(req.values) ? req.values : [];
        switch (req.operator) {
          case 'In':
          case 'NotIn':
            if (values.length === 0) errors.push(`${field}.values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`);
            break;
          case 'Exists':
          case 'DoesNotExist':
            if (values.length > 0) errors.push(`${field}.values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`);
            break;
          default:
            errors.push(`${field}.operator: Invalid value: ${JSON.stringify(req.operator ?? '')}: not a valid selector operator`);
        }
        errors.push(...keyErrors(typeof req.key === 'string' ? req.key : '', `${field}.key`));
        values.forEach((v, j) => errors.push(...valueErrors(v, `${field}.values[${j}]`)));
      });
    }
  }
  return errors;
}

/** Checks the selector of an externalRef found at `path` (…externalRef.metadata.selector). */
export function checkSelector(selector: JsonValue, id: string, path: YamlPath): Diagnostic[] {
  const prefix = `${buildPrefix(id)}invalid external ref metadata for resource ${id}: `;
  if (typeof selector === 'string') {
    const scanned = scanExpressions(selector);
    const standalone = scanned.ok && scanned.matches.length === 1 && scanned.matches[0]!.start === 0 && scanned.matches[0]!.end === selector.length;
    return standalone || !scanned.ok ? [] : [diagnostic('graph/invalid-selector', `${prefix}${SHAPE}`, path, { found: selector })];
  }
  if (!isJsonObject(selector)) return [diagnostic('graph/invalid-selector', `${prefix}${SHAPE}`, path)];
  // Values known only at reconcile time are checked when the instance lists objects.
  if (hasExpression(selector)) return [];
  const errors = literalSelectorErrors(selector);
  return errors.length === 0 ? [] : [diagnostic('graph/invalid-selector', `${prefix}invalid label selector: [${errors.join(', ')}]`, path)];
}
