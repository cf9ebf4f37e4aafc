/**
 * Test fixture for the monitoring tests (used only by `*.test.ts`): a tenant with a break-glass
 * account (FIDO2 key), an ordinary user (password only), a break-glass group, a policy requiring
 * MFA of everyone but that group, and a subscription; plus the Azure side written through the
 * ARM API as the product writes it — resource group, workspace, Entra diagnostic setting, action
 * group (e-mail, SMS, webhook) and the product's sign-in alert rule.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestEmulator, type TestEmulator, type TestResponse } from '../test-support.js';
import { minimalTenant } from '../tenant/minimal.js';
import type { TenantDocument } from '../tenant/schema.js';

export const ids = {
  subscription: '8d5b3a2e-1f4c-4b7a-9e0d-2c6f1a3b5d7e',
  breakGlass: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  alice: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
  group: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
  policy: '3d4e5f6a-7b8c-4d9e-8f0a-2b3c4d5e6f7a',
};

export const upn = {
  breakGlass: 'BreakGlass1@contoso.onmicrosoft.com',
  alice: 'alice@contoso.onmicrosoft.com',
};

const rg = `/subscriptions/${ids.subscription}/resourceGroups/rg-breakglass`;
export const workspaceId = `${rg}/providers/Microsoft.OperationalInsights/workspaces/log-breakglass`;
export const actionGroupId = `${rg}/providers/Microsoft.Insights/actionGroups/ag-breakglass`;
export const ruleId = `${rg}/providers/Microsoft.Insights/scheduledQueryRules/breakglass-signin`;

/** The product's sign-in alert query for the break-glass account (as src/kql/queries.ts writes it). */
export const signInQuery = [
  `SigninLogs | where UserId in ("${ids.breakGlass}") or UserPrincipalName =~ "${upn.breakGlass}"`,
  '| project TimeGenerated, UserPrincipalName, UserId, IPAddress, AppDisplayName, ResultType, ResultDescription, ConditionalAccessStatus, AuthenticationRequirement',
].join('\n');

/** The product's audit alert query for the account, the group and the policy. */
export const auditQuery = [
  'AuditLogs',
  '| mv-expand Target = TargetResources',
  `| where tostring(Target.id) in~ ("${ids.breakGlass}", "${ids.group}", "${ids.policy}") or tostring(Target.userPrincipalName) in~ ("${upn.breakGlass}") or OperationName in ("Add conditional access policy", "Update conditional access policy", "Delete conditional access policy")`,
  '| extend Actor = coalesce(tostring(InitiatedBy.user.userPrincipalName), tostring(InitiatedBy.app.displayName))',
  '| project TimeGenerated, OperationName, Result, Actor, TargetId = tostring(Target.id), TargetName = tostring(Target.displayName)',
].join('\n');

type Graph = TenantDocument['graph'];

/** The tenant document. */
export function monitoringTenant(): TenantDocument {
  const doc = minimalTenant(7);
  const user = (id: string, name: string, principal: string) => ({
    id,
    displayName: name,
    userPrincipalName: principal,
    accountEnabled: true,
    userType: 'Member',
  });
  (doc.graph.users ??= []).push(
    user(ids.breakGlass, 'Break Glass 1', upn.breakGlass),
    user(ids.alice, 'Alice', upn.alice),
  );
  (doc.graph.groups ??= []).push({
    id: ids.group,
    displayName: 'Emergency access accounts',
    securityEnabled: true,
    mailEnabled: false,
    groupTypes: [],
    isAssignableToRole: true,
    members: [ids.breakGlass],
  } as Graph['groups'] extends (infer T)[] | undefined ? T : never);
  (doc.graph.conditionalAccessPolicies ??= []).push({
    id: ids.policy,
    displayName: 'Require MFA for everyone',
    state: 'enabled',
    conditions: {
      users: {
        includeUsers: ['All'],
        excludeUsers: [],
        includeGroups: [],
        excludeGroups: [ids.group],
        includeRoles: [],
        excludeRoles: [],
      },
      applications: { includeApplications: ['All'], excludeApplications: [] },
      clientAppTypes: ['all'],
    },
    grantControls: { operator: 'OR', builtInControls: ['mfa'] },
  } as Graph['conditionalAccessPolicies'] extends (infer T)[] | undefined ? T : never);
  doc.graph.authenticationMethods = {
    [ids.breakGlass]: [
      {
        '@odata.type': '#microsoft.graph.fido2AuthenticationMethod',
        id: 'fido-1',
        displayName: 'YubiKey 5',
        aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8',
      },
    ],
  } as TenantDocument['graph']['authenticationMethods'];
  doc.azure = {
    ...doc.azure,
    subscriptions: [
      {
        id: `/subscriptions/${ids.subscription}`,
        subscriptionId: ids.subscription,
        displayName: 'Production',
        state: 'Enabled',
      },
    ],
  } as TenantDocument['azure'];
  return doc;
}

