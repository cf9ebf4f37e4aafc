import { test } from 'node:test';
import { check } from './EA-ACC-001.js';
import { ACCOUNT_2, ADMIN, assertCase, TENANT_ID, type CheckCase } from './lib/fixture.js';

const cases: CheckCase[] = [
  { name: 'two accounts resolve', expect: { [TENANT_ID]: 'pass' } },
  {
    name: 'one account was deleted',
    change: (s) => void (s.graph.users = s.graph.users!.filter((u) => u.id !== ACCOUNT_2)),
    expect: { [TENANT_ID]: 'fail' },
    messageIncludes: { [TENANT_ID]: 'EmergencyAccount_2@contoso.onmicrosoft.com' },
  },
  {
    name: 'a configured UPN does not exist',
    change: (_s, c) =>
      void (c.accounts.list = [
        { userPrincipalName: 'EmergencyAccount_1@contoso.onmicrosoft.com' },
        { userPrincipalName: 'typo@contoso.onmicrosoft.com' },
      ]),
    expect: { [TENANT_ID]: 'fail' },
    messageIncludes: { [TENANT_ID]: 'typo@contoso.onmicrosoft.com' },
  },
  {
    name: 'only one account configured',
    change: (_s, c) =>
      void (c.accounts.list = [{ userPrincipalName: 'EmergencyAccount_1@contoso.onmicrosoft.com' }]),
    expect: { [TENANT_ID]: 'fail' },
  },
  {
    name: 'no config: the group members count, and the message says so',
    noConfig: true,
    expect: { [TENANT_ID]: 'pass' },
    messageIncludes: { [TENANT_ID]: 'no config' },
  },
  {
    name: 'no config and the group has one member',
    noConfig: true,
    change: (s) => void (s.graph.groups![0]!.members = [ADMIN]),
    expect: { [TENANT_ID]: 'fail' },
  },
  {
    name: 'users not collected',
    change: (s) => void delete s.graph.users,
    expect: { [TENANT_ID]: 'skip:not-collected' },
  },
];

for (const c of cases) test(`EA-ACC-001: ${c.name}`, () => void assertCase(check, c));
