/**
 * Issue 4, done-when 2: from the `drifted` scenario (docs/scenarios.md) with the default config —
 * two accounts `EmergencyAccount_{n}` on the initial domain — `plan` proposes exactly the changes
 * that fix the drift in what the config owns; `apply`, the custodian's key enrolment where a
 * Temporary Access Pass was issued, and a second `apply` make the audit's account, group and
 * Conditional Access checks pass (except two the product leaves alone on purpose, below); and
 * nothing the config does not own is touched.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checks } from '../../src/checks/registry.js';
import type { AuditResult } from '../../src/checks/types.js';
import type { Plan } from '../../src/plan/types.js';
import type { ConditionalAccessPolicy, Snapshot } from '../../src/snapshot/schema.js';
import { runCli, type CliRun } from '../golden/cli.js';
import { emulatorSkipReason, tempDir, type TestEmulator } from '../helpers/emulator.js';
import {
  enrolKeys,
  exportTenant,
  firstTenant,
  pendingChanges,
  pointCliAtEmulator,
  readSecretFiles,
  startProvisioningEmulator,
} from '../helpers/provisioning.js';

const skip = emulatorSkipReason();
const GROUP = 'CA-Persona-BreakGlassAccounts';
const DEDICATED = 'CA000-Global-BreakGlassAccounts-AllApps-AnyPlatform-PhishingResistantMFA';

/**
 * The changes the drift needs, by hand from docs/scenarios.md. The group is not role-assignable,
 * which cannot be changed in place: it is renamed and replaced, so every user-targeting policy
 * (all but the dedicated one, the workload-identity CA300 and the authentication-context CA400)
 * must exclude the new group.
 */
const EXPECTED_CHANGES = [
  'update group[replaced]',
  'create group',
  ...[
    'Baseline Security Mode: Require phishing-resistant multifactor authentication for admins',
    'CA001-Global-AttackSurfaceReduction-AnyApp-AnyPlatform-BLOCK-CountryWhitelist',
    'CA002-Global-IdentityProtection-AnyApp-AnyPlatform-MFA',
    'CA003-Global-AttackSurfaceReduction-AnyApp-AnyPlatform-BLOCK-LegacyAuthentication',
    'CA004-Global-AttackSurfaceReduction-AnyApp-AnyPlatform-BLOCK-DeviceCodeFlow',
    'CA005-Global-AttackSurfaceReduction-AnyApp-AnyPlatform-BLOCK-UntrustedLocations',
    'CA100-Admins-IdentityProtection-AnyApp-AnyPlatform-PhishingResistantMFA',
    'CA101-Admins-IdentityProtection-AllApps-AnyPlatform-SigninFrequency',
    'CA200-Internals-DataProtection-AnyApp-WindowsMacOS-CompliantOrHybridJoined',
    'CA201-Internals-IdentityProtection-AnyApp-AnyPlatform-HighUserRisk-PasswordChange',
    'CA500-Guests-IdentityProtection-AnyApp-AnyPlatform-MFA',
    'CA900-Pilot-DataProtection-AnyApp-AnyPlatform-NoPersistentBrowser',
    'Microsoft-managed: Multifactor authentication and reauthentication for risky sign-ins',
  ].map((name) => `update ca-exclusion[${name}]`),
  'update account[EmergencyAccount_1]',
  'create group-membership[EmergencyAccount_1]',
  'create group-membership[EmergencyAccount_2]',
  'create role-assignment[EmergencyAccount_2]',
  'create temporary-access-pass[EmergencyAccount_2]',
  // The renamed group keeps its exclusions, so it is emptied once the new group has replaced it:
  // the two accounts, the helpdesk admin who added herself, the nested IT-Admins group, and EA3.
  ...Array.from({ length: 5 }, () => 'delete group-membership[replaced:remove:…]'),
  'update dedicated-policy',
  'update workspace',
  'update diagnostic-setting',
  // The default config declares no receivers (`emails: []`): the existing group keeps its own.
  'update alert-rule[alert-breakglass-signin]',
  'create alert-rule[alert-breakglass-changes]',
].sort();

/** Each drift mistake the config owns, and the words its change gives as the reason. */
const EXPECTED_REASONS: [address: string, reason: RegExp][] = [
  ['group[replaced]', /not role-assignable/],
  ['account[EmergencyAccount_1]', /password expires/],
  ['role-assignment[EmergencyAccount_2]', /does not hold Global Administrator as an active assignment/],
  ['dedicated-policy', /sign-in frequency is 8 hours, declared 1 hours/],
  ['dedicated-policy', /kept report-only until EmergencyAccount_2 has a phishing-resistant method/],
  ['workspace', /retention is 30 days, declared 90/],
  ['diagnostic-setting', /does not send AuditLogs/],
  ['alert-rule[alert-breakglass-signin]', /runs every PT15M, declared PT5M/],
];

