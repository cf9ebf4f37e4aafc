/** The ARM factories and raw helper over a scripted transport (test/helpers/fake-transport.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FAKE_BASE, fakeConnection, pathOf } from '../../test/helpers/fake-transport.js';
import {
  aadiamDiagnosticSettings,
  AADIAM_API_VERSION,
  armCall,
  armClients,
  resourceManagementClient,
} from './arm.js';
import type { ApiError } from './errors.js';
import { RequestRecorder } from './recorder.js';

test('SDK clients go to the connection ARM endpoint with its scope, user agent and our retries', async () => {
  let calls = 0;
  const recorder = new RequestRecorder();
  const { connection, seen, credential } = fakeConnection(
    () =>
      ++calls === 1
        ? {
            status: 503,
            headers: { 'retry-after': '0' },
            body: { error: { code: 'ServiceUnavailable', message: 'x' } },
          }
        : {
            status: 200,
            body: { id: '/subscriptions/s/resourceGroups/rg', name: 'rg', location: 'westeurope' },
          },
    { recorder },
  );
  const client = resourceManagementClient(connection, 's');
  const policies = client.pipeline.getOrderedPolicies().map((policy) => policy.name);
  assert.ok(
    policies.includes('breakglassRetryPolicy') && !policies.includes('defaultRetryPolicy'),
    policies.join(),
  );
  const group = await client.resourceGroups.get('rg');
  assert.equal(group.name, 'rg');
  assert.equal(seen.length, 2, 'the 503 was retried once');
  assert.equal(pathOf(seen[1]!), '/arm/subscriptions/s/resourcegroups/rg');
  assert.match(seen[1]!.url, /api-version=/);
  assert.match(seen[1]!.headers.get('user-agent') ?? '', /^breakglass\//);
  assert.deepEqual([...new Set(credential.scopes)], ['https://management.azure.com/.default']);
  assert.deepEqual(recorder.stats(), {
    requests: 1,
    attempts: 2,
    throttled: 0,
    depth: 1,
    byService: { arm: 1 },
  });
});

test('all three SDK clients share the endpoint; a 403 maps to the role the operation needs', async () => {
  const { connection, seen } = fakeConnection(() => ({
    status: 403,
    body: { error: { code: 'AuthorizationFailed', message: 'The client does not have authorization.' } },
    headers: { 'x-ms-request-id': 'req-1' },
  }));
  const arm = armClients(connection, 'sub');
  await assert.rejects(
    armCall(connection, () => arm.monitor.actionGroups.get('rg', 'ag')),
    (error: ApiError) => {
      assert.equal(error.status, 403);
      assert.equal(error.requestId, 'req-1');
      assert.match(
        error.message,
        /read alert rules and action groups .*Azure role Monitoring Reader or Reader/,
      );
      return true;
    },
  );
  await assert.rejects(
    armCall(connection, () => arm.operationalInsights.workspaces.get('rg', 'w')),
    /Log Analytics Reader/,
  );
  assert.ok(seen.every((request) => request.url.startsWith(`${FAKE_BASE}/arm/subscriptions/sub/`)));
});

test('the Entra diagnostic setting goes through the raw helper with api-version 2017-04-01', async () => {
  const { connection, seen } = fakeConnection((request, body) =>
    request.method === 'PUT'
      ? { status: 200, body: { name: 'bg', properties: (body as { properties: unknown }).properties } }
      : { status: 200, body: { value: [{ name: 'bg', properties: {} }] } },
  );
  const put = await aadiamDiagnosticSettings.put(connection, 'bg', {
    workspaceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w',
    logs: [{ category: 'SignInLogs', enabled: true }],
  });
  assert.equal(put?.properties.logs?.[0]?.category, 'SignInLogs');
  assert.equal((await aadiamDiagnosticSettings.list(connection)).length, 1);
  assert.equal(
    seen[0]?.url,
    `${FAKE_BASE}/arm/providers/microsoft.aadiam/diagnosticSettings/bg?api-version=${AADIAM_API_VERSION}`,
  );
  assert.equal(AADIAM_API_VERSION, '2017-04-01');
});
