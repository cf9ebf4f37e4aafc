import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fleetTenant,
  identityOf,
  numberedGuid,
  tenantWithUnexcludedPolicies,
  withoutActivity,
  type TenantDocument,
} from './tenant-documents.js';

const BASE_ID = '11111111-2222-4333-8444-555555555555';
const GROUP = 'CA-Persona-BreakGlassAccounts';
const GROUP_ID = '66666666-7777-4888-8999-aaaaaaaaaaaa';

const mfaPolicy = {
  id: 'p1',
  displayName: 'CA002-Global-MFA',
  state: 'enabled',
  conditions: {
    users: { includeUsers: ['All'], excludeGroups: [GROUP_ID, 'other-group'] },
    applications: { includeApplications: ['All'] },
  },
  grantControls: { operator: 'OR', builtInControls: ['mfa'] },
};

function base(): TenantDocument {
  return {
    formatVersion: 1,
    graph: {
      organization: [
        {
          id: BASE_ID,
          displayName: 'Contoso',
          verifiedDomains: [
            { name: 'contoso.com', isInitial: false },
            { name: 'contoso.onmicrosoft.com', isInitial: true },
          ],
        },
      ],
      users: [{ id: 'u1', userPrincipalName: 'EmergencyAccount_1@contoso.onmicrosoft.com' }],
      groups: [{ id: GROUP_ID, displayName: GROUP }],
      conditionalAccessPolicies: [
        { ...mfaPolicy, id: 'p0', state: 'disabled' },
        mfaPolicy,
        { ...mfaPolicy, id: 'p2', grantControls: { operator: 'OR', builtInControls: ['block'] } },
      ],
      signIns: [{ id: 's1' }],
      directoryAudits: [{ id: 'a1' }],
    },
    azure: { subscriptions: [{ id: `/subscriptions/x`, tenantId: BASE_ID }], logs: { rows: 1 } },
    drills: [{ accountId: 'u1' }],
    emulator: { tenantId: BASE_ID, apps: [] },
  };
}

test('numbered GUIDs are GUID-shaped and distinct', () => {
  assert.equal(numberedGuid('f1ee7000', 42), 'f1ee7000-0000-4000-8000-00000000002a');
  assert.notEqual(numberedGuid('f1ee7000', 1), numberedGuid('f1ee7000', 2));
  assert.throws(() => numberedGuid('xyz', 1), RangeError);
});

test('a fleet tenant carries its own id, domain and name everywhere, and nothing of the base', () => {
  const { tenantId, document } = fleetTenant(base(), 7);
  assert.equal(tenantId, numberedGuid('f1ee7000', 7));
  const text = JSON.stringify(document);
  assert.ok(!text.includes(BASE_ID));
  assert.ok(!text.includes('contoso.onmicrosoft.com'));
  assert.deepEqual(identityOf(document), { tenantId, initialDomain: 'fleet0007.onmicrosoft.com' });
  assert.equal((document.graph.organization as { displayName: string }[])[0]!.displayName, 'Fleet tenant 7');
  assert.equal(
    (document.graph.users as { userPrincipalName: string }[])[0]!.userPrincipalName,
    'EmergencyAccount_1@fleet0007.onmicrosoft.com',
  );
  // The custom domain is not the initial one and stays.
  assert.ok(text.includes('"contoso.com"'));
});

test('activity is dropped, the directory kept', () => {
  const slim = withoutActivity(base());
  assert.equal(slim.graph.signIns, undefined);
  assert.equal(slim.graph.directoryAudits, undefined);
  assert.equal(slim.azure?.logs, undefined);
  assert.equal(slim.drills, undefined);
  assert.deepEqual(slim.graph.users, base().graph.users);
  assert.deepEqual(slim.azure?.subscriptions, base().azure?.subscriptions);
});

test('the exclusion tenant has exactly N copies of the MFA policy, none excluding the group', () => {
  const original = base();
  const { document, groupId } = tenantWithUnexcludedPolicies(original, GROUP, 5);
  assert.equal(groupId, GROUP_ID);
  const policies = document.graph.conditionalAccessPolicies as (typeof mfaPolicy)[];
  assert.equal(policies.length, 5);
  assert.equal(new Set(policies.map((p) => p.id)).size, 5);
  assert.equal(new Set(policies.map((p) => p.displayName)).size, 5);
  for (const p of policies) {
    assert.deepEqual(p.conditions.users.excludeGroups, ['other-group']);
    assert.deepEqual(p.grantControls.builtInControls, ['mfa']);
  }
  assert.deepEqual(original, base(), 'the base document is not modified');
  assert.equal((document.graph.groups as unknown[]).length, 1);
  assert.equal(document.azure, undefined, 'no subscription: monitoring is not part of the plan');
});

test('the exclusion tenant needs the group and a policy to copy', () => {
  assert.throws(() => tenantWithUnexcludedPolicies(base(), 'No such group', 3), /no group "No such group"/);
  const noMfa = base();
  noMfa.graph.conditionalAccessPolicies = [];
  assert.throws(() => tenantWithUnexcludedPolicies(noMfa, GROUP, 3), /no enabled MFA policy/);
});
