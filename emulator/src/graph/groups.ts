/**
 * Graph groups: create (with the role-assignable rules), get, list, update, delete; members,
 * transitiveMembers (with type casts), memberOf; members/$ref add and remove.
 *
 * Role-assignable groups (`isAssignableToRole: true`) follow Entra's rules: security-enabled, not
 * mail-enabled (unless a Microsoft 365 group), no dynamic membership, no nested groups as members,
 * the property fixed at creation, at most 500 per tenant, and creating one or changing its members
 * needs RoleManagement.ReadWrite.Directory.
 */
import { graphErrors } from '../http/errors.js';
import type { RouteContext, RouteDef, RouteModule } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import { recordDirectoryAudit } from './audit.js';
import {
  directMemberOf,
  directMembers,
  findDirectoryObject,
  groupProperties,
  groupView,
  idFromODataId,
  memberIds,
  requireGroup,
  transitiveMembers,
  typed,
  userView,
} from './directory-objects.js';
import type { FilterSpec } from './filter.js';
import { countResponse, entityBody, listResponse, type ListOptions } from './odata.js';
import {
  checkDeclaredProperties,
  graphNow,
  objectBody,
  requireBoolean,
  requireString,
} from './request-body.js';

/** The permission managing a role-assignable group needs beyond the group permissions. */
export const roleAssignableGroupPermission = 'RoleManagement.ReadWrite.Directory';

/** Entra's ceiling of role-assignable groups per tenant. */
export const maxRoleAssignableGroups = 500;

/** `$filter` on groups. */
export const groupFilter: FilterSpec = {
  id: ['eq', 'in'],
  displayName: ['eq', 'in', 'startswith'],
  mailNickname: ['eq', 'in', 'startswith'],
  mail: ['eq', 'in', 'startswith'],
  securityEnabled: ['eq'],
  mailEnabled: ['eq'],
  isAssignableToRole: ['eq'],
  onPremisesSyncEnabled: ['eq'],
  createdDateTime: ['ge', 'le', 'gt', 'lt', 'eq'],
};

/** Group properties a filter finds groups by without a scan (besides the id): the name clients look groups up by. */
const groupLookups = ['displayName'] as const;

/** `$filter` on members / transitiveMembers listings. */
const memberFilter: FilterSpec = {
  id: ['eq', 'in'],
  displayName: ['eq', 'in', 'startswith'],
  userPrincipalName: ['eq', 'in', 'startswith'],
  accountEnabled: ['eq'],
  userType: ['eq'],
};

const listQuery = ['$select', '$filter', '$top', '$count', '$skiptoken'] as const;

const isDynamic = (groupTypes: unknown) =>
  Array.isArray(groupTypes) && groupTypes.some((t) => String(t).toLowerCase() === 'dynamicmembership');
const isUnified = (groupTypes: unknown) =>
  Array.isArray(groupTypes) && groupTypes.some((t) => String(t).toLowerCase() === 'unified');

function checkGroupShape(body: JsonObject): void {
  const mailEnabled = body.mailEnabled === true;
  const securityEnabled = body.securityEnabled === true;
  if (mailEnabled && !isUnified(body.groupTypes)) {
    throw graphErrors.badRequest(
      'Mail-enabled security groups and distribution groups cannot be created through Microsoft Graph. Use groupTypes ["Unified"] for a Microsoft 365 group.',
    );
  }
  if (
    isDynamic(body.groupTypes) &&
    (typeof body.membershipRule !== 'string' || body.membershipRule.trim() === '')
  ) {
    throw graphErrors.badRequest(
      `Invalid value specified for property 'membershipRule' of resource 'Group'.`,
    );
  }
  if (body.isAssignableToRole === true) {
    if (!securityEnabled)
      throw graphErrors.badRequest("A role-assignable group must have 'securityEnabled' set to true.");
    if (mailEnabled && !isUnified(body.groupTypes))
      throw graphErrors.badRequest('A role-assignable group cannot be mail-enabled.');
    if (isDynamic(body.groupTypes))
      throw graphErrors.badRequest('A role-assignable group cannot have dynamic membership.');
    if (
      isUnified(body.groupTypes) &&
      body.visibility !== undefined &&
      body.visibility !== 'Private' &&
      body.visibility !== 'HiddenMembership'
    ) {
      throw graphErrors.badRequest(
        "A role-assignable Microsoft 365 group must have 'visibility' set to 'Private'.",
      );
    }
  }
}

