import { test } from 'node:test';
import { check } from './EA-OPS-001.js';
import { ACCOUNT_1, ACCOUNT_2, assertCase, TENANT_ID, type CheckCase } from './lib/fixture.js';

const both = { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' };

const cases: CheckCase[] = [
  { name: 'verified drills 10 days ago', expect: both },
  {
    name: 'an unverified drill',
    change: (s) => void (s.drills![1]!.verified = false),
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'fail' },
    messageIncludes: { [ACCOUNT_2]: 'never verified' },
  },
  {
    name: 'a drill too long ago',
    change: (s) => void (s.drills![0]!.at = '2026-06-01T00:00:00Z'),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'pass' },
    messageIncludes: { [ACCOUNT_1]: '2026-06-01' },
  },
  {
    name: 'the interval is configurable',
    change: (s, c) => void (c.audit.drillIntervalDays = 7),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'fail' },
  },
  {
    name: 'never drilled',
    change: (s) => void (s.drills = [s.drills![0]!]),
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'fail' },
    messageIncludes: { [ACCOUNT_2]: 'never been drilled' },
  },
  {
    name: 'the evaluation time can be set',
    options: { now: new Date('2027-06-01T00:00:00Z') },
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'fail' },
  },
  {
    name: 'a drill in the future of the snapshot does not count',
    change: (s) => void (s.drills![0]!.at = '2027-01-01T00:00:00Z'),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'pass' },
  },
  {
    name: 'no drill records (no state store)',
    change: (s) => void delete s.drills,
    expect: { [TENANT_ID]: 'skip:not-collected' },
  },
];

for (const c of cases) test(`EA-OPS-001: ${c.name}`, () => void assertCase(check, c));
