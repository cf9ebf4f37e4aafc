import { test } from 'node:test';
import { check } from './EA-ACC-002.js';
import { ACCOUNT_1, ACCOUNT_2, assertCase, TENANT_ID, userById, type CheckCase } from './lib/fixture.js';

const cases: CheckCase[] = [
  { name: 'cloud-only accounts', expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' } },
  {
    name: 'onPremisesSyncEnabled false is cloud-only',
    change: (s) => void (userById(s, ACCOUNT_1).onPremisesSyncEnabled = false),
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' },
  },
  {
    name: 'a synced account',
    change: (s) => void (userById(s, ACCOUNT_2).onPremisesSyncEnabled = true),
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'fail' },
  },
  {
    name: 'an unresolved account is not applicable here',
    change: (s) => void (s.graph.users = s.graph.users!.filter((u) => u.id !== ACCOUNT_2)),
    expect: { [ACCOUNT_1]: 'pass', 'EmergencyAccount_2@contoso.onmicrosoft.com': 'skip:not-applicable' },
  },
  {
    name: 'users not collected',
    change: (s) => void delete s.graph.users,
    expect: { [TENANT_ID]: 'skip:not-collected' },
  },
];

for (const c of cases) test(`EA-ACC-002: ${c.name}`, () => void assertCase(check, c));
