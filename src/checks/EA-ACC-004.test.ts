import { test } from 'node:test';
import { check } from './EA-ACC-004.js';
import { ACCOUNT_1, ACCOUNT_2, assertCase, userById, type CheckCase } from './lib/fixture.js';

const cases: CheckCase[] = [
  { name: 'both enabled', expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' } },
  {
    name: 'one disabled',
    change: (s) => void (userById(s, ACCOUNT_1).accountEnabled = false),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'pass' },
    messageIncludes: { [ACCOUNT_1]: 'disabled' },
  },
  {
    name: 'accountEnabled missing is not a pass',
    change: (s) => void delete userById(s, ACCOUNT_2).accountEnabled,
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'fail' },
  },
];

for (const c of cases) test(`EA-ACC-004: ${c.name}`, () => void assertCase(check, c));
