import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { minimalTenant } from '../tenant/minimal.js';
import { startTestEmulator, type TestEmulator } from '../test-support.js';

const alice = '00000000-0000-4000-a000-00000000000a';
const bob = '00000000-0000-4000-a000-00000000000b';
const outer = '00000000-0000-4000-b000-000000000001';
const inner = '00000000-0000-4000-b000-000000000002';

function fixture() {
  const doc = minimalTenant(5);
  doc.graph.users = [
    { id: alice, userPrincipalName: 'alice@contoso.onmicrosoft.com', displayName: 'Alice' },
    { id: bob, userPrincipalName: 'bob@contoso.onmicrosoft.com', displayName: 'Bob' },
  ];
  doc.graph.groups = [
    {
      id: outer,
      displayName: 'Outer',
      securityEnabled: true,
      mailEnabled: false,
      groupTypes: [],
      members: [alice, inner],
    },
    {
      id: inner,
      displayName: 'Inner',
      securityEnabled: true,
      mailEnabled: false,
      groupTypes: [],
      members: [bob],
    },
  ];
  return doc;
}

const roleAssignable = {
  displayName: 'Emergency access',
  mailNickname: 'ea',
  securityEnabled: true,
  mailEnabled: false,
  isAssignableToRole: true,
};
const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });

