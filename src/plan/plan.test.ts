import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from './plan.js';
import { renderPlan } from './render.js';
import { configSchema, type BreakglassConfig } from '../config/schema.js';
import type { Snapshot } from '../snapshot/schema.js';
import type { Change } from './types.js';
import { healthyTenant, ids } from '../../test/fixtures/tenant.js';

const now = new Date('2026-11-27T12:00:00Z');
const config = (overrides: Record<string, unknown> = {}): BreakglassConfig =>
  configSchema.parse({
    accounts: { usageLocation: 'NL' },
    monitoring: { actionGroup: { emails: ['soc@contoso.com'] } },
    ...overrides,
  });
const actionable = (changes: Change[]) =>
  changes.filter((c) => c.action !== 'no-op').map((c) => `${c.action} ${c.address}`);

test('a tenant that matches the config plans no changes', () => {
  const plan = buildPlan(healthyTenant(), config(), { now });
  assert.deepEqual(actionable(plan.changes), []);
  assert.deepEqual(plan.deferred, []);
  assert.match(renderPlan(plan), /No changes/);
});

interface Case {
  name: string;
  mutate: (s: Snapshot) => void;
  expected: string[];
  config?: Record<string, unknown>;
}

const cases: Case[] = [
  {
    name: 'a policy missing the group exclusion gets it added',
    mutate: (s) => void (s.graph.conditionalAccessPolicies![1]!.conditions.users!.excludeGroups = []),
    expected: [`update ca-exclusion[${ids.mfaPolicy}]`],
  },
  {
    name: 'a disabled policy missing the exclusion is fixed too (one click from enforcing)',
    mutate: (s) => {
      const p = s.graph.conditionalAccessPolicies![2]!;
      p.state = 'disabled';
      p.conditions.users!.excludeGroups = [];
    },
    expected: [`update ca-exclusion[${ids.adminPolicy}]`],
  },
  {
    name: 'an expiring password is fixed',
    mutate: (s) => void (s.graph.users![0]!.passwordPolicies = null),
    expected: ['update account[EmergencyAccount_1]'],
  },
  {
    name: 'an extra member is removed from the group',
    mutate: (s) => s.graph.groups![0]!.members!.push(ids.alice),
    expected: [`delete group-membership[remove:${ids.alice}]`],
  },
  {
    name: 'a missing account is created disabled, added, enabled after exclusions, made GA and given a pass',
    mutate: (s) => {
      s.graph.users!.splice(1, 1);
      s.graph.groups![0]!.members = [ids.account1];
      delete s.graph.authenticationMethods![ids.account2];
    },
    expected: [
      'create account[EmergencyAccount_2]',
      'create group-membership[EmergencyAccount_2]',
      'update account-enable[EmergencyAccount_2]',
      'create role-assignment[EmergencyAccount_2]',
      'create temporary-access-pass[EmergencyAccount_2]',
      'update dedicated-policy',
      'update alert-rule[alert-breakglass-signin]',
      'update alert-rule[alert-breakglass-changes]',
    ],
  },
  {
    name: 'an enabled dedicated policy over an account without a key is put back to report-only',
    mutate: (s) =>
      void (s.graph.authenticationMethods![ids.account2] = [
        { '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: 'p' },
      ]),
    expected: ['create temporary-access-pass[EmergencyAccount_2]', 'update dedicated-policy'],
  },
  {
    name: 'a PIM-eligible-only account gets a permanent active assignment',
    mutate: (s) => {
      s.graph.roleAssignments!.pop();
      s.graph.roleAssignmentSchedules!.pop();
      s.graph.roleEligibilitySchedules!.push({
        id: 'e1',
        roleDefinitionId: ids.globalAdministrator,
        principalId: ids.account2,
      });
    },
    expected: ['create role-assignment[EmergencyAccount_2]'],
  },
  {
    name: 'a group that is not role-assignable is replaced and the new one excluded everywhere',
    mutate: (s) => void (s.graph.groups![0]!.isAssignableToRole = false),
    expected: [
      'update group[replaced]',
      'create group',
      `update ca-exclusion[${ids.mfaPolicy}]`,
      `update ca-exclusion[${ids.adminPolicy}]`,
      'create group-membership[EmergencyAccount_1]',
      'create group-membership[EmergencyAccount_2]',
      // The old group keeps its exclusions, so nobody may stay in it.
      `delete group-membership[replaced:remove:${ids.account1}]`,
      `delete group-membership[replaced:remove:${ids.account2}]`,
      'update dedicated-policy',
      'update alert-rule[alert-breakglass-changes]',
    ],
  },
  {
    name: 'sign-in frequency drift on the dedicated policy is corrected',
    mutate: (s) =>
      void ((
        s.graph.conditionalAccessPolicies![0]!.sessionControls as { signInFrequency: { value: number } }
      ).signInFrequency.value = 8),
    expected: ['update dedicated-policy'],
  },
  {
    name: 'exclude-all: the former dedicated policy must exclude the group as well',
    config: { model: 'exclude-all' },
    mutate: () => {},
    // The change alert stops watching a policy that is no longer the emergency accounts' own.
    expected: [`update ca-exclusion[${ids.dedicatedPolicy}]`, 'update alert-rule[alert-breakglass-changes]'],
  },
  {
    name: 'an email method is registered when the config names one',
    config: { methods: { email: 'it-emergency@contoso.com' } },
    mutate: () => {},
    expected: ['create email-method[EmergencyAccount_1]', 'create email-method[EmergencyAccount_2]'],
  },
  {
    name: 'a 30-day workspace is raised to the declared retention',
    mutate: (s) =>
      void ((s.azure!.resources![1]!.properties as { retentionInDays: number }).retentionInDays = 30),
    expected: ['update workspace'],
  },
  {
    name: 'a diagnostic setting removed by hand is restored',
    mutate: (s) => void (s.azure!.aadDiagnosticSettings = []),
    expected: ['create diagnostic-setting'],
  },
  {
    name: 'a diagnostic setting without AuditLogs gets it',
    mutate: (s) => void (s.azure!.aadDiagnosticSettings![0]!.properties as { logs: unknown[] }).logs.pop(),
    expected: ['update diagnostic-setting'],
  },
  {
    name: 'when the accounts change, both alert queries change with them',
    config: { accounts: { count: 3 } },
    mutate: () => {},
    expected: [
      'create account[EmergencyAccount_3]',
      'create group-membership[EmergencyAccount_3]',
      'update account-enable[EmergencyAccount_3]',
      'create role-assignment[EmergencyAccount_3]',
      'create temporary-access-pass[EmergencyAccount_3]',
      'update dedicated-policy',
      'update alert-rule[alert-breakglass-signin]',
      'update alert-rule[alert-breakglass-changes]',
    ],
  },
  {
    name: 'an alert rule that runs every 15 minutes is corrected',
    mutate: (s) =>
      void ((s.azure!.resources![3]!.properties as { evaluationFrequency: string }).evaluationFrequency =
        'PT15M'),
    expected: ['update alert-rule[alert-breakglass-signin]'],
  },
  {
    name: 'the action group takes the configured receivers',
    config: { monitoring: { actionGroup: { emails: ['soc@contoso.com', 'it-oncall@contoso.com'] } } },
    mutate: () => {},
    expected: ['update action-group'],
  },
];

for (const c of cases) {
  test(c.name, () => {
    const snapshot = healthyTenant();
    c.mutate(snapshot);
    const plan = buildPlan(snapshot, config(c.config), { now });
    assert.deepEqual(actionable(plan.changes), c.expected);
  });
}

test('the replaced group is emptied only after the new group is excluded everywhere and targeted', () => {
  const snapshot = healthyTenant();
  snapshot.graph.groups![0]!.isAssignableToRole = false;
  const plan = buildPlan(snapshot, config(), { now });
  const removal = plan.changes.find(
    (c) => c.address === `group-membership[replaced:remove:${ids.account1}]`,
  )!;
  assert.deepEqual(
    [...removal.dependsOn].sort(),
    [
      'dedicated-policy',
      'group-membership[EmergencyAccount_1]',
      'group-membership[EmergencyAccount_2]',
      `ca-exclusion[${ids.adminPolicy}]`,
      `ca-exclusion[${ids.mfaPolicy}]`,
    ].sort(),
  );
  assert.equal(removal.spec.groupId, ids.group);
});

test('new accounts are enabled only after every exclusion and their membership', () => {
  const snapshot = healthyTenant();
  snapshot.graph.users!.splice(0, 2);
  snapshot.graph.groups![0]!.members = [];
  snapshot.graph.conditionalAccessPolicies![1]!.conditions.users!.excludeGroups = [];
  const plan = buildPlan(snapshot, config(), { now });
  const enable = plan.changes.find((c) => c.address === 'account-enable[EmergencyAccount_1]')!;
  assert.deepEqual(
    enable.dependsOn.sort(),
    [
      'account[EmergencyAccount_1]',
      `ca-exclusion[${ids.mfaPolicy}]`,
      'group-membership[EmergencyAccount_1]',
    ].sort(),
  );
  const create = plan.changes.find((c) => c.address === 'account[EmergencyAccount_1]')!;
  assert.equal((create.spec.body as { accountEnabled: boolean }).accountEnabled, false);
  const policy = plan.changes.find((c) => c.address === 'dedicated-policy')!;
  assert.equal((policy.after as { state: string }).state, 'enabledForReportingButNotEnforced');
  assert.equal(plan.deferred.length, 1);
});

test("declaring no receivers keeps the action group's own; a new group without any is flagged", () => {
  const noReceivers = configSchema.parse({ accounts: { usageLocation: 'NL' } });
  const kept = buildPlan(healthyTenant(), noReceivers, { now });
  assert.deepEqual(actionable(kept.changes), []);
  assert.deepEqual(kept.deferred, []);
  const fresh = healthyTenant();
  fresh.azure!.resources = fresh.azure!.resources!.filter((r) => !r.type.endsWith('actionGroups'));
  const created = buildPlan(fresh, noReceivers, { now });
  assert.ok(actionable(created.changes).includes('create action-group'));
  assert.match(created.deferred.map((d) => d.reason).join(), /notifies nobody/);
});

test('with Azure unreadable, monitoring is deferred with the reason, not silently skipped', () => {
  const snapshot = healthyTenant();
  delete snapshot.azure;
  const plan = buildPlan(snapshot, config(), { now });
  assert.deepEqual(actionable(plan.changes), []);
  assert.equal(plan.deferred.length, 1);
  assert.match(plan.deferred.map((d) => d.reason).join(), /monitoring was not planned/);
});

test('the plan is bound to the config and the state it was made from', () => {
  const a = buildPlan(healthyTenant(), config(), { now });
  const moved = healthyTenant();
  moved.graph.users![2]!.displayName = 'Alice B.';
  const b = buildPlan(moved, config(), { now });
  const c = buildPlan(healthyTenant(), config({ policy: { signInFrequencyHours: 2 } }), { now });
  assert.notEqual(a.stateDigest, b.stateDigest);
  assert.equal(a.configDigest, b.configDigest);
  assert.notEqual(a.configDigest, c.configDigest);
  const reordered = healthyTenant();
  reordered.graph.users!.reverse();
  assert.equal(buildPlan(reordered, config(), { now }).stateDigest, a.stateDigest);
});

test('the rendered plan shows markers, reasons and values known only after apply', () => {
  const snapshot = healthyTenant();
  snapshot.graph.groups![0]!.isAssignableToRole = false;
  const text = renderPlan(buildPlan(snapshot, config(), { now }));
  assert.match(text, /^\+ group will be created$/m);
  assert.match(text, /^~ ca-exclusion\[.*\] will be updated in place$/m);
  assert.match(text, /known after apply: group#id/);
  assert.match(text, /Plan: \d+ to create, \d+ to update/);
});
