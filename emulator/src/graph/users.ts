/**
 * Graph users: list (with `$filter`, `$select`, `$top`, `$count`, paging), get by id or UPN,
 * create, update, delete, memberOf and transitiveMemberOf.
 */
import { graphError, graphErrors } from '../http/errors.js';
import type { RouteContext, RouteModule } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import { recordDirectoryAudit } from './audit.js';
import {
  directMemberOf,
  groupView,
  requireUser,
  transitiveMemberOf,
  typed,
  userProperties,
  userView,
  withoutSecrets,
} from './directory-objects.js';
import type { FilterSpec } from './filter.js';
import { countResponse, entityBody, listResponse } from './odata.js';
import {
  checkDeclaredProperties,
  graphNow,
  objectBody,
  requireBoolean,
  requireString,
} from './request-body.js';

/** `$filter` on users: properties and operators the emulator supports (Graph's basic set). */
export const userFilter: FilterSpec = {
  id: ['eq', 'in'],
  userPrincipalName: ['eq', 'in', 'startswith'],
  displayName: ['eq', 'in', 'startswith'],
  mail: ['eq', 'in', 'startswith'],
  mailNickname: ['eq', 'in', 'startswith'],
  givenName: ['eq', 'in', 'startswith'],
  surname: ['eq', 'in', 'startswith'],
  accountEnabled: ['eq'],
  userType: ['eq', 'in'],
  usageLocation: ['eq', 'in'],
  onPremisesSyncEnabled: ['eq'],
  employeeId: ['eq', 'in', 'startswith'],
  createdDateTime: ['ge', 'le', 'gt', 'lt', 'eq'],
};

const listOptions = (ctx: RouteContext) => ({
  entitySet: 'users',
  resource: 'user',
  filter: userFilter,
  selectable: userProperties,
  defaultPageSize: 100,
  maxPageSize: 999,
  countNeedsEventual: true,
  view: userView(ctx.version),
});