describe('Graph groups', () => {
  let t: TestEmulator;
  let token: string;
  before(async () => {
    t = await startTestEmulator({ tenant: fixture() });
    token = await t.token();
  });
  after(() => t.close());

  it('lists members, transitive members (with the user cast) and memberOf', async () => {
    const members = await t.call('GET', `/graph/v1.0/groups/${outer}/members`, { token });
    assert.deepEqual(
      members.body.value.map((m: { '@odata.type': string; id: string }) => [m['@odata.type'], m.id]),
      [
        ['#microsoft.graph.user', alice],
        ['#microsoft.graph.group', inner],
      ],
    );
    const transitive = await t.call(
      'GET',
      `/graph/v1.0/groups/${outer}/transitiveMembers/microsoft.graph.user`,
      { token },
    );
    assert.deepEqual(transitive.body.value.map((m: { id: string }) => m.id).sort(), [alice, bob]);
    assert.match(transitive.body['@odata.context'], /#users$/);
    const memberOf = await t.call('GET', `/graph/v1.0/users/${bob}/transitiveMemberOf`, { token });
    assert.deepEqual(memberOf.body.value.map((g: { id: string }) => g.id).sort(), [outer, inner]);
    const group = await t.call('GET', `/graph/v1.0/groups/${outer}`, { token });
    assert.equal(
      group.body.members,
      undefined,
      'the snapshot-only members key never leaks into Graph answers',
    );
  });

  const refusals: { name: string; change: Record<string, unknown> }[] = [
    { name: 'not security-enabled', change: { securityEnabled: false } },
    { name: 'mail-enabled', change: { mailEnabled: true } },
    {
      name: 'dynamic membership',
      change: {
        groupTypes: ['DynamicMembership'],
        membershipRule: 'user.department -eq "IT"',
        membershipRuleProcessingState: 'On',
      },
    },
  ];
  for (const r of refusals) {
    it(`refuses a role-assignable group that is ${r.name}`, async () => {
      const res = await t.call('POST', '/graph/v1.0/groups', {
        token,
        body: { ...roleAssignable, ...r.change },
      });
      assert.equal(res.status, 400, res.text);
      assert.equal(res.body.error.code, 'Request_BadRequest');
    });
  }

  it('creates a role-assignable group and enforces its rules afterwards', async () => {
    const created = await t.call('POST', '/graph/v1.0/groups', { token, body: roleAssignable });
    assert.equal(created.status, 201, created.text);
    const id = created.body.id as string;
    assert.equal(created.body.isAssignableToRole, true);
    assert.equal(
      (await t.call('POST', `/graph/v1.0/groups/${id}/members/$ref`, { token, body: ref(alice) })).status,
      204,
    );
    const again = await t.call('POST', `/graph/v1.0/groups/${id}/members/$ref`, { token, body: ref(alice) });
    assert.equal(again.status, 400, 'adding the same member twice');
    const nested = await t.call('POST', `/graph/v1.0/groups/${id}/members/$ref`, { token, body: ref(inner) });
    assert.equal(nested.status, 400, 'groups cannot be nested into a role-assignable group');
    const flip = await t.call('PATCH', `/graph/v1.0/groups/${id}`, {
      token,
      body: { isAssignableToRole: false },
    });
    assert.equal(flip.status, 400, 'isAssignableToRole is fixed at creation');
    const missing = await t.call('POST', `/graph/v1.0/groups/${id}/members/$ref`, {
      token,
      body: ref('99999999-9999-4999-8999-999999999999'),
    });
    assert.equal(missing.status, 404);
    assert.equal(
      (await t.call('DELETE', `/graph/v1.0/groups/${id}/members/${alice}/$ref`, { token })).status,
      204,
    );
    assert.equal(
      (await t.call('DELETE', `/graph/v1.0/groups/${id}/members/${alice}/$ref`, { token })).status,
      404,
    );
  });

  it('managing a role-assignable group needs RoleManagement.ReadWrite.Directory', async () => {
    const groupOnly = await t.token({ roles: ['Group.ReadWrite.All', 'GroupMember.ReadWrite.All'] });
    assert.equal(
      (await t.call('POST', '/graph/v1.0/groups', { token: groupOnly, body: roleAssignable })).status,
      403,
    );
    const created = await t.call('POST', '/graph/v1.0/groups', {
      token,
      body: { ...roleAssignable, mailNickname: 'ea2' },
    });
    const res = await t.call('POST', `/graph/v1.0/groups/${created.body.id}/members/$ref`, {
      token: groupOnly,
      body: ref(bob),
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'Authorization_RequestDenied');
    const ordinary = await t.call('POST', `/graph/v1.0/groups/${inner}/members/$ref`, {
      token: groupOnly,
      body: ref(alice),
    });
    assert.equal(ordinary.status, 204, 'ordinary groups need only the group permissions');
  });
});

describe('Graph role management', () => {
  let t: TestEmulator;
  let token: string;
  before(async () => {
    t = await startTestEmulator({ tenant: fixture() });
    token = await t.token();
  });
  after(() => t.close());
  const ga = '62e90394-69f5-4237-9190-012177145e10';

  it('lists the built-in roles', async () => {
    const res = await t.call(
      'GET',
      `/graph/v1.0/roleManagement/directory/roleDefinitions?$filter=${encodeURIComponent("displayName eq 'Privileged Role Administrator'")}`,
      { token },
    );
    assert.deepEqual(
      res.body.value.map((r: { id: string }) => r.id),
      ['e8611ab8-c189-46e8-94e1-60213ab1f814'],
    );
    assert.equal(
      (await t.call('GET', `/graph/v1.0/roleManagement/directory/roleDefinitions/${ga}`, { token })).body
        .displayName,
      'Global Administrator',
    );
  });

  it('a schedule request creates an active schedule and assignment; adminRemove takes them away', async () => {
    const body = {
      action: 'adminAssign',
      principalId: alice,
      roleDefinitionId: ga,
      directoryScopeId: '/',
      justification: 'break glass',
      scheduleInfo: { expiration: { type: 'noExpiration' } },
    };
    const created = await t.call(
      'POST',
      '/graph/v1.0/roleManagement/directory/roleAssignmentScheduleRequests',
      { token, body },
    );
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.status, 'Provisioned');
    const filter = encodeURIComponent(`principalId eq '${alice}'`);
    const schedules = await t.call(
      'GET',
      `/graph/v1.0/roleManagement/directory/roleAssignmentSchedules?$filter=${filter}`,
      { token },
    );
    assert.equal(schedules.body.value.length, 1);
    assert.equal(schedules.body.value[0].scheduleInfo.expiration.type, 'noExpiration');
    const assignments = await t.call(
      'GET',
      `/graph/v1.0/roleManagement/directory/roleAssignments?$filter=${filter}`,
      { token },
    );
    assert.equal(assignments.body.value.length, 1);
    const removed = await t.call(
      'POST',
      '/graph/v1.0/roleManagement/directory/roleAssignmentScheduleRequests',
      { token, body: { ...body, action: 'adminRemove' } },
    );
    assert.equal(removed.status, 201);
    assert.equal(
      (
        await t.call('GET', `/graph/v1.0/roleManagement/directory/roleAssignments?$filter=${filter}`, {
          token,
        })
      ).body.value.length,
      0,
    );
  });

  it('refuses to assign a role to a group that is not role-assignable', async () => {
    const res = await t.call('POST', '/graph/v1.0/roleManagement/directory/roleAssignments', {
      token,
      body: { principalId: outer, roleDefinitionId: ga, directoryScopeId: '/' },
    });
    assert.equal(res.status, 400);
  });
});
