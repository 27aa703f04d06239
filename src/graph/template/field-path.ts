// Field paths as upstream kro prints them in messages (`spec.containers[0].image`, `metadata.labels["a.b/c"]`):
// a key containing a dot, or an empty key, is written `["key"]` (parser.go joinPathAndFieldName).
import type { YamlPath } from '../../api/index.js';

export function formatFieldPath(path: YamlPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (seg === '' || seg.includes('.')) out += `["${seg}"]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

export function samePath(a: YamlPath, b: YamlPath): boolean {
  return a.length === b.length && a.every((seg, i) => seg === b[i]);
}