/** Adds member ids to a group under Entra's rules; throws Graph's errors. Returns the updated group. */
function addMembers(ctx: RouteContext, group: JsonObject, ids: string[]): JsonObject {
  if (group.isAssignableToRole === true) ctx.requireGraphRoles([roleAssignableGroupPermission]);
  if (isDynamic(group.groupTypes)) {
    throw graphErrors.badRequest(
      'Insufficient privileges to complete the operation. Members of a group with dynamic membership cannot be managed manually.',
    );
  }
  const current = memberIds(group);
  const next = [...current];
  for (const id of ids) {
    const found = findDirectoryObject(ctx.tenant, id);
    if (!found) throw graphErrors.notFound(id);
    const foundId = String(found.obj.id);
    if (foundId.toLowerCase() === String(group.id).toLowerCase())
      throw graphErrors.badRequest('A group cannot be a member of itself.');
    if (found.kind === 'group' && group.isAssignableToRole === true) {
      throw graphErrors.badRequest(
        'Nesting groups into a role-assignable group is not supported. Only users and service principals can be members of a role-assignable group.',
      );
    }
    if (next.some((m) => m.toLowerCase() === foundId.toLowerCase())) {
      throw graphErrors.badRequest(
        "One or more added object references already exist for the following modified properties: 'members'.",
      );
    }
    next.push(foundId);
  }
  const updated = { ...group, members: next };
  ctx.tenant.groups.put(updated);
  for (const id of ids) {
    const found = findDirectoryObject(ctx.tenant, id);
    recordDirectoryAudit(ctx, {
      activityDisplayName: 'Add member to group',
      category: 'GroupManagement',
      operationType: 'Assign',
      targets: [
        {
          id: String(found?.obj.id ?? id),
          displayName: String(found?.obj.displayName ?? ''),
          type: found?.kind === 'group' ? 'Group' : 'User',
          userPrincipalName: (found?.obj.userPrincipalName as string | undefined) ?? null,
        },
        { id: String(group.id), displayName: String(group.displayName ?? ''), type: 'Group' },
      ],
    });
  }
  return updated;
}

/** The ids a `members@odata.bind` array names. */
function boundIds(value: unknown): string[] {
  if (!Array.isArray(value))
    throw graphErrors.badRequest(
      "Invalid value for 'members@odata.bind': expected an array of directoryObject URLs.",
    );
  if (value.length > 20)
    throw graphErrors.badRequest(
      'The maximum number of members that can be added in a single request is 20.',
    );
  return value.map((v) => {
    const id = idFromODataId(v);
    if (!id) throw graphErrors.badRequest(`Invalid object identifier '${String(v)}'.`);
    return id;
  });
}

function createGroup(ctx: RouteContext) {
  const body = objectBody(ctx);
  checkDeclaredProperties(body, groupProperties);
  requireString(body, 'displayName', 'Group');
  requireString(body, 'mailNickname', 'Group');
  requireBoolean(body, 'mailEnabled', 'Group');
  requireBoolean(body, 'securityEnabled', 'Group');
  checkGroupShape(body);
  if (body.isAssignableToRole === true) {
    ctx.requireGraphRoles([roleAssignableGroupPermission]);
    const count = ctx.tenant.groups.listAll().filter((g) => g.isAssignableToRole === true).length;
    if (count >= maxRoleAssignableGroups)
      throw graphErrors.badRequest(
        `The tenant has reached the limit of ${maxRoleAssignableGroups} role-assignable groups.`,
      );
  }
  const { 'members@odata.bind': membersBind, 'owners@odata.bind': _owners, ...fields } = body;
  const group: JsonObject = {
    id: ctx.tenant.newId(),
    deletedDateTime: null,
    classification: null,
    createdDateTime: graphNow(ctx),
    description: null,
    groupTypes: [],
    isAssignableToRole: null,
    mail: null,
    membershipRule: null,
    membershipRuleProcessingState: null,
    onPremisesSyncEnabled: null,
    securityIdentifier: `S-1-12-1-${Math.floor(ctx.emulator.random() * 1e9)}`,
    visibility: null,
    ...fields,
    members: [],
  };
  ctx.tenant.groups.add(group);
  recordDirectoryAudit(ctx, {
    activityDisplayName: 'Add group',
    category: 'GroupManagement',
    operationType: 'Add',
    targets: [{ id: String(group.id), displayName: String(group.displayName), type: 'Group' }],
  });
  if (membersBind !== undefined) addMembers(ctx, group, boundIds(membersBind));
  return { status: 201, body: entityBody(ctx, 'groups', groupView(group)) };
}

