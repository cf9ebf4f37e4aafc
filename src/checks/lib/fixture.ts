/**
 * Test fixture: a tenant where every non-CA check passes, built fresh on each call so a test can
 * change one thing and see one check react. Used only by the check tests.
 */
import assert from 'node:assert/strict';
import {
  defaultConfig,
  GLOBAL_ADMINISTRATOR_TEMPLATE_ID,
  PHISHING_RESISTANT_STRENGTH_ID,
  type BreakglassConfig,
} from '../../config/schema.js';
import { auditAlertQuery, signInAlertQuery } from '../../kql/queries.js';
import type { ArmResource, Snapshot, User } from '../../snapshot/schema.js';
import { resolveAuditContext, type ResolveOptions } from '../context.js';
import type { AuditContext, CheckDefinition, Outcome } from '../types.js';

export const TENANT_ID = '8f0e6f6c-0000-4000-8000-000000000001';
export const DOMAIN = 'contoso.onmicrosoft.com';
export const ACCOUNT_1 = 'a1a1a1a1-0000-4000-8000-000000000001';
export const ACCOUNT_2 = 'a2a2a2a2-0000-4000-8000-000000000002';
export const ADMIN = 'ad0ad0ad-0000-4000-8000-000000000003';
export const GROUP_ID = 'b0b0b0b0-0000-4000-8000-000000000004';
export const POLICY_ID = 'c0c0c0c0-0000-4000-8000-000000000005';
export const CAPTURED_AT = '2026-11-27T10:00:00Z';
export const SUBSCRIPTION = '5ub5ub5u-0000-4000-8000-000000000006';
export const RG = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-signinlogs-prod-weu-01`;
export const WORKSPACE_ID = `${RG}/providers/Microsoft.OperationalInsights/workspaces/log-signinlogs-prod-weu`;
export const ACTION_GROUP_ID = `${RG}/providers/Microsoft.Insights/actionGroups/ag-breakglass`;
export const SIGNIN_RULE_ID = `${RG}/providers/Microsoft.Insights/scheduledQueryRules/breakglass-signin`;
export const AUDIT_RULE_ID = `${RG}/providers/Microsoft.Insights/scheduledQueryRules/breakglass-changes`;

const daysBefore = (days: number): string =>
  new Date(Date.parse(CAPTURED_AT) - days * 86_400_000).toISOString();

function account(id: string, n: number): User {
  return {
    id,
    userPrincipalName: `EmergencyAccount_${n}@${DOMAIN}`,
    displayName: `EmergencyAccount_${n}`,
    accountEnabled: true,
    onPremisesSyncEnabled: null,
    passwordPolicies: 'DisablePasswordExpiration',
    usageLocation: 'DE',
    userType: 'Member',
  };
}

const fido2 = (id: string, name: string) => ({
  '@odata.type': '#microsoft.graph.fido2AuthenticationMethod',
  id,
  displayName: name,
});
const password = {
  '@odata.type': '#microsoft.graph.passwordAuthenticationMethod',
  id: '28c10230-6103-485e-b985-444c60001490',
};

function alertRule(id: string, name: string, query: string): ArmResource {
  return {
    id,
    name,
    type: 'Microsoft.Insights/scheduledQueryRules',
    location: 'westeurope',
    kind: 'LogAlert',
    properties: {
      displayName: name,
      severity: 0,
      enabled: true,
      scopes: [WORKSPACE_ID],
      evaluationFrequency: 'PT5M',
      windowSize: 'PT5M',
      criteria: {
        allOf: [{ query, timeAggregation: 'Count', operator: 'GreaterThan', threshold: 0, dimensions: [] }],
      },
      autoMitigate: false,
      actions: { actionGroups: [ACTION_GROUP_ID] },
    },
  };
}

/** A healthy tenant: two cloud-only GA accounts with two FIDO2 keys each, the group, monitoring, drills. */
export function healthySnapshot(): Snapshot {
  const users = [
    account(ACCOUNT_1, 1),
    account(ACCOUNT_2, 2),
    { id: ADMIN, userPrincipalName: 'admin@contoso.com', accountEnabled: true },
  ];
  const alertAccounts = users.slice(0, 2).map((u) => ({ id: u.id, userPrincipalName: u.userPrincipalName }));
  return {
    formatVersion: 1,
    capturedAt: CAPTURED_AT,
    cloud: 'global',
    graph: {
      organization: [
        {
          id: TENANT_ID,
          displayName: 'Contoso',
          verifiedDomains: [
            { name: DOMAIN, isInitial: true },
            { name: 'contoso.com', isInitial: false },
          ],
        },
      ],
      users,
      groups: [
        {
          id: GROUP_ID,
          displayName: 'CA-Persona-BreakGlassAccounts',
          securityEnabled: true,
          mailEnabled: false,
          groupTypes: [],
          isAssignableToRole: true,
          membershipRule: null,
          members: [ACCOUNT_1, ACCOUNT_2],
        },
      ],
      roleDefinitions: [
        {
          id: GLOBAL_ADMINISTRATOR_TEMPLATE_ID,
          displayName: 'Global Administrator',
          templateId: GLOBAL_ADMINISTRATOR_TEMPLATE_ID,
        },
      ],
      roleAssignments: [ACCOUNT_1, ACCOUNT_2, ADMIN].map((principalId, i) => ({
        id: `ra-${i}`,
        roleDefinitionId: GLOBAL_ADMINISTRATOR_TEMPLATE_ID,
        principalId,
        directoryScopeId: '/',
      })),
      roleEligibilitySchedules: [],
      roleAssignmentSchedules: [ACCOUNT_1, ACCOUNT_2].map((principalId, i) => ({
        id: `ras-${i}`,
        roleDefinitionId: GLOBAL_ADMINISTRATOR_TEMPLATE_ID,
        principalId,
        assignmentType: 'Assigned',
        scheduleInfo: { startDateTime: '2026-01-01T00:00:00Z', expiration: { type: 'noExpiration' } },
      })),
      conditionalAccessPolicies: [
        {
          id: POLICY_ID,
          displayName: defaultConfig().policy.displayName,
          state: 'enabled',
          conditions: {
            users: { includeGroups: [GROUP_ID] },
            applications: { includeApplications: ['All'] },
          },
          grantControls: {
            operator: 'OR',
            builtInControls: [],
            authenticationStrength: { id: PHISHING_RESISTANT_STRENGTH_ID },
          },
        },
      ],
      authenticationMethods: {
        [ACCOUNT_1]: [password, fido2('k11', 'Key 1A'), fido2('k12', 'Key 1B')],
        [ACCOUNT_2]: [password, fido2('k21', 'Key 2A'), fido2('k22', 'Key 2B')],
      },
      signIns: [
        {
          id: 'si-1',
          createdDateTime: daysBefore(10),
          userId: ACCOUNT_1,
          appDisplayName: 'Azure Portal',
          status: { errorCode: 0 },
        },
        {
          id: 'si-2',
          createdDateTime: daysBefore(9),
          userId: ACCOUNT_2,
          appDisplayName: 'Azure Portal',
          status: { errorCode: 0 },
        },
        { id: 'si-admin', createdDateTime: daysBefore(1), userId: ADMIN },
      ],
    },
    azure: {
      subscriptions: [{ subscriptionId: SUBSCRIPTION, displayName: 'Prod', state: 'Enabled' }],
      resources: [
        {
          id: WORKSPACE_ID,
          name: 'log-signinlogs-prod-weu',
          type: 'Microsoft.OperationalInsights/workspaces',
          location: 'westeurope',
          properties: { retentionInDays: 90, customerId: 'ws-guid', sku: { name: 'PerGB2018' } },
        },
        {
          id: ACTION_GROUP_ID,
          name: 'ag-breakglass',
          type: 'Microsoft.Insights/actionGroups',
          location: 'Global',
          properties: {
            groupShortName: 'breakglass',
            enabled: true,
            emailReceivers: [{ name: 'secops', emailAddress: 'secops@contoso.com', status: 'Enabled' }],
            smsReceivers: [],
          },
        },
        alertRule(SIGNIN_RULE_ID, 'breakglass-signin', signInAlertQuery(alertAccounts)),
        alertRule(
          AUDIT_RULE_ID,
          'breakglass-changes',
          auditAlertQuery({ accounts: alertAccounts, groupId: GROUP_ID, policyId: POLICY_ID }),
        ),
      ],
      aadDiagnosticSettings: [
        {
          id: '/providers/microsoft.aadiam/diagnosticSettings/breakglass-signinlogs',
          name: 'breakglass-signinlogs',
          type: 'microsoft.aadiam/diagnosticSettings',
          properties: {
            workspaceId: WORKSPACE_ID,
            logs: [
              { category: 'SignInLogs', enabled: true },
              { category: 'NonInteractiveUserSignInLogs', enabled: true },
              { category: 'AuditLogs', enabled: true },
            ],
          },
        },
      ],
    },
    drills: [
      { accountId: ACCOUNT_1, at: daysBefore(10.01), verified: true, signInId: 'si-1', alertFired: true },
      { accountId: ACCOUNT_2, at: daysBefore(9.01), verified: true, signInId: 'si-2', alertFired: true },
    ],
  };
}

/** The config matching the healthy tenant (the guide's defaults). */
export function healthyConfig(): BreakglassConfig {
  return defaultConfig();
}

/** A mutable view of an ARM resource's properties, for tests that change one. */
export function props(snapshot: Snapshot, id: string): Record<string, unknown> {
  const resource =
    snapshot.azure?.resources?.find((r) => r.id === id) ??
    snapshot.azure?.aadDiagnosticSettings?.find((r) => r.id === id);
  if (!resource?.properties) throw new Error(`fixture has no resource ${id}`);
  return resource.properties;
}

export function userById(snapshot: Snapshot, id: string): User {
  const user = snapshot.graph.users?.find((u) => u.id === id);
  if (!user) throw new Error(`fixture has no user ${id}`);
  return user;
}

/** One table-driven case: a change to the healthy tenant and the statuses expected per subject id. */
export interface CheckCase {
  name: string;
  change?: (snapshot: Snapshot, config: BreakglassConfig) => Snapshot | void;
  /** Config absent (no file): accounts come from the group. */
  noConfig?: boolean;
  options?: ResolveOptions;
  /** Expected `status` (or `status:skipReason`) per subject id; exactly these subjects. */
  expect: Record<string, string>;
  /** Text every listed subject's message must contain. */
  messageIncludes?: Record<string, string>;
}

/** Runs a check on the healthy tenant after `change`. */
export function runCase(
  check: CheckDefinition,
  c: Pick<CheckCase, 'change' | 'noConfig' | 'options'>,
): { outcomes: Outcome[]; context: AuditContext } {
  const snapshot = healthySnapshot();
  const config = healthyConfig();
  const changed = c.change?.(snapshot, config) ?? snapshot;
  const context = resolveAuditContext(changed, c.noConfig ? undefined : config, c.options);
  return { outcomes: check.evaluate(context), context };
}

/** `status` or `status:skipReason` per subject id, for compact assertions. */
export function statusesBySubject(outcomes: readonly Outcome[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const outcome of outcomes) {
    result[outcome.subject.id] = outcome.skipReason
      ? `${outcome.status}:${outcome.skipReason}`
      : outcome.status;
  }
  return result;
}

/** Runs one case and asserts its statuses and messages; also that every skip has a reason. */
export function assertCase(check: CheckDefinition, c: CheckCase): Outcome[] {
  const { outcomes } = runCase(check, c);
  assert.deepEqual(statusesBySubject(outcomes), c.expect, JSON.stringify(outcomes, null, 1));
  for (const outcome of outcomes) {
    assert.equal(
      outcome.status === 'skip',
      outcome.skipReason !== undefined,
      `skip reason on ${outcome.subject.id}`,
    );
    assert.ok(outcome.message.length > 0);
  }
  for (const [subject, text] of Object.entries(c.messageIncludes ?? {})) {
    const outcome = outcomes.find((o) => o.subject.id === subject);
    assert.ok(outcome, `no outcome for ${subject}`);
    assert.ok(outcome.message.includes(text), `message of ${subject}: ${outcome.message} lacks ${text}`);
  }
  return outcomes;
}
