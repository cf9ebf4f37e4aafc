/**
 * The drifted tenant's mistakes are real: each drift, applied alone to the well-run Fabrikam,
 * makes its mistakes observable in the document (and the baseline does not have them), keeps
 * the document consistent, and the list handed to audit tests is complete and well-formed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TenantDocument } from './document.js';
import { drifted, driftedAccounts, driftedBaseline, driftedIds, driftedMistakes, drifts } from './drifted.js';
import { findProblems } from './integrity.js';

/** The check catalogue's ids (checks.md); a mistake may only expect checks that exist. */
const catalogue = new Set([
  ...['001', '002', '003', '004', '005', '006', '007', '008', '009', '010'].map((n) => `EA-ACC-${n}`),
  ...['001', '002', '003'].map((n) => `EA-GRP-${n}`),
  ...['001', '002', '003', '004', '005', '006'].map((n) => `EA-CA-${n}`),
  ...['001', '002', '003', '004', '005', '006'].map((n) => `EA-MON-${n}`),
  'EA-OPS-001',
  'EA-OPS-002',
]);

const [ea1, ea2, ea3] = driftedIds.accounts;
const user = (d: TenantDocument, id: string | undefined) => d.graph.users.find((u) => u.id === id);
const group = (d: TenantDocument) => d.graph.groups.find((g) => g.id === driftedIds.group)!;
const policy = (d: TenantDocument, id: string) => d.graph.conditionalAccessPolicies.find((p) => p.id === id);
const resource = (d: TenantDocument, id: string) => d.azure.resources.find((r) => r.id === id);
const methodTypes = (d: TenantDocument, id: string | undefined) =>
  (d.graph.authenticationMethods[id ?? ''] ?? []).map((m) => m['@odata.type']);
const alertQuery = (d: TenantDocument) =>
  (resource(d, driftedIds.signInAlert)?.properties.criteria as { allOf: { query: string }[] }).allOf[0]!
    .query;
const GA = '62e90394-69f5-4237-9190-012177145e10';
const accountIds = new Set(driftedAccounts.map((a) => a.id));

/** How to see each mistake in a document; one per mistake key. */
const probes: Record<string, (d: TenantDocument) => boolean> = {
  'account-synced': (d) => user(d, ea3)?.onPremisesSyncEnabled === true,
  'account-custom-domain': (d) => !!user(d, ea3)?.userPrincipalName.endsWith('@fabrikam.com'),
  'account-personal-methods': (d) => {
    const types = methodTypes(d, ea2);
    return (
      !types.includes('#microsoft.graph.fido2AuthenticationMethod') &&
      types.includes('#microsoft.graph.microsoftAuthenticatorAuthenticationMethod') &&
      types.includes('#microsoft.graph.phoneAuthenticationMethod')
    );
  },
  'account-password-expires': (d) =>
    !String(user(d, ea1)?.passwordPolicies ?? '').includes('DisablePasswordExpiration'),
  'account-ga-eligible-only': (d) =>
    !d.graph.roleAssignments.some((r) => r.principalId === ea2 && r.roleDefinitionId === GA) &&
    d.graph.roleEligibilitySchedules.some((r) => r.principalId === ea2 && r.roleDefinitionId === GA),
  'group-extra-user': (d) => group(d).members.some((m) => !accountIds.has(m) && !!user(d, m)),
  'group-nested-group': (d) => group(d).members.some((m) => d.graph.groups.some((g) => g.id === m)),
  'group-not-role-assignable': (d) => group(d).isAssignableToRole !== true,
  'ca-lockout-policy': (d) => {
    const p = policy(d, driftedIds.lockoutPolicy);
    return (
      p?.state === 'enabled' &&
      !!p.grantControls?.builtInControls.includes('block') &&
      p.conditions.users!.includeUsers.includes('All') &&
      p.conditions.users!.excludeGroups.length === 0 &&
      p.conditions.users!.excludeUsers.length === 0
    );
  },
  'ca-report-only-without-exclusion': (d) => {
    const p = policy(d, driftedIds.baselineSecurityModePolicy);
    return (
      p?.state === 'enabledForReportingButNotEnforced' &&
      p.conditions.users!.includeRoles.includes(GA) &&
      p.conditions.users!.excludeGroups.length === 0
    );
  },
  'ca-exclusion-by-user': (d) => {
    const u = policy(d, driftedIds.mfaPolicy)!.conditions.users!;
    return (
      !u.excludeGroups.includes(driftedIds.group) &&
      u.excludeUsers.includes(ea1!) &&
      u.excludeUsers.includes(ea2!)
    );
  },
  'ca-dedicated-frequency': (d) =>
    (policy(d, driftedIds.dedicatedPolicy)!.sessionControls as { signInFrequency: { value: number } })
      .signInFrequency.value === 8,
  'workspace-retention': (d) => resource(d, driftedIds.workspace)!.properties.retentionInDays === 30,
  'diagnostic-no-auditlogs': (d) => {
    const logs = d.azure.aadDiagnosticSettings.find((s) => s.id === driftedIds.diagnosticSetting)!.properties
      .logs as { category: string; enabled: boolean }[];
    return (
      logs.some((l) => l.category === 'SignInLogs' && l.enabled) &&
      !logs.some((l) => l.category === 'AuditLogs' && l.enabled)
    );
  },
  'alert-guide-query': (d) => alertQuery(d).includes('\u201C') && !alertQuery(d).includes(ea2!),
  'alert-frequency': (d) => resource(d, driftedIds.signInAlert)!.properties.evaluationFrequency === 'PT15M',
  'no-audit-alert': (d) =>
    !d.azure.resources.some(
      (r) =>
        r.type === 'Microsoft.Insights/scheduledQueryRules' &&
        JSON.stringify(r.properties.criteria).includes('AuditLogs'),
    ),
  'account-never-drilled': (d) => !d.drills.some((x) => x.accountId === ea2),
  'unexplained-signin': (d) => {
    const s = d.graph.signIns.find((x) => x.id === driftedIds.unexplainedSignIn);
    return s?.userId === ea2 && !d.drills.some((x) => x.signInId === s.id);
  },
};

