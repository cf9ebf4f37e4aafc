import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLockoutEngine } from '../lockout/index.js';
import type { ConditionalAccessPolicy } from '../snapshot/schema.js';
import {
  BG1,
  DEDICATED_POLICY,
  MFA_POLICY,
  healthyTenant,
  policy,
} from '../../test/fixtures/tenants/lockout-tenant.js';
import { compareWithWhatIf, type WhatIfResult } from './compare.js';

const DISABLED = 'd0000009-0000-4000-8000-000000000009';

/** The healthy tenant plus one disabled "block all" policy, and What If's agreeing answer for BG1. */
function fixture() {
  const snapshot = healthyTenant();
  const disabled = policy(DISABLED, {
    displayName: 'Pilot block (off)',
    state: 'disabled',
    users: { includeUsers: ['All'] },
    grantControls: { operator: 'OR', builtInControls: ['block'] },
  });
  snapshot.graph.conditionalAccessPolicies!.push(disabled);
  const policies: ConditionalAccessPolicy[] = snapshot.graph.conditionalAccessPolicies!;
  const { evaluations } = createLockoutEngine(snapshot.graph).evaluateAccount({ id: BG1 });
  const results: WhatIfResult[] = [
    {
      id: DEDICATED_POLICY,
      displayName: 'CA000',
      state: 'enabled',
      policyApplies: true,
      analysisReasons: 'notSet',
    },
    {
      id: MFA_POLICY,
      displayName: 'CA001',
      state: 'enabled',
      policyApplies: false,
      analysisReasons: 'users',
    },
    {
      id: DISABLED,
      displayName: 'Pilot block (off)',
      state: 'disabled',
      policyApplies: false,
      analysisReasons: 'policyNotEnabled',
    },
  ];
  return { evaluations, policies, results };
}

type Fixture = ReturnType<typeof fixture>;
const set = (results: WhatIfResult[], id: string, change: Partial<WhatIfResult>): WhatIfResult[] =>
  results.map((r) => (r.id === id ? { ...r, ...change } : r));

const cases: {
  name: string;
  change: (f: Fixture) => Fixture;
  compared: number;
  /** Each disagreement as `id: product applies / What If applies`. */
  disagreements: string[];
}[] = [
  { name: 'What If agrees on every policy', change: (f) => f, compared: 3, disagreements: [] },
  {
    name: 'ids differ only in case: still the same policy',
    change: (f) => ({ ...f, results: f.results.map((r) => ({ ...r, id: r.id.toUpperCase() })) }),
    compared: 3,
    disagreements: [],
  },
  {
    name: 'What If applies a policy the product finds excluded',
    change: (f) => ({
      ...f,
      results: set(f.results, MFA_POLICY, { policyApplies: true, analysisReasons: 'notSet' }),
    }),
    compared: 3,
    disagreements: [`${MFA_POLICY}: false / true`],
  },
  {
    name: 'What If does not apply a policy the product finds applying',
    change: (f) => ({
      ...f,
      results: set(f.results, DEDICATED_POLICY, { policyApplies: false, analysisReasons: 'users' }),
    }),
    compared: 3,
    disagreements: [`${DEDICATED_POLICY}: true / false`],
  },
  {
    name: 'What If cannot decide (notEnoughInformation) where the product can',
    change: (f) => ({
      ...f,
      results: set(f.results, DEDICATED_POLICY, {
        policyApplies: false,
        analysisReasons: 'notEnoughInformation',
      }),
    }),
    compared: 3,
    disagreements: [`${DEDICATED_POLICY}: true / false`],
  },
  {
    name: 'What If leaves out an evaluated policy',
    change: (f) => ({ ...f, results: f.results.filter((r) => r.id !== MFA_POLICY) }),
    compared: 3,
    disagreements: [`${MFA_POLICY}: false / null`],
  },
  {
    name: 'What If leaves out the disabled policy: not compared',
    change: (f) => ({ ...f, results: f.results.filter((r) => r.id !== DISABLED) }),
    compared: 2,
    disagreements: [],
  },
  {
    name: 'What If applies the disabled policy',
    change: (f) => ({
      ...f,
      results: set(f.results, DISABLED, { policyApplies: true, analysisReasons: 'notSet' }),
    }),
    compared: 3,
    disagreements: [`${DISABLED}: false / true`],
  },
  {
    name: 'What If returns a policy the product never read',
    change: (f) => ({
      ...f,
      results: [
        ...f.results,
        { id: 'new-policy', displayName: 'Created since', policyApplies: false, analysisReasons: 'users' },
      ],
    }),
    compared: 4,
    disagreements: ['new-policy: null / false'],
  },
];

for (const c of cases) {
  test(`compareWithWhatIf: ${c.name}`, () => {
    const f = c.change(fixture());
    const comparison = compareWithWhatIf(f.evaluations, f.policies, f.results);
    assert.equal(comparison.compared, c.compared);
    assert.equal(comparison.agreements, c.compared - c.disagreements.length);
    assert.deepEqual(
      comparison.disagreements.map(
        (d) => `${d.policyId.toLowerCase()}: ${d.product.applies} / ${d.whatIf.applies}`,
      ),
      c.disagreements.map((d) => d.toLowerCase()),
    );
  });
}

test('compareWithWhatIf: a disagreement carries both reasons and the policy as the product read it', () => {
  const f = fixture();
  const [d] = compareWithWhatIf(
    f.evaluations,
    f.policies,
    set(f.results, MFA_POLICY, { policyApplies: true, analysisReasons: 'notSet' }),
  ).disagreements;
  assert.ok(d);
  assert.equal(d.displayName, 'CA001-Global-AllApps-MFA');
  assert.equal(d.state, 'enabled');
  assert.match(d.product.reason, /^users: excluded by group "CA-Persona-BreakGlassAccounts"/);
  assert.equal(d.whatIf.reason, 'notSet');

  const [applying] = compareWithWhatIf(
    f.evaluations,
    f.policies,
    set(f.results, DEDICATED_POLICY, { policyApplies: false, analysisReasons: 'location' }),
  ).disagreements;
  assert.match(applying!.product.reason, /^satisfied: Includes the account through group/);
  assert.equal(applying!.whatIf.reason, 'location');
});

test('compareWithWhatIf: disagreements are sorted by display name', () => {
  const f = fixture();
  const names = compareWithWhatIf(
    f.evaluations,
    f.policies,
    f.results.map((r) => ({ ...r, policyApplies: !r.policyApplies })),
  ).disagreements.map((d) => d.displayName);
  assert.deepEqual(
    names,
    [...names].sort((a, b) => a.localeCompare(b, 'en')),
  );
  assert.equal(names.length, 3);
});
