// Offline admission's defaulting matches the API server's: defaults apply top-down, and a defaulted object is
// itself defaulted (apiextensions' structural defaulting recurses into every property after setting defaults).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateStructural, type JSONSchemaProps } from '../../../src/api/index.js';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    image: { type: 'string', default: 'nginx' },
    ingress: {
      type: 'object',
      default: {},
      properties: {
        enabled: { type: 'boolean', default: false },
        tls: { type: 'object', default: {}, properties: { secret: { type: 'string', default: 'tls' } } },
      },
    },
  },
};

test('an omitted object with default {} gets the defaults of its children, recursively', () => {
  const { defaulted, diagnostics } = validateStructural({}, schema, { codePrefix: 'kube' });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(defaulted, { image: 'nginx', ingress: { enabled: false, tls: { secret: 'tls' } } });
});

test('a given object keeps its values and gets the missing defaults', () => {
  const { defaulted } = validateStructural({ ingress: { enabled: true } }, schema, { codePrefix: 'kube' });
  assert.deepEqual(defaulted, { image: 'nginx', ingress: { enabled: true, tls: { secret: 'tls' } } });
});

test('the schema default itself is not changed by defaulting', () => {
  validateStructural({}, schema, { codePrefix: 'kube' });
  assert.deepEqual(schema.properties?.ingress?.default, {});
});
