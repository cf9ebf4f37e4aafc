import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema } from '../config/schema.js';
import { collectionTargets } from './targets.js';

const config = (input: unknown) => configSchema.parse(input);

test("no config: the accounts are the default group's members", () => {
  assert.deepEqual(collectionTargets(undefined), {
    groupName: 'CA-Persona-BreakGlassAccounts',
    accounts: [],
    accountsAfterDomain: false,
    accountsFromGroup: true,
  });
});

test('naming × count on the configured initial domain are looked up by UPN', () => {
  const t = collectionTargets(
    config({ tenant: { initialDomain: 'contoso.onmicrosoft.com' }, accounts: { count: 3 } }),
  );
  assert.deepEqual(
    t.accounts.map((a) => [a.ref, a.kind]),
    [1, 2, 3].map((n) => [`EmergencyAccount_${n}@contoso.onmicrosoft.com`, 'userPrincipalName']),
  );
  assert.equal(t.upnPrefix, undefined);
});

test('without the domain, the naming prefix finds them in the same round', () => {
  const t = collectionTargets(config({ group: { displayName: 'BG' } }));
  assert.equal(t.upnPrefix, 'EmergencyAccount_');
  assert.equal(t.groupName, 'BG');
  assert.equal(t.accountsAfterDomain, false);
});

test('a pattern starting with {n} waits for the domain rather than matching everyone', () => {
  const t = collectionTargets(config({ accounts: { naming: '{n}-bg' } }));
  assert.equal(t.upnPrefix, undefined);
  assert.equal(t.accountsAfterDomain, true);
});

test('an explicit list is looked up as given; a GUID in the UPN field is an id', () => {
  const t = collectionTargets(
    config({
      accounts: {
        list: [
          { userPrincipalName: 'bg1@contoso.onmicrosoft.com' },
          { id: 'id-2' },
          { userPrincipalName: '11111111-2222-3333-4444-555555555555' },
        ],
      },
    }),
  );
  assert.deepEqual(t.accounts, [
    { ref: 'bg1@contoso.onmicrosoft.com', kind: 'userPrincipalName' },
    { ref: 'id-2', kind: 'id' },
    { ref: '11111111-2222-3333-4444-555555555555', kind: 'id' },
  ]);
});
