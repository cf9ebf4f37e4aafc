/**
 * `healthy` is exactly the guide's setup with nothing wrong: each expectation below is one thing
 * the audit checks (checks.md), read straight from the document.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaPolicy, TenantDocument } from './document.js';
import { healthy } from './healthy.js';

const doc = healthy();
const g = doc.graph;
const GA = '62e90394-69f5-4237-9190-012177145e10';
const initialDomain = 'contoso.onmicrosoft.com';
const accounts = g.users.filter((u) => u.displayName.startsWith('EmergencyAccount_'));
const group = g.groups.find((x) => x.displayName === 'CA-Persona-BreakGlassAccounts')!;
const dedicated = g.conditionalAccessPolicies.find((p) =>
  p.conditions.users?.includeGroups.includes(group.id),
)!;
const byType = (type: string) => doc.azure.resources.filter((r) => r.type === type);
const workspace = byType('Microsoft.OperationalInsights/workspaces')[0]!;
const alerts = byType('Microsoft.Insights/scheduledQueryRules');
const queryOf = (r: (typeof alerts)[number]) =>
  (r.properties.criteria as { allOf: { query: string }[] }).allOf[0]!.query;
const dayMs = 86_400_000;
const ageDays = (d: TenantDocument, at: unknown) =>
  (Date.parse(d.capturedAt) - Date.parse(String(at))) / dayMs;
const targetsUsers = (p: CaPolicy) => p.conditions.clientApplications === null;

test('tenant: Contoso, P2 licensed, security defaults off, initial and custom domain', () => {
  const org = g.organization[0]!;
  assert.equal(org.displayName, 'Contoso');
  const domains = org.verifiedDomains as { name: string; isInitial: boolean }[];
  assert.deepEqual(
    domains.map((d) => [d.name, d.isInitial]),
    [
      [initialDomain, true],
      ['contoso.com', false],
    ],
  );
  const plans = g.subscribedSkus.flatMap((s) =>
    (s.servicePlans as { servicePlanName: string }[]).map((p) => p.servicePlanName),
  );
  assert.ok(plans.includes('AAD_PREMIUM') && plans.includes('AAD_PREMIUM_P2'));
  assert.equal(g.securityDefaults.isEnabled, false);
});

test('accounts: exactly two, cloud-only, on the initial domain, enabled, password never expires', () => {
  assert.deepEqual(
    accounts.map((a) => a.userPrincipalName),
    [`EmergencyAccount_1@${initialDomain}`, `EmergencyAccount_2@${initialDomain}`],
  );
  for (const a of accounts) {
    assert.notEqual(a.onPremisesSyncEnabled, true);
    assert.equal(a.accountEnabled, true);
    assert.equal(a.passwordPolicies, 'DisablePasswordExpiration');
  }
});

test('accounts: two FIDO2 keys of different models and a password, nothing tied to a person', () => {
  for (const a of accounts) {
    const methods = g.authenticationMethods[a.id] ?? [];
    const keys = methods.filter((m) => m['@odata.type'] === '#microsoft.graph.fido2AuthenticationMethod');
    assert.equal(keys.length, 2);
    assert.equal(new Set(keys.map((k) => k.aaGuid)).size, 2);
    assert.deepEqual(methods.map((m) => m['@odata.type']).sort(), [
      '#microsoft.graph.fido2AuthenticationMethod',
      '#microsoft.graph.fido2AuthenticationMethod',
      '#microsoft.graph.passwordAuthenticationMethod',
    ]);
  }
});

test('accounts: permanent active Global Administrator, not merely eligible', () => {
  for (const a of accounts) {
    assert.ok(
      g.roleAssignments.some(
        (r) => r.principalId === a.id && r.roleDefinitionId === GA && r.directoryScopeId === '/',
      ),
    );
    const schedule = g.roleAssignmentSchedules.find(
      (r) => r.principalId === a.id && r.roleDefinitionId === GA,
    )!;
    assert.equal(schedule.assignmentType, 'Assigned');
    assert.equal((schedule.scheduleInfo as { expiration: { type: string } }).expiration.type, 'noExpiration');
    assert.ok(!g.roleEligibilitySchedules.some((r) => r.principalId === a.id));
  }
});

test('group: role-assignable, assigned membership, exactly the two accounts', () => {
  assert.equal(group.isAssignableToRole, true);
  assert.equal(group.membershipRule, null);
  assert.ok(!group.groupTypes.includes('DynamicMembership'));
  assert.deepEqual([...group.members].sort(), accounts.map((a) => a.id).sort());
});

test('dedicated policy: the group, all resources, phishing-resistant strength only, 1-hour sign-in frequency, enabled', () => {
  assert.equal(dedicated.state, 'enabled');
  assert.deepEqual(dedicated.conditions.users?.includeGroups, [group.id]);
  assert.deepEqual(
    (dedicated.conditions.applications as { includeApplications: string[] }).includeApplications,
    ['All'],
  );
  assert.equal(dedicated.grantControls?.authenticationStrength?.id, '00000000-0000-0000-0000-000000000004');
  assert.deepEqual(dedicated.grantControls?.builtInControls, []);
  const session = dedicated.sessionControls as {
    signInFrequency: { isEnabled: boolean; type: string; value: number };
    disableResilienceDefaults: boolean;
  };
  assert.deepEqual(
    [session.signInFrequency.isEnabled, session.signInFrequency.type, session.signInFrequency.value],
    [true, 'hours', 1],
  );
  assert.equal(session.disableResilienceDefaults, false);
});

test('every other policy that targets users excludes the group', () => {
  const others = g.conditionalAccessPolicies.filter((p) => p !== dedicated && targetsUsers(p));
  assert.ok(others.length >= 11, `only ${others.length} other policies`);
  for (const p of others) assert.ok(p.conditions.users?.excludeGroups.includes(group.id), p.displayName);
});

test('the other policies cover the realistic kinds', () => {
  const ps = g.conditionalAccessPolicies;
  const kinds: [string, (p: CaPolicy) => boolean][] = [
    [
      'MFA for all users',
      (p) =>
        p.conditions.users!.includeUsers.includes('All') &&
        !!p.grantControls?.builtInControls.includes('mfa'),
    ],
    [
      'block legacy authentication',
      (p) =>
        (p.conditions.clientAppTypes as string[]).includes('other') &&
        !!p.grantControls?.builtInControls.includes('block'),
    ],
    [
      'phishing-resistant MFA for admin roles',
      (p) =>
        p.conditions.users!.includeRoles.includes(GA) &&
        p.grantControls?.authenticationStrength?.id === '00000000-0000-0000-0000-000000000004',
    ],
    ['compliant device', (p) => !!p.grantControls?.builtInControls.includes('compliantDevice')],
    [
      'country allow-list block',
      (p) =>
        g.namedLocations.some(
          (l) =>
            l['@odata.type'] === '#microsoft.graph.countryNamedLocation' &&
            (p.conditions.locations as { excludeLocations: string[] } | null)?.excludeLocations.includes(
              l.id,
            ),
        ),
    ],
    [
      'risk-based',
      (p) =>
        (p.conditions.userRiskLevels as string[]).length > 0 ||
        (p.conditions.signInRiskLevels as string[]).length > 0,
    ],
    [
      'Microsoft-managed (templateId)',
      (p) => p.displayName.startsWith('Microsoft-managed:') && typeof p.templateId === 'string',
    ],
    ['workload identities', (p) => p.conditions.clientApplications !== null],
    [
      'authentication context',
      (p) =>
        (p.conditions.applications as { includeAuthenticationContextClassReferences: string[] })
          .includeAuthenticationContextClassReferences.length > 0,
    ],
  ];
  for (const [kind, is] of kinds) assert.ok(ps.some(is), kind);
});

test('built-in role definitions and authentication strengths are listed', () => {
  assert.ok(
    g.roleDefinitions.some(
      (r) => r.id === GA && r.isBuiltIn === true && r.displayName === 'Global Administrator',
    ),
  );
  assert.deepEqual(
    g.authenticationStrengthPolicies.map((s) => s.id),
    [
      '00000000-0000-0000-0000-000000000002',
      '00000000-0000-0000-0000-000000000003',
      '00000000-0000-0000-0000-000000000004',
    ],
  );
});

test('logs: the guide’s resource group and workspace (90 days), the diagnostic setting sends all three categories there', () => {
  assert.ok(byType('Microsoft.Resources/resourceGroups').some((r) => r.name === 'rg-signinlogs-prod-weu-01'));
  assert.equal(workspace.name, 'log-signinlogs-prod-weu');
  assert.equal(workspace.properties.retentionInDays, 90);
  const setting = doc.azure.aadDiagnosticSettings[0]!;
  assert.equal(setting.properties.workspaceId, workspace.id);
  const enabled = (setting.properties.logs as { category: string; enabled: boolean }[])
    .filter((l) => l.enabled)
    .map((l) => l.category);
  assert.deepEqual(enabled.sort(), ['AuditLogs', 'NonInteractiveUserSignInLogs', 'SignInLogs']);
});

test('alert: enabled sign-in rule on the workspace, severity 0, every 5 minutes, > 0, naming both accounts, with an emailing action group', () => {
  const rule = alerts.find((r) => queryOf(r).startsWith('SigninLogs'))!;
  const p = rule.properties as {
    enabled: boolean;
    severity: number;
    evaluationFrequency: string;
    scopes: string[];
    criteria: { allOf: { operator: string; threshold: number }[] };
    actions: { actionGroups: string[] };
  };
  assert.deepEqual(
    [p.enabled, p.severity, p.evaluationFrequency, p.scopes],
    [true, 0, 'PT5M', [workspace.id]],
  );
  assert.deepEqual([p.criteria.allOf[0]!.operator, p.criteria.allOf[0]!.threshold], ['GreaterThan', 0]);
  for (const a of accounts) {
    assert.ok(queryOf(rule).includes(a.id));
    assert.ok(queryOf(rule).includes(a.userPrincipalName.toLowerCase()));
  }
  const group = doc.azure.resources.find((r) => r.id === p.actions.actionGroups[0])!;
  assert.ok((group.properties.emailReceivers as unknown[]).length >= 1);
});

test('alert: a second enabled rule watches AuditLogs for the accounts, the group and the dedicated policy', () => {
  const rule = alerts.find((r) => queryOf(r).startsWith('AuditLogs'))!;
  assert.equal(rule.properties.enabled, true);
  for (const id of [...accounts.map((a) => a.id), group.id, dedicated.id])
    assert.ok(queryOf(rule).includes(id));
});

test('drills: one verified drill per account within 90 days, each matching a sign-in of that account', () => {
  for (const a of accounts) {
    const drills = doc.drills.filter((d) => d.accountId === a.id);
    assert.equal(drills.length, 1);
    const d = drills[0]!;
    assert.ok(d.verified && ageDays(doc, d.at) < 90);
    const signIn = g.signIns.find((s) => s.id === d.signInId)!;
    assert.equal(signIn.userId, a.id);
    assert.ok(Math.abs(Date.parse(String(signIn.createdDateTime)) - Date.parse(d.at)) < 3_600_000);
  }
});

test('sign-ins: ordinary users sign in; every account sign-in is a drill; the workspace has the same rows', () => {
  const accountIds = new Set(accounts.map((a) => a.id));
  const drilled = new Set(doc.drills.map((d) => d.signInId));
  assert.ok(g.signIns.filter((s) => !accountIds.has(String(s.userId))).length >= 20);
  for (const s of g.signIns.filter((x) => accountIds.has(String(x.userId)))) assert.ok(drilled.has(s.id));
  const rows = doc.azure.logs[workspace.id]!.SigninLogs!;
  assert.deepEqual(rows.map((r) => r.Id).sort(), g.signIns.map((s) => s.id).sort());
});
