/**
 * The ARM surface against Microsoft's own SDK clients (@azure/arm-resources,
 * @azure/arm-operationalinsights, @azure/arm-monitor) pointed at the emulator, plus the raw calls
 * no SDK covers (Entra diagnostic settings) and ARM's errors.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { ResourceManagementClient } from '@azure/arm-resources';
import { OperationalInsightsManagementClient } from '@azure/arm-operationalinsights';
import { MonitorClient } from '@azure/arm-monitor';
import { issueAccessToken, resources } from '../identity/tokens.js';
import { startTestEmulator, type TestEmulator } from '../test-support.js';
import { minimalTenant } from '../tenant/minimal.js';
import type { EmulatorApp } from '../tenant/schema.js';

const sub = '5b1e7a8c-0000-4000-8000-00000000a001';
let t: TestEmulator;

before(async () => {
  const doc = minimalTenant(11);
  doc.azure = {
    subscriptions: [{ subscriptionId: sub, displayName: 'Production', state: 'Enabled' }],
    resources: [],
    aadDiagnosticSettings: [],
  };
  t = await startTestEmulator({ tenant: doc });
});
after(() => t.close());

let appCount = 0;
/** An ARM token for an app holding exactly `armRoles`. */
async function armToken(armRoles: EmulatorApp['armRoles']): Promise<string> {
  const store = t.emulator.state.tenants.get(t.tenantId);
  if (!store) throw new Error('tenant missing');
  appCount += 1;
  const app: EmulatorApp = {
    displayName: `arm app ${appCount}`,
    clientId: `00000000-0000-4000-a000-${String(appCount).padStart(12, '0')}`,
    graphRoles: [],
    armRoles,
  };
  store.apps.push(app);
  return (await issueAccessToken(t.emulator.state, store, app, resources.arm, 'secret')).token;
}

