import { test } from 'node:test';
import { check } from './EA-GRP-003.js';
import { assertCase, GROUP_ID, TENANT_ID, type CheckCase } from './lib/fixture.js';

const cases: CheckCase[] = [
  { name: 'assigned membership', expect: { [GROUP_ID]: 'pass' } },
  {
    name: 'dynamic membership',
    change: (s) =>
      void Object.assign(s.graph.groups![0]!, {
        groupTypes: ['DynamicMembership'],
        membershipRule: 'user.department -eq "IT"',
      }),
    expect: { [GROUP_ID]: 'fail' },
    messageIncludes: { [GROUP_ID]: 'user.department' },
  },
  {
    name: 'a membership rule alone',
    change: (s) => void (s.graph.groups![0]!.membershipRule = 'user.accountEnabled -eq true'),
    expect: { [GROUP_ID]: 'fail' },
  },
  {
    name: 'group missing',
    change: (s) => void (s.graph.groups = []),
    expect: { [TENANT_ID]: 'skip:not-applicable' },
  },
];

for (const c of cases) test(`EA-GRP-003: ${c.name}`, () => void assertCase(check, c));
