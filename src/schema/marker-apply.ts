// Applies parsed markers to a field's OpenAPI schema with upstream's rules and error texts (markers.go):
// which markers fit which types, how values are parsed (Go strconv), how defaults and enums become JSON, and
// the listType/listMapKey/uniqueItems interplay. One difference on purpose: upstream inserts default text into
// the CRD as raw JSON without checking it (a bad default only fails when the CRD is written); here it is parsed
// and a bad default is reported at the marker.

import type { JsonValue } from '../api/json.js';
import type { JSONSchemaProps } from '../api/openapi.js';
import { checkGoRegexp, parseGoBool, parseGoFloat64, parseGoInt64 } from '../go/index.js';
import type { Marker } from './markers.js';

export type MarkerErrorCode =
  | 'schema/marker-value'
  | 'schema/marker-not-applicable'
  | 'schema/marker-conflict'
  | 'schema/invalid-pattern'
  | 'schema/empty-validation'
  | 'schema/invalid-default';

export interface MarkerError {
  readonly code: MarkerErrorCode;
  readonly message: string;
  /** The marker the error is about; undefined for errors about the combination of markers. */
  readonly marker?: Marker;
  readonly hint?: string;
}

export interface MarkerTarget {
  readonly schema: JSONSchemaProps;
  /** Receives the field name when `required=true`. */
  readonly addRequired: () => void;
}

/** Applies `markers` in order; stops at the first error, as upstream does for one field. */
export function applyMarkers(target: MarkerTarget, markers: readonly Marker[]): MarkerError | undefined {
  for (const marker of markers) {
    const error = applyMarker(target, marker);
    if (error) return { ...error, marker };
  }
  const schema = target.schema;
  const mapKeys = schema['x-kubernetes-list-map-keys'];
  if (mapKeys && mapKeys.length > 0) {
    const listType = schema['x-kubernetes-list-type'];
    if (listType === undefined) {
      return { code: 'schema/marker-conflict', message: 'listMapKey set while listType is unset, listType must be set to map' };
    }
    if (listType !== 'map') {
      return {
        code: 'schema/marker-conflict',
        message: `listMapKey set while listType is set to ${listType}, listType must be set to map`,
      };
    }
  }
  return undefined;
}

type Outcome = Omit<MarkerError, 'marker'> | undefined;

const valueError = (message: string): Outcome => ({ code: 'schema/marker-value', message });
const notApplicable = (message: string): Outcome => ({ code: 'schema/marker-not-applicable', message });

function applyMarker(target: MarkerTarget, marker: Marker): Outcome {
  const schema = target.schema;
  const value = marker.value;
  switch (marker.key) {
    case 'required': {
      const parsed = parseGoBool(value);
      if (!parsed.ok) return valueError(`failed to parse required marker value: ${parsed.error}`);
      if (parsed.value) target.addRequired();
      return undefined;
    }
    case 'default':
      return applyDefault(schema, value);
    case 'description':
      schema.description = value;
      return undefined;
    case 'minimum':
    case 'maximum': {
      const parsed = parseGoFloat64(value);
      if (!parsed.ok) return valueError(`failed to parse ${marker.key} enum value: ${parsed.error}`);
      if (!Number.isFinite(parsed.value)) {
        return valueError(`${marker.key} must be a finite number to be written as JSON, got: ${value}`);
      }
      schema[marker.key] = parsed.value;
      return undefined;
    }
    case 'validation':
      if (value.trim() === '') return { code: 'schema/empty-validation', message: 'validation failed' };
      (schema['x-kubernetes-validations'] ??= []).push({ message: 'validation failed', rule: value });
      return undefined;
    case 'immutable': {
      const parsed = parseGoBool(value);
      if (!parsed.ok) return valueError(`failed to parse immutable marker value: ${parsed.error}`);
      if (parsed.value) (schema['x-kubernetes-validations'] ??= []).push({ message: 'field is immutable', rule: 'self == oldSelf' });
      return undefined;
    }
    case 'enum':
      return applyEnum(schema, value);
    case 'minLength':
    case 'maxLength':
      if (schema.type !== 'string') {
        return notApplicable(`${marker.key} marker is only valid for string types, got type: ${schema.type ?? ''}`);
      }
      return applyCount(schema, marker.key, value);
    case 'pattern': {
      if (value === '') return { code: 'schema/invalid-pattern', message: 'pattern marker value cannot be empty' };
      if (schema.type !== 'string') {
        return notApplicable(`pattern marker is only valid for string types, got type: ${schema.type ?? ''}`);
      }
      const error = checkGoRegexp(value);
      if (error) return { code: 'schema/invalid-pattern', message: `invalid pattern regex: ${error}` };
      schema.pattern = value;
      return undefined;
    }
    case 'uniqueItems': {
      const parsed = parseGoBool(value);
      if (!parsed.ok) return valueError(`failed to parse uniqueItems marker value: ${parsed.error}`);
      if (schema.type !== 'array') {
        return notApplicable(`uniqueItems marker is only valid for array types, got type: ${schema.type ?? ''}`);
      }
      if (parsed.value) {
        const listType = schema['x-kubernetes-list-type'];
        if (listType !== undefined && listType !== 'set') {
          return { code: 'schema/marker-conflict', message: `cannot set unique when listType is set to ${listType}` };
        }
        schema['x-kubernetes-list-type'] = 'set';
      }
      return undefined;
    }
    case 'minItems':
    case 'maxItems':
      if (schema.type !== 'array') {
        return notApplicable(`${marker.key} marker is only valid for array types, got type: ${schema.type ?? ''}`);
      }
      return applyCount(schema, marker.key, value);
    case 'listType': {
      if (schema.type !== 'array') return notApplicable('listType marker only applies to array types');
      if (value !== 'atomic' && value !== 'set' && value !== 'map') {
        return valueError(`unsupported value for listType ${value}, needs to be one of atomic, set, or map`);
      }
      const current = schema['x-kubernetes-list-type'];
      if (current !== undefined && current !== value) {
        return {
          code: 'schema/marker-conflict',
          message:
            `listType attempting to overwrite set type of ${current}, ` +
            'this can happen if you set contradictory markers like unique=true | listType=map',
        };
      }
      schema['x-kubernetes-list-type'] = value;
      return undefined;
    }
    case 'listMapKey': {
      if (schema.type !== 'array') return notApplicable('listMapKey marker only applies to array types');
      const keys = (schema['x-kubernetes-list-map-keys'] ??= []);
      if (keys.includes(value)) return { code: 'schema/marker-conflict', message: `duplicate listMapKey marker, value ${value}` };
      keys.push(value);
      return undefined;
    }
  }
}