function credential(token: string): TokenCredential {
  return {
    getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
}

function sdkOptions() {
  return {
    endpoint: `${t.emulator.url}/arm`,
    credentials: { scopes: ['https://management.azure.com/.default'] },
    tlsOptions: { ca: t.emulator.caCertPem },
  };
}

const rg = 'rg-signinlogs-prod-weu-01';
const workspaceId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.OperationalInsights/workspaces/log-signinlogs-prod-weu`;

test('SDK: resource group, workspace (LRO), action group and log alert rule are created and read back', async () => {
  const cred = credential(await armToken([{ role: 'Owner', scope: `/subscriptions/${sub}` }]));
  const rm = new ResourceManagementClient(cred, sub, sdkOptions());
  const group = await rm.resourceGroups.createOrUpdate(rg, {
    location: 'westeurope',
    tags: { purpose: 'break-glass-monitoring' },
  });
  assert.equal(group.name, rg);
  assert.equal(group.properties?.provisioningState, 'Succeeded');
  const names: string[] = [];
  for await (const g of rm.resourceGroups.list()) names.push(g.name ?? '');
  assert.deepEqual(names, [rg]);

  const la = new OperationalInsightsManagementClient(cred, sub, sdkOptions());
  const workspace = await la.workspaces.createOrUpdate(rg, 'log-signinlogs-prod-weu', {
    location: 'westeurope',
    sku: { name: 'PerGB2018' },
    retentionInDays: 90,
  });
  assert.equal(workspace.provisioningState, 'Succeeded');
  assert.equal(workspace.retentionInDays, 90);
  assert.match(workspace.customerId ?? '', /^[0-9a-f-]{36}$/);
  const again = await la.workspaces.get(rg, 'log-signinlogs-prod-weu');
  assert.equal(again.customerId, workspace.customerId);
  const updated = await la.workspaces.createOrUpdate(rg, 'log-signinlogs-prod-weu', {
    location: 'westeurope',
    sku: { name: 'PerGB2018' },
    retentionInDays: 180,
  });
  assert.equal(updated.customerId, workspace.customerId, 'customerId survives an update');
  assert.equal(updated.retentionInDays, 180);

  const monitor = new MonitorClient(cred, sub, sdkOptions());
  const ag = await monitor.actionGroups.createOrUpdate(rg, 'ag-breakglass', {
    location: 'Global',
    groupShortName: 'BreakGlass',
    enabled: true,
    emailReceivers: [
      { name: 'IT Security', emailAddress: 'it-security@contoso.com', useCommonAlertSchema: true },
    ],
  });
  assert.equal(ag.groupShortName, 'BreakGlass');
  assert.equal(ag.emailReceivers?.[0]?.status, 'Enabled');
  const rule = await monitor.scheduledQueryRules.createOrUpdate(rg, 'Break-glass account sign-in', {
    location: 'westeurope',
    kind: 'LogAlert',
    enabled: true,
    severity: 0,
    scopes: [workspaceId],
    evaluationFrequency: 'PT5M',
    windowSize: 'PT5M',
    criteria: {
      allOf: [
        {
          query: 'SigninLogs | where UserId in ("a")',
          timeAggregation: 'Count',
          operator: 'GreaterThan',
          threshold: 0,
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
        },
      ],
    },
    actions: { actionGroups: [String(ag.id)] },
    autoMitigate: false,
  });
  assert.equal(rule.severity, 0);
  assert.equal(rule.evaluationFrequency, 'PT5M');
  const rules: string[] = [];
  for await (const r of monitor.scheduledQueryRules.listBySubscription()) rules.push(r.name ?? '');
  assert.deepEqual(rules, ['Break-glass account sign-in']);
});

test('SDK: an action group short name over 12 characters is refused', async () => {
  const monitor = new MonitorClient(
    credential(await armToken([{ role: 'Owner', scope: '/' }])),
    sub,
    sdkOptions(),
  );
  await assert.rejects(
    monitor.actionGroups.createOrUpdate(rg, 'ag-long', {
      location: 'Global',
      groupShortName: 'BreakGlassAlerts',
      enabled: true,
    }),
    (err: Error & { statusCode?: number }) => {
      assert.equal(err.statusCode, 400);
      assert.match(err.message, /at most|maximum length is 12/);
      return true;
    },
  );
});

const aadiam = '/arm/providers/microsoft.aadiam/diagnosticSettings/breakglass-signins?api-version=2017-04-01';
const setting = {
  properties: {
    workspaceId,
    logs: [
      { category: 'SignInLogs', enabled: true },
      { category: 'NonInteractiveUserSignInLogs', enabled: true },
      { category: 'AuditLogs', enabled: true },
    ],
  },
};

test('aadiam: a subscription Owner is refused (the service-principal trap), a role at /providers/Microsoft.aadiam works', async () => {
  const owner = await armToken([{ role: 'Owner', scope: `/subscriptions/${sub}` }]);
  const refused = await t.call('PUT', aadiam, { token: owner, body: setting });
  assert.equal(refused.status, 403, refused.text);
  assert.equal(refused.body.error.code, 'AuthorizationFailed');
  assert.match(
    refused.body.error.message,
    /does not have authorization to perform action 'microsoft\.aadiam\/diagnosticSettings\/write' over scope '\/providers\/microsoft\.aadiam\/diagnosticSettings\/breakglass-signins'/,
  );
  assert.ok(refused.headers['x-ms-request-id']);

  const both = await armToken([
    { role: 'Owner', scope: `/subscriptions/${sub}` },
    { role: 'Contributor', scope: '/providers/Microsoft.aadiam' },
  ]);
  const ok = await t.call('PUT', aadiam, { token: both, body: setting });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.id, '/providers/microsoft.aadiam/diagnosticSettings/breakglass-signins');
  const list = await t.call(
    'GET',
    '/arm/providers/microsoft.aadiam/diagnosticSettings?api-version=2017-04-01',
    { token: both },
  );
  assert.deepEqual(
    list.body.value.map((s: { name: string }) => s.name),
    ['breakglass-signins'],
  );
  const badCategory = await t.call('PUT', aadiam, {
    token: both,
    body: { properties: { workspaceId, logs: [{ category: 'SignInLog', enabled: true }] } },
  });
  assert.equal(badCategory.status, 400);
  const aadOnly = await armToken([{ role: 'Contributor', scope: '/providers/Microsoft.aadiam' }]);
  const linked = await t.call('PUT', aadiam, { token: aadOnly, body: setting });
  assert.equal(linked.status, 403);
  assert.equal(linked.body.error.code, 'LinkedAuthorizationFailed');
});

const errorCases: Array<{ name: string; path: string; status: number; code: string }> = [
  {
    name: 'no api-version',
    path: `/arm/subscriptions/${sub}/resourcegroups/${rg}`,
    status: 400,
    code: 'MissingApiVersionParameter',
  },
  {
    name: 'unknown api-version (Microsoft.Resources)',
    path: `/arm/subscriptions/${sub}/resourcegroups/${rg}?api-version=2099-01-01`,
    status: 400,
    code: 'InvalidApiVersionParameter',
  },
  {
    name: 'unknown api-version (resource provider)',
    path: `${workspaceId.replace(/^/, '/arm')}?api-version=2099-01-01`,
    status: 400,
    code: 'NoRegisteredProviderFound',
  },
  {
    name: 'missing resource group',
    path: `/arm/subscriptions/${sub}/resourcegroups/nope?api-version=2021-04-01`,
    status: 404,
    code: 'ResourceGroupNotFound',
  },
  {
    name: 'missing workspace',
    path: `/arm/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.OperationalInsights/workspaces/nope?api-version=2023-09-01`,
    status: 404,
    code: 'ResourceNotFound',
  },
  {
    name: 'unknown subscription',
    path: `/arm/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups?api-version=2021-04-01`,
    status: 404,
    code: 'SubscriptionNotFound',
  },
];

for (const { name, path, status, code } of errorCases) {
  test(`ARM error: ${name} → ${status} ${code}`, async () => {
    const token = await armToken([{ role: 'Owner', scope: '/' }]);
    const res = await t.call('GET', path, { token });
    assert.equal(res.status, status, res.text);
    assert.equal(res.body.error.code, code);
    assert.ok(res.headers['x-ms-request-id']);
    assert.ok(res.headers['x-ms-correlation-request-id']);
  });
}

test('ARM authorization: a Reader can read but not write', async () => {
  const reader = await armToken([{ role: 'Reader', scope: `/subscriptions/${sub}` }]);
  assert.equal(
    (
      await t.call('GET', `/arm/subscriptions/${sub}/resourcegroups/${rg}?api-version=2021-04-01`, {
        token: reader,
      })
    ).status,
    200,
  );
  const write = await t.call('PUT', `/arm/subscriptions/${sub}/resourcegroups/rg-x?api-version=2021-04-01`, {
    token: reader,
    body: { location: 'westeurope' },
  });
  assert.equal(write.status, 403);
  assert.equal(write.body.error.code, 'AuthorizationFailed');
  const none = await armToken([]);
  assert.deepEqual(
    (await t.call('GET', '/arm/subscriptions?api-version=2022-12-01', { token: none })).body.value,
    [],
  );
});

test('SDK: deleting a resource group is a 202 long-running operation that removes its resources', async () => {
  const cred = credential(await armToken([{ role: 'Owner', scope: '/' }]));
  const rm = new ResourceManagementClient(cred, sub, sdkOptions());
  await rm.resourceGroups.createOrUpdate('rg-temp', { location: 'northeurope' });
  const la = new OperationalInsightsManagementClient(cred, sub, sdkOptions());
  await la.workspaces.createOrUpdate('rg-temp', 'log-temp', { location: 'northeurope' });
  const token = await armToken([{ role: 'Owner', scope: '/' }]);
  const raw = await t.call(
    'DELETE',
    `/arm/subscriptions/${sub}/resourcegroups/rg-temp?api-version=2021-04-01`,
    { token },
  );
  assert.equal(raw.status, 202);
  assert.match(String(raw.headers['location']), /\/arm\/subscriptions\/.+\/operationresults\//);
  const poll = await t.call('GET', String(raw.headers['location']).replace(t.emulator.url, ''), { token });
  assert.equal(poll.status, 200);
  await assert.rejects(
    rm.resourceGroups.get('rg-temp'),
    (err: Error & { statusCode?: number }) => err.statusCode === 404,
  );
  assert.equal(
    (
      await t.call(
        'GET',
        `/arm/subscriptions/${sub}/resourceGroups/rg-temp/providers/Microsoft.OperationalInsights/workspaces/log-temp?api-version=2023-09-01`,
        { token },
      )
    ).status,
    404,
  );
  await rm.resourceGroups.createOrUpdate('rg-temp2', { location: 'northeurope' });
  await rm.resourceGroups.delete('rg-temp2');
  await assert.rejects(rm.resourceGroups.get('rg-temp2'));
});
