// Scalar resolution as kubectl does it. kubectl (sigs.k8s.io/yaml on go-yaml v2) reads plain scalars with
// YAML 1.1 rules: `yes`/`no`/`on`/`off`/`y`/`n` are booleans and integers follow Go's base-0 syntax, so
// `defaultMode: 0644` is 420 and `0x1F` is 31. The `yaml` library's YAML 1.2 core schema would read `yes` as a
// string and `0644` as 644, and offline validation or rendering would then disagree with what the API server
// receives from `kubectl apply`. These tags are placed before the core ones. Not reproduced: go-yaml's
// timestamp resolution (plain dates stay strings here).

import type { ScalarTag, Tags } from 'yaml';

const TRUE_WORDS = /^(?:y|Y|yes|Yes|YES|on|On|ON)$/;
const FALSE_WORDS = /^(?:n|N|no|No|NO|off|Off|OFF)$/;

const yaml11Bool: ScalarTag = {
  tag: 'tag:yaml.org,2002:bool',
  default: true,
  identify: (value) => typeof value === 'boolean',
  test: new RegExp(`${TRUE_WORDS.source}|${FALSE_WORDS.source}`),
  resolve: (str) => TRUE_WORDS.test(str),
};

// go-yaml v2 removes every `_` and then tries strconv.ParseInt(s, 0, 64): 0x/0o/0b prefixes, a leading 0 for
// octal, and decimal digits separated by underscores (which YAML 1.2 would keep as a string).
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]+|[1-9][0-9_]*_[0-9_]*)$/;

const goPrefixedInt: ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  default: true,
  identify: (value) => typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value)),
  test: GO_INT,
  resolve: (str) => {
    const sign = str.startsWith('-') ? -1n : 1n;
    const body = str.replace(/^[-+]/, '').replaceAll('_', '');
    const digits = /^0[0-7]+$/.test(body) ? `0o${body.slice(1)}` : body;
    let value: bigint;
    try {
      value = sign * BigInt(digits);
    } catch {
      return str;
    }
    // Out of int64 range go-yaml falls back to a string too.
    if (value < -(2n ** 63n) || value > 2n ** 63n - 1n) return str;
    return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  },
};

/** `customTags` for parsing Kubernetes manifests: YAML 1.1 booleans and Go integer syntax first. */
export function kubectlScalarTags(tags: Tags): Tags {
  return [yaml11Bool, goPrefixedInt, ...tags];
}