test('at least ten mistakes, each with a unique key, known check ids and a probe', () => {
  assert.ok(driftedMistakes.length >= 10, `${driftedMistakes.length} mistakes`);
  assert.equal(new Set(driftedMistakes.map((m) => m.key)).size, driftedMistakes.length);
  for (const m of driftedMistakes) {
    assert.ok(m.expectedCheckIds.length > 0, m.key);
    for (const id of m.expectedCheckIds)
      assert.ok(catalogue.has(id), `${m.key}: ${id} is not in the catalogue`);
    assert.ok(probes[m.key], `no probe for ${m.key}`);
  }
  assert.deepEqual(Object.keys(probes).sort(), driftedMistakes.map((m) => m.key).sort());
});

test('mistakes span accounts, group, Conditional Access, monitoring and operations', () => {
  const areas = new Set(driftedMistakes.flatMap((m) => m.expectedCheckIds.map((id) => id.split('-')[1])));
  assert.deepEqual([...areas].sort(), ['ACC', 'CA', 'GRP', 'MON', 'OPS']);
});

for (const drift of drifts) {
  const keys = drift.mistakes.map((m) => m.key).join(', ');
  test(`drift alone makes its mistakes, on a consistent document: ${keys}`, () => {
    const tenant = driftedBaseline();
    for (const m of drift.mistakes)
      assert.equal(probes[m.key]!(tenant.doc), false, `${m.key} already in the baseline`);
    drift.apply(tenant);
    for (const m of drift.mistakes) assert.equal(probes[m.key]!(tenant.doc), true, `${m.key} not made`);
    assert.deepEqual(findProblems(tenant.doc), []);
  });
}

test('the drifted tenant has every mistake at once, and each subject is in it', () => {
  const doc = drifted();
  for (const m of driftedMistakes) assert.ok(probes[m.key]!(doc), m.key);
  const known = new Set([
    ...doc.graph.users.map((u) => u.id),
    ...doc.graph.groups.map((g) => g.id),
    ...doc.graph.conditionalAccessPolicies.map((p) => p.id),
    ...doc.graph.signIns.map((s) => s.id),
    ...doc.azure.resources.map((r) => r.id),
    ...doc.azure.aadDiagnosticSettings.map((r) => r.id),
  ]);
  for (const m of driftedMistakes)
    if (m.subjectId)
      assert.ok(known.has(m.subjectId), `${m.key}: subject ${m.subjectId} not in the document`);
  assert.equal(doc.emulator.tenantId, driftedIds.tenant);
});

test('the listed accounts are the tenant’s emergency accounts', () => {
  const doc = drifted();
  for (const a of driftedAccounts) assert.equal(user(doc, a.id)?.userPrincipalName, a.userPrincipalName);
});

test('apps: admin by default, a reader with only *.Read.All, a reader without Policy.Read.All', () => {
  const apps = drifted().emulator.apps;
  assert.deepEqual(
    apps.map((a) => [a.displayName, a.default === true]),
    [
      ['breakglass admin', true],
      ['breakglass reader', false],
      ['breakglass reader (no Policy.Read.All)', false],
    ],
  );
  const [, reader, noPolicy] = apps;
  assert.ok(reader!.graphRoles.every((r) => r.endsWith('.Read.All')));
  assert.ok(reader!.graphRoles.includes('Policy.Read.All'));
  assert.ok(!noPolicy!.graphRoles.some((r) => r.startsWith('Policy.')));
  assert.ok(reader!.armRoles.every((r) => r.role === 'Reader'));
});
