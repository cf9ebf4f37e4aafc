/**
 * Issue 4, done-when 1: from the `empty` scenario, the user's own commands — `init`, `plan -o`,
 * `apply plan.json` — build the guide's setup with the dedicated policy report-only; the custodians
 * enrol two FIDO2 keys per account with the Temporary Access Passes; `apply` again switches the
 * policy on; and `audit` then passes every account, group and Conditional Access check. The CLI
 * runs as child processes (real exit codes and output) against an emulator named by
 * `BREAKGLASS_EMULATOR`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checks } from '../../src/checks/registry.js';
import type { AuditResult } from '../../src/checks/types.js';
import type { Plan } from '../../src/plan/types.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { runCli, type CliRun } from '../golden/cli.js';
import { emulatorSkipReason, tempDir, type TestEmulator } from '../helpers/emulator.js';
import {
  enrolKeys,
  exportTenant,
  firstTenant,
  pointCliAtEmulator,
  readSecretFiles,
  startProvisioningEmulator,
} from '../helpers/provisioning.js';

const skip = emulatorSkipReason();
const POLICY = 'CA000-Global-BreakGlassAccounts-AllApps-AnyPlatform-PhishingResistantMFA';
const GROUP = 'CA-Persona-BreakGlassAccounts';
const REPORT_ONLY = 'enabledForReportingButNotEnforced';

/** The checks this issue promises to pass: accounts, group, Conditional Access. */
const PROVISIONED_CHECKS = checks
  .filter((c) => ['accounts', 'group', 'conditionalAccess'].includes(c.area))
  .map((c) => c.id);

const ok = (run: CliRun, what: string) =>
  assert.equal(run.code, 0, `${what} exited ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);

describe('from an empty tenant to the guide, with the CLI', { skip }, () => {
  let t: TestEmulator;
  let tenantId: string;
  let initialDomain: string;
  let work: { path: string; remove: () => void };
  let restoreEnv: () => void;
  const cli = (...args: string[]) => runCli(args, work.path);
  const tenant = (): Promise<Snapshot> => exportTenant(t.control, tenantId);
  const accountUpns = () => [1, 2].map((n) => `EmergencyAccount_${n}@${initialDomain}`.toLowerCase());
  const policyOf = (s: Snapshot) => s.graph.conditionalAccessPolicies?.find((p) => p.displayName === POLICY);

  before(async () => {
    t = await startProvisioningEmulator('empty');
    ({ tenantId, initialDomain } = await firstTenant(t.control));
    work = tempDir('breakglass-provision-empty-');
    restoreEnv = pointCliAtEmulator(t.emulator.url);
  });
  after(async () => {
    restoreEnv?.();
    await t?.stop();
    work?.remove();
  });

  test('init writes breakglass.yaml for the tenant and its initial domain', async () => {
    const run = await cli('init');
    ok(run, 'init');
    const yaml = readFileSync(join(work.path, 'breakglass.yaml'), 'utf8');
    assert.match(yaml, new RegExp(`^  id: ${tenantId}$`, 'm'));
    assert.match(yaml, new RegExp(`^  initialDomain: ${initialDomain.replaceAll('.', '\\.')}$`, 'm'));
  });

  test('plan -o saves a plan that creates everything and keeps the policy report-only', async () => {
    const run = await cli('plan', '-o', 'plan.json');
    ok(run, 'plan');
    assert.match(run.stdout, /Plan: \d+ to create/);
    const plan = JSON.parse(readFileSync(join(work.path, 'plan.json'), 'utf8')) as Plan;
    assert.equal(plan.tenantId, tenantId);
    const policy = plan.changes.find((c) => c.address === 'dedicated-policy');
    assert.equal(policy?.action, 'create');
    assert.equal((policy?.after as { state?: string }).state, REPORT_ONLY);
    assert.ok(plan.deferred.some((d) => d.address === 'dedicated-policy'));
  });

  test('apply plan.json builds the accounts, group, exclusions and a report-only policy', async () => {
    const run = await cli('apply', 'plan.json', '--secrets-out', 'secrets');
    ok(run, 'apply');
    assert.match(run.stdout, /Apply complete: \d+ changes made/);
    const after = await tenant();
    assert.equal(policyOf(after)?.state, REPORT_ONLY);
    const users = after.graph.users?.filter((u) => accountUpns().includes(u.userPrincipalName.toLowerCase()));
    assert.equal(users?.length, 2);
    assert.ok(users?.every((u) => u.accountEnabled === true && u.onPremisesSyncEnabled !== true));
    const group = after.graph.groups?.find((g) => g.displayName === GROUP);
    assert.equal(group?.isAssignableToRole, true);
    // One password and one Temporary Access Pass file per account.
    const secrets = readSecretFiles(join(work.path, 'secrets'));
    assert.equal(secrets.filter((s) => typeof s.document.password === 'string').length, 2);
    assert.equal(secrets.filter((s) => typeof s.document.temporaryAccessPass === 'string').length, 2);
  });

  test('with two keys per account enrolled, apply switches the dedicated policy on', async () => {
    const before = await tenant();
    for (const upn of accountUpns()) {
      const user = before.graph.users?.find((u) => u.userPrincipalName.toLowerCase() === upn);
      assert.ok(user, upn);
      await enrolKeys(t, tenantId, user.id);
    }
    const run = await cli('apply', '--auto-approve');
    ok(run, 'apply --auto-approve');
    assert.match(run.stdout, /~ dedicated-policy/);
    assert.equal(policyOf(await tenant())?.state, 'enabled');
    const again = await cli('plan', '--detailed-exitcode');
    ok(again, 'plan --detailed-exitcode after the second apply');
    assert.match(again.stdout, /No changes\. The tenant matches the configuration\./);
  });

  test('audit passes every account, group and Conditional Access check', async () => {
    const run = await cli('audit', '-o', 'json', '--report', 'sarif=audit.sarif');
    assert.ok(run.code === 0 || run.code === 1, `audit could not run: ${run.stderr}`);
    assert.ok(existsSync(join(work.path, 'audit.sarif')));
    const result = JSON.parse(run.stdout) as AuditResult;
    assert.equal(result.accountSource, 'config');
    const provisioned = result.findings.filter((f) => PROVISIONED_CHECKS.includes(f.checkId));
    const notPassing = provisioned
      .filter((f) => f.status !== 'pass')
      .map((f) => `${f.checkId} ${f.status} ${f.subject.displayName ?? f.subject.id}: ${f.message}`);
    assert.deepEqual(notPassing, []);
    assert.deepEqual([...new Set(provisioned.map((f) => f.checkId))].sort(), [...PROVISIONED_CHECKS].sort());
    assert.deepEqual(
      result.lockout.map((v) => `${v.userPrincipalName.toLowerCase()} ${v.verdict}`).sort(),
      accountUpns().map((upn) => `${upn} allowed`),
    );
  });
});
