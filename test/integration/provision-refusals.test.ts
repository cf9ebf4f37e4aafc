/**
 * Issue 4, done-when 6: four ways an apply must refuse — a mistyped config key, a credential
 * without a permission a step needs, a policy that refers to an id that no longer resolves, and a
 * plan made before the tenant changed. Each stops `breakglass apply` with exit code 2 and a first
 * line that says what is wrong (and how to fix it), and nothing is written: the emulator's export
 * of the tenant is the same before and after, byte for byte (it moves on with any write).
 *
 * Table-driven: each case loads its own copy of the `empty` tenant (one change from the scenario),
 * writes its config with `init`, plans, then tries to apply.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { EmulatorControl } from '../../src/clients/emulator-control.js';
import { runCli, type CliRun } from '../golden/cli.js';
import { emulatorSkipReason, tempDir, type TestEmulator } from '../helpers/emulator.js';
import {
  firstTenant,
  loadTenantCopy,
  pointCliAtEmulator,
  scenarioTemplate,
  startProvisioningEmulator,
  type TenantDoc,
} from '../helpers/provisioning.js';

const skip = emulatorSkipReason();
const MFA_POLICY = 'CA002-Global-IdentityProtection-AnyApp-AnyPlatform-MFA';

interface Policy {
  displayName?: string;
  conditions: { users: { excludeGroups?: string[] } };
}
interface App {
  default?: boolean;
  graphRoles: string[];
}

interface Case {
  name: string;
  /** The one change to the `empty` tenant this case needs. */
  tenant?: (doc: TenantDoc) => void;
  /** Runs after `plan -o plan.json` and before `apply` (the stale-plan case changes the tenant). */
  betweenPlanAndApply?: (context: {
    control: EmulatorControl;
    tenantId: string;
    dir: string;
  }) => Promise<void>;
  /** The first line of stderr. */
  firstLine: RegExp;
  /** Further lines the message must hold (the fix). */
  mentions?: RegExp[];
  /** Apply a second time: a refusal must not turn into a resumed apply. */
  twice?: boolean;
}

const deletedGroup = randomUUID();

const cases: Case[] = [
  {
    name: 'a mistyped key in breakglass.yaml',
    betweenPlanAndApply: async ({ dir }) => {
      const file = join(dir, 'breakglass.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^policy:$/m, 'polcy:'));
    },
    firstLine: /^breakglass: breakglass\.yaml:\d+:\d+: .*polcy.*did you mean "?policy"?/i,
  },
  {
    name: 'an app without Policy.ReadWrite.ConditionalAccess',
    tenant: (doc) => {
      const apps = (doc.emulator as { apps: App[] }).apps;
      const admin = apps.find((a) => a.default) ?? apps[0]!;
      admin.graphRoles = admin.graphRoles.filter((r) => r !== 'Policy.ReadWrite.ConditionalAccess');
    },
    firstLine: /^breakglass: preflight failed, nothing was written: .*Policy\.ReadWrite\.ConditionalAccess/,
    mentions: [/fix: .*Grant admin consent/],
  },
  {
    name: 'a policy excluding a group that was deleted (the exclusion write would drop it)',
    tenant: (doc) => {
      const policies = doc.graph.conditionalAccessPolicies as Policy[];
      const mfa = policies.find((p) => p.displayName === MFA_POLICY)!;
      mfa.conditions.users.excludeGroups = [deletedGroup];
    },
    firstLine: new RegExp(
      `^breakglass: refusing to write Conditional Access policy "${MFA_POLICY}": it refers to group ${deletedGroup}, which does not resolve`,
    ),
  },
  {
    name: 'a plan made before the tenant changed (refused again on a second try)',
    // Someone adds a policy after the plan was reviewed: the plan cannot know it needs the exclusion.
    betweenPlanAndApply: async ({ control, tenantId }) => {
      const doc = (await control.snapshot(tenantId, true)) as TenantDoc;
      const policies = doc.graph.conditionalAccessPolicies as (Policy & { id: string })[];
      const copy = structuredClone(policies.find((p) => p.displayName === MFA_POLICY)!);
      policies.push({ ...copy, id: randomUUID(), displayName: 'CA006-Global-Added-After-The-Plan' });
      await control.putTenant(tenantId, doc);
    },
    firstLine: /^breakglass: the tenant has changed since this plan was made \(the plan is stale\)/,
    mentions: [/nothing was written/],
    twice: true,
  },
];

describe('apply refuses, exits 2 and writes nothing', { skip }, () => {
  let t: TestEmulator;
  let work: { path: string; remove: () => void };
  let restoreEnv: () => void;
  let template: Record<string, unknown>;

  before(async () => {
    work = tempDir('breakglass-provision-refusals-');
    t = await startProvisioningEmulator('empty');
    restoreEnv = pointCliAtEmulator(t.emulator.url);
    template = await scenarioTemplate(t.control, (await firstTenant(t.control)).tenantId);
  });
  after(async () => {
    restoreEnv?.();
    await t?.stop();
    work?.remove();
  });

  for (const c of cases) {
    test(c.name, async () => {
      const tenantId = await loadTenantCopy(t.control, template, c.tenant);
      const dir = join(work.path, tenantId);
      mkdirSync(dir);
      const cli = (...args: string[]) => runCli(args, dir);
      const ok = (run: CliRun, what: string) => assert.equal(run.code, 0, `${what}: ${run.stderr}`);
      ok(await cli('init', '--tenant', tenantId), 'init');
      ok(await cli('plan', '-o', 'plan.json'), 'plan');
      await c.betweenPlanAndApply?.({ control: t.control, tenantId, dir });

      const before = JSON.stringify(await t.control.snapshot(tenantId, true));
      for (let attempt = 1; attempt <= (c.twice ? 2 : 1); attempt++) {
        const run = await cli('apply', 'plan.json', '--secrets-out', 'secrets');
        const lines = run.stderr.split('\n').filter(Boolean);
        assert.equal(run.code, 2, `attempt ${attempt}: exit code\n${run.stderr}\n${run.stdout}`);
        assert.match(lines[0] ?? '', c.firstLine, `attempt ${attempt}: first line`);
        for (const mention of c.mentions ?? []) assert.match(run.stderr, mention);
        assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack trace');
        assert.doesNotMatch(run.stdout, /^[+~-] /m, `attempt ${attempt}: no step was started`);
        assert.equal(JSON.stringify(await t.control.snapshot(tenantId, true)), before, 'nothing was written');
      }
    });
  }
});
