import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessFor, describeAccess, operationById, operationFor, OPERATIONS } from './permissions.js';

test('operationFor maps requests to operations (most specific first)', () => {
  const cases: [Parameters<typeof operationFor>, string | undefined][] = [
    [['graph', 'GET', '/v1.0/identity/conditionalAccess/policies'], 'ca.policies.read'],
    [['graph', 'GET', '/beta/identity/conditionalAccess/namedLocations/x'], 'ca.policies.read'],
    [['graph', 'PATCH', '/v1.0/identity/conditionalAccess/policies/p'], 'ca.policies.write'],
    [['graph', 'GET', '/v1.0/users/u/authentication/fido2Methods'], 'authMethods.read'],
    [
      ['graph', 'GET', '/v1.0/users/u/authentication/fido2Methods/creationOptions'],
      'authMethods.fido2.creationOptions',
    ],
    [['graph', 'POST', '/v1.0/users/u/authentication/fido2Methods'], 'authMethods.fido2.write'],
    [['graph', 'POST', '/v1.0/users/u/authentication/emailMethods'], 'authMethods.email.write'],
    [['graph', 'DELETE', '/v1.0/users/u/authentication/phoneMethods/p'], 'authMethods.phone.write'],
    [
      ['graph', 'DELETE', '/v1.0/users/u/authentication/softwareOathMethods/s'],
      'authMethods.softwareOath.write',
    ],
    [
      ['graph', 'DELETE', '/v1.0/users/u/authentication/microsoftAuthenticatorMethods/m'],
      'authMethods.authenticatorApp.write',
    ],
    [['graph', 'DELETE', '/v1.0/users/u/authentication/passwordMethods/p'], 'authMethods.write'],
    [['graph', 'POST', '/v1.0/groups'], 'groups.create'],
    [['graph', 'POST', '/v1.0/groups/g/members/$ref'], 'groups.members.write'],
    [['graph', 'GET', '/v1.0/groups/g/transitiveMembers'], 'groups.members.read'],
    [['graph', 'PATCH', '/v1.0/groups/g'], 'groups.write'],
    [['graph', 'GET', '/v1.0/groups'], 'groups.read'],
    [['graph', 'GET', '/v1.0/users/$count'], 'users.read'],
    [['graph', 'POST', '/v1.0/users'], 'users.write'],
    [['graph', 'GET', '/v1.0/roleManagement/directory/roleEligibilitySchedules'], 'roleEligibility.read'],
    [['graph', 'GET', '/v1.0/roleManagement/directory/roleAssignments'], 'roles.read'],
    [
      ['graph', 'POST', '/v1.0/roleManagement/directory/roleAssignmentScheduleRequests'],
      'roleAssignmentSchedules.write',
    ],
    [['graph', 'GET', '/v1.0/auditLogs/signIns'], 'signIns.read'],
    [['graph', 'GET', '/v1.0/organization'], 'organization.read'],
    [['graph', 'POST', '/v1.0/$batch'], undefined],
    [
      ['arm', 'PUT', '/providers/microsoft.aadiam/diagnosticSettings/x'],
      'arm.aadiamDiagnosticSettings.write',
    ],
    [['arm', 'PUT', '/subscriptions/s/resourcegroups/rg'], 'arm.resourceGroups.write'],
    [
      ['arm', 'GET', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/a'],
      'arm.alerts.read',
    ],
    [['logAnalytics', 'POST', '/v1/workspaces/w/query'], 'logs.query'],
  ];
  for (const [args, expected] of cases) assert.equal(operationFor(...args)?.id, expected, args.join(' '));
});

test('every operation names something to grant, and ids are unique', () => {
  const seen = new Set<string>();
  for (const op of OPERATIONS) {
    assert.ok(!seen.has(op.id), `duplicate id ${op.id}`);
    seen.add(op.id);
    assert.ok(op.graph?.length || op.azureRoles?.length, `${op.id} needs something`);
    assert.ok(describeAccess(op).length > 0);
  }
});

test('accessFor unions what several operations need, for pre-checks', () => {
  assert.deepEqual(
    accessFor(['ca.policies.read', 'ca.policies.write', 'users.read', 'arm.workspaces.write']),
    {
      graph: ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess', 'User.Read.All'],
      azureRoles: ['Log Analytics Contributor'],
    },
  );
  assert.throws(() => operationById('nope'), /unknown operation id/);
});
