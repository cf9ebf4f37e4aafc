import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DrillRecord } from '../state/store.js';
import { DRILL_WINDOW, explainSignIns, matchDrill, snapshotDrill } from './match.js';
import type { ReviewSignIn } from './types.js';

const A = '11111111-1111-1111-1111-111111111111';
const B = '22222222-2222-2222-2222-222222222222';
const start = Date.parse('2026-03-01T10:00:00.000Z');
const minutes = (n: number) => new Date(start + n * 60_000).toISOString();

const drill: DrillRecord = {
  id: 'drill-a',
  tenantId: 'tenant',
  accountId: A,
  userPrincipalName: 'EmergencyAccount_1@contoso.onmicrosoft.com',
  startedAt: minutes(0),
  verifiedAt: null,
  verified: false,
  signInId: null,
  alertFired: null,
  notes: null,
};

const signIn: ReviewSignIn = {
  id: 'si-1',
  accountId: A,
  userPrincipalName: 'EmergencyAccount_1@contoso.onmicrosoft.com',
  at: minutes(10),
  source: 'graph',
};

const cases: {
  name: string;
  signIn?: Partial<ReviewSignIn>;
  drills?: DrillRecord[];
  expect: string | undefined;
}[] = [
  { name: 'a sign-in 10 minutes after the drill started', expect: 'drill-a' },
  { name: 'a sign-in of another account', signIn: { accountId: B }, expect: undefined },
  { name: 'the account id in upper case', signIn: { accountId: A.toUpperCase() }, expect: 'drill-a' },
  {
    name: 'just inside the window before the start',
    signIn: { at: minutes(-DRILL_WINDOW.beforeMinutes) },
    expect: 'drill-a',
  },
  {
    name: 'just outside the window before the start',
    signIn: { at: minutes(-DRILL_WINDOW.beforeMinutes - 1) },
    expect: undefined,
  },
  { name: 'at the end of the window', signIn: { at: minutes(DRILL_WINDOW.afterMinutes) }, expect: 'drill-a' },
  { name: 'after the window', signIn: { at: minutes(DRILL_WINDOW.afterMinutes + 1) }, expect: undefined },
  { name: 'from Log Analytics', signIn: { source: 'logAnalytics' }, expect: 'drill-a' },
  {
    name: 'outside the window but recorded by the drill as its sign-in',
    signIn: { at: minutes(DRILL_WINDOW.afterMinutes + 600) },
    drills: [{ ...drill, signInId: 'SI-1', verified: true }],
    expect: 'drill-a',
  },
  { name: 'no drills at all', drills: [], expect: undefined },
  {
    name: 'two drills: the one whose window holds the sign-in',
    signIn: { at: minutes(24 * 60 + 5) },
    drills: [drill, { ...drill, id: 'drill-next-day', startedAt: minutes(24 * 60) }],
    expect: 'drill-next-day',
  },
];

for (const c of cases) {
  test(`matchDrill: ${c.name}`, () => {
    const found = matchDrill({ ...signIn, ...c.signIn }, c.drills ?? [drill]);
    assert.equal(found?.id, c.expect);
  });
}

test('explainSignIns keeps every sign-in and attaches the drill only to explained ones', () => {
  const explained = explainSignIns([signIn, { ...signIn, id: 'si-2', accountId: B }], [drill]);
  assert.deepEqual(
    explained.map((s) => [s.id, s.drill?.id]),
    [
      ['si-1', 'drill-a'],
      ['si-2', undefined],
    ],
  );
  assert.equal('drill' in explained[1]!, false);
});

test('snapshotDrill writes the snapshot form EA-OPS-001/002 read', () => {
  assert.deepEqual(
    snapshotDrill({ ...drill, verified: true, verifiedAt: minutes(20), signInId: 'si-1', alertFired: true }),
    {
      accountId: A,
      at: minutes(0),
      verified: true,
      signInId: 'si-1',
      alertFired: true,
      id: 'drill-a',
      verifiedAt: minutes(20),
    },
  );
});
