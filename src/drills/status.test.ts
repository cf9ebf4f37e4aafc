import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DrillRecord } from '../state/store.js';
import { drillStatus } from './status.js';

const now = new Date('2026-06-01T00:00:00.000Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();
const account = {
  id: 'aaaaaaaa-0000-0000-0000-000000000001',
  userPrincipalName: 'ea1@contoso.onmicrosoft.com',
};
const drill = (over: Partial<DrillRecord>): DrillRecord => ({
  id: 'd',
  tenantId: 't',
  accountId: account.id,
  userPrincipalName: account.userPrincipalName,
  startedAt: daysAgo(10),
  verifiedAt: daysAgo(10),
  verified: true,
  signInId: 'si',
  alertFired: true,
  notes: null,
  ...over,
});

const cases: { name: string; drills: DrillRecord[]; overdue: boolean; nextDue?: string; open?: string }[] = [
  { name: 'verified 10 days ago', drills: [drill({})], overdue: false, nextDue: daysAgo(10 - 90) },
  {
    name: 'verified 89 days ago',
    drills: [drill({ startedAt: daysAgo(89) })],
    overdue: false,
    nextDue: daysAgo(-1),
  },
  {
    name: 'verified 91 days ago',
    drills: [drill({ startedAt: daysAgo(91) })],
    overdue: true,
    nextDue: daysAgo(1),
  },
  { name: 'never drilled', drills: [], overdue: true },
  {
    name: 'only an unverified drill',
    drills: [drill({ verified: false, verifiedAt: null })],
    overdue: true,
    open: 'd',
  },
  {
    name: "another account's drill",
    drills: [drill({ accountId: 'bbbbbbbb-0000-0000-0000-000000000002' })],
    overdue: true,
  },
  {
    name: 'the account id spelt in upper case',
    drills: [drill({ accountId: account.id.toUpperCase() })],
    overdue: false,
    nextDue: daysAgo(-80),
  },
  {
    name: 'an old verified drill and a newer open one',
    drills: [
      drill({ startedAt: daysAgo(100) }),
      drill({ id: 'new', startedAt: daysAgo(1), verified: false, verifiedAt: null }),
    ],
    overdue: true,
    nextDue: daysAgo(10),
    open: 'new',
  },
  {
    name: 'a drill dated in the future is ignored',
    drills: [drill({ startedAt: daysAgo(-5) })],
    overdue: true,
  },
];

for (const c of cases) {
  test(`drillStatus: ${c.name}`, () => {
    const [status] = drillStatus([account], c.drills, now, 90);
    assert.equal(status!.overdue, c.overdue);
    assert.equal(status!.nextDue, c.nextDue);
    assert.equal(status!.open?.id, c.open);
  });
}

test('drillStatus uses the configured interval', () => {
  const [status] = drillStatus([account], [drill({ startedAt: daysAgo(40) })], now, 30);
  assert.equal(status!.overdue, true);
  assert.equal(status!.nextDue, daysAgo(10));
});
