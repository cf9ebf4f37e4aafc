import { test } from 'node:test';
import { check } from './EA-ACC-003.js';
import { ACCOUNT_1, ACCOUNT_2, assertCase, TENANT_ID, type CheckCase } from './lib/fixture.js';

const cases: CheckCase[] = [
  { name: 'both on the initial domain', expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' } },
  {
    name: 'an account on a custom domain',
    change: (s, c) => {
      s.graph.users!.find((u) => u.id === ACCOUNT_2)!.userPrincipalName = 'EmergencyAccount_2@contoso.com';
      c.accounts.list = [{ id: ACCOUNT_1 }, { id: ACCOUNT_2 }];
    },
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'fail' },
    messageIncludes: { [ACCOUNT_2]: 'contoso.com' },
  },
  {
    name: 'the initial domain compares case-insensitively',
    change: (s) => void (s.graph.organization![0]!.verifiedDomains![0]!.name = 'CONTOSO.onmicrosoft.com'),
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' },
  },
  {
    name: 'organization not collected and no domain in config',
    change: (s) => void delete s.graph.organization,
    expect: { tenant: 'skip:not-collected' },
  },
  {
    name: 'organization not collected but the config names the domain',
    change: (s, c) => {
      delete s.graph.organization;
      c.tenant.initialDomain = 'contoso.onmicrosoft.com';
    },
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' },
  },
];
void TENANT_ID;

for (const c of cases) test(`EA-ACC-003: ${c.name}`, () => void assertCase(check, c));
