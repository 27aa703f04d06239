// Every function library of kro's CEL environment, in upstream's registration order
// (pkg/cel/environment.go BaseDeclarations): cel-go ext, Kubernetes, then kro's own.
import type { CelLibrary } from '../library.js';
import { twoVarComprehensionsLibrary } from './comprehensions.js';
import { listsExtLibrary } from './lists-ext.js';
import { stringsLibrary } from './strings.js';
import { optionalsLibrary } from './optionals.js';
import { encodersLibrary } from './encoders.js';
import { k8sListsLibrary } from './k8s-lists.js';
import { urlsLibrary } from './k8s-urls.js';
import { regexLibrary } from './k8s-regex.js';
import { quantityLibrary } from './k8s-quantity.js';
import { ipLibrary, cidrLibrary } from './k8s-net.js';
import { semverLibrary } from './k8s-semver.js';
import { randomLibrary } from './kro-random.js';
import { kroMapsLibrary } from './kro-maps.js';
import { jsonLibrary } from './kro-json.js';
import { hashLibrary } from './kro-hash.js';
import { kroListsLibrary } from './kro-lists.js';
import { omitLibrary } from './kro-omit.js';
import { runtimeLibrary } from './kro-runtime.js';

export const allLibraries: readonly CelLibrary[] = Object.freeze([
  twoVarComprehensionsLibrary,
  listsExtLibrary,
  stringsLibrary,
  optionalsLibrary,
  encodersLibrary,
  k8sListsLibrary,
  urlsLibrary,
  regexLibrary,
  quantityLibrary,
  ipLibrary,
  cidrLibrary,
  semverLibrary,
  randomLibrary,
  kroMapsLibrary,
  jsonLibrary,
  hashLibrary,
  kroListsLibrary,
  omitLibrary,
  runtimeLibrary,
]);

export { OMIT_GATE_MESSAGE } from './kro-omit.js';
export { CONDITION_TYPE_NAME, RUNTIME_TYPE_NAME, RUNTIME_VAR_NAME, RUNTIME, Condition, isValidConditionStatus } from './kro-runtime.js';
export { STRING_BUILTIN_FIXES } from './string-builtins.js';
