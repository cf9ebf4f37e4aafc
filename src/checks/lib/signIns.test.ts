import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveAuditContext } from '../context.js';
import { ACCOUNT_1, ACCOUNT_2, healthyConfig, healthySnapshot } from './fixture.js';
import { reviewSignIns } from './signIns.js';

test('reviewSignIns classifies each sign-in in the window like EA-OPS-002', () => {
  const snapshot = healthySnapshot();
  snapshot.graph.signIns!.push({
    id: 'si-x',
    createdDateTime: '2026-11-25T03:00:00Z',
    userId: ACCOUNT_2.toUpperCase(),
    status: { errorCode: 50126 },
  });
  snapshot.graph.signIns!.push({ id: 'si-old', createdDateTime: '2026-09-01T00:00:00Z', userId: ACCOUNT_1 });
  const review = reviewSignIns(resolveAuditContext(snapshot, healthyConfig()));
  assert.deepEqual(
    review.map((r) => [r.id, r.classification, r.result ?? null]),
    [
      ['si-1', 'drill', 'success'],
      ['si-2', 'drill', 'success'],
      ['si-x', 'unexplained', '50126'],
    ],
  );
  assert.equal(review[0]!.userPrincipalName, 'EmergencyAccount_1@contoso.onmicrosoft.com');
  assert.ok(review[0]!.drillAt);
});
