/**
 * The consistency checker must catch each kind of broken document: a good fixture (the healthy
 * tenant) with one change per case.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TenantDocument } from './document.js';
import { healthy } from './healthy.js';
import { findProblems } from './integrity.js';

const missing = '00000000-dead-4000-8000-000000000000';
const bgGroup = (d: TenantDocument) =>
  d.graph.groups.find((g) => g.displayName === 'CA-Persona-BreakGlassAccounts')!;
const resource = (d: TenantDocument, type: string) => d.azure.resources.find((r) => r.type === type)!;

const cases: { name: string; breakIt: (d: TenantDocument) => void; expect: RegExp }[] = [
  {
    name: 'group member that does not exist',
    breakIt: (d) => bgGroup(d).members.push(missing),
    expect: /graph\.groups\[\d+\]\.members\[2\]: .* resolves to no user or group/,
  },
  {
    name: 'policy excluding an unknown group',
    breakIt: (d) => d.graph.conditionalAccessPolicies[1]!.conditions.users!.excludeGroups.push(missing),
    expect: /excludeGroups\[1\]: .* resolves to no group/,
  },
  {
    name: 'policy including an unknown user',
    breakIt: (d) => d.graph.conditionalAccessPolicies[1]!.conditions.users!.includeUsers.push(missing),
    expect: /includeUsers\[1\]: .* resolves to no user/,
  },
  {
    name: 'policy including an unknown role',
    breakIt: (d) => d.graph.conditionalAccessPolicies[1]!.conditions.users!.includeRoles.push(missing),
    expect: /includeRoles\[0\]: .* resolves to no role definition/,
  },
  {
    name: 'policy excluding an unknown named location',
    breakIt: (d) =>
      ((
        d.graph.conditionalAccessPolicies[1]!.conditions.locations as { excludeLocations: string[] }
      ).excludeLocations[0] = missing),
    expect: /excludeLocations\[0\]: .* resolves to no named location/,
  },
  {
    name: 'role assignment of an unknown principal',
    breakIt: (d) => (d.graph.roleAssignments[0]!.principalId = missing),
    expect: /graph\.roleAssignments\[0\]\.principalId/,
  },
  {
    name: 'methods of an unknown user',
    breakIt: (d) => (d.graph.authenticationMethods[missing] = []),
    expect: /graph\.authenticationMethods\.00000000-dead/,
  },
  {
    name: 'drill of an unknown sign-in',
    breakIt: (d) => (d.drills[0]!.signInId = missing),
    expect: /drills\[0\]\.signInId/,
  },
  {
    name: 'diagnostic setting to an unknown workspace',
    breakIt: (d) =>
      (d.azure.aadDiagnosticSettings[0]!.properties.workspaceId =
        '/subscriptions/x/resourceGroups/y/providers/Microsoft.OperationalInsights/workspaces/z'),
    expect: /aadDiagnosticSettings\[0\]\.properties\.workspaceId/,
  },
  {
    name: 'alert scoped to an unknown resource',
    breakIt: (d) =>
      ((resource(d, 'Microsoft.Insights/scheduledQueryRules').properties.scopes as string[])[0] =
        '/subscriptions/x/nothing'),
    expect: /properties\.scopes\[0\]/,
  },
  {
    name: 'alert with an unknown action group',
    breakIt: (d) =>
      (
        resource(d, 'Microsoft.Insights/scheduledQueryRules').properties.actions as { actionGroups: string[] }
      ).actionGroups.push('/subscriptions/x/ag'),
    expect: /actions\.actionGroups\[1\]/,
  },
  {
    name: 'logs of an unknown workspace',
    breakIt: (d) => (d.azure.logs['/subscriptions/x/ws'] = {}),
    expect: /azure\.logs\["\/subscriptions\/x\/ws"\]/,
  },
  {
    name: 'app role on an unknown subscription',
    breakIt: (d) => d.emulator.apps[0]!.armRoles.push({ role: 'Reader', scope: `/subscriptions/${missing}` }),
    expect: /emulator\.apps\[0\]\.armRoles\[2\]\.scope/,
  },
  {
    name: 'duplicate user id',
    breakIt: (d) => d.graph.users.push({ ...d.graph.users[0]! }),
    expect: /duplicate id/,
  },
  {
    name: 'user on a domain the tenant does not own',
    breakIt: (d) => (d.graph.users[0]!.userPrincipalName = 'someone@example.org'),
    expect: /not on a verified domain/,
  },
  {
    name: 'invalid policy state',
    breakIt: (d) => ((d.graph.conditionalAccessPolicies[0] as { state: string }).state = 'on'),
    expect: /invalid state on/,
  },
  {
    name: 'method without a Graph type',
    breakIt: (d) =>
      Object.values(d.graph.authenticationMethods)[0]!.push({ '@odata.type': 'fido2', id: 'x' }),
    expect: /bad @odata\.type fido2/,
  },
  {
    name: 'two default apps',
    breakIt: (d) => (d.emulator.apps[1]!.default = true),
    expect: /exactly one default app/,
  },
  {
    name: 'emulator tenant id that is not the organization',
    breakIt: (d) => (d.emulator.tenantId = missing),
    expect: /emulator\.tenantId/,
  },
];

test('the healthy fixture itself has no problems', () => {
  assert.deepEqual(findProblems(healthy()), []);
});

for (const c of cases) {
  test(`finds: ${c.name}`, () => {
    const doc = healthy();
    c.breakIt(doc);
    const problems = findProblems(doc);
    assert.ok(
      problems.some((p) => c.expect.test(p)),
      problems.join('\n') || '(no problems found)',
    );
  });
}

test('a non-object is one problem, not a crash', () => {
  assert.deepEqual(findProblems(null), ['document: not a JSON object']);
});
