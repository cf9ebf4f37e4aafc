import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './EA-CA-001.js';
import type { Model } from './types.js';
import type { Snapshot } from '../snapshot/schema.js';
import {
  BG1,
  BG2,
  DEDICATED_POLICY,
  PASSWORD_METHOD,
  TENANT_ID,
  contextFor,
  healthyTenant,
} from '../../test/fixtures/tenants/lockout-tenant.js';

const dedicated = (s: Snapshot) => s.graph.conditionalAccessPolicies!.find((p) => p.id === DEDICATED_POLICY)!;

const cases: {
  name: string;
  change?: (s: Snapshot) => void;
  model?: Model;
  roles?: ('dedicated' | 'excluded')[];
  status: string;
  subject?: string;
  message?: RegExp;
  skipReason?: string;
}[] = [
  { name: 'healthy tenant passes', status: 'pass', subject: DEDICATED_POLICY },
  {
    name: 'exclude-all has no dedicated policy',
    model: 'exclude-all',
    status: 'skip',
    skipReason: 'not-applicable',
  },
  {
    name: 'no dedicated policy fails for the tenant',
    change: (s) => void s.graph.conditionalAccessPolicies!.shift(),
    status: 'fail',
    subject: TENANT_ID,
    message: /No Conditional Access policy/,
  },
  {
    name: 'a renamed policy that includes the group is still recognised',
    change: (s) => void (dedicated(s).displayName = 'BG policy'),
    status: 'pass',
    subject: DEDICATED_POLICY,
  },
  {
    name: 'mfa instead of the phishing-resistant strength',
    change: (s) => void (dedicated(s).grantControls = { operator: 'OR', builtInControls: ['mfa'] }),
    status: 'fail',
    message: /Phishing-resistant MFA/,
  },
  {
    name: 'an extra grant control',
    change: (s) => void (dedicated(s).grantControls!.builtInControls = ['compliantDevice']),
    status: 'fail',
    message: /also grants with compliantDevice/,
  },
  {
    name: 'excluded resources',
    change: (s) =>
      void ((dedicated(s).conditions.applications as Record<string, unknown>).excludeApplications = [
        '797f4846-ba00-4fd7-ba43-dac1f8f63013',
      ]),
    status: 'fail',
    message: /excludes resources/,
  },
  {
    name: 'Office 365 only',
    change: (s) =>
      void ((dedicated(s).conditions.applications as Record<string, unknown>).includeApplications = [
        'Office365',
      ]),
    status: 'fail',
    message: /All resources/,
  },
  {
    name: 'disabled',
    change: (s) => void (dedicated(s).state = 'disabled'),
    status: 'fail',
    message: /disabled/,
  },
  {
    name: 'report-only while an account has no phishing-resistant method is the safe state',
    change: (s) => {
      dedicated(s).state = 'enabledForReportingButNotEnforced';
      s.graph.authenticationMethods![BG2] = [PASSWORD_METHOD];
    },
    status: 'warn',
    message: /EmergencyAccount_2@contoso.onmicrosoft.com has a phishing-resistant method/,
  },
  {
    name: 'report-only although every account is ready',
    change: (s) => void (dedicated(s).state = 'enabledForReportingButNotEnforced'),
    status: 'fail',
    message: /still report-only/,
  },
  {
    name: 'the group excludes an account under dedicated',
    change: (s) => void (dedicated(s).conditions.users!.excludeUsers = [BG2]),
    status: 'fail',
    message: /does not cover EmergencyAccount_2/,
  },
  {
    name: 'split: the policy targets the dedicated account',
    model: 'split',
    roles: ['dedicated', 'excluded'],
    change: (s) => void (dedicated(s).conditions.users = { includeUsers: [BG1] }),
    status: 'pass',
  },
  {
    name: 'split: the policy targets the other account only',
    model: 'split',
    roles: ['dedicated', 'excluded'],
    change: (s) => void (dedicated(s).conditions.users = { includeUsers: [BG2] }),
    status: 'fail',
    message: /does not cover EmergencyAccount_1/,
  },
  {
    name: 'policies not collected',
    change: (s) => void delete s.graph.conditionalAccessPolicies,
    status: 'skip',
    skipReason: 'not-collected',
  },
];

for (const c of cases) {
  test(`EA-CA-001: ${c.name}`, () => {
    const snapshot = healthyTenant();
    c.change?.(snapshot);
    const outcomes = check.evaluate(contextFor(snapshot, c.model, c.roles));
    assert.equal(outcomes.length, 1);
    const [o] = outcomes;
    assert.equal(o!.status, c.status, o!.message);
    if (c.subject) assert.equal(o!.subject.id, c.subject);
    if (c.message) assert.match(o!.message, c.message);
    if (c.skipReason) assert.equal(o!.skipReason, c.skipReason);
  });
}

test('EA-CA-001: a recorded permission error is the skip reason', () => {
  const snapshot = healthyTenant();
  delete snapshot.graph.conditionalAccessPolicies;
  const context = contextFor(snapshot);
  context.collectionErrors['graph.conditionalAccessPolicies'] = {
    reason: 'missing-permission',
    detail: 'Policy.Read.All is not granted',
  };
  const [o] = check.evaluate(context);
  assert.equal(o?.status, 'skip');
  assert.equal(o?.skipReason, 'missing-permission');
  assert.match(o?.message ?? '', /Policy.Read.All/);
});
