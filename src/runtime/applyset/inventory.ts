// Reading the ApplySet inventory persisted on a parent: the lenient reading normal reconciles use as "memory" of
// what earlier reconciles applied (empty entries skipped), and the strict validation deletion requires before it
// trusts the inventory (3.3 step 2), with upstream's messages, including apimachinery's RFC 1123 wording.
import { Annotations, Labels } from '../../api/index.js';
import { q } from '../issues.js';
import { inventoryHash, type GroupKind } from './metadata.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** apimachinery's validation.IsDNS1123Label problems. */
export function dns1123LabelProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > 63) problems.push('must be no more than 63 characters');
  if (!DNS1123_LABEL.test(value)) {
    problems.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    );
  }
  return problems;
}

/** apimachinery's validation.IsDNS1123Subdomain problems. */
export function dns1123SubdomainProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > 253) problems.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(value)) {
    problems.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  }
  return problems;
}

export interface InventorySets {
  readonly groupKinds: readonly GroupKind[];
  readonly namespaces: readonly string[];
}

/** The lenient reading (upstream's parentAnnotationSets): malformed entries are skipped, never an error. */
export function readParentInventory(annotations: Readonly<Record<string, string>> | undefined): InventorySets {
  const groupKinds: GroupKind[] = [];
  for (const entry of (annotations?.[Annotations.applySetContainsGroupKinds] ?? '').split(',')) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const dot = trimmed.indexOf('.');
    const gk = dot < 0 ? { kind: trimmed, group: '' } : { kind: trimmed.slice(0, dot), group: trimmed.slice(dot + 1) };
    if (gk.kind !== '') groupKinds.push(gk);
  }
  const namespaces = (annotations?.[Annotations.applySetAdditionalNamespaces] ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  return { groupKinds, namespaces };
}

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

function parseGroupKinds(raw: string): Parsed<GroupKind[]> {
  const out: GroupKind[] = [];
  if (raw === '') return { ok: true, value: out };
  for (const rawEntry of raw.split(',')) {
    const entry = rawEntry.trim();
    if (entry === '') return { ok: false, message: 'contains an empty group-kind' };
    const dot = entry.indexOf('.');
    const kind = dot < 0 ? entry : entry.slice(0, dot);
    if (kind === '' || /[ \t\r\n]/.test(kind)) return { ok: false, message: `invalid kind ${q(kind)}` };
    let group = '';
    if (dot >= 0) {
      group = entry.slice(dot + 1);
      const problems = dns1123SubdomainProblems(group);
      if (problems.length > 0) return { ok: false, message: `invalid group ${q(group)}: ${problems.join(', ')}` };
    }
    out.push({ group, kind });
  }
  return { ok: true, value: out };
}

function parseNamespaces(raw: string): Parsed<string[]> {
  const out: string[] = [];
  if (raw === '') return { ok: true, value: out };
  for (const rawEntry of raw.split(',')) {
    const entry = rawEntry.trim();
    const problems = dns1123LabelProblems(entry);
    if (problems.length > 0) return { ok: false, message: `invalid namespace ${q(entry)}: ${problems.join(', ')}` };
    out.push(entry);
  }
  return { ok: true, value: out };
}

export interface InventoryParent {
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * Validates the persisted inventory before deletion trusts it (upstream's ValidateParentInventory). Returns the
 * parsed scope, or upstream's error text. A missing hash is accepted (inventories written by older versions).
 */
export function validateParentInventory(parent: InventoryParent, expectedId: string): Parsed<InventorySets> {
  const actualId = parent.labels?.[Labels.applySetId] ?? '';
  if (actualId !== expectedId) return { ok: false, message: `invalid ${Labels.applySetId} label: got ${q(actualId)}, want ${q(expectedId)}` };
  const annotations = parent.annotations ?? {};
  const has = (key: string) => Object.prototype.hasOwnProperty.call(annotations, key);
  const tooling = annotations[Annotations.applySetTooling] ?? '';
  if (!has(Annotations.applySetTooling) || !tooling.startsWith('kro/')) {
    return { ok: false, message: `invalid ${Annotations.applySetTooling} annotation: ${q(tooling)} is not owned by kro` };
  }
  if (!has(Annotations.applySetContainsGroupKinds)) return { ok: false, message: `missing required ${Annotations.applySetContainsGroupKinds} annotation` };
  if (!has(Annotations.applySetAdditionalNamespaces)) return { ok: false, message: `missing required ${Annotations.applySetAdditionalNamespaces} annotation` };
  const gks = parseGroupKinds(annotations[Annotations.applySetContainsGroupKinds] ?? '');
  if (!gks.ok) return { ok: false, message: `invalid ${Annotations.applySetContainsGroupKinds} annotation: ${gks.message}` };
  const namespaces = parseNamespaces(annotations[Annotations.applySetAdditionalNamespaces] ?? '');
  if (!namespaces.ok) return { ok: false, message: `invalid ${Annotations.applySetAdditionalNamespaces} annotation: ${namespaces.message}` };
  if (has(Annotations.applySetInventoryHash)) {
    const actual = annotations[Annotations.applySetInventoryHash] ?? '';
    const expected = inventoryHash(expectedId, gks.value, namespaces.value);
    if (actual !== expected) return { ok: false, message: `invalid ${Annotations.applySetInventoryHash} annotation: got ${q(actual)}, want ${q(expected)}` };
  }
  return { ok: true, value: { groupKinds: gks.value, namespaces: namespaces.value } };
}

/** Whether the parent has any ApplySet metadata at all (ensureManaged installs an empty inventory when not). */
export function hasAnyInventory(parent: InventoryParent): boolean {
  if (parent.labels?.[Labels.applySetId] !== undefined) return true;
  const a = parent.annotations ?? {};
  return [
    Annotations.applySetTooling,
    Annotations.applySetContainsGroupKinds,
    Annotations.applySetAdditionalNamespaces,
    Annotations.applySetInventoryHash,
  ].some((k) => Object.prototype.hasOwnProperty.call(a, k));
}
