// GraphRevision names and the retention floor (spec J4, behavior 53): `<rgd>-r00001`, and for RGD names so long
// that the result would pass the 253-character limit, a truncated name plus `-r00001-<fnv32a(full rgd name)>` so
// two long names sharing a prefix never collide. Trailing dots and dashes left by the cut are trimmed (the name
// must stay a DNS-1123 subdomain), with `gr` as the fallback for a name made only of them.

const MAX_NAME_LENGTH = 253;

export function graphRevisionName(rgdName: string, revision: number): string {
  const plain = `-r${padRevision(revision)}`;
  if (rgdName.length + plain.length <= MAX_NAME_LENGTH) return rgdName + plain;
  const suffix = `${plain}-${fnv32a(rgdName)}`;
  const prefix = rgdName.slice(0, MAX_NAME_LENGTH - suffix.length).replace(/[.-]+$/, '');
  return (prefix === '' ? 'gr' : prefix) + suffix;
}

/** Go's `%05d`: at least five digits, more when the number needs them. */
function padRevision(revision: number): string {
  return String(revision).padStart(5, '0');
}

/** FNV-32a over the UTF-8 bytes, as 8 lowercase hex digits (Go's hash/fnv New32a + hex). */
export function fnv32a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The lowest revision number retention keeps when `max` revisions may stay: everything below it is deleted.
 * Undefined when nothing needs deleting (retention off, or not more than `max` revisions).
 */
export function retentionFloor(revisions: readonly number[], max: number): number | undefined {
  if (max <= 0 || revisions.length <= max) return undefined;
  const sorted = [...revisions].sort((a, b) => a - b);
  return sorted[sorted.length - max];
}
