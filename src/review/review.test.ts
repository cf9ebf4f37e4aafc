import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DrillRecord } from '../state/store.js';
import { renderReviewJson, renderReviewTable } from './render.js';
import { buildReview, reviewedSignIns, unexplainedSignIns } from './review.js';
import { auditEventFromGraph, signInFromGraph, signInFromLogRow } from './sources.js';
import type { ReviewData } from './types.js';

const A = {
  id: 'aaaaaaaa-0000-0000-0000-000000000001',
  userPrincipalName: 'EmergencyAccount_1@contoso.onmicrosoft.com',
};
const B = {
  id: 'aaaaaaaa-0000-0000-0000-000000000002',
  userPrincipalName: 'EmergencyAccount_2@contoso.onmicrosoft.com',
};
const window = { since: new Date('2026-03-01T00:00:00Z'), until: new Date('2026-03-31T00:00:00Z') };
const graphSignIn = {
  id: 'si-graph',
  createdDateTime: '2026-03-10T10:05:00Z',
  userId: A.id.toUpperCase(),
  appDisplayName: 'Azure Portal',
  ipAddress: '203.0.113.25',
  conditionalAccessStatus: 'success',
  status: { errorCode: 0, failureReason: 'Other.' },
  location: { city: 'Amsterdam', countryOrRegion: 'NL' },
};

test('a Graph sign-in and a SigninLogs row read the same', () => {
  const fromGraph = signInFromGraph(graphSignIn, [A, B], window);
  const fromLogs = signInFromLogRow(
    {
      Id: 'si-graph',
      CreatedDateTime: new Date('2026-03-10T10:05:00Z'),
      UserId: A.id,
      UserPrincipalName: A.userPrincipalName,
      AppDisplayName: 'Azure Portal',
      IPAddress: '203.0.113.25',
      ResultType: '0',
      ResultDescription: '',
      ConditionalAccessStatus: 'success',
      Location: 'Amsterdam, NL',
    },
    [A, B],
    window,
  );
  assert.deepEqual({ ...fromGraph, source: 'x' }, { ...fromLogs, source: 'x' });
  assert.equal(fromGraph?.accountId, A.id);
});

test('rows of other users or outside the window are left out; failures keep their reason', () => {
  assert.equal(signInFromGraph({ ...graphSignIn, userId: 'someone-else' }, [A], window), undefined);
  assert.equal(
    signInFromGraph({ ...graphSignIn, createdDateTime: '2026-02-27T00:00:00Z' }, [A], window),
    undefined,
  );
  const failed = signInFromGraph(
    { ...graphSignIn, status: { errorCode: 53003, failureReason: 'Blocked by CA' } },
    [A],
    window,
  );
  assert.equal(failed?.result, '53003');
  assert.equal(failed?.resultDescription, 'Blocked by CA');
});

test('a directory audit counts when an account is its target or its initiator', () => {
  const event = {
    id: 'e1',
    activityDateTime: '2026-03-05T00:00:00Z',
    activityDisplayName: 'Reset password (by admin)',
    result: 'success',
    initiatedBy: { user: { id: 'admin', userPrincipalName: 'admin@contoso.com' } },
    targetResources: [{ id: B.id, userPrincipalName: B.userPrincipalName, type: 'User' }],
  };
  assert.deepEqual(auditEventFromGraph(event, [A, B], window), {
    id: 'e1',
    at: '2026-03-05T00:00:00.000Z',
    activity: 'Reset password (by admin)',
    result: 'success',
    actor: 'admin@contoso.com',
    targetId: B.id,
    targetName: B.userPrincipalName,
    source: 'graph',
  });
  const byAccount = { ...event, initiatedBy: { user: { id: A.id } }, targetResources: [{ id: 'group' }] };
  assert.equal(auditEventFromGraph(byAccount, [A, B], window)?.targetId, 'group');
  assert.equal(
    auditEventFromGraph({ ...event, targetResources: [{ id: 'other' }] }, [A, B], window),
    undefined,
  );
});

const data: ReviewData = {
  source: 'graph',
  sourceNote: 'Graph sign-in logs',
  signIns: [
    signInFromGraph(graphSignIn, [A, B], window)!,
    signInFromGraph(
      { ...graphSignIn, id: 'si-b', userId: B.id, createdDateTime: '2026-03-12T08:00:00Z' },
      [A, B],
      window,
    )!,
  ],
  auditEvents: [],
};
const drill: DrillRecord = {
  id: 'd1',
  tenantId: 't',
  accountId: A.id,
  userPrincipalName: A.userPrincipalName,
  startedAt: '2026-03-10T10:00:00.000Z',
  verifiedAt: '2026-03-10T10:20:00.000Z',
  verified: true,
  signInId: null,
  alertFired: true,
  notes: null,
};

test('the review matches the drill, flags the rest, and feeds the report section', () => {
  const review = buildReview({ tenantId: 't', accounts: [A, B] }, window, data, [drill]);
  assert.deepEqual(
    unexplainedSignIns(review).map((s) => s.id),
    ['si-b'],
  );
  assert.deepEqual(reviewedSignIns(review), [
    {
      id: 'si-graph',
      createdDateTime: '2026-03-10T10:05:00.000Z',
      userId: A.id,
      userPrincipalName: A.userPrincipalName,
      classification: 'drill',
      appDisplayName: 'Azure Portal',
      ipAddress: '203.0.113.25',
      location: 'Amsterdam, NL',
      result: 'success',
      drillAt: '2026-03-10T10:00:00.000Z',
    },
    {
      id: 'si-b',
      createdDateTime: '2026-03-12T08:00:00.000Z',
      userId: B.id,
      userPrincipalName: B.userPrincipalName,
      classification: 'unexplained',
      appDisplayName: 'Azure Portal',
      ipAddress: '203.0.113.25',
      location: 'Amsterdam, NL',
      result: 'success',
    },
  ]);
  const table = renderReviewTable(review);
  assert.match(
    table,
    /EmergencyAccount_1@contoso\.onmicrosoft\.com .*drill 2026-03-10 10:00:00Z \(verified\)/,
  );
  assert.match(table, /EmergencyAccount_2@contoso\.onmicrosoft\.com .*UNEXPLAINED/);
  assert.match(table, /1 unexplained sign-in: review each one/);
  assert.equal((JSON.parse(renderReviewJson(review)) as { unexplained: number }).unexplained, 1);
});

test('without a state store every sign-in is unexplained, and the table says why', () => {
  const review = buildReview({ tenantId: 't', accounts: [A, B] }, window, data, undefined);
  assert.equal(review.drillsRecorded, false);
  assert.equal(unexplainedSignIns(review).length, 2);
  assert.match(renderReviewTable(review), /No state store with drill records was found/);
});
