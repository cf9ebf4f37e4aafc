import { test } from 'node:test';
import { check } from './EA-ACC-009.js';
import { ACCOUNT_1, ACCOUNT_2, assertCase, type CheckCase } from './lib/fixture.js';
import type { Snapshot } from '../snapshot/schema.js';

const add = (s: Snapshot, id: string, type: string) =>
  void s.graph.authenticationMethods![id]!.push({ '@odata.type': `#microsoft.graph.${type}`, id: type });

const cases: CheckCase[] = [
  { name: 'keys and password only', expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' } },
  {
    name: 'a phone number warns',
    change: (s) => add(s, ACCOUNT_1, 'phoneAuthenticationMethod'),
    expect: { [ACCOUNT_1]: 'warn', [ACCOUNT_2]: 'pass' },
    messageIncludes: { [ACCOUNT_1]: 'phoneAuthenticationMethod' },
  },
  {
    name: 'Microsoft Authenticator warns',
    change: (s) => add(s, ACCOUNT_2, 'microsoftAuthenticatorAuthenticationMethod'),
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'warn' },
  },
  {
    name: 'a software OATH token warns',
    change: (s) => add(s, ACCOUNT_2, 'softwareOathAuthenticationMethod'),
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'warn' },
  },
  {
    name: 'a shared mailbox email method is fine',
    change: (s) => add(s, ACCOUNT_2, 'emailAuthenticationMethod'),
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' },
  },
];

for (const c of cases) test(`EA-ACC-009: ${c.name}`, () => void assertCase(check, c));
