/**
 * `methods.personTied: remove` on the `drifted` scenario, where EmergencyAccount_2 has only a
 * password, Microsoft Authenticator and a mobile phone. The first plan must not touch those (the
 * account has no FIDO2 key yet) and must say why; once its custodians have enrolled keys with the
 * Temporary Access Pass, the next plan removes them, and the tenant ends with EA-ACC-009 passing.
 * Throughout, the lockout analysis runs after every write and every step: no write locks out an
 * account that could sign in, and while methods are being removed every account can sign in.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Connection } from '../../src/clients/connection.js';
import { configSchema, type BreakglassConfig } from '../../src/config/schema.js';
import { check as personTiedCheck } from '../../src/checks/EA-ACC-009.js';
import { runAudit } from '../../src/audit/run.js';
import type { Plan } from '../../src/plan/types.js';
import type { StateStore } from '../../src/state/store.js';
import { emulatorSkipReason, type TestEmulator } from '../helpers/emulator.js';
import { LockoutObserver, observeEveryWrite } from '../helpers/lockout-observer.js';
import {
  applyInProcess,
  collect,
  enrolKeys,
  exportTenant,
  pendingChanges,
  planNow,
  readSecretFiles,
  startProvisioningSession,
  type ProvisioningSession,
} from '../helpers/provisioning.js';

const skip = emulatorSkipReason();
const PERSON_TIED_TYPES = [
  '#microsoft.graph.phoneAuthenticationMethod',
  '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
  '#microsoft.graph.softwareOathAuthenticationMethod',
];

describe('methods.personTied: remove, from the drifted tenant', { skip }, () => {
  let session: ProvisioningSession;
  let t: TestEmulator;
  let tenantId: string;
  let config: BreakglassConfig;
  let connection: Connection;
  let store: StateStore;
  let work: { path: string; remove: () => void };
  let observer: LockoutObserver;
  let ea2Id: string;
  /** EmergencyAccount_2's seeded methods tied to one person, by type. */
  let seeded: Map<string, string>;

  before(async () => {
    session = await startProvisioningSession('drifted', 'breakglass-person-tied-');
    ({ t, tenantId, connection, store, work } = session);
    config = configSchema.parse({
      tenant: { id: tenantId, initialDomain: session.initialDomain },
      methods: { personTied: 'remove' },
    });
    observer = new LockoutObserver(t.control, tenantId, config);
    const upn = `emergencyaccount_2@${session.initialDomain}`.toLowerCase();
    const start = await exportTenant(t.control, tenantId);
    ea2Id = start.graph.users!.find((u) => u.userPrincipalName.toLowerCase() === upn)!.id;
    seeded = new Map(
      (start.graph.authenticationMethods?.[ea2Id] ?? []).map((m) => [m['@odata.type'], String(m.id)]),
    );
    await observer.observe('(before the first apply)');
  });
  after(() => session?.stop());

  /** Plans now and applies that plan, watching the lockout analysis after every write and step. */
  const planAndApply = async (): Promise<Plan> => {
    const plan = await planNow(connection, config);
    await applyInProcess({
      connection,
      config,
      plan,
      store,
      secretsOut: join(work.path, 'secrets'),
      afterWrite: (address) => observer.observe(`step ${address}`),
      wrap: (env) => observeEveryWrite(env, observer.observe),
    });
    return plan;
  };
  /** EA-ACC-009 and the lockout analysis on the tenant as the product reads it now. */
  const auditNow = async () => {
    const snapshot = await collect(connection, config);
    const result = runAudit({ snapshot, config, startedAt: new Date(), checks: [personTiedCheck] });
    const findings = result.findings
      .map((f) => `${f.status} ${f.subject.displayName?.split('@')[0] ?? f.subject.id}`)
      .sort();
    return { snapshot, findings, lockout: result.lockout.map((v) => v.verdict) };
  };
  const personTiedOf = async (userId: string) =>
    ((await exportTenant(t.control, tenantId)).graph.authenticationMethods?.[userId] ?? [])
      .map((m) => m['@odata.type'])
      .filter((type) => PERSON_TIED_TYPES.includes(type))
      .sort();

  test('without a FIDO2 key nothing is removed, and the plan says why', async () => {
    const plan = await planAndApply();
    const personTied = plan.changes.filter((c) => c.kind === 'person-tied-method');
    assert.deepEqual(
      personTied.map((c) => `${c.action} ${c.address}`),
      ['no-op person-tied-method[EmergencyAccount_1]', 'manual person-tied-method[EmergencyAccount_2]'],
    );
    assert.match(personTied[1]!.reason, /no FIDO2 key registered/);
    assert.deepEqual(await personTiedOf(ea2Id), [
      '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
      '#microsoft.graph.phoneAuthenticationMethod',
    ]);
    assert.deepEqual((await auditNow()).findings, ['pass EmergencyAccount_1', 'warn EmergencyAccount_2']);
  });

  test('after the custodians enrol keys, the next apply removes them, and nobody is ever locked out', async () => {
    const passes = readSecretFiles(join(work.path, 'secrets')).filter(
      (s) => typeof s.document.temporaryAccessPass === 'string',
    );
    assert.equal(passes.length, 1, 'the first apply issued a pass for EmergencyAccount_2');
    await enrolKeys(t, tenantId, ea2Id);
    const fromSecondApply = observer.observations.length;
    assert.deepEqual(observer.blockedStates(fromSecondApply - 1), [], 'everyone can sign in before');

    const plan = await planAndApply();
    const removals = pendingChanges(plan).filter((c) => c.includes('person-tied-method'));
    assert.deepEqual(removals, [
      `delete person-tied-method[EmergencyAccount_2:microsoftAuthenticatorMethods:${seeded.get(PERSON_TIED_TYPES[1]!)}]`,
      `delete person-tied-method[EmergencyAccount_2:phoneMethods:${seeded.get(PERSON_TIED_TYPES[0]!)}]`,
    ]);
    assert.deepEqual(await personTiedOf(ea2Id), []);
    const deletes = observer.observations.filter((o) => o.after.startsWith('DELETE '));
    assert.ok(
      deletes.some((o) => o.after.includes('/authentication/phoneMethods/')) &&
        deletes.some((o) => o.after.includes('/authentication/microsoftAuthenticatorMethods/')),
      'each removal was observed',
    );
    // The properties: no write ever locked out an account that could sign in, and from before the
    // second apply to its end (the removals, then the dedicated policy on) everyone could.
    assert.deepEqual(observer.relapses(), []);
    assert.deepEqual(observer.blockedStates(fromSecondApply), []);
    assert.ok(observer.observations.length - fromSecondApply >= 4, 'the second apply was observed');
  });

  test('EA-ACC-009 passes for both accounts, the lockout analysis allows both, and nothing is left to do', async () => {
    const { snapshot, findings, lockout } = await auditNow();
    assert.deepEqual(findings, ['pass EmergencyAccount_1', 'pass EmergencyAccount_2']);
    assert.deepEqual(lockout, ['allowed', 'allowed']);
    // The keys and the password stay (the one-time pass went when the keys were enrolled with it).
    const left = (snapshot.graph.authenticationMethods?.[ea2Id] ?? []).map((m) => m['@odata.type']).sort();
    assert.deepEqual(left, [
      '#microsoft.graph.fido2AuthenticationMethod',
      '#microsoft.graph.fido2AuthenticationMethod',
      '#microsoft.graph.passwordAuthenticationMethod',
    ]);
    assert.deepEqual(pendingChanges(await planNow(connection, config)), []);
  });
});