function applyCount(schema: JSONSchemaProps, key: 'minLength' | 'maxLength' | 'minItems' | 'maxItems', value: string): Outcome {
  const parsed = parseGoInt64(value);
  if (!parsed.ok) return valueError(`failed to parse ${key} value: ${parsed.error}`);
  schema[key] = Number(parsed.value);
  return undefined;
}

function applyDefault(schema: JSONSchemaProps, value: string): Outcome {
  let parsed: JsonValue;
  switch (schema.type) {
    case 'string': {
      // Upstream wraps the raw text in quotes without escaping: `\n` in the value becomes a newline, and a
      // bare `"` makes the JSON invalid.
      const decoded = parseJson(`"${value}"`);
      if (decoded === undefined) return invalidDefault(`string default is not valid once quoted as JSON: "${value}"`);
      parsed = decoded;
      break;
    }
    case 'integer': {
      const n = parseGoInt64(value);
      if (!n.ok) return valueError(`default value must be a valid integer, got: ${value}`);
      parsed = Number(n.value);
      break;
    }
    case 'number': {
      const n = parseGoFloat64(value);
      if (!n.ok) return valueError(`default value must be a valid number, got: ${value}`);
      if (!Number.isFinite(n.value)) return invalidDefault(`default must be a finite number to be written as JSON, got: ${value}`);
      parsed = n.value;
      break;
    }
    case 'boolean': {
      const b = parseGoBool(value);
      if (!b.ok) return valueError(`default value must be a valid boolean, got: ${value}`);
      parsed = b.value;
      break;
    }
    default: {
      const decoded = parseJson(value);
      if (decoded === undefined) return invalidDefault(`default value is not valid JSON: ${value}`);
      parsed = decoded;
    }
  }
  schema.default = parsed;
  return undefined;
}

function invalidDefault(message: string): Outcome {
  return {
    code: 'schema/invalid-default',
    message,
    hint: 'defaults of arrays, maps and objects are JSON text, e.g. default=[80,443] or default={"a":"b"}',
  };
}

function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

function applyEnum(schema: JSONSchemaProps, value: string): Outcome {
  const values: JsonValue[] = [];
  for (const raw of value.split(',')) {
    const item = raw.trim();
    if (item === '') return valueError('empty enum values are not allowed');
    if (schema.type === 'string') {
      values.push(item);
    } else if (schema.type === 'integer') {
      const n = parseGoInt64(item);
      if (!n.ok) return valueError(`failed to parse integer enum value: ${n.error}`);
      values.push(Number(n.value));
    } else {
      return notApplicable(`enum values only supported for string and integer types, got type: ${schema.type ?? ''}`);
    }
  }
  if (values.length > 0) schema.enum = values;
  return undefined;
}
