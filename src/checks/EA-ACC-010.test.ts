import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, namingRegex } from './EA-ACC-010.js';
import { ACCOUNT_1, ACCOUNT_2, assertCase, userById, type CheckCase } from './lib/fixture.js';

const cases: CheckCase[] = [
  { name: 'default naming', expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' } },
  {
    name: 'an account listed by id with another name',
    change: (s, c) => {
      userById(s, ACCOUNT_2).userPrincipalName = 'bg-admin@contoso.onmicrosoft.com';
      c.accounts.list = [{ id: ACCOUNT_1 }, { id: ACCOUNT_2 }];
    },
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'fail' },
  },
  {
    name: 'a custom pattern',
    change: (s, c) => {
      c.accounts.naming = 'bg.admin{n}';
      userById(s, ACCOUNT_1).userPrincipalName = 'bg.admin1@contoso.onmicrosoft.com';
      userById(s, ACCOUNT_2).userPrincipalName = 'bgXadmin2@contoso.onmicrosoft.com';
      c.accounts.list = [{ id: ACCOUNT_1 }, { id: ACCOUNT_2 }];
    },
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'fail' },
  },
];

for (const c of cases) test(`EA-ACC-010: ${c.name}`, () => void assertCase(check, c));

test('namingRegex escapes the pattern and matches numbers for {n}', () => {
  assert.ok(namingRegex('EmergencyAccount_{n}').test('emergencyaccount_12'));
  assert.ok(!namingRegex('a.b{n}').test('aXb1'));
  assert.ok(!namingRegex('EmergencyAccount_{n}').test('EmergencyAccount_'));
});