function updateGroup(ctx: RouteContext) {
  const group = requireGroup(ctx.tenant, ctx.params.id ?? '');
  const body = objectBody(ctx);
  checkDeclaredProperties(body, groupProperties);
  if (
    body.isAssignableToRole !== undefined &&
    body.isAssignableToRole !== (group.isAssignableToRole === true)
  ) {
    throw graphErrors.badRequest(
      "Property 'isAssignableToRole' cannot be changed after the group is created.",
    );
  }
  if (body.id !== undefined && String(body.id).toLowerCase() !== String(group.id).toLowerCase())
    throw graphErrors.badRequest("Property 'id' is read-only and cannot be set.");
  const { 'members@odata.bind': membersBind, ...fields } = body;
  const merged = { ...group, ...fields };
  checkGroupShape({ ...merged, isAssignableToRole: group.isAssignableToRole });
  if (isDynamic(merged.groupTypes) && group.isAssignableToRole === true)
    throw graphErrors.badRequest('A role-assignable group cannot have dynamic membership.');
  const updated = ctx.tenant.groups.put(merged);
  if (membersBind !== undefined) addMembers(ctx, updated, boundIds(membersBind));
  recordDirectoryAudit(ctx, {
    activityDisplayName: 'Update group',
    category: 'GroupManagement',
    operationType: 'Update',
    targets: [
      {
        id: String(group.id),
        displayName: String(group.displayName ?? ''),
        type: 'Group',
        modifiedProperties: Object.keys(fields).map((k) => ({
          displayName: k,
          oldValue: JSON.stringify(group[k] ?? null),
          newValue: JSON.stringify(fields[k]),
        })),
      },
    ],
  });
  return { status: 204 };
}

function deleteGroup(ctx: RouteContext) {
  const group = requireGroup(ctx.tenant, ctx.params.id ?? '');
  const id = String(group.id);
  ctx.tenant.groups.delete(id);
  for (const g of ctx.tenant.groups.listAll()) {
    if (memberIds(g).some((m) => m.toLowerCase() === id.toLowerCase()))
      ctx.tenant.groups.put({
        ...g,
        members: memberIds(g).filter((m) => m.toLowerCase() !== id.toLowerCase()),
      });
  }
  for (const name of ['roleAssignments', 'roleAssignmentSchedules', 'roleEligibilitySchedules'] as const) {
    const c = ctx.tenant.collection(name);
    for (const a of c.listAll())
      if (String(a.principalId).toLowerCase() === id.toLowerCase()) c.delete(String(a.id));
  }
  recordDirectoryAudit(ctx, {
    activityDisplayName: 'Delete group',
    category: 'GroupManagement',
    operationType: 'Delete',
    targets: [{ id, displayName: String(group.displayName ?? ''), type: 'Group' }],
  });
  return { status: 204 };
}

function addMemberRef(ctx: RouteContext) {
  const group = requireGroup(ctx.tenant, ctx.params.id ?? '');
  const body = objectBody(ctx);
  const id = idFromODataId(body['@odata.id']);
  if (!id) throw graphErrors.badRequest(`Invalid object identifier '${String(body['@odata.id'] ?? '')}'.`);
  addMembers(ctx, group, [id]);
  return { status: 204 };
}

function removeMemberRef(ctx: RouteContext) {
  const group = requireGroup(ctx.tenant, ctx.params.id ?? '');
  if (group.isAssignableToRole === true) ctx.requireGraphRoles([roleAssignableGroupPermission]);
  const memberId = (ctx.params.memberId ?? '').toLowerCase();
  const current = memberIds(group);
  if (!current.some((m) => m.toLowerCase() === memberId))
    throw graphErrors.notFound(ctx.params.memberId ?? '');
  ctx.tenant.groups.put({ ...group, members: current.filter((m) => m.toLowerCase() !== memberId) });
  const found = findDirectoryObject(ctx.tenant, memberId);
  recordDirectoryAudit(ctx, {
    activityDisplayName: 'Remove member from group',
    category: 'GroupManagement',
    operationType: 'Unassign',
    targets: [
      {
        id: ctx.params.memberId ?? '',
        displayName: String(found?.obj.displayName ?? ''),
        type: found?.kind === 'group' ? 'Group' : 'User',
        userPrincipalName: (found?.obj.userPrincipalName as string | undefined) ?? null,
      },
      { id: String(group.id), displayName: String(group.displayName ?? ''), type: 'Group' },
    ],
  });
  return { status: 204 };
}

const memberListOptions = (entitySet: string): ListOptions => ({
  entitySet,
  resource: 'directoryObject',
  filter: memberFilter,
  defaultPageSize: 100,
  maxPageSize: 999,
  countNeedsEventual: true,
});