/**
 * The check the product leaves unmet on purpose: EmergencyAccount_2 keeps its Microsoft
 * Authenticator and mobile phone (EA-ACC-009, a warning), because under the default config
 * (`methods.personTied: keep`) apply deletes no authentication method — it only adds keys;
 * provision-person-tied-methods.test.ts covers `remove`. (CA002 also keeps its one-by-one user
 * exclusions, since apply never removes an exclusion, but with the group excluded beside them
 * EA-CA-006 passes.)
 */
const LEFT_ALONE = new Map([['EA-ACC-009', 'warn']]);

const PROVISIONED_CHECKS = checks
  .filter((c) => ['accounts', 'group', 'conditionalAccess'].includes(c.area))
  .map((c) => c.id);

const ok = (run: CliRun, what: string) =>
  assert.equal(run.code, 0, `${what} exited ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);

/**
 * A policy without its exclusion arrays and modification time (the only parts apply may change).
 * The emulator keeps a written policy's authentication strength as a reference (`{ id }`) and
 * expands it on read, as Graph does, so only the id is compared.
 */
function withoutExclusions(policy: ConditionalAccessPolicy): unknown {
  const copy = structuredClone(policy) as ConditionalAccessPolicy & { modifiedDateTime?: unknown };
  delete copy.modifiedDateTime;
  const strength = copy.grantControls?.authenticationStrength;
  if (copy.grantControls && strength) copy.grantControls.authenticationStrength = { id: strength.id };
  const users = copy.conditions.users as Record<string, unknown> | undefined;
  if (users) for (const key of ['excludeUsers', 'excludeGroups', 'excludeRoles']) delete users[key];
  return copy;
}

describe('from the drifted tenant back to the declared state, with the CLI', { skip }, () => {
  let t: TestEmulator;
  let tenantId: string;
  let initialDomain: string;
  let work: { path: string; remove: () => void };
  let restoreEnv: () => void;
  let before0: Snapshot;
  const cli = (...args: string[]) => runCli(args, work.path);
  const accountUpns = () => [1, 2].map((n) => `emergencyaccount_${n}@${initialDomain}`.toLowerCase());

  before(async () => {
    t = await startProvisioningEmulator('drifted');
    ({ tenantId, initialDomain } = await firstTenant(t.control));
    work = tempDir('breakglass-provision-drifted-');
    restoreEnv = pointCliAtEmulator(t.emulator.url);
    before0 = await exportTenant(t.control, tenantId);
    ok(await cli('init'), 'init');
  });
  after(async () => {
    restoreEnv?.();
    await t?.stop();
    work?.remove();
  });

  test('plan shows exactly the changes the drift needs, with their reasons', async () => {
    const run = await cli('plan', '-o', 'plan.json');
    ok(run, 'plan');
    const plan = JSON.parse(readFileSync(join(work.path, 'plan.json'), 'utf8')) as Plan;
    const policyName = new Map(
      (before0.graph.conditionalAccessPolicies ?? []).map((p) => [p.id, p.displayName ?? p.id]),
    );
    const readable = pendingChanges(plan).map((c) =>
      c
        .replace(/ca-exclusion\[([^\]]+)\]/, (_, id: string) => `ca-exclusion[${policyName.get(id) ?? id}]`)
        .replace(/replaced:remove:[^\]]+/, 'replaced:remove:…'),
    );
    assert.deepEqual(readable.sort(), EXPECTED_CHANGES);
    for (const [address, reason] of EXPECTED_REASONS) {
      const change = plan.changes.find((c) => c.address === address);
      assert.match(change?.reason ?? '(no change)', reason, address);
    }
    // Nothing is deleted but memberships of the replaced group: no object, no method.
    assert.equal(plan.summary.delete, 5);
    assert.ok(
      plan.changes
        .filter((c) => c.action === 'delete')
        .every((c) => c.address.startsWith('group-membership[replaced:remove:')),
    );
    // The rendered plan says the same, change by change.
    for (const change of plan.changes.filter((c) => c.action !== 'no-op'))
      assert.ok(run.stdout.includes(change.address), `the rendered plan shows ${change.address}`);
  });

  test('apply, enrolment where a pass was issued, and apply again leave no changes', async () => {
    ok(await cli('apply', 'plan.json', '--secrets-out', 'secrets'), 'apply plan.json');
    const passes = readSecretFiles(join(work.path, 'secrets')).filter(
      (s) => typeof s.document.temporaryAccessPass === 'string',
    );
    assert.deepEqual(
      passes.map((p) => String(p.document.userPrincipalName).toLowerCase()),
      [`emergencyaccount_2@${initialDomain}`],
    );
    const mid = await exportTenant(t.control, tenantId);
    for (const pass of passes) {
      const upn = String(pass.document.userPrincipalName).toLowerCase();
      const user = mid.graph.users?.find((u) => u.userPrincipalName.toLowerCase() === upn);
      assert.ok(user, upn);
      await enrolKeys(t, tenantId, user.id);
    }
    const second = await cli('apply', '--auto-approve');
    ok(second, 'apply --auto-approve');
    assert.match(second.stdout, /~ dedicated-policy/);
    const policy = (await exportTenant(t.control, tenantId)).graph.conditionalAccessPolicies?.find(
      (p) => p.displayName === DEDICATED,
    );
    assert.equal(policy?.state, 'enabled');
    const again = await cli('plan', '--detailed-exitcode');
    ok(again, 'plan --detailed-exitcode');
    assert.match(again.stdout, /No changes\./);
  });

  test("the audit's account, group and CA checks pass, but for the two left alone on purpose", async () => {
    const run = await cli('audit', '-o', 'json');
    assert.ok(run.code === 0 || run.code === 1, `audit could not run: ${run.stderr}`);
    const result = JSON.parse(run.stdout) as AuditResult;
    const provisioned = result.findings.filter((f) => PROVISIONED_CHECKS.includes(f.checkId));
    const unexpected = provisioned
      .filter((f) => f.status !== 'pass' && !(f.status === 'skip' && f.skipReason === 'not-applicable'))
      .filter((f) => LEFT_ALONE.get(f.checkId) !== f.status)
      .map((f) => `${f.checkId} ${f.status} ${f.subject.displayName ?? f.subject.id}: ${f.message}`);
    assert.deepEqual(unexpected, []);
    for (const [checkId, status] of LEFT_ALONE)
      assert.ok(
        provisioned.some((f) => f.checkId === checkId && f.status === status),
        `${checkId} is still ${status} (if it passes now, update this test)`,
      );
    assert.deepEqual(
      result.lockout.map((v) => `${v.userPrincipalName.toLowerCase()} ${v.verdict}`).sort(),
      accountUpns().map((upn) => `${upn} allowed`),
    );
  });

  test('nothing the config does not own was touched', async () => {
    const after = await exportTenant(t.control, tenantId);
    const managedUsers = new Set(
      (after.graph.users ?? [])
        .filter((u) => accountUpns().includes(u.userPrincipalName.toLowerCase()))
        .map((u) => u.id),
    );
    const usersAfter = new Map((after.graph.users ?? []).map((u) => [u.id, u]));
    for (const user of before0.graph.users ?? []) {
      if (managedUsers.has(user.id)) continue;
      assert.deepEqual(usersAfter.get(user.id), user, `user ${user.userPrincipalName}`);
    }

    const groupsAfter = new Map((after.graph.groups ?? []).map((g) => [g.id, g]));
    const oldGroup = (before0.graph.groups ?? []).find((g) => g.displayName === GROUP);
    for (const group of before0.graph.groups ?? []) {
      // The old break-glass group is the config's: renamed and emptied when replaced.
      const expected =
        group === oldGroup ? { ...group, displayName: `${GROUP}-replaced`, members: [] } : group;
      assert.deepEqual(groupsAfter.get(group.id), expected, `group ${group.displayName}`);
    }
    const newGroup = (after.graph.groups ?? []).find((g) => g.displayName === GROUP);
    assert.ok(newGroup && newGroup.id !== oldGroup?.id);

    const policiesAfter = new Map((after.graph.conditionalAccessPolicies ?? []).map((p) => [p.id, p]));
    for (const policy of before0.graph.conditionalAccessPolicies ?? []) {
      if (policy.displayName === DEDICATED) continue;
      const now = policiesAfter.get(policy.id);
      assert.ok(now, `policy ${policy.displayName} still exists`);
      assert.deepEqual(withoutExclusions(now), withoutExclusions(policy), `policy ${policy.displayName}`);
      // Exclusions only grow, and only by the new group.
      const users = (p: ConditionalAccessPolicy) => (p.conditions.users ?? {}) as Record<string, string[]>;
      for (const key of ['excludeUsers', 'excludeGroups', 'excludeRoles']) {
        const was: string[] = users(policy)[key] ?? [];
        const is: string[] = users(now)[key] ?? [];
        assert.deepEqual(is.slice(0, was.length), was, `${policy.displayName} ${key} kept`);
        assert.deepEqual(
          is.slice(was.length),
          key === 'excludeGroups' && is.length > was.length ? [newGroup.id] : [],
          `${policy.displayName} ${key} additions`,
        );
      }
    }
  });
});
