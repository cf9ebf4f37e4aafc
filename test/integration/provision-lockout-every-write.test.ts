/**
 * Issue 4, done-when 3: during an apply, after every single write the product makes (each Graph
 * POST/PATCH/DELETE and ARM PUT, and at the end of every step through `afterWrite`), the tenant is
 * exported from the emulator and the lockout analysis (`evaluateLockout`) is run for every emergency
 * account that exists and is enabled: no account that could sign in before the write is blocked
 * after it. Both applies run — the first (policy report-only) and, after the custodians enrol their
 * keys, the second that switches the dedicated policy on, the riskiest write of all.
 *
 * From `empty` every account can sign in at every moment. From `drifted` the accounts start locked
 * out (CA005 blocks everyone outside trusted locations; the enabled dedicated policy demands a key
 * EmergencyAccount_2 does not have); no write may lock one out again once it is back in, and at the
 * end every account can sign in.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Connection } from '../../src/clients/connection.js';
import type { BreakglassConfig } from '../../src/config/schema.js';
import { StateStore } from '../../src/state/store.js';
import { emulatorSkipReason, tempDir, type TestEmulator } from '../helpers/emulator.js';
import { LockoutObserver, observeEveryWrite } from '../helpers/lockout-observer.js';
import {
  FAST_RETRY,
  applyInProcess,
  defaultConfigFor,
  enrolKeys,
  exportTenant,
  firstTenant,
  planNow,
  readSecretFiles,
  startProvisioningEmulator,
} from '../helpers/provisioning.js';

const skip = emulatorSkipReason();

/** CA writes paced at 20 a second (the emulator enforces no limit here): same order, less waiting. */
const PACING = { writesPerSecond: 20 };

interface Case {
  scenario: string;
  /** Accounts (by UPN prefix) locked out before the apply, as docs/scenarios.md describes. */
  blockedAtStart: string[];
}

const cases: Case[] = [
  { scenario: 'empty', blockedAtStart: [] },
  { scenario: 'drifted', blockedAtStart: ['emergencyaccount_1', 'emergencyaccount_2'] },
];

describe('the lockout analysis after every write of an apply', { skip }, () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const undo of cleanup.reverse()) await undo();
  });

  for (const c of cases) {
    test(`from ${c.scenario}: no write locks out an account that could sign in`, async () => {
      const t: TestEmulator = await startProvisioningEmulator(c.scenario);
      cleanup.push(() => t.stop());
      const work = tempDir(`breakglass-lockout-${c.scenario}-`);
      cleanup.push(work.remove);
      const { tenantId, initialDomain } = await firstTenant(t.control);
      const config = defaultConfigFor(tenantId, initialDomain);
      const connection = await t.connect({ tenantId, pacing: PACING, retry: FAST_RETRY });
      const store = new StateStore(join(work.path, 'state.db'));
      cleanup.push(() => store.close());

      const observer = new LockoutObserver(t.control, tenantId, config);
      const { observations, observe } = observer;
      await observe('(before the apply)');
      const blockedAtStart = [...observations[0]!.verdicts]
        .filter(([, v]) => v === 'blocked')
        .map(([n]) => n);
      assert.deepEqual(blockedAtStart.sort(), c.blockedAtStart, 'the scenario starts as documented');

      const run = async () => {
        const plan = await planNow(connection, config);
        const result = await applyInProcess({
          connection,
          config,
          plan,
          store,
          secretsOut: join(work.path, 'secrets'),
          afterWrite: (address) => observe(`step ${address}`),
          wrap: (env) => observeEveryWrite(env, observe),
        });
        return result.steps.filter((s) => s.outcome === 'done').length;
      };

      const firstSteps = await run();
      await enrolWherePassesWereIssued(t, connection, config, work.path);
      const secondSteps = await run();
      assert.ok(secondSteps >= 1, 'the second apply switches the dedicated policy on');
      assert.ok(
        observations.filter((o) => o.after.startsWith('step ')).length === firstSteps + secondSteps,
        'afterWrite ran after every step',
      );

      // The property: a write never turns an account that could sign in into one that cannot.
      assert.deepEqual(observer.relapses(), []);
      if (c.blockedAtStart.length === 0)
        assert.deepEqual(observer.blockedStates(), [], 'nobody is ever locked out');
      const last = observations.at(-1)!;
      assert.deepEqual(
        [...last.verdicts].sort(),
        [
          ['emergencyaccount_1', 'allowed'],
          ['emergencyaccount_2', 'allowed'],
        ],
        'at the end both accounts exist, are enabled and can sign in',
      );
      // Hundreds of observations would mean the test checks something; zero would be vacuous.
      assert.ok(observations.length > 10, `observed ${observations.length} states`);
    });
  }
});

/** The custodians: two keys for every account a Temporary Access Pass was written for. */
async function enrolWherePassesWereIssued(
  t: TestEmulator,
  connection: Connection,
  config: BreakglassConfig,
  dir: string,
): Promise<void> {
  const snapshot = await exportTenant(t.control, connection.tenantId);
  const upns = readSecretFiles(join(dir, 'secrets'))
    .filter((s) => typeof s.document.temporaryAccessPass === 'string')
    .map((s) => String(s.document.userPrincipalName).toLowerCase());
  assert.ok(upns.length > 0, 'the first apply issued passes');
  for (const upn of upns) {
    const user = snapshot.graph.users?.find((u) => u.userPrincipalName.toLowerCase() === upn);
    assert.ok(user, `${upn} exists (${config.accounts.naming})`);
    await enrolKeys(t, connection.tenantId, user.id);
  }
}
