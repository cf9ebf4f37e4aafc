import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './EA-CA-006.js';
import type { Model } from './types.js';
import type { Snapshot } from '../snapshot/schema.js';
import {
  BG1,
  BG2,
  BG_GROUP,
  DEDICATED_POLICY,
  GLOBAL_ADMIN,
  MFA_POLICY,
  STAFF_GROUP,
  contextFor,
  healthyTenant,
  policy,
} from '../../test/fixtures/tenants/lockout-tenant.js';

const X = 'f0000000-0000-4000-8000-0000000000aa';
const OUTER = 'c0000009-0000-4000-8000-000000000009';
const add = (users: Record<string, unknown>) => (s: Snapshot) =>
  void s.graph.conditionalAccessPolicies!.push(policy(X, { users }));

const cases: {
  name: string;
  change?: (s: Snapshot) => void;
  model?: Model;
  expect: Record<string, string>;
  message?: RegExp;
}[] = [
  { name: 'healthy: the exclusion is the group', expect: { [MFA_POLICY]: 'pass' } },
  {
    name: 'excluded by user ids',
    change: add({ includeUsers: ['All'], excludeUsers: [BG1, BG2] }),
    expect: { [MFA_POLICY]: 'pass', [X]: 'fail' },
    message: /EmergencyAccount_1@contoso.onmicrosoft.com by the user directly/,
  },
  {
    name: 'excluded by the group and by user id is fine',
    change: add({ includeUsers: ['All'], excludeUsers: [BG1], excludeGroups: [BG_GROUP] }),
    expect: { [MFA_POLICY]: 'pass', [X]: 'pass' },
  },
  {
    name: 'excluded through a group that nests the break-glass group',
    change: (s) => {
      s.graph.groups!.push({ id: OUTER, displayName: 'All exclusions', members: [BG_GROUP] });
      add({ includeUsers: ['All'], excludeGroups: [OUTER] })(s);
    },
    expect: { [MFA_POLICY]: 'pass', [X]: 'pass' },
  },
  {
    name: 'excluded through another group holding the users',
    change: (s) => {
      s.graph.groups!.find((g) => g.id === STAFF_GROUP)!.members!.push(BG1, BG2);
      add({ includeUsers: ['All'], excludeGroups: [STAFF_GROUP] })(s);
    },
    expect: { [MFA_POLICY]: 'pass', [X]: 'fail' },
    message: /group "All staff"/,
  },
  {
    name: 'excluded by a role',
    change: add({ includeUsers: ['All'], excludeRoles: [GLOBAL_ADMIN] }),
    expect: { [MFA_POLICY]: 'pass', [X]: 'fail' },
    message: /role Global Administrator/,
  },
  {
    name: 'no exclusion anywhere: not applicable',
    change: (s) =>
      void (s.graph.conditionalAccessPolicies = s.graph.conditionalAccessPolicies!.filter(
        (p) => p.id === DEDICATED_POLICY,
      )),
    expect: { '11111111-1111-4111-8111-111111111111': 'skip' },
  },
  {
    name: 'split: the dedicated policy may exclude the other account by id',
    model: 'split',
    change: (s) =>
      void (s.graph.conditionalAccessPolicies!.find(
        (p) => p.id === DEDICATED_POLICY,
      )!.conditions.users!.excludeUsers = [BG2]),
    expect: { [MFA_POLICY]: 'pass' },
  },
];

for (const c of cases) {
  test(`EA-CA-006: ${c.name}`, () => {
    const snapshot = healthyTenant();
    c.change?.(snapshot);
    const outcomes = check.evaluate(contextFor(snapshot, c.model));
    assert.deepEqual(Object.fromEntries(outcomes.map((o) => [o.subject.id, o.status])), c.expect);
    if (c.message) assert.match(outcomes.find((o) => o.subject.id === X)!.message, c.message);
  });
}
