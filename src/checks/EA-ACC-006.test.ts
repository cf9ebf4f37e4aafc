import { test } from 'node:test';
import { check } from './EA-ACC-006.js';
import { ACCOUNT_1, ACCOUNT_2, assertCase, userById, type CheckCase } from './lib/fixture.js';

const cases: CheckCase[] = [
  { name: 'DisablePasswordExpiration set', expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' } },
  {
    name: 'combined with DisableStrongPassword',
    change: (s) =>
      void (userById(s, ACCOUNT_1).passwordPolicies = 'DisableStrongPassword, DisablePasswordExpiration'),
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' },
  },
  {
    name: 'no password policy',
    change: (s) => void (userById(s, ACCOUNT_2).passwordPolicies = null),
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'fail' },
  },
  {
    name: 'only DisableStrongPassword',
    change: (s) => void (userById(s, ACCOUNT_1).passwordPolicies = 'DisableStrongPassword'),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'pass' },
  },
];

for (const c of cases) test(`EA-ACC-006: ${c.name}`, () => void assertCase(check, c));