/** A local HTTP webhook receiver that keeps what it is sent. */
export interface WebhookReceiver {
  readonly url: string;
  readonly received: unknown[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: unknown[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An emulator with the tenant and the Azure side in place. */
export interface MonitoringSetup {
  readonly t: TestEmulator;
  readonly armToken: string;
  /** The workspace's `customerId`. */
  readonly customerId: string;
  readonly webhook: WebhookReceiver;
  /** Moves the emulator clock. */
  advance(seconds: number): Promise<void>;
  /** `POST /_emulator/signin`. */
  signIn(body: Record<string, unknown>): Promise<TestResponse>;
  /** A Log Analytics query with an ARM-capable app's token for the query API. */
  query(query: string, timespan?: string): Promise<TestResponse>;
  /** Writes (PUT) an ARM resource and fails the test unless it is accepted. */
  put(path: string, apiVersion: string, body: unknown): Promise<TestResponse>;
  close(): Promise<void>;
}

/** The alert rule body, with `query` and overrides. */
export function ruleBody(query: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    location: 'westeurope',
    kind: 'LogAlert',
    properties: {
      displayName: 'Break-glass account sign-in',
      description: 'Fires on any sign-in by an emergency access account',
      severity: 0,
      enabled: true,
      scopes: [workspaceId],
      evaluationFrequency: 'PT5M',
      windowSize: 'PT5M',
      criteria: {
        allOf: [
          {
            query,
            timeAggregation: 'Count',
            dimensions: [],
            operator: 'GreaterThan',
            threshold: 0,
            failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
          },
        ],
      },
      autoMitigate: false,
      actions: {
        actionGroups: [actionGroupId],
        customProperties: { runbook: 'https://wiki.contoso.com/break-glass' },
      },
      ...overrides,
    },
  };
}

export async function startMonitoringSetup(
  options: { ingestionDelaySeconds?: number } = {},
): Promise<MonitoringSetup> {
  const t = await startTestEmulator({ tenant: monitoringTenant() });
  const webhook = await startWebhookReceiver();
  const armToken = await t.token({ resource: 'arm' });
  const laToken = await t.token({ resource: 'logAnalytics' });
  const put = async (path: string, apiVersion: string, body: unknown) => {
    const res = await t.call('PUT', `/arm${path}?api-version=${apiVersion}`, { token: armToken, body });
    if (res.status >= 300) throw new Error(`PUT ${path}: ${res.status} ${res.text}`);
    return res;
  };
  await put(rg, '2021-04-01', { location: 'westeurope' });
  const workspace = await put(workspaceId, '2023-09-01', {
    location: 'westeurope',
    properties: { sku: { name: 'PerGB2018' }, retentionInDays: 90 },
  });
  await put('/providers/microsoft.aadiam/diagnosticSettings/breakglass', '2017-04-01', {
    properties: {
      workspaceId,
      logs: [
        { category: 'SignInLogs', enabled: true },
        { category: 'AuditLogs', enabled: true },
        { category: 'NonInteractiveUserSignInLogs', enabled: true },
      ],
    },
  });
  await put(actionGroupId, '2023-01-01', {
    location: 'Global',
    properties: {
      groupShortName: 'BreakGlass',
      enabled: true,
      emailReceivers: [
        { name: 'IT Security', emailAddress: 'it-security@contoso.com', useCommonAlertSchema: true },
      ],
      smsReceivers: [{ name: 'On-call', countryCode: '1', phoneNumber: '5555550100' }],
      webhookReceivers: [{ name: 'SOAR', serviceUri: webhook.url, useCommonAlertSchema: true }],
    },
  });
  await put(ruleId, '2023-12-01', ruleBody(signInQuery));
  if (options.ingestionDelaySeconds !== undefined) {
    await t.call('PUT', '/_emulator/monitoring', {
      body: { ingestionDelaySeconds: options.ingestionDelaySeconds },
    });
  }
  const customerId = String((workspace.body as { properties: { customerId: string } }).properties.customerId);
  return {
    t,
    armToken,
    customerId,
    webhook,
    put,
    async advance(seconds) {
      const res = await t.call('POST', '/_emulator/clock/advance', { body: { seconds } });
      if (res.status !== 200) throw new Error(`clock advance: ${res.status} ${res.text}`);
    },
    signIn: (body) => t.call('POST', '/_emulator/signin', { body }),
    query: (query, timespan) =>
      t.call('POST', `/loganalytics/v1/workspaces/${customerId}/query`, {
        token: laToken,
        body: { query, ...(timespan ? { timespan } : {}) },
      }),
    async close() {
      await webhook.close();
      await t.close();
    },
  };
}
