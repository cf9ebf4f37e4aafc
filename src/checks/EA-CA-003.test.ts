import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './EA-CA-003.js';
import type { Model, Outcome } from './types.js';
import type { Snapshot } from '../snapshot/schema.js';
import {
  BG1,
  BG2,
  BG_GROUP,
  DEDICATED_POLICY,
  GLOBAL_ADMIN,
  MFA_POLICY,
  contextFor,
  healthyTenant,
  policy,
} from '../../test/fixtures/tenants/lockout-tenant.js';

const X = 'f0000000-0000-4000-8000-0000000000aa';
const OUTER = 'c0000009-0000-4000-8000-000000000009';
const add = (p: ReturnType<typeof policy>) => (s: Snapshot) =>
  void s.graph.conditionalAccessPolicies!.push(p);
const dedicated = (s: Snapshot) => s.graph.conditionalAccessPolicies!.find((p) => p.id === DEDICATED_POLICY)!;

interface Case {
  name: string;
  change?: (s: Snapshot) => void;
  model?: Model;
  roles?: ('dedicated' | 'excluded')[];
  /** Expected status per policy id (every outcome must be listed). */
  expect: Record<string, string>;
  /** Checks on the outcome of policy X (or the one named). */
  on?: { id?: string; message?: RegExp; evidence?: (e: Record<string, unknown>) => void };
}

const accountsOf = (o: Outcome) =>
  o.evidence.accounts as {
    id: string;
    inScope: boolean;
    excludedByBreakGlassGroup: boolean;
    notes?: string[];
  }[];

