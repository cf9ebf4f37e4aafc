import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../clients/errors.js';
import { classifyError, classifyFailure } from './collection-error.js';

const cases: [string, { status: number; code?: string; message?: string }, string][] = [
  [
    'Graph sign-ins without Entra ID P1',
    {
      status: 403,
      code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
      message: "Neither tenant is B2C or tenant doesn't have premium license",
    },
    'not-licensed',
  ],
  [
    'PIM schedules without P2',
    { status: 400, code: 'AadPremiumLicenseRequired', message: 'The tenant needs an AAD Premium 2 license.' },
    'not-licensed',
  ],
  [
    'a missing Graph permission',
    {
      status: 403,
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    },
    'missing-permission',
  ],
  [
    'a missing scope in the token',
    {
      status: 403,
      code: 'AccessDenied',
      message:
        'Either the signed-in user does not have sufficient privileges, or you need to use a different authentication method.',
    },
    'missing-permission',
  ],
  ['an expired token', { status: 401, code: 'InvalidAuthenticationToken' }, 'missing-permission'],
  [
    'ARM without a role',
    {
      status: 403,
      code: 'AuthorizationFailed',
      message: "The client 'x' does not have authorization to perform action",
    },
    'missing-permission',
  ],
  [
    'a subscription the identity cannot see',
    { status: 404, code: 'SubscriptionNotFound', message: "The subscription 's' could not be found." },
    'missing-permission',
  ],
  ['a server error after retries', { status: 503, code: 'serviceNotAvailable' }, 'not-collected'],
  ['a bad request', { status: 400, code: 'Request_UnsupportedQuery' }, 'not-collected'],
];

for (const [name, facts, reason] of cases) {
  test(`${name} → ${reason}`, () => {
    assert.equal(classifyFailure(facts).reason, reason);
  });
}

test('an ApiError keeps its one-line message (with the permission a 403 needs) as the detail', () => {
  const error = new ApiError({
    source: 'graph',
    status: 403,
    code: 'Authorization_RequestDenied',
    method: 'GET',
    path: '/v1.0/auditLogs/signIns',
  });
  const classified = classifyError(error);
  assert.equal(classified.reason, 'missing-permission');
  assert.equal(classified.detail, error.message);
});

test('anything else (a transport error) is not-collected with its message', () => {
  assert.deepEqual(classifyError(new Error('socket hang up')), {
    reason: 'not-collected',
    detail: 'socket hang up',
  });
});
