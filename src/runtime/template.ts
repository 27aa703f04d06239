// Writing evaluated values into a copy of a template (upstream's resolver): each value goes to its field path,
// creating maps and growing lists on the way (gaps become null, like Go's resolver); values that are `omit()`
// are removed after every value is set (H6), deepest paths first and list elements from the highest index, so
// removing one never shifts another's position.
import { cloneJson, isJsonObject, type JsonObject, type JsonValue, type YamlPath } from '../api/index.js';

export type FieldValue = { readonly path: YamlPath; readonly value: JsonValue } | { readonly path: YamlPath; readonly omit: true };

/** A copy of `template` with every value written at its path. */
export function resolveTemplate(template: JsonObject, values: readonly FieldValue[]): JsonObject {
  const root = cloneJson(template);
  const omitted: YamlPath[] = [];
  for (const field of values) {
    if ('omit' in field) omitted.push(field.path);
    else upsertAtPath(root, field.path, cloneJson(field.value));
  }
  removePaths(root, omitted);
  return root;
}

/** Sets `value` at `path` inside `root`, creating intermediate maps and lists as needed. */
export function upsertAtPath(root: JsonObject, path: YamlPath, value: JsonValue): void {
  let current: JsonValue = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const container = current as Record<string | number, JsonValue>;
    if (typeof seg === 'number') {
      if (!Array.isArray(current)) return;
      while (current.length <= seg) current.push(null);
    } else if (!isJsonObject(current)) return;
    if (i === path.length - 1) {
      container[seg] = value;
      return;
    }
    const next = container[seg];
    if (next === null || next === undefined || typeof next !== 'object') container[seg] = typeof path[i + 1] === 'number' ? [] : {};
    current = container[seg]!;
  }
}

function removePaths(root: JsonObject, paths: readonly YamlPath[]): void {
  const ordered = [...paths].sort((a, b) => {
    if (a.length !== b.length) return b.length - a.length;
    const la = a[a.length - 1];
    const lb = b[b.length - 1];
    return typeof la === 'number' && typeof lb === 'number' ? lb - la : 0;
  });
  for (const path of ordered) removeAtPath(root, path);
}

function removeAtPath(root: JsonObject, path: YamlPath): void {
  let parent: JsonValue | undefined = root;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    if (typeof seg === 'number') parent = Array.isArray(parent) ? parent[seg] : undefined;
    else parent = isJsonObject(parent) ? parent[seg] : undefined;
    if (parent === undefined) return;
  }
  const last = path[path.length - 1];
  if (typeof last === 'number') {
    if (Array.isArray(parent) && last < parent.length) parent.splice(last, 1);
  } else if (last !== undefined && isJsonObject(parent)) {
    delete parent[last];
  }
}

export function metadataOf(obj: JsonObject): JsonObject {
  const meta = obj.metadata;
  if (isJsonObject(meta)) return meta;
  const created: JsonObject = {};
  obj.metadata = created;
  return created;
}

export function stringAt(obj: JsonObject, ...path: string[]): string {
  let current: JsonValue | undefined = obj;
  for (const seg of path) current = isJsonObject(current) ? current[seg] : undefined;
  return typeof current === 'string' ? current : '';
}