/** Members, optionally cast to users or groups (`…/microsoft.graph.user`), with v1.0's user view. */
function membersRoute(
  path: string,
  collect: (ctx: RouteContext, group: JsonObject) => JsonObject[],
): RouteDef[] {
  const byType = (ctx: RouteContext, kind?: 'user' | 'group') => {
    const group = requireGroup(ctx.tenant, ctx.params.id ?? '');
    const all = collect(ctx, group);
    return kind ? all.filter((o) => o['@odata.type'] === `#microsoft.graph.${kind}`) : all;
  };
  const userShape = (ctx: RouteContext) => (o: JsonObject) =>
    o['@odata.type'] === '#microsoft.graph.user'
      ? { '@odata.type': o['@odata.type'], ...userView(ctx.version)(o) }
      : o;
  return [
    {
      method: 'GET',
      surface: 'graph',
      path,
      query: listQuery,
      handler: (ctx) =>
        listResponse(ctx, byType(ctx), { ...memberListOptions('directoryObjects'), view: userShape(ctx) }),
    },
    {
      method: 'GET',
      surface: 'graph',
      path: `${path}/$count`,
      query: ['$filter'],
      handler: (ctx) =>
        countResponse(ctx, byType(ctx), { filter: memberFilter, resource: 'directoryObject' }),
    },
    {
      method: 'GET',
      surface: 'graph',
      path: `${path}/microsoft.graph.user`,
      query: listQuery,
      handler: (ctx) =>
        listResponse(ctx, byType(ctx, 'user'), { ...memberListOptions('users'), view: userShape(ctx) }),
    },
    {
      method: 'GET',
      surface: 'graph',
      path: `${path}/microsoft.graph.group`,
      query: listQuery,
      handler: (ctx) => listResponse(ctx, byType(ctx, 'group'), memberListOptions('groups')),
    },
  ];
}

/** Group routes. */
export const groupRoutes: RouteModule = {
  name: 'graph-groups',
  routes: [
    {
      method: 'GET',
      surface: 'graph',
      path: '/groups',
      query: listQuery,
      // The view (dropping `members`) is applied to the page only: neither the filterable nor the
      // selectable properties include `members`, so filtering the stored groups is the same.
      handler: (ctx) =>
        listResponse(ctx, ctx.tenant.groups, {
          entitySet: 'groups',
          resource: 'group',
          filter: groupFilter,
          lookups: groupLookups,
          selectable: groupProperties,
          defaultPageSize: 100,
          maxPageSize: 999,
          countNeedsEventual: true,
          view: groupView,
        }),
    },
    {
      method: 'GET',
      surface: 'graph',
      path: '/groups/$count',
      query: ['$filter'],
      handler: (ctx) =>
        countResponse(ctx, ctx.tenant.groups, {
          filter: groupFilter,
          resource: 'group',
          lookups: groupLookups,
        }),
    },
    { method: 'POST', surface: 'graph', path: '/groups', handler: createGroup },
    {
      method: 'GET',
      surface: 'graph',
      path: '/groups/:id',
      query: ['$select'],
      handler: (ctx) => ({
        body: entityBody(ctx, 'groups', groupView(requireGroup(ctx.tenant, ctx.params.id ?? '')), {
          selectable: groupProperties,
          resource: 'group',
        }),
      }),
    },
    { method: 'PATCH', surface: 'graph', path: '/groups/:id', handler: updateGroup },
    { method: 'DELETE', surface: 'graph', path: '/groups/:id', handler: deleteGroup },
    ...membersRoute('/groups/:id/members', (ctx, g) => directMembers(ctx.tenant, g)),
    ...membersRoute('/groups/:id/transitiveMembers', (ctx, g) => transitiveMembers(ctx.tenant, g)),
    {
      method: 'GET',
      surface: 'graph',
      path: '/groups/:id/memberOf',
      query: listQuery,
      handler: (ctx) => {
        const group = requireGroup(ctx.tenant, ctx.params.id ?? '');
        return listResponse(
          ctx,
          directMemberOf(ctx.tenant, String(group.id)).map((g) => typed('group', groupView(g))),
          memberListOptions('directoryObjects'),
        );
      },
    },
    { method: 'POST', surface: 'graph', path: '/groups/:id/members/$ref', handler: addMemberRef },
    {
      method: 'DELETE',
      surface: 'graph',
      path: '/groups/:id/members/:memberId/$ref',
      handler: removeMemberRef,
    },
    {
      method: 'GET',
      surface: 'graph',
      path: '/directoryObjects/:id',
      handler: (ctx) => {
        const found = findDirectoryObject(ctx.tenant, ctx.params.id ?? '');
        if (!found) throw graphErrors.notFound(ctx.params.id ?? '');
        const shown = found.kind === 'group' ? groupView(found.obj) : userView(ctx.version)(found.obj);
        return { body: entityBody(ctx, 'directoryObjects', typed(found.kind, shown)) };
      },
    },
  ],
};