/** Entra's password rule: 8–256 characters, three of upper, lower, digit, symbol. */
function passwordAcceptable(password: string): boolean {
  if (password.length < 8 || password.length > 256) return false;
  const classes = [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  return classes >= 3;
}

function verifiedDomains(ctx: RouteContext): string[] {
  const org = ctx.tenant.collection('organization').listAll()[0] as
    { verifiedDomains?: { name?: string }[] } | undefined;
  return (org?.verifiedDomains ?? []).map((d) => String(d.name ?? '').toLowerCase());
}

function checkUpn(ctx: RouteContext, upn: string, selfId?: string): void {
  const at = upn.lastIndexOf('@');
  if (at <= 0 || at === upn.length - 1)
    throw graphErrors.badRequest(
      `Invalid value specified for property 'userPrincipalName' of resource 'User'.`,
    );
  const domains = verifiedDomains(ctx);
  if (domains.length && !domains.includes(upn.slice(at + 1).toLowerCase())) {
    throw graphErrors.badRequest(
      'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
    );
  }
  const clash = ctx.tenant.users
    .listAll()
    .find(
      (u) =>
        String(u.userPrincipalName).toLowerCase() === upn.toLowerCase() &&
        String(u.id).toLowerCase() !== selfId?.toLowerCase(),
    );
  if (clash) {
    throw graphError(
      400,
      'Request_BadRequest',
      'Another object with the same value for property userPrincipalName already exists.',
      {
        details: [
          {
            code: 'ObjectConflict',
            message: 'Another object with the same value for property userPrincipalName already exists.',
            target: 'userPrincipalName',
          },
        ],
      },
    );
  }
}

function checkPasswordProfile(value: unknown): void {
  const password = (value as { password?: unknown } | null)?.password;
  if (typeof password !== 'string' || !passwordAcceptable(password)) {
    throw graphErrors.badRequest(
      'The specified password does not comply with password complexity requirements. Please provide a different password.',
    );
  }
}

function createUser(ctx: RouteContext) {
  const body = objectBody(ctx);
  checkDeclaredProperties(body, userProperties);
  requireBoolean(body, 'accountEnabled', 'User');
  requireString(body, 'displayName', 'User');
  requireString(body, 'mailNickname', 'User');
  const upn = requireString(body, 'userPrincipalName', 'User');
  if (body.passwordProfile === undefined)
    throw graphErrors.badRequest(
      `Invalid value specified for property 'passwordProfile' of resource 'User'.`,
    );
  checkPasswordProfile(body.passwordProfile);
  checkUpn(ctx, upn);
  // The password itself is never stored: nothing in the emulator may hand it back.
  const { passwordProfile: _secret, ...fields } = body;
  const user: JsonObject = {
    id: ctx.tenant.newId(),
    businessPhones: [],
    createdDateTime: graphNow(ctx),
    userType: 'Member',
    creationType: null,
    onPremisesSyncEnabled: null,
    ...fields,
  };
  ctx.tenant.users.add(user);
  recordDirectoryAudit(ctx, {
    activityDisplayName: 'Add user',
    category: 'UserManagement',
    operationType: 'Add',
    targets: [
      { id: String(user.id), displayName: String(user.displayName), type: 'User', userPrincipalName: upn },
    ],
  });
  return {
    status: 201,
    headers: { location: `${ctx.baseUrl}/graph/${ctx.version}/users/${String(user.id)}` },
    body: entityBody(ctx, 'users', user, { view: userView(ctx.version) }),
  };
}

function updateUser(ctx: RouteContext) {
  const user = requireUser(ctx.tenant, ctx.params.id ?? '');
  const body = objectBody(ctx);
  checkDeclaredProperties(body, userProperties);
  if (body.id !== undefined && String(body.id).toLowerCase() !== String(user.id).toLowerCase())
    throw graphErrors.badRequest("Property 'id' is read-only and cannot be set.");
  if (typeof body.userPrincipalName === 'string') checkUpn(ctx, body.userPrincipalName, String(user.id));
  if (body.passwordProfile !== undefined) checkPasswordProfile(body.passwordProfile);
  const { passwordProfile: _secret, ...fields } = body;
  const modified = Object.keys(fields).map((k) => ({
    displayName: k,
    oldValue: JSON.stringify(user[k] ?? null),
    newValue: JSON.stringify(fields[k]),
  }));
  ctx.tenant.users.put({ ...user, ...fields });
  recordDirectoryAudit(ctx, {
    activityDisplayName: 'Update user',
    category: 'UserManagement',
    operationType: 'Update',
    targets: [
      {
        id: String(user.id),
        displayName: String(user.displayName ?? ''),
        type: 'User',
        userPrincipalName: String(user.userPrincipalName),
        modifiedProperties: modified,
      },
    ],
  });
  return { status: 204 };
}

function deleteUser(ctx: RouteContext) {
  const user = requireUser(ctx.tenant, ctx.params.id ?? '');
  const id = String(user.id);
  ctx.tenant.users.delete(id);
  // Deleting a user removes it from groups and role assignments, as Entra does.
  for (const g of ctx.tenant.groups.listAll()) {
    if (
      Array.isArray(g.members) &&
      (g.members as string[]).some((m) => m.toLowerCase() === id.toLowerCase())
    ) {
      ctx.tenant.groups.put({
        ...g,
        members: (g.members as string[]).filter((m) => m.toLowerCase() !== id.toLowerCase()),
      });
    }
  }
  for (const name of ['roleAssignments', 'roleAssignmentSchedules', 'roleEligibilitySchedules'] as const) {
    const c = ctx.tenant.collection(name);
    for (const a of c.listAll())
      if (String(a.principalId).toLowerCase() === id.toLowerCase()) c.delete(String(a.id));
  }
  recordDirectoryAudit(ctx, {
    activityDisplayName: 'Delete user',
    category: 'UserManagement',
    operationType: 'Delete',
    targets: [
      {
        id,
        displayName: String(user.displayName ?? ''),
        type: 'User',
        userPrincipalName: String(user.userPrincipalName),
      },
    ],
  });
  return { status: 204 };
}

function memberOfList(ctx: RouteContext, groups: JsonObject[]) {
  return listResponse(
    ctx,
    groups.map((g) => typed('group', groupView(g))),
    {
      entitySet: 'directoryObjects',
      resource: 'directoryObject',
      defaultPageSize: 100,
      maxPageSize: 999,
      countNeedsEventual: true,
      filter: { displayName: ['eq', 'startswith', 'in'], id: ['eq', 'in'] },
    },
  );
}

/** User routes. */
export const userRoutes: RouteModule = {
  name: 'graph-users',
  routes: [
    {
      method: 'GET',
      surface: 'graph',
      path: '/users',
      query: ['$select', '$filter', '$top', '$count', '$skiptoken'],
      handler: (ctx) => listResponse(ctx, ctx.tenant.users.list().map(withoutSecrets), listOptions(ctx)),
    },
    {
      method: 'GET',
      surface: 'graph',
      path: '/users/$count',
      query: ['$filter'],
      handler: (ctx) => countResponse(ctx, ctx.tenant.users.list(), { filter: userFilter, resource: 'user' }),
    },
    { method: 'POST', surface: 'graph', path: '/users', handler: createUser },
    {
      method: 'GET',
      surface: 'graph',
      path: '/users/:id',
      query: ['$select'],
      handler: (ctx) => ({
        body: entityBody(ctx, 'users', withoutSecrets(requireUser(ctx.tenant, ctx.params.id ?? '')), {
          selectable: userProperties,
          resource: 'user',
          view: userView(ctx.version),
        }),
      }),
    },
    { method: 'PATCH', surface: 'graph', path: '/users/:id', handler: updateUser },
    { method: 'DELETE', surface: 'graph', path: '/users/:id', handler: deleteUser },
    {
      method: 'GET',
      surface: 'graph',
      path: '/users/:id/memberOf',
      query: ['$select', '$filter', '$top', '$count', '$skiptoken'],
      handler: (ctx) =>
        memberOfList(
          ctx,
          directMemberOf(ctx.tenant, String(requireUser(ctx.tenant, ctx.params.id ?? '').id)),
        ),
    },
    {
      method: 'GET',
      surface: 'graph',
      path: '/users/:id/transitiveMemberOf',
      query: ['$select', '$filter', '$top', '$count', '$skiptoken'],
      handler: (ctx) =>
        memberOfList(
          ctx,
          transitiveMemberOf(ctx.tenant, String(requireUser(ctx.tenant, ctx.params.id ?? '').id)),
        ),
    },
  ],
};
