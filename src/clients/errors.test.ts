import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createHttpHeaders,
  createPipelineRequest,
  RestError,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { AuthenticationError } from '@azure/identity';
import type { ApiError } from './errors.js';
import { apiErrorFromResponse, apiErrorFromTransport, describeFailure, toApiError } from './errors.js';
import { operationById } from './permissions.js';

const ROOT = 'https://graph.microsoft.com';

function response(
  method: string,
  url: string,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): PipelineResponse {
  const request = createPipelineRequest({ url, method: method as 'GET' });
  request.headers.set('client-request-id', 'c-1');
  return {
    request,
    status,
    headers: createHttpHeaders(headers),
    bodyAsText: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

const graphEnvelope = (code: string, message: string) => ({
  error: {
    code,
    message,
    innerError: { date: '2026-01-01T00:00:00', 'request-id': 'r-123', 'client-request-id': 'c-1' },
  },
});

test('a Graph 403 names the permission the operation needs, least privileged first', () => {
  const cases: [string, string, string, RegExp][] = [
    [
      'GET',
      '/v1.0/identity/conditionalAccess/policies',
      'read Conditional Access policies',
      /Graph application permission Policy\.Read\.All\b/,
    ],
    [
      'PATCH',
      '/v1.0/identity/conditionalAccess/policies/p1',
      'write Conditional Access policies',
      /permissions Policy\.Read\.All and Policy\.ReadWrite\.ConditionalAccess/,
    ],
    [
      'GET',
      '/v1.0/users/u1/authentication/methods',
      "read users' authentication methods",
      /UserAuthenticationMethod\.Read\.All/,
    ],
    [
      'POST',
      '/v1.0/users/u1/authentication/temporaryAccessPassMethods',
      'issue a Temporary Access Pass',
      /UserAuthMethod-TAP\.ReadWrite\.All \(or UserAuthenticationMethod\.ReadWrite\.All\)/,
    ],
    [
      'POST',
      '/v1.0/groups/g/members/$ref',
      'change group membership',
      /GroupMember\.ReadWrite\.All; for a role-assignable group/,
    ],
    [
      'GET',
      '/beta/auditLogs/directoryAudits',
      'read directory audit logs',
      /AuditLog\.Read\.All and Directory\.Read\.All/,
    ],
  ];
  for (const [method, path, summary, permission] of cases) {
    const error = apiErrorFromResponse(
      'graph',
      response(
        method,
        `${ROOT}${path}`,
        403,
        graphEnvelope('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
      ),
      { root: ROOT },
    );
    assert.equal(error.status, 403);
    assert.equal(error.code, 'Authorization_RequestDenied');
    assert.equal(error.operation?.summary, summary, path);
    assert.match(error.message, permission, path);
    assert.match(error.message, /request-id r-123/);
    assert.doesNotMatch(error.message, /\n/, 'one line');
    assert.equal(error.userFacing, true);
  }
});

test('paths are read relative to the service root, so emulator prefixes do not matter', () => {
  const root = 'https://127.0.0.1:8443/graph';
  const error = apiErrorFromResponse(
    'graph',
    response(
      'GET',
      `${root}/v1.0/identity/conditionalAccess/policies?$top=5`,
      403,
      graphEnvelope('Authorization_RequestDenied', 'x'),
    ),
    { root },
  );
  assert.equal(error.path, '/v1.0/identity/conditionalAccess/policies');
  assert.equal(error.operation?.id, 'ca.policies.read');
});

test('an ARM 403 names the Azure role', () => {
  const root = 'https://management.azure.com';
  const error = apiErrorFromResponse(
    'arm',
    response(
      'PUT',
      `${root}/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w?api-version=2025-07-01`,
      403,
      {
        error: {
          code: 'AuthorizationFailed',
          message: 'The client does not have authorization to perform action.',
        },
      },
      { 'x-ms-request-id': 'arm-req' },
    ),
    { root },
  );
  assert.equal(error.code, 'AuthorizationFailed');
  assert.equal(error.requestId, 'arm-req');
  assert.match(error.message, /Azure role Log Analytics Contributor or Contributor/);
});

test('error fields: status, code, request ids and date are kept from body or headers', () => {
  const fromBody = apiErrorFromResponse(
    'graph',
    response(
      'GET',
      `${ROOT}/v1.0/users/x`,
      404,
      graphEnvelope('Request_ResourceNotFound', "Resource 'x' does not exist."),
    ),
    { root: ROOT },
  );
  assert.deepEqual(
    [
      fromBody.status,
      fromBody.code,
      fromBody.requestId,
      fromBody.clientRequestId,
      fromBody.date,
      fromBody.serviceMessage,
    ],
    [404, 'Request_ResourceNotFound', 'r-123', 'c-1', '2026-01-01T00:00:00', "Resource 'x' does not exist."],
  );
  const fromHeaders = apiErrorFromResponse(
    'graph',
    response('GET', `${ROOT}/v1.0/users`, 502, '<html>Bad gateway</html>', {
      'request-id': 'h-1',
      date: 'Thu, 01 Jan 2026 00:00:00 GMT',
    }),
    { root: ROOT },
  );
  assert.deepEqual(
    [fromHeaders.requestId, fromHeaders.date, fromHeaders.serviceMessage],
    ['h-1', 'Thu, 01 Jan 2026 00:00:00 GMT', '<html>Bad gateway</html>'],
  );
});

test('describeFailure wording per status', () => {
  const base = { source: 'graph' as const, method: 'GET', path: '/v1.0/users', requestId: 'r' };
  const cases: [string, Partial<ConstructorParameters<typeof ApiError>[0]>, RegExp][] = [
    [
      '401',
      { status: 401, code: 'InvalidAuthenticationToken' },
      /credential or its token was not accepted; check the tenant id, client id and secret or certificate/,
    ],
    [
      '403 without a known operation',
      { status: 403, path: '/v1.0/somethingElse', serviceMessage: 'Denied.' },
      /lacks a permission for this call \(Denied\.\)/,
    ],
    [
      '403 with an operation',
      { status: 403, operation: operationById('users.read') },
      /needs the Graph application permission User\.Read\.All/,
    ],
    [
      'no response',
      { status: 0, code: 'ECONNRESET', serviceMessage: 'socket hang up' },
      /^could not reach Microsoft Graph to GET \/v1\.0\/users: ECONNRESET socket hang up/,
    ],
    [
      'other status',
      { status: 400, code: 'Request_BadRequest', serviceMessage: 'Invalid\nvalue' },
      /refused to GET \/v1\.0\/users: 400 Request_BadRequest — Invalid value \[request-id r\]$/,
    ],
  ];
  for (const [name, change, expected] of cases) {
    assert.match(describeFailure({ ...base, status: 0, ...change }), expected, name);
  }
});

test('transport failures and SDK errors become ApiErrors; aborts pass through', () => {
  const request = createPipelineRequest({ url: `${ROOT}/v1.0/users`, method: 'POST' });
  const transport = apiErrorFromTransport(
    'graph',
    request,
    Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    { root: ROOT },
  );
  assert.equal(transport.status, 0);
  assert.equal(transport.code, 'ECONNRESET');

  const rest = new RestError('nope', {
    statusCode: 403,
    request,
    response: response('POST', `${ROOT}/v1.0/users`, 403, graphEnvelope('Authorization_RequestDenied', 'no')),
  });
  const mapped = toApiError(rest, 'graph', { root: ROOT }) as ApiError;
  assert.equal(mapped.status, 403);
  assert.match(mapped.message, /User\.ReadWrite\.All/);

  const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
  assert.equal(toApiError(abort, 'graph'), abort);
});

test('an SDK error whose response lost its body keeps the code and message of the RestError', () => {
  // What @azure/arm-monitor 8 (on @azure-rest/core-client) throws for a JSON error body.
  const arm = 'https://management.azure.com';
  const path = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/scheduledQueryRules/r';
  const request = createPipelineRequest({ url: `${arm}${path}?api-version=2023-12-01`, method: 'PUT' });
  const rest = new RestError('The request had some invalid properties', {
    statusCode: 400,
    code: 'BadArgumentError',
    request,
    response: { request, status: 400, headers: createHttpHeaders({ 'x-ms-request-id': 'req-9' }) },
  });
  const mapped = toApiError(rest, 'arm', { root: arm }) as ApiError;
  assert.equal(mapped.status, 400);
  assert.equal(mapped.code, 'BadArgumentError');
  assert.equal(mapped.serviceMessage, 'The request had some invalid properties');
  assert.equal(mapped.requestId, 'req-9');
});

test('identity failures keep the AADSTS code on one line', () => {
  const error = new AuthenticationError(401, {
    error: 'invalid_client',
    error_description:
      'AADSTS7000215: Invalid client secret provided.\r\nTrace ID: abc\r\nCorrelation ID: def',
  });
  const mapped = toApiError(error, 'graph') as ApiError;
  assert.equal(mapped.source, 'identity');
  assert.equal(mapped.code, 'AADSTS7000215');
  assert.match(
    mapped.message,
    /^the identity platform refused to issue a token: 401 AADSTS7000215 — the credential or its token was not accepted/,
  );
  assert.doesNotMatch(mapped.message, /\n/);
});
