import { test } from 'node:test';
import { check } from './EA-GRP-002.js';
import { assertCase, GROUP_ID, TENANT_ID, type CheckCase } from './lib/fixture.js';

const cases: CheckCase[] = [
  { name: 'role-assignable', expect: { [GROUP_ID]: 'pass' } },
  {
    name: 'not role-assignable',
    change: (s) => void (s.graph.groups![0]!.isAssignableToRole = false),
    expect: { [GROUP_ID]: 'fail' },
  },
  {
    name: 'property missing',
    change: (s) => void delete s.graph.groups![0]!.isAssignableToRole,
    expect: { [GROUP_ID]: 'fail' },
  },
  {
    name: 'group missing',
    change: (s) => void (s.graph.groups = []),
    expect: { [TENANT_ID]: 'skip:not-applicable' },
  },
];

for (const c of cases) test(`EA-GRP-002: ${c.name}`, () => void assertCase(check, c));
