import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../errors.js';
import { findAccount } from './account.js';

const accounts = [
  {
    id: 'aaaaaaaa-0000-0000-0000-000000000001',
    userPrincipalName: 'EmergencyAccount_1@contoso.onmicrosoft.com',
    displayName: 'EmergencyAccount_1',
  },
  {
    id: 'aaaaaaaa-0000-0000-0000-000000000002',
    userPrincipalName: 'EmergencyAccount_2@contoso.onmicrosoft.com',
    displayName: 'Break glass two',
  },
];

const found: { ref: string; expect: number }[] = [
  { ref: 'EmergencyAccount_1@contoso.onmicrosoft.com', expect: 0 },
  { ref: 'emergencyaccount_2@CONTOSO.onmicrosoft.com', expect: 1 },
  { ref: 'AAAAAAAA-0000-0000-0000-000000000002', expect: 1 },
  { ref: 'EmergencyAccount_1', expect: 0 },
  { ref: 'emergencyaccount_2', expect: 1 },
  { ref: 'Break glass two', expect: 1 },
];
for (const c of found) {
  test(`findAccount resolves ${c.ref}`, () => {
    assert.equal(findAccount(accounts, c.ref), accounts[c.expect]);
  });
}

test('findAccount refuses a name that is not an emergency account, listing them', () => {
  assert.throws(
    () => findAccount(accounts, 'alice@contoso.com'),
    (error: unknown) =>
      error instanceof UsageError &&
      error.message ===
        'alice@contoso.com is not one of the emergency accounts (EmergencyAccount_1@contoso.onmicrosoft.com, EmergencyAccount_2@contoso.onmicrosoft.com)',
  );
});

test('findAccount refuses an ambiguous name', () => {
  const twins = [accounts[0]!, { ...accounts[1]!, displayName: 'EmergencyAccount_1' }];
  assert.throws(() => findAccount(twins, 'EmergencyAccount_1'), /names several emergency accounts/);
});
