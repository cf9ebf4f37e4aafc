import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './EA-CA-004.js';
import type { Snapshot } from '../snapshot/schema.js';
import {
  BG1,
  BG2,
  DEDICATED_POLICY,
  PASSWORD_METHOD,
  contextFor,
  healthyTenant,
  policy,
} from '../../test/fixtures/tenants/lockout-tenant.js';

const X = 'f0000000-0000-4000-8000-0000000000aa';
const BLOCK = { operator: 'OR', builtInControls: ['block'] };

const cases: {
  name: string;
  change?: (s: Snapshot) => void;
  expect: Record<string, string>;
  message?: RegExp;
  deciding?: string[];
}[] = [
  { name: 'healthy: both accounts get in', expect: { [BG1]: 'pass', [BG2]: 'pass' } },
  {
    name: 'a block for All users locks both out',
    change: (s) =>
      void s.graph.conditionalAccessPolicies!.push(
        policy(X, { displayName: 'Block all', users: { includeUsers: ['All'] }, grantControls: BLOCK }),
      ),
    expect: { [BG1]: 'fail', [BG2]: 'fail' },
    message: /locked out .* by "Block all" \(blocks\)/,
    deciding: [X],
  },
  {
    name: 'an account with only a password cannot meet the dedicated policy',
    change: (s) => void (s.graph.authenticationMethods![BG1] = [PASSWORD_METHOD]),
    expect: { [BG1]: 'fail', [BG2]: 'pass' },
    message: /cannot meet authenticationStrength/,
    deciding: [DEDICATED_POLICY],
  },
  {
    name: 'a report-only block does not decide but is mentioned',
    change: (s) =>
      void s.graph.conditionalAccessPolicies!.push(
        policy(X, {
          displayName: 'Block all',
          state: 'enabledForReportingButNotEnforced',
          users: { includeUsers: ['All'] },
          grantControls: BLOCK,
        }),
      ),
    expect: { [BG1]: 'pass', [BG2]: 'pass' },
    message: /Report-only policy "Block all" would block it/,
  },
  {
    name: 'an account that does not resolve is left to EA-ACC-001',
    change: (s) => void (s.graph.users = s.graph.users!.filter((u) => u.id !== BG2)),
    expect: { [BG1]: 'pass', [BG2]: 'skip' },
  },
];

for (const c of cases) {
  test(`EA-CA-004: ${c.name}`, () => {
    const snapshot = healthyTenant();
    c.change?.(snapshot);
    const context = contextFor(snapshot);
    if (!snapshot.graph.users!.some((u) => u.id === BG2)) context.accounts[1] = { ref: BG2 };
    const outcomes = check.evaluate(context);
    assert.deepEqual(Object.fromEntries(outcomes.map((o) => [o.subject.id, o.status])), c.expect);
    const first = outcomes.find((o) => o.subject.id === BG1)!;
    if (c.message) assert.match(first.message, c.message);
    if (c.deciding)
      assert.deepEqual(
        (first.evidence.decidingPolicies as { id: string }[]).map((d) => d.id),
        c.deciding,
      );
  });
}

test('EA-CA-004: methods not collected means skip, never pass', () => {
  const snapshot = healthyTenant();
  delete snapshot.graph.authenticationMethods;
  const outcomes = check.evaluate(contextFor(snapshot));
  assert.deepEqual(
    outcomes.map((o) => [o.status, o.skipReason]),
    [['skip', 'not-collected']],
  );
});
