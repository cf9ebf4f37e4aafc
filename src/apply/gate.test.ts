import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newlyBlocked, activeEmergencyAccounts, lockoutGate, LockoutRefusedError } from './gate.js';
import { configSchema } from '../config/schema.js';
import { healthyTenant, ids } from '../../test/fixtures/tenant.js';
import type { ConditionalAccessPolicy } from '../snapshot/schema.js';

const config = configSchema.parse({});
const dedicated = (s = healthyTenant()) =>
  structuredClone(s.graph.conditionalAccessPolicies![0]!) as ConditionalAccessPolicy;

test('enabling the dedicated policy is safe when every account has a key', () => {
  const snapshot = healthyTenant();
  assert.deepEqual(newlyBlocked(snapshot, dedicated(), activeEmergencyAccounts(snapshot, config)), []);
});

test('enabling it while an account has only a password would lock that account out', () => {
  const snapshot = healthyTenant();
  snapshot.graph.authenticationMethods![ids.account2] = [
    { '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: 'p' },
  ];
  snapshot.graph.conditionalAccessPolicies![0]!.state = 'enabledForReportingButNotEnforced';
  const blocked = newlyBlocked(snapshot, dedicated(), activeEmergencyAccounts(snapshot, config));
  assert.deepEqual(
    blocked.map((v) => v.accountId),
    [ids.account2],
  );
});

test('the same policy in report-only blocks nobody', () => {
  const snapshot = healthyTenant();
  snapshot.graph.authenticationMethods![ids.account2] = [];
  const policy = { ...dedicated(), state: 'enabledForReportingButNotEnforced' as const };
  snapshot.graph.conditionalAccessPolicies![0]!.state = 'enabledForReportingButNotEnforced';
  assert.deepEqual(newlyBlocked(snapshot, policy, activeEmergencyAccounts(snapshot, config)), []);
});

test('a disabled account is not one the gate protects', () => {
  const snapshot = healthyTenant();
  snapshot.graph.users![1]!.accountEnabled = false;
  assert.deepEqual(
    activeEmergencyAccounts(snapshot, config).map((a) => a.id),
    [ids.account1],
  );
});

test('the gate reads the tenant afresh and refuses with the account and the reason', async () => {
  const snapshot = healthyTenant();
  snapshot.graph.authenticationMethods![ids.account1] = [];
  snapshot.graph.conditionalAccessPolicies![0]!.state = 'enabledForReportingButNotEnforced';
  let reads = 0;
  const gate = lockoutGate(async () => (reads++, snapshot), config);
  await assert.rejects(gate(dedicated()), (error: unknown) => {
    assert.ok(error instanceof LockoutRefusedError);
    assert.match(error.message, /EmergencyAccount_1@contoso\.onmicrosoft\.com/);
    assert.match(error.message, /nothing was written/);
    return true;
  });
  assert.equal(reads, 1);
});