const cases: Case[] = [
  {
    name: 'healthy: the MFA policy excludes the group; the dedicated policy is not judged here',
    expect: { [MFA_POLICY]: 'pass' },
    on: { id: MFA_POLICY, evidence: (e) => assert.equal(e.exclusionByGroup, true) },
  },
  {
    name: 'All users without the exclusion fails and names both accounts',
    change: add(policy(X, { users: { includeUsers: ['All'] } })),
    expect: { [MFA_POLICY]: 'pass', [X]: 'fail' },
    on: {
      message: /EmergencyAccount_1@contoso.onmicrosoft.com \(included by All users\) and EmergencyAccount_2/,
    },
  },
  {
    name: 'report-only without the exclusion warns',
    change: add(policy(X, { state: 'enabledForReportingButNotEnforced', users: { includeUsers: ['All'] } })),
    expect: { [MFA_POLICY]: 'pass', [X]: 'warn' },
    on: { message: /report-only/ },
  },
  {
    name: 'disabled without the exclusion warns',
    change: add(policy(X, { state: 'disabled', users: { includeUsers: ['All'] } })),
    expect: { [MFA_POLICY]: 'pass', [X]: 'warn' },
  },
  {
    name: 'a role-targeted policy reaches the Global Administrators',
    change: add(policy(X, { users: { includeRoles: [GLOBAL_ADMIN] } })),
    expect: { [MFA_POLICY]: 'pass', [X]: 'fail' },
    on: { message: /role Global Administrator/ },
  },
  {
    name: 'exclusion by user id passes but is not by the group',
    change: add(policy(X, { users: { includeUsers: ['All'], excludeUsers: [BG1, BG2] } })),
    expect: { [MFA_POLICY]: 'pass', [X]: 'pass' },
    on: {
      evidence: (e) => {
        assert.equal(e.exclusionByGroup, false);
        assert.ok(accountsOf({ evidence: e } as Outcome).every((a) => !a.excludedByBreakGlassGroup));
      },
    },
  },
  {
    name: 'exclusion of one account only fails for the other',
    change: add(policy(X, { users: { includeUsers: ['All'], excludeUsers: [BG1] } })),
    expect: { [MFA_POLICY]: 'pass', [X]: 'fail' },
    on: { message: /^EmergencyAccount_2@contoso.onmicrosoft.com \(included by All users\) is in/ },
  },
  {
    name: 'exclusion by a group nesting the break-glass group',
    change: (s) => {
      s.graph.groups!.push({ id: OUTER, displayName: 'All exclusions', members: [BG_GROUP] });
      add(policy(X, { users: { includeUsers: ['All'], excludeGroups: [OUTER] } }))(s);
    },
    expect: { [MFA_POLICY]: 'pass', [X]: 'pass' },
    on: {
      evidence: (e) => {
        assert.equal(e.exclusionByGroup, false);
        assert.ok(accountsOf({ evidence: e } as Outcome).every((a) => a.excludedByBreakGlassGroup));
      },
    },
  },
  {
    name: 'exclusion by an unresolvable group id excludes nobody',
    change: add(
      policy(X, {
        users: { includeUsers: ['All'], excludeGroups: ['99999999-0000-4000-8000-000000000000'] },
      }),
    ),
    expect: { [MFA_POLICY]: 'pass', [X]: 'fail' },
    on: {
      evidence: (e) =>
        assert.match(accountsOf({ evidence: e } as Outcome)[0]!.notes!.join(), /does not resolve/),
    },
  },
  {
    name: 'excluded role counts as an exclusion',
    change: add(policy(X, { users: { includeUsers: ['All'], excludeRoles: [GLOBAL_ADMIN] } })),
    expect: { [MFA_POLICY]: 'pass', [X]: 'pass' },
  },
  {
    name: 'a policy that never includes the accounts passes',
    change: add(policy(X, { users: { includeUsers: ['None'] } })),
    expect: { [MFA_POLICY]: 'pass', [X]: 'pass' },
    on: { message: /not included/ },
  },
  {
    name: 'a workload-identity policy is not applicable',
    change: add(
      policy(X, {
        users: { includeUsers: ['None'] },
        conditions: { clientApplications: { includeServicePrincipals: ['ServicePrincipalsInMyTenant'] } },
      }),
    ),
    expect: { [MFA_POLICY]: 'pass', [X]: 'skip' },
  },
  {
    name: 'an authentication-context policy is not applicable',
    change: add(
      policy(X, {
        users: { includeUsers: ['All'] },
        applications: { includeAuthenticationContextClassReferences: ['c1'] },
      }),
    ),
    expect: { [MFA_POLICY]: 'pass', [X]: 'skip' },
  },
  {
    name: 'a user-action policy targets users and is judged',
    change: add(
      policy(X, {
        users: { includeUsers: ['All'] },
        applications: { includeUserActions: ['urn:user:registersecurityinfo'] },
      }),
    ),
    expect: { [MFA_POLICY]: 'pass', [X]: 'fail' },
  },
  {
    name: 'exclude-all: the dedicated policy is a policy like any other',
    model: 'exclude-all',
    expect: { [MFA_POLICY]: 'pass', [DEDICATED_POLICY]: 'fail' },
    on: { id: DEDICATED_POLICY, message: /group "CA-Persona-BreakGlassAccounts"/ },
  },
  {
    name: 'split: the dedicated policy must leave out the excluded account',
    model: 'split',
    roles: ['dedicated', 'excluded'],
    expect: { [MFA_POLICY]: 'pass', [DEDICATED_POLICY]: 'fail' },
    on: { id: DEDICATED_POLICY, message: /^EmergencyAccount_2.*dedicated policy must leave out/ },
  },
  {
    name: 'split: done right',
    model: 'split',
    roles: ['dedicated', 'excluded'],
    change: (s) => void (dedicated(s).conditions.users!.excludeUsers = [BG2]),
    expect: { [MFA_POLICY]: 'pass', [DEDICATED_POLICY]: 'pass' },
    on: {
      id: DEDICATED_POLICY,
      evidence: (e) =>
        assert.deepEqual(
          accountsOf({ evidence: e } as Outcome).map((a) => a.id),
          [BG2],
        ),
    },
  },
  {
    name: 'split without roles in the config: the first account is the dedicated one',
    model: 'split',
    change: (s) => void (dedicated(s).conditions.users!.excludeUsers = [BG2]),
    expect: { [MFA_POLICY]: 'pass', [DEDICATED_POLICY]: 'pass' },
  },
];

for (const c of cases) {
  test(`EA-CA-003: ${c.name}`, () => {
    const snapshot = healthyTenant();
    c.change?.(snapshot);
    const outcomes = check.evaluate(contextFor(snapshot, c.model, c.roles));
    assert.deepEqual(
      Object.fromEntries(outcomes.map((o) => [o.subject.id, o.status])),
      c.expect,
      outcomes.map((o) => o.message).join('\n'),
    );
    const target = outcomes.find((o) => o.subject.id === (c.on?.id ?? X));
    if (c.on?.message) assert.match(target!.message, c.on.message);
    c.on?.evidence?.(target!.evidence);
  });
}

test('EA-CA-003: role assignments not collected means skip, never pass', () => {
  const snapshot = healthyTenant();
  delete snapshot.graph.roleAssignments;
  const outcomes = check.evaluate(contextFor(snapshot));
  assert.deepEqual(
    outcomes.map((o) => [o.status, o.skipReason]),
    [['skip', 'not-collected']],
  );
});
