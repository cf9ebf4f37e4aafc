/** `empty` is a tenant breakglass can provision from scratch: licensed, CA-capable, no break-glass. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { empty } from './empty.js';

const doc = empty();
const g = doc.graph;

test('Entra ID P1 (no P2) and security defaults off', () => {
  const plans = g.subscribedSkus.flatMap((s) =>
    (s.servicePlans as { servicePlanName: string }[]).map((p) => p.servicePlanName),
  );
  assert.ok(plans.includes('AAD_PREMIUM'));
  assert.ok(!plans.includes('AAD_PREMIUM_P2'));
  assert.equal(g.securityDefaults.isEnabled, false);
});

test('staff, admins and one standing Global Administrator, but nothing break-glass', () => {
  assert.ok(g.users.length >= 10);
  assert.ok(g.roleAssignments.some((r) => r.roleDefinitionId === '62e90394-69f5-4237-9190-012177145e10'));
  assert.ok(!g.users.some((u) => /emergency|breakglass/i.test(u.userPrincipalName)));
  assert.ok(!g.groups.some((x) => /breakglass/i.test(x.displayName)));
});

test('a handful of policies, none excluding anyone', () => {
  assert.ok(g.conditionalAccessPolicies.length >= 3 && g.conditionalAccessPolicies.length <= 6);
  for (const p of g.conditionalAccessPolicies) {
    assert.deepEqual(
      [p.conditions.users?.excludeUsers, p.conditions.users?.excludeGroups],
      [[], []],
      p.displayName,
    );
  }
});

test('a subscription without any monitoring', () => {
  assert.equal(doc.azure.subscriptions.length, 1);
  assert.deepEqual(doc.azure.aadDiagnosticSettings, []);
  assert.deepEqual(doc.azure.logs, {});
  assert.ok(!doc.azure.resources.some((r) => r.type !== 'Microsoft.Resources/resourceGroups'));
  assert.deepEqual(doc.drills, []);
});
