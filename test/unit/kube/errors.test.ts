// KubeError mapping from Status bodies and HTTP codes, and the classification helpers callers rely on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isAlreadyExists,
  isBadRequest,
  isConflict,
  isForbidden,
  isGone,
  isInvalid,
  isNetworkError,
  isNotFound,
  isRetryable,
  isTooManyRequests,
  isUnauthorized,
  KubeError,
  kubeErrorFromStatus,
} from '../../../src/kube/index.js';

const status = (code: number, reason: string, extra: Record<string, unknown> = {}) => ({
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  message: `msg ${reason}`,
  reason,
  code,
  ...extra,
});

const cases = [
  { name: 'NotFound', code: 404, body: status(404, 'NotFound'), reason: 'NotFound', is: isNotFound },
  { name: 'AlreadyExists is not a Conflict', code: 409, body: status(409, 'AlreadyExists'), reason: 'AlreadyExists', is: isAlreadyExists, not: isConflict },
  { name: 'Conflict', code: 409, body: status(409, 'Conflict'), reason: 'Conflict', is: isConflict, not: isAlreadyExists },
  { name: 'Gone', code: 410, body: status(410, 'Gone'), reason: 'Gone', is: isGone },
  { name: 'Expired is Gone', code: 410, body: status(410, 'Expired'), reason: 'Expired', is: isGone },
  { name: 'Forbidden', code: 403, body: status(403, 'Forbidden'), reason: 'Forbidden', is: isForbidden },
  { name: 'Unauthorized', code: 401, body: status(401, 'Unauthorized'), reason: 'Unauthorized', is: isUnauthorized },
  { name: 'Invalid', code: 422, body: status(422, 'Invalid'), reason: 'Invalid', is: isInvalid },
  { name: 'BadRequest', code: 400, body: status(400, 'BadRequest'), reason: 'BadRequest', is: isBadRequest },
  { name: '429 without a Status body', code: 429, body: 'slow down', reason: 'TooManyRequests', is: isTooManyRequests },
  { name: '404 with an HTML body', code: 404, body: '<html>nope</html>', reason: 'NotFound', is: isNotFound },
  { name: 'unknown reason falls back to the code', code: 409, body: status(409, 'SomethingNew'), reason: 'Conflict', is: isConflict },
  { name: 'code from the Status of a watch ERROR event', code: 0, body: status(410, 'Expired'), reason: 'Expired', is: isGone },
] as const;

for (const c of cases) {
  test(`maps ${c.name}`, () => {
    const err = kubeErrorFromStatus(c.code, c.body, { method: 'GET', path: '/api/v1/x' });
    assert.ok(err instanceof KubeError);
    assert.equal(err.reason, c.reason);
    assert.ok(c.is(err));
    if ('not' in c) assert.equal(c.not(err), false);
    assert.equal(err.path, '/api/v1/x');
  });
}

test('Invalid keeps the field causes', () => {
  const causes = [
    { reason: 'FieldValueInvalid', message: 'must be >= 0', field: 'spec.size' },
    { reason: 'FieldValueRequired', message: 'required', field: 'spec.name' },
  ];
  const err = kubeErrorFromStatus(422, status(422, 'Invalid', { details: { name: 'w', kind: 'Widget', causes } }));
  assert.deepEqual(err.causes.map((c) => c.field), ['spec.size', 'spec.name']);
  assert.equal(err.details?.kind, 'Widget');
});

test('Retry-After from the header wins over details.retryAfterSeconds', () => {
  const body = status(429, 'TooManyRequests', { details: { retryAfterSeconds: 7 } });
  assert.equal(kubeErrorFromStatus(429, body).retryAfterSeconds, 7);
  assert.equal(kubeErrorFromStatus(429, body, { retryAfterSeconds: 2 }).retryAfterSeconds, 2);
});

test('helpers reject foreign errors and classify retryable ones', () => {
  assert.equal(isNotFound(new Error('404 NotFound')), false, 'never by message text');
  const network = new KubeError({ code: 0, reason: 'NetworkError', message: 'ECONNRESET' });
  assert.ok(isNetworkError(network));
  assert.ok(isRetryable(network));
  assert.ok(isRetryable(kubeErrorFromStatus(503, '')));
  assert.ok(isRetryable(kubeErrorFromStatus(429, '')));
  assert.equal(isRetryable(kubeErrorFromStatus(501, '')), false);
  assert.equal(isRetryable(kubeErrorFromStatus(409, status(409, 'Conflict'))), false);
});
