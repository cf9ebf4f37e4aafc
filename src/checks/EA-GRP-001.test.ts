import { test } from 'node:test';
import { check } from './EA-GRP-001.js';
import {
  ACCOUNT_1,
  ACCOUNT_2,
  ADMIN,
  assertCase,
  GROUP_ID,
  TENANT_ID,
  type CheckCase,
} from './lib/fixture.js';

const cases: CheckCase[] = [
  { name: 'exactly the accounts', expect: { [GROUP_ID]: 'pass' } },
  {
    name: 'another user',
    change: (s) => void s.graph.groups![0]!.members!.push(ADMIN),
    expect: { [GROUP_ID]: 'fail' },
    messageIncludes: { [GROUP_ID]: 'admin@contoso.com' },
  },
  {
    name: 'a nested group (with another user inside)',
    change: (s) => {
      s.graph.groups!.push({ id: 'nested', displayName: 'helpdesk', members: [ADMIN] });
      s.graph.groups![0]!.members!.push('nested');
    },
    expect: { [GROUP_ID]: 'fail' },
    messageIncludes: { [GROUP_ID]: 'nested groups: nested' },
  },
  {
    name: 'an account missing',
    change: (s) => void (s.graph.groups![0]!.members = [ACCOUNT_1]),
    expect: { [GROUP_ID]: 'fail' },
    messageIncludes: { [GROUP_ID]: 'missing accounts: EmergencyAccount_2' },
  },
  {
    name: 'a device or service principal',
    change: (s) => void s.graph.groups![0]!.members!.push('sp-1'),
    expect: { [GROUP_ID]: 'fail' },
  },
  {
    name: 'member ids compare case-insensitively',
    change: (s) => void (s.graph.groups![0]!.members = [ACCOUNT_1.toUpperCase(), ACCOUNT_2]),
    expect: { [GROUP_ID]: 'pass' },
  },
  {
    name: 'the group is missing',
    change: (s) => void (s.graph.groups = []),
    expect: { [TENANT_ID]: 'fail' },
  },
  {
    name: 'the group name is configurable',
    change: (s, c) => void (c.group.displayName = 'BG'),
    expect: { [TENANT_ID]: 'fail' },
  },
  {
    name: 'members not collected',
    change: (s) => void delete s.graph.groups![0]!.members,
    expect: { [GROUP_ID]: 'skip:not-collected' },
  },
  {
    name: 'groups not collected',
    change: (s) => void delete s.graph.groups,
    expect: { [TENANT_ID]: 'skip:not-collected' },
  },
  {
    name: 'no config: the members are the accounts, but a nested group still fails',
    noConfig: true,
    change: (s) => {
      s.graph.groups!.push({ id: 'nested', displayName: 'more', members: [] });
      s.graph.groups![0]!.members!.push('nested');
    },
    expect: { [GROUP_ID]: 'fail' },
  },
];
void ACCOUNT_2;

for (const c of cases) test(`EA-GRP-001: ${c.name}`, () => void assertCase(check, c));
